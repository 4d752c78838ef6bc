"""`bmckit render`: format names, harmless Markdown, and the notes the PDF renderers give."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.cli import main
from bmckit.model import BlockId, Canvas, Header, Item
from bmckit.render import format_named
from bmckit.render.markdown import render as render_markdown

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("name", "magic"),
    [
        ("md", "# Netflix"),
        ("MD", "# Netflix"),
        ("Markdown", "# Netflix"),
        ("svg", "<svg"),
        ("SVG", "<svg"),
        ("yml", "title: Netflix"),
        ("YAML", "title: Netflix"),
        ("json", "{"),
        (".json", "{"),
    ],
)
def test_formats_by_any_of_their_names(name: str, magic: str, netflix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(netflix), "-o", "-", "--format", name]) == 0
    assert capsys.readouterr().out.lstrip().startswith(magic)


@pytest.mark.parametrize("name", ["pdf", "PDF", "Pdf"])
def test_pdf_by_any_case(name: str, netflix: Path, tmp_path: Path) -> None:
    out = tmp_path / "canvas.out"
    assert main(["render", str(netflix), "-o", str(out), "--format", name]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_format_names_and_paper_sizes_alike(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(netflix), "-o", str(tmp_path / "x.pdf"), "--paper", "A3", "--format", "PDF"]) == 0
    capsys.readouterr()
    assert main(["render", str(netflix), "-o", "-", "--format", "docx"]) == 2
    assert capsys.readouterr().err == "bmckit: unknown format 'docx'; use one of json, markdown, md, pdf, svg, yaml, yml\n"
    assert format_named(" Markdown ") == "markdown"


def test_markdown_makes_control_characters_visible_and_harmless() -> None:
    canvas = Canvas(
        Header("Evil\x1b[2Jtitle\x00", designed_by="Tab\there", notes="Line one\nline two\x07"),
        blocks={BlockId.CHANNELS: (Item("Red \x1b[31malert\x1b[0m\tand\x7f\x85\rhidden\nsecond line"),)},
    )
    text = render_markdown(canvas)
    assert not any(ord(ch) < 0x20 and ch not in "\t\n" for ch in text), "no raw control character reaches a terminal or a page"
    assert not any(0x7F <= ord(ch) < 0xA0 for ch in text)
    assert "# Evil␛\\[2Jtitle␀" in text, "shown, not dropped"
    assert "- Red ␛\\[31malert␛\\[0m\tand␡\\x85␍hidden  \n  second line" in text, "tabs and line breaks still work"
    assert "- **Designed by:** Tab\there" in text
    assert "Line one\nline two␇" in text


def test_markdown_outline_of_a_case_has_no_control_pictures() -> None:
    text = render_markdown(load_case("zappos"))
    assert not any(0x2400 <= ord(ch) <= 0x2421 for ch in text)


def test_render_fillable_says_what_does_not_fit(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_pdf import stress_canvas

    path = tmp_path / "stress.yaml"
    canvas_files.save(stress_canvas(), path)
    assert main(["render", str(path), "-o", str(tmp_path / "stress.pdf"), "--fillable"]) == 0
    err = capsys.readouterr().err.splitlines()
    notes = [line for line in err if line.startswith("bmckit: note: ")]
    assert "bmckit: note: Customer Relationships: does not fit its form field even at 6 pt" in "\n".join(notes)
    assert all("continues on page" not in line for line in notes), "a form has no continuation pages"
    assert main(["render", str(netflix), "-o", str(tmp_path / "netflix.pdf"), "--fillable"]) == 0
    assert "bmckit: note:" not in capsys.readouterr().err


@pytest.mark.parametrize("fillable", [False, True])
def test_pdf_names_the_characters_its_font_cannot_draw(fillable: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canvas = Canvas(Header("Tea house 茶"), blocks={BlockId.CHANNELS: (Item("Stall at the 中 market"), Item("Ωμέγα and ж are fine"))})
    path = tmp_path / "tea.yaml"
    canvas_files.save(canvas, path)
    command = ["render", str(path), "-o", str(tmp_path / "tea.pdf"), *(["--fillable"] if fillable else [])]
    assert main(command) == 0
    err = capsys.readouterr().err
    assert "bmckit: note: the PDF font has no glyphs for 中 (U+4E2D), 茶 (U+8336); they print as empty boxes\n" in err
    assert main(["render", str(path), "-o", str(tmp_path / "tea.svg")]) == 0
    assert "glyph" not in capsys.readouterr().err, "an SVG falls back to the reader's fonts"


def test_a_long_list_of_missing_characters_is_cut_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cjk.yaml"
    canvas_files.save(Canvas(Header("一二三四五六七八九十百千")), path)
    assert main(["render", str(path), "-o", str(tmp_path / "cjk.pdf")]) == 0
    note = capsys.readouterr().err.splitlines()[-1]
    assert note.startswith("bmckit: note: the PDF font has no glyphs for ")
    assert note.endswith(" and 2 more; they print as empty boxes")


def test_blank_names_a_title_character_its_font_cannot_draw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["blank", "-o", str(tmp_path / "blank.pdf"), "--title", "Workshop 中"]) == 0
    assert capsys.readouterr().err.endswith("bmckit: note: the PDF font has no glyph for 中 (U+4E2D); it prints as an empty box\n")
    assert main(["blank", "-o", str(tmp_path / "greek.pdf"), "--title", "Ωμέγα café Кафе"]) == 0
    assert "note" not in capsys.readouterr().err
