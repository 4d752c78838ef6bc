"""One way to render: every front end renders through ``bmckit.render.render``, and shows the render's notes its own way."""

from __future__ import annotations

import ast
import io
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from bmckit import canvas_files, render
from bmckit.cases import load_case
from bmckit.cli import main
from bmckit.model import BlockId, Canvas, Header, Item
from bmckit.render.notes import CONTINUED, MISSING_GLYPHS, SHRUNK
from tests.test_overflow import crowded_canvas

PACKAGE = Path(__file__).parents[1] / "src" / "bmckit"
RENDERER_MODULES = {"bmckit.render.svg", "bmckit.render.printable_pdf", "bmckit.render.markdown", "bmckit.render.fillable_pdf"}
SVG = "{http://www.w3.org/2000/svg}"
FRONT_ENDS = ["cli", "widgets", "sphinxext", "classroom", "display.py"]


def emoji_canvas() -> Canvas:
    return Canvas(Header("Bakery 🥐"), blocks={BlockId.CHANNELS: (Item("Stall at the market 🧺"),)})


@pytest.mark.parametrize("fmt", sorted(render.FORMATS))
def test_every_format_renders_what_its_reader_reads(fmt: str) -> None:
    canvas = load_case("starbucks")
    made = render.render(canvas, fmt, paper="a3")
    assert made.format.name == fmt
    assert made.suffix in made.format.suffixes
    if fmt == "svg":
        assert ET.fromstring(made.text).get("viewBox", "").startswith("0 0 1190.55")
    elif fmt == "pdf":
        page = PdfReader(io.BytesIO(made.data)).pages[0]
        assert round(float(page.mediabox.width)) == 1191
        assert "Starbucks" in page.extract_text()
    elif fmt == "markdown":
        assert made.text.startswith(f"# {canvas.title}")
    else:
        assert canvas_files.loads(made.text, fmt=fmt) == canvas


def test_a_fillable_pdf_has_fields_and_nothing_else_is_fillable() -> None:
    made = render.render(load_case("apple"), "pdf", fillable=True)
    assert {str(block) for block in BlockId} <= set(PdfReader(io.BytesIO(made.data)).get_fields() or {})
    for fmt in sorted(set(render.FORMATS) - {"pdf"}):
        with pytest.raises(ValueError, match="not a variant"):
            render.render(load_case("apple"), fmt, fillable=True)
    with pytest.raises(render.UnknownFormatNameError):
        render.render(load_case("apple"), "docx")


def test_for_screen_is_an_svg_as_wide_as_its_page() -> None:
    root = ET.fromstring(render.render(load_case("apple"), "svg", for_screen=True).text)
    assert (root.get("width"), root.get("height")) == ("100%", None)
    with pytest.raises(ValueError, match="not a variant"):
        render.render(load_case("apple"), "pdf", for_screen=True)


@pytest.mark.parametrize(("fmt", "where"), [("svg", "below the canvas"), ("pdf", "on page 2")])
def test_text_that_continues_elsewhere_is_a_note(fmt: str, where: str) -> None:
    notes = render.render(crowded_canvas(), fmt).notes
    continued = [note.text for note in notes if note.kind == CONTINUED]
    assert any(text.startswith("Designed for does not fit the header") and text.endswith(where) for text in continued), continued
    assert any(text.startswith("the segment legend does not fit the canvas page") for text in continued), continued


def test_text_set_smaller_names_its_boxes() -> None:
    (shrunk,) = [note for note in render.render(load_case("amazon"), "svg").notes if note.kind == SHRUNK]
    assert "Customer Relationships (6 pt)" in shrunk.text
    assert not [note for note in render.render(load_case("amazon"), "svg", paper="a0").notes if note.kind == SHRUNK]


def test_characters_the_pdf_cannot_print_are_a_note_for_pdfs_only() -> None:
    for fillable in (False, True):
        notes = render.render(emoji_canvas(), "pdf", fillable=fillable).notes
        (missing,) = [note.text for note in notes if note.kind == MISSING_GLYPHS]
        assert "🥐 (U+1F950)" in missing
        assert "🧺 (U+1F9FA)" in missing
    assert not [note for note in render.render(emoji_canvas(), "svg").notes if note.kind == MISSING_GLYPHS]


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_front_end_picks_a_renderer_itself() -> None:
    """Only a blank template (no canvas to render) is asked of the fillable renderer directly."""
    for front_end in FRONT_ENDS:
        paths = [PACKAGE / front_end] if front_end.endswith(".py") else sorted((PACKAGE / front_end).rglob("*.py"))
        for path in paths:
            picked = _imported_modules(path) & RENDERER_MODULES
            if picked == {"bmckit.render.fillable_pdf"}:
                assert "render_blank" in path.read_text(encoding="utf-8"), path
                assert "render_fillable" not in path.read_text(encoding="utf-8"), path
            else:
                assert not picked, f"{path.relative_to(PACKAGE)} picks {picked}; render through bmckit.render.render"


def test_the_command_line_says_the_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "crowded.yaml"
    canvas_files.save(crowded_canvas(), source)
    assert main(["render", str(source), "-o", str(tmp_path / "crowded.pdf")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"wrote {tmp_path / 'crowded.pdf'}"
    assert any(line.startswith("bmckit: note: Designed for does not fit the header") and line.endswith("on page 2") for line in err), err


def test_the_editor_says_the_notes_under_its_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bmckit.widgets.editor import CanvasEditor

    monkeypatch.chdir(tmp_path)
    editor = CanvasEditor(emoji_canvas())
    editor.export("pdf", "a4")
    assert "Note: the PDF font has no glyphs for 🥐 (U+1F950), 🧺 (U+1F9FA); they print as empty boxes." in editor.message.value
    editor.load(crowded_canvas())
    editor.export("svg", "a4")
    assert "Designed for does not fit the header even at the smallest type size; it continues below the canvas" in editor.message.value


@pytest.mark.slow
def test_the_site_build_warns_where_a_canvas_it_ships_overflows(tmp_path: Path) -> None:
    from sphinx.cmd.build import build_main

    source, warnings = tmp_path / "src", tmp_path / "warnings.txt"
    source.mkdir()
    canvas_files.save(crowded_canvas(), source / "crowded.yaml")
    canvas_files.save(load_case("apple"), source / "apple.yaml")
    (source / "conf.py").write_text('extensions = ["myst_parser", "bmckit.sphinxext"]\nbmc_downloads = False\n', encoding="utf-8")
    page = "# Canvases\n\n```{canvas} apple.yaml\n```\n\n```{canvas} crowded.yaml\n```\n"
    (source / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    status = build_main(["-q", "-b", "html", "-w", str(warnings), str(source), str(tmp_path / "out")])
    said = warnings.read_text(encoding="utf-8")
    assert status == 0, said
    overflow = [line for line in said.splitlines() if "[bmckit.overflow]" in line]
    assert overflow, said
    assert all("crowded.yaml" in line for line in overflow), said
    assert any("Designed for does not fit the header" in line and "(PDF, a4)" in line for line in overflow), said
    assert "apple" not in said.lower(), "a canvas that fits says nothing"


@pytest.mark.parametrize(("name", "paper"), [("starbucks", "a4"), ("crowded", "a3")])
def test_the_svg_and_the_pdf_set_every_line_in_the_same_place_and_colour(name: str, paper: str) -> None:
    """Both draw the plan and decide nothing: MuPDF finds each PDF line where, and in the colour, the SVG puts it."""
    import pymupdf

    canvas = crowded_canvas() if name == "crowded" else load_case(name)
    drawing = ET.fromstring(render.render(canvas, "svg", paper=paper).text)
    page_height = float(drawing.get("viewBox", "").split()[3]) / (1 + len(drawing.findall(f"{SVG}g[@class='page continuation']")))
    in_svg = []
    pages = [page for page in drawing.iter(f"{SVG}g") if "page" in page.get("class", "").split()]
    for number, page in enumerate(pages):
        in_svg += [
            (number, text.text or "", text.get("fill", ""), float(text.get("x", "")), float(text.get("y", "")))
            for text in page.iter(f"{SVG}text")
            if text.get("text-anchor") != "end"  # a right-aligned line's x is its end in SVG and its start in PDF
        ]
    document = pymupdf.open(stream=render.render(canvas, "pdf", paper=paper).data, filetype="pdf")
    in_pdf: dict[tuple[int, str, str], list[tuple[float, float]]] = {}
    for number, page in enumerate(document):
        assert page.rect.height == pytest.approx(page_height, abs=0.01)
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                span = line["spans"][0]
                key = (number, "".join(span["text"] for span in line["spans"]), f"#{span['color']:06x}")
                in_pdf.setdefault(key, []).append(span["origin"])
    assert len(in_svg) > 40
    missing = [
        (page, text, colour, x, y)
        for page, text, colour, x, y in in_svg
        if not any(abs(x - px) < 0.02 and abs(y - py) < 0.02 for px, py in in_pdf.get((page, text, colour), []))
    ]
    assert not missing, missing[:5]
