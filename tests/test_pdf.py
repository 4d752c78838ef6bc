"""PDF canvases, read back by real readers: pypdf for the form, pdftotext for the words, qpdf, pdftoppm."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader, PdfWriter

from bmckit import canvas_files, knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.cli import main
from bmckit.formtext import items_to_text
from bmckit.layout import layout_for, paper_sizes
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, RelationshipType, Segment, Status
from bmckit.plan import ATTRIBUTION
from bmckit.render import fillable_pdf, printable_pdf
from bmckit.render.pdf import read_back
from tests.pdftools import needs, pdftotext, qpdf_check, write

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

MULTILINE = 1 << 12

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'apostrophes' {{ jinja }} %(name)s"
GREEK = "Ελληνικά: η σχέση με τον πελάτη"
CYRILLIC = "Кириллица: отношения с клиентами"
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung" * 3
URL = "https://example.org/very/long/path/to/a/resource?with=query&and=more#fragment-that-goes-on"


def stress_canvas() -> Canvas:
    """More than fits: Greek, Cyrillic, hostile markup, a long word and a URL, in every block."""
    segment = Segment("locals", "Local readers", "#8ecae6")
    texts = [GREEK, CYRILLIC, HOSTILE, f"Read more at {URL}", f"A very long word {LONG_WORD} ends here"]
    blocks = {
        block: tuple(Item(f"{text} (note {n})", ("locals",) if n % 2 else ()) for n, text in enumerate(texts * 3)) for block in BlockId
    }
    blocks[BlockId.CUSTOMER_RELATIONSHIPS] = tuple(
        Item(f"{text} (relationship {n})", ("locals",), Status.HYPOTHESIS, RelationshipType.COMMUNITIES, Motivation.RETENTION)
        for n, text in enumerate(texts * 3)
    )
    return Canvas(Header("Stress test Ωμέγα", "Тест", "Team ß", "2026-11-22", "3"), (segment,), blocks)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Blank fillable templates --------------------------------------------------------------------------------------


@needs["qpdf"]
@needs["pdftoppm"]
@pytest.mark.parametrize("paper", paper_sizes())
def test_blank_template_has_every_field_and_renders(paper: str, tmp_path: Path) -> None:
    path = write(tmp_path, f"blank-{paper}.pdf", fillable_pdf.render_blank(paper=paper))
    qpdf_check(path)
    reader = PdfReader(path)
    layout = layout_for(paper)
    assert [float(v) for v in reader.pages[0].mediabox[2:]] == pytest.approx([layout.width, layout.height], abs=0.01)
    fields = reader.get_fields() or {}
    assert set(fields) == {*map(str, BlockId), "title", "designed_for", "designed_by", "date", "version"}
    for block in BlockId:
        field = fields[str(block)]
        assert int(field.get("/Ff", 0)) & MULTILINE, f"{block} must be multiline"
        assert "/MaxLen" not in field, f"{block} must not cap the length"
    for annotation in reader.pages[0]["/Annots"]:
        assert list(annotation.get_object()["/MK"]["/BG"]) == [1, 1, 1], "fields must be white so the template prints clean"
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"] == False, "every field has its appearance"  # noqa: E712 - a PDF boolean
    png = tmp_path / f"page-{paper}"
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", str(path), str(png)], check=True)
    assert png.with_suffix(".png").stat().st_size > 1000

    writer = PdfWriter(clone_from=reader)
    typed = {name: f"Typed into {name} on {paper}" for name in fields}
    writer.update_page_form_field_values(writer.pages[0], typed, auto_regenerate=False)
    filled = tmp_path / f"filled-{paper}.pdf"
    with filled.open("wb") as stream:
        writer.write(stream)
    qpdf_check(filled)
    assert {name: field["/V"] for name, field in (PdfReader(filled).get_fields() or {}).items()} == typed


@needs["pdftotext"]
def test_blank_template_prints_questions_and_attribution(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.pdf", fillable_pdf.render_blank())
    text = squeeze(pdftotext(path))
    for block in knowledge.blocks():
        assert squeeze(block.title) in text
        for question in block.questions:
            assert squeeze(question) in text
    assert squeeze(ATTRIBUTION) in text


def test_blank_template_fields_can_be_filled_and_read_back(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(fillable_pdf.render_blank(title="Bike café")))
    typed = {str(block): f"First note for {block}\nSecond note, with ünïcödé" for block in BlockId}
    typed["designed_by"] = "Team Ω"
    writer.update_page_form_field_values(writer.pages[0], typed, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    fields = PdfReader(io.BytesIO(out.getvalue())).get_fields() or {}
    assert {name: fields[name]["/V"] for name in typed} == typed
    assert fields["title"]["/V"] == "Bike café"


# Filled canvases -----------------------------------------------------------------------------------------------


@needs["pdftotext"]
@needs["qpdf"]
@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_study_pdf_holds_every_word(name: str, tmp_path: Path) -> None:
    canvas = load_case(name)
    path = write(tmp_path, f"{name}.pdf", printable_pdf.render(canvas))
    qpdf_check(path)
    assert len(PdfReader(path).pages) == 1, "a case study fits on one A4 page"
    text = squeeze(pdftotext(path, "-raw"))
    for _, _, item in canvas.all_items():
        assert squeeze(item.text) in text
    for segment in canvas.segments:
        assert squeeze(segment.name) in text
    assert squeeze(ATTRIBUTION) in text


@needs["pdftotext"]
@needs["qpdf"]
@pytest.mark.parametrize("paper", ["a4", "a0"])
def test_overflowing_canvas_continues_and_loses_nothing(paper: str, tmp_path: Path) -> None:
    canvas = stress_canvas()
    path = write(tmp_path, "stress.pdf", printable_pdf.render(canvas, paper=paper))
    qpdf_check(path)
    pages = len(PdfReader(path).pages)
    assert pages >= 2
    raw = pdftotext(path, "-raw")
    assert "continued on page 2" in raw
    text = squeeze(raw)
    for _, _, item in canvas.all_items():
        for word in item.text.split():
            if word != LONG_WORD:  # broken across lines (and maybe pages): checked in pieces below
                assert squeeze(word) in text, word
    for piece in re.findall(".{12}", LONG_WORD):
        assert piece in text
    for value in ("Stress test Ωμέγα", "Тест", "Team ß"):
        assert squeeze(value) in text


def test_filled_pdf_is_byte_stable() -> None:
    assert printable_pdf.render(load_case("apple")) == printable_pdf.render(load_case("apple"))
    assert fillable_pdf.render_blank(paper="a3") == fillable_pdf.render_blank(paper="a3")
    assert fillable_pdf.render_fillable(load_case("zappos")) == fillable_pdf.render_fillable(load_case("zappos"))


@needs["pdftoppm"]
@needs["qpdf"]
@pytest.mark.parametrize("paper", paper_sizes())
def test_each_paper_size_renders(paper: str, tmp_path: Path) -> None:
    path = write(tmp_path, "canvas.pdf", printable_pdf.render(load_case("starbucks"), paper=paper))
    qpdf_check(path)
    qpdf_check(write(tmp_path, "fillable.pdf", fillable_pdf.render_fillable(load_case("starbucks"), paper=paper)))
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "10", "-png", "-singlefile", str(path), str(png)], check=True)
    layout = layout_for(paper)
    header = png.with_suffix(".png").read_bytes()[16:24]
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
    assert width / height == pytest.approx(layout.width / layout.height, rel=0.02)


# Pre-filled fillable canvases and reading back ----------------------------------------------------------------------


@needs["qpdf"]
@pytest.mark.parametrize("name", CASE_NAMES)
def test_fillable_case_study_reads_back_to_the_same_canvas(name: str, tmp_path: Path) -> None:
    canvas = load_case(name)
    path = write(tmp_path, f"{name}.pdf", fillable_pdf.render_fillable(canvas))
    qpdf_check(path)
    fields = PdfReader(path).get_fields() or {}
    assert fields["customer_relationships"]["/V"] == items_to_text(canvas.items("customer_relationships"))
    assert read_back.read(path) == canvas


@needs["qpdf"]
@needs["pdftotext"]
def test_fillable_text_outside_latin_1_shows(tmp_path: Path) -> None:
    canvas = replace(load_case("netflix"), header=replace(load_case("netflix").header, designed_by=CYRILLIC))
    canvas = replace(canvas, blocks={**canvas.blocks, BlockId.CHANNELS: (Item(GREEK), Item(HOSTILE))})
    path = write(tmp_path, "fillable.pdf", fillable_pdf.render_fillable(canvas))
    qpdf_check(path)
    assert read_back.read(path) == canvas
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--flatten-annotations=all", str(path), str(flat)], check=True)
    shown = squeeze(pdftotext(flat, "-raw"))
    for text in (GREEK, CYRILLIC, HOSTILE):
        assert squeeze(text) in shown, f"{text!r} must be drawn in the field, not only stored"


def test_typed_form_converts_back_through_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(fillable_pdf.render_blank()))
    typed = {
        "title": "Bike repair café",
        "designed_by": "Team 4",
        "value_propositions": "Bikes fixed while you wait\nLearn to repair your own bike",
        "customer_relationships": "• Mechanics who know you by name [personal assistance, retention]\n• Saturday repair workshops [co-creation, acquisition, hypothesis]\n  run by volunteers",
        "channels": "- The workshop\n- Instagram [validated]",
    }
    writer.update_page_form_field_values(writer.pages[0], typed, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as stream:
        writer.write(stream)

    assert main(["render", str(filled), "-o", str(tmp_path / "canvas.yaml")]) == 0
    canvas = canvas_files.load(tmp_path / "canvas.yaml")
    assert canvas.header == Header("Bike repair café", designed_by="Team 4")
    assert canvas.items("value_propositions") == (Item("Bikes fixed while you wait"), Item("Learn to repair your own bike"))
    assert canvas.items("customer_relationships") == (
        Item("Mechanics who know you by name", type=RelationshipType.PERSONAL_ASSISTANCE, motivation=Motivation.RETENTION),
        Item(
            "Saturday repair workshops\nrun by volunteers",
            status=Status.HYPOTHESIS,
            type=RelationshipType.CO_CREATION,
            motivation=Motivation.ACQUISITION,
        ),
    ), "tags at the end of a note's first line are kept when an indented line continues it"
    assert canvas.items("channels") == (Item("The workshop"), Item("Instagram", status=Status.VALIDATED))


def test_reading_a_pdf_that_is_not_a_canvas_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = write(tmp_path, "plain.pdf", printable_pdf.render(load_case("apple")))
    assert main(["render", str(plain), "-o", str(tmp_path / "x.yaml")]) == 2
    assert "has no canvas form fields" in capsys.readouterr().err
    junk = write(tmp_path, "junk.pdf", b"%PDF-1.4 not really")
    assert main(["render", str(junk), "-o", str(tmp_path / "y.yaml")]) == 2
    err = capsys.readouterr().err
    assert err == f"bmckit: {junk}: is not a PDF file, or is damaged\n"
    assert "Traceback" not in err


def test_the_header_fields_widths_are_one_fact_for_the_drawing_and_the_form(change_fact: Callable[[str, str, str], None]) -> None:
    """layout.toml says how wide Designed by may be: the drawing wraps a team's names to it, the form's field is as wide."""
    from bmckit.margins import header_plan

    team = "Alexandra Fitzgerald, Benjamin Rodriguez, Christina Papadopoulos, Dmitri Alexandrovich"

    def measured() -> tuple[float, float, int]:
        layout = layout_for("a4")
        planned, _ = header_plan(layout, Header("Alpha", designed_by=team))
        (lines,) = (field.lines for field in planned.fields if field.label.text == "Designed by")
        widgets = [annotation.get_object() for annotation in PdfReader(io.BytesIO(fillable_pdf.render_blank())).pages[0]["/Annots"]]
        (rect,) = ([float(n) for n in widget["/Rect"]] for widget in widgets if widget.get("/T") == "designed_by")
        return layout.field_widths["designed_by"], rect[2] - rect[0], len(lines)

    sizes = layout_for("a4").sizes
    inside = 2 * sizes.box_padding + 2 * sizes.border_width  # the gap to the next box, and the field just inside its box's rule
    widest, field, lines = measured()
    assert (field, lines) == (pytest.approx(widest - inside), 2)
    change_fact("layout.toml", "designed_by = 0.26", "designed_by = 0.18")
    narrower, field, lines = measured()
    assert narrower == pytest.approx(widest * 0.18 / 0.26)
    assert (field, lines) == (pytest.approx(narrower - inside), 3)


# Margins and the template's header, as a reader draws them ------------------------------------------------------------

MM = 72 / 25.4
"""Points in a millimetre."""


def ink_margins(data: bytes) -> list[tuple[float, float, float, float]]:
    """How far each page's ink lies from its left, top, right and bottom edges, in points, as MuPDF prints it.

    The page is rasterised (form fields' appearances included) at about a quarter of a millimetre a pixel on A4, and a pixel is ink when
    it is darker than the faintest rule's antialiased edge.
    """
    import pymupdf

    paper = bytes(255 if value >= 245 else value for value in range(256))
    found = []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            dpi = min(100, round(1200 / (page.rect.width / 72)))
            pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, annots=True)
            rows = [
                bytes(pixmap.samples[y * pixmap.stride : y * pixmap.stride + pixmap.width]).translate(paper) for y in range(pixmap.height)
            ]
            inked = [y for y, row in enumerate(rows) if row.count(255) != len(row)]
            left = min(len(rows[y]) - len(rows[y].lstrip(b"\xff")) for y in inked)
            right = min(len(rows[y]) - len(rows[y].rstrip(b"\xff")) for y in inked)
            points = 72 / dpi
            found.append((left * points, inked[0] * points, right * points, (pixmap.height - 1 - inked[-1]) * points))
    return found


@pytest.mark.parametrize("paper", paper_sizes())
def test_every_pdf_keeps_10_mm_clear_of_every_edge_of_every_paper(paper: str) -> None:
    """Nothing inside a home printer's unprintable edge: the template, the form, a case study and a canvas that overflows."""
    from bmckit.sphinxext.downloads import printable_blank

    made = {"printable template": printable_blank(paper), "case study": printable_pdf.render(load_case("amazon"), paper=paper)}
    if paper in {"a4", "letter"}:  # the margin is at its least on these; larger paper's grows with its type
        made["pre-filled form"] = fillable_pdf.render_fillable(load_case("netflix"), paper=paper)
        made["canvas with continuation pages"] = printable_pdf.render(stress_canvas(), paper=paper)
    for what, data in made.items():
        for number, edges in enumerate(ink_margins(data), start=1):
            assert min(edges) >= 10 * MM, (
                f"{what}, page {number}: {[round(edge / MM, 1) for edge in edges]} mm from left, top, right, bottom"
            )


def template_header(paper: str) -> tuple[list[dict[str, object]], list[object], list[object]]:
    """The printable template's header as MuPDF reads it: its text spans, the rectangles drawn in it, and the page."""
    import pymupdf

    from bmckit.sphinxext.downloads import printable_blank

    layout = layout_for(paper)
    with pymupdf.open(stream=printable_blank(paper), filetype="pdf") as doc:
        page = doc[0]
        spans = [
            span
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
            if span["bbox"][3] <= layout.header.bottom
        ]
        boxes = [
            item["rect"]
            for drawing in page.get_drawings()
            for item in (dict(zip(("kind", "rect"), entry[:2], strict=True)) for entry in drawing["items"])
            if item["kind"] == "re" and item["rect"].y1 <= layout.header.bottom + 0.5
        ]
        return spans, boxes, [page.rect]


@pytest.mark.parametrize("paper", ["a4", "letter", "a0"])
def test_the_templates_header_has_a_box_to_write_in_under_each_label_and_a_title_to_read(paper: str) -> None:
    spans, boxes, _ = template_header(paper)
    scale = layout_for(paper).sizes.field_size / layout_for("a4").sizes.field_size
    by_text = {str(span["text"]): span for span in spans}
    labels = [by_text[label] for label, _ in fillable_pdf.HEADER_FIELDS]
    title = by_text["Business Model Canvas"]
    assert float(title["size"]) >= 1.5 * max(float(label["size"]) for label in labels), "the title is clearly larger than the labels"
    assert "Bold" in str(title["font"])
    red, green, blue = (int(title["color"]) >> shift & 0xFF for shift in (16, 8, 0))
    assert max(red, green, blue) <= 0x40, "the title is dark, not grey"
    # One box under each label and one under the title, as tall as handwriting needs and wide enough for a word.
    for span in [title, *labels]:
        x0, _, _, y1 = span["bbox"]
        under = [box for box in boxes if abs(box.x0 - x0) < 1.5 and -scale <= box.y0 - y1 < 4 * scale]
        assert len(under) == 1, (span["text"], under)
        assert under[0].height >= 8 * MM * scale - 0.5, f"{span['text']}: {under[0].height / MM:.1f} mm tall"
        assert under[0].width >= 20 * MM * scale, f"{span['text']}: {under[0].width / MM:.1f} mm wide"


def test_the_forms_header_fields_lie_in_the_boxes_drawn_for_them() -> None:
    """Typed or handwritten, the header's text goes in the same boxes: each field just inside its drawn box."""
    import pymupdf

    _, boxes, _ = template_header("a4")
    with pymupdf.open(stream=fillable_pdf.render_blank(), filetype="pdf") as doc:
        fields = {
            widget.field_name: widget.rect for widget in doc[0].widgets() if widget.field_name in {"title", *fillable_pdf.HEADER_LABELS}
        }
    assert len(fields) == 5
    for name, field in fields.items():
        (box,) = [box for box in boxes if box.contains(field)]
        assert max(abs(a - b) for a, b in zip(box, field, strict=True)) <= 1.5, (name, box, field)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_templates_preview_is_the_same_drawing_as_its_pdf(paper: str) -> None:
    """The site's preview (SVG) shows the template's every line of text, and its header's boxes, where the PDF has them."""
    import xml.etree.ElementTree as ET

    import pymupdf

    from bmckit.render import template_svg
    from bmckit.sphinxext.downloads import printable_blank

    svg = ET.fromstring(template_svg.render_blank(paper=paper))
    ns = "{http://www.w3.org/2000/svg}"
    drawn_texts = sorted(text.text or "" for text in svg.iter(f"{ns}text"))
    rects = [[float(rect.get(key, "0")) for key in ("x", "y", "width", "height")] for rect in svg.iter(f"{ns}rect")]
    with pymupdf.open(stream=printable_blank(paper), filetype="pdf") as doc:
        lines = doc[0].get_text("dict")["blocks"]
        printed = sorted("".join(span["text"] for span in line["spans"]) for block in lines for line in block.get("lines", []))
    assert drawn_texts == printed
    _, boxes, _ = template_header(paper)
    assert len(boxes) == 5
    for box in boxes:
        assert any(rect == pytest.approx([box.x0, box.y0, box.width, box.height], abs=0.02) for rect in rects), box
    assert svg.get("viewBox") == f"0 0 {layout_for(paper).width:g} {layout_for(paper).height:g}"


def test_a_canvas_printed_with_empty_header_fields_has_boxes_to_write_them_in() -> None:
    """Printed (SVG or PDF), each empty field gets the template's box to write in, and no title the template's title."""
    import xml.etree.ElementTree as ET

    import pymupdf

    from bmckit.render import render

    ns = "{http://www.w3.org/2000/svg}"

    def write_on(canvas: Canvas, *, for_screen: bool = False) -> list[ET.Element]:
        drawing = ET.fromstring(render(canvas, "svg", for_screen=for_screen).text)
        return [rect for rect in drawing.iter(f"{ns}rect") if rect.get("class") == "write-on"]

    blank, named = Canvas(Header("")), Canvas(Header("Corner bookshop", designed_by="Team 4"))
    assert len(write_on(blank)) == 5
    assert len(write_on(named)) == 3, "Designed for, Date and Version"
    assert write_on(load_case("amazon")) == [], "a header filled in has nothing to write in"
    assert write_on(blank, for_screen=True) == [], "a screen is not written on"
    for rect in write_on(blank):
        assert float(rect.get("height", "0")) >= 8 * MM - 0.5
    with pymupdf.open(stream=printable_pdf.render(blank), filetype="pdf") as doc:
        spans = [span for block in doc[0].get_text("dict")["blocks"] for line in block.get("lines", []) for span in line["spans"]]
        boxes = [item[1] for drawing in doc[0].get_drawings() for item in drawing["items"] if item[0] == "re"]
    (title,) = (span for span in spans if span["text"] == "Business Model Canvas")
    assert title["size"] >= 1.5 * max(span["size"] for span in spans if span["text"] in fillable_pdf.HEADER_LABELS.values())
    tall = [box for box in boxes if box.y1 <= layout_for("a4").header.bottom and box.height >= 8 * MM - 0.5]
    assert len(tall) == 5
