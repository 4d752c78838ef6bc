"""bmckit's own PDF writer, read by real readers: subset fonts, text that comes back out, dates and metadata."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING

import pymupdf
import pytest
from pypdf import PdfReader

from bmckit.cases import CASE_NAMES, load_case
from bmckit.fontmetrics import FONTS, font_path, metrics
from bmckit.layout import layout_for
from bmckit.model import BlockId, Item
from bmckit.render import printable_pdf
from bmckit.render.pdf import truetype
from bmckit.render.pdf.writer import literal, number
from tests.pdftools import needs, pdftotext, qpdf_check, write
from tests.test_pdf import CYRILLIC, GREEK, HOSTILE, LONG_WORD, squeeze, stress_canvas

if TYPE_CHECKING:
    from pathlib import Path

COMPOSED = "Ǆ ǅ ǆ ǈ Ǳ ΐ ΰ ǖ ǘ ǚ ǜ ḯ"
"""Characters DejaVu Sans draws with composite glyphs, whose components the subset must carry."""


@pytest.mark.parametrize("weight", list(FONTS))
def test_the_glyph_table_matches_the_font(weight: str) -> None:
    """``python -m bmckit.fontmetrics`` writes the table; run it after changing the fonts."""
    from reportlab.pdfbase.ttfonts import TTFont

    table = metrics(weight).glyph_ids
    assert table == TTFont(f"DejaVuSans-{weight}-glyphs", font_path(weight)).face.charToGlyph
    font = truetype.load(font_path(weight))
    differ = {code for code in table.keys() | font.cmap.keys() if table.get(code) != font.cmap.get(code)}
    assert differ == {0xA0}, "reportlab draws the no-break space with the space's glyph, as bmckit always has"
    assert font.advance(table[0xA0]) == font.advance(font.cmap[0xA0])


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts is not installed")
def test_the_fonts_are_embedded_cid_subsets(tmp_path: Path) -> None:
    path = write(tmp_path, "stress.pdf", printable_pdf.render(stress_canvas()))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert len(rows) == 2, listing
    for row, name in zip(rows, ("DejaVuSans", "DejaVuSans-Bold"), strict=True):
        assert re.fullmatch(rf"[A-Z]{{6}}\+{name}", row[0]), listing
        assert row[1:7] == ["CID", "TrueType", "Identity-H", "yes", "yes", "yes"], listing


def test_a_subset_holds_only_the_glyphs_drawn_and_their_components() -> None:
    canvas = replace(load_case("apple"), blocks={**load_case("apple").blocks, BlockId.CHANNELS: (Item(COMPOSED),)})
    document = pymupdf.open(stream=printable_pdf.render(canvas), filetype="pdf")
    regular = truetype.load(font_path("regular"))
    drawn = {regular.cmap[ord(ch)] for ch in COMPOSED if ch != " "}
    assert any(regular.components(gid) for gid in drawn), "the test needs composite glyphs"
    for xref, _, _, base_font, *_ in document[0].get_fonts():
        if not base_font.endswith("+DejaVuSans"):
            continue
        subset = truetype.TrueType(document.extract_font(xref)[3])
        assert subset.glyph_count < 200, "only what the page draws, not the font's 6000 glyphs"
        for gid in range(subset.glyph_count):
            assert all(component < subset.glyph_count for component in subset.components(gid))
        components = {c for gid in range(subset.glyph_count) for c in subset.components(gid)}
        assert components, "composite glyphs keep their components"
    assert squeeze(COMPOSED) in squeeze(document[0].get_text())


@pytest.mark.parametrize("name", CASE_NAMES)
def test_mupdf_reads_back_every_note(name: str) -> None:
    canvas = load_case(name)
    document = pymupdf.open(stream=printable_pdf.render(canvas), filetype="pdf")
    text = squeeze(document[0].get_text())
    for _, _, item in canvas.all_items():
        assert squeeze(item.text) in text


def test_mupdf_reads_back_greek_cyrillic_and_markup_on_every_page() -> None:
    canvas = stress_canvas()
    document = pymupdf.open(stream=printable_pdf.render(canvas), filetype="pdf")
    assert document.page_count >= 2
    text = squeeze("".join(page.get_text() for page in document))
    for phrase in (GREEK, CYRILLIC, HOSTILE, "Stress test Ωμέγα", "continued on page 2 →"):
        for word in phrase.split():
            assert squeeze(word) in text, word
    for piece in re.findall(".{12}", LONG_WORD):
        assert piece in text


@needs["pdftotext"]
@needs["qpdf"]
def test_text_right_aligned_and_in_bold_comes_out_whole(tmp_path: Path) -> None:
    path = write(tmp_path, "netflix.pdf", printable_pdf.render(load_case("netflix"), paper="a2"))
    qpdf_check(path)
    text = pdftotext(path, "-raw")
    assert "The Business Model Canvas by Strategyzer AG" in text
    assert "Key Partnerships" in text


def test_the_document_information_is_the_canvas_s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    canvas = stress_canvas()
    info = PdfReader(io.BytesIO(printable_pdf.render(canvas))).metadata
    assert info is not None
    assert info.title == "Business Model Canvas: Stress test Ωμέγα"
    assert info.subject == "Тест"
    assert info.creator == "bmckit"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261122000000Z"
    undated = replace(canvas, header=replace(canvas.header, date="spring term"))
    assert "/CreationDate" not in (PdfReader(io.BytesIO(printable_pdf.render(undated))).metadata or {})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert (PdfReader(io.BytesIO(printable_pdf.render(undated))).metadata or {})["/ModDate"] == "D:20231114221320Z"


@needs["pdftoppm"]
def test_every_paper_size_has_its_page_size(tmp_path: Path) -> None:
    for paper in ("a4", "letter", "a0"):
        layout = layout_for(paper)
        page = pymupdf.open(stream=printable_pdf.render(load_case("zappos"), paper=paper), filetype="pdf")[0]
        assert (page.rect.width, page.rect.height) == pytest.approx((layout.width, layout.height), abs=0.01)


def test_numbers_and_strings_are_written_as_pdf_reads_them() -> None:
    assert [number(v) for v in (0, -0.00001, 1.5, 2.0, 841.8898, 0.123456)] == ["0", "0", "1.5", "2", "841.8898", "0.1235"]
    assert literal("a (b) \\ c") == b"(a \\(b\\) \\\\ c)"
    assert literal("Ω") == b"(\\376\\377\\003\\251)"
