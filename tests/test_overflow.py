"""Nothing leaves the paper: long header fields, long segment names and many segments continue on another page."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest

from bmckit.cli import main
from bmckit.fontmetrics import metrics
from bmckit.layout import layout_for, paper_sizes
from bmckit.model import BlockId, Canvas, Header, Item, Segment
from bmckit.render import printable_pdf, svg

if TYPE_CHECKING:
    from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
LONG_FIELD = " ".join(f"word{n}" for n in range(60))  # about 400 characters
LONG_NAME = "A segment with a very long name " + " ".join(f"part{n}" for n in range(45))  # about 300 characters


def crowded_canvas(segment_count: int = 30) -> Canvas:
    segments = tuple(Segment(f"s{n}", f"Segment number {n}" if n else LONG_NAME) for n in range(segment_count))
    notes = tuple(Item(f"Note {n}", (f"s{n}",)) for n in range(segment_count))
    header = Header(f"Title {LONG_FIELD}", designed_for=LONG_FIELD, designed_by="Team", date="2026-11-24", version="1")
    return Canvas(header, segments, {BlockId.CUSTOMER_SEGMENTS: notes})


def text_boxes(drawing: str) -> list[tuple[str, float, float, float, float]]:
    """Every text element as (text, left, right, baseline on its page, the page's top) in points, from the SVG as drawn."""
    root = ET.fromstring(drawing)
    boxes = []
    for page in root.iter(f"{SVG}g"):
        if "page" not in page.get("class", "").split():
            continue
        offset = float(re.findall(r"translate\(0 ([\d.]+)\)", page.get("transform", "translate(0 0)"))[0])
        for text in page.iter(f"{SVG}text"):
            size, x, y = float(text.get("font-size")), float(text.get("x")), float(text.get("y"))  # type: ignore[arg-type]
            font = metrics("bold" if text.get("font-weight") == "bold" else "regular")
            width = font.width(text.text or "", size)
            left = x - width if text.get("text-anchor") == "end" else x
            boxes.append((text.text or "", left, left + width, y, offset))
    return boxes


@pytest.mark.parametrize("paper", paper_sizes())
def test_nothing_is_drawn_outside_the_paper(paper: str) -> None:
    layout = layout_for(paper)
    for text, left, right, baseline, _ in text_boxes(svg.render(crowded_canvas(), paper=paper)):
        assert left >= 0, (text, left)
        assert right <= layout.width + 0.5, (text, right)
        assert 0 < baseline <= layout.height - layout.sizes.margin * 0.4 + 0.5, (text, baseline)


def test_header_text_stays_in_the_header_and_continues() -> None:
    layout = layout_for("a4")
    drawing = svg.render(crowded_canvas())
    first_page = [box for box in text_boxes(drawing) if box[4] == 0]
    headings = min(baseline for text, *_, baseline, _ in first_page if text == "Key Partnerships")
    header_texts = [box for box in first_page if box[0].startswith(("word", "Title", "… continued"))]
    assert header_texts
    assert all(baseline < layout.header.bottom < headings for *_, baseline, _ in header_texts)
    assert any(text.startswith("… continued on page 2") for text, *_ in first_page)
    later = " ".join(text for text, *_, top in text_boxes(drawing) if top > 0)
    assert "Designed for (continued)" in later
    assert "word59" in later


def test_every_segment_is_in_the_legend_in_full(tmp_path: Path) -> None:
    canvas = crowded_canvas()
    drawing = svg.render(canvas)
    later = [text for text, *_, top in text_boxes(drawing) if top > 0]
    assert "Customer segments" in later
    joined = " ".join(later)
    for segment in canvas.segments:
        assert all(word in joined for word in segment.name.split()), segment.name
    first = [text for text, *_, top in text_boxes(drawing) if top == 0]
    assert any(text.startswith("… all 30 segments on page") for text in first)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_pdf_holds_every_word_of_header_and_legend(tmp_path: Path) -> None:
    path = tmp_path / "crowded.pdf"
    path.write_bytes(printable_pdf.render(crowded_canvas()))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout
    words = set(text.split())
    for word in [*LONG_FIELD.split(), *LONG_NAME.split()]:
        assert word in words, word
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    layout = layout_for("a4")
    for x_max, y_max in re.findall(r'xMax="([\d.]+)" yMax="([\d.]+)"', bbox):
        assert float(x_max) <= layout.width
        assert float(y_max) <= layout.height


def test_render_says_what_continues(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bmckit import canvas_files

    source = tmp_path / "crowded.yaml"
    canvas_files.save(crowded_canvas(), source)
    assert main(["render", str(source), "-o", str(tmp_path / "crowded.pdf")]) == 0
    err = capsys.readouterr().err
    assert "Designed for" in err
    assert "the segment legend" in err
