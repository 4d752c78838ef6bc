"""`render` and `blank` replace their own earlier outputs, and nothing else without --force."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.cli import main
from bmckit.overwrite_guard import why_not_replaceable

if TYPE_CHECKING:
    from pathlib import Path


def type_into(pdf: Path, text: str = "typed", *, save_as: Path | None = None) -> None:
    """Type into the form's first field with PyMuPDF, as a student would in a PDF reader."""
    import pymupdf

    document = pymupdf.open(pdf)
    page = document[0]
    widget = next(page.widgets())
    widget.field_value = text
    widget.update()
    if save_as is None:
        document.saveIncr()
    else:
        document.save(save_as)
    document.close()


def refuses(capsys: pytest.CaptureFixture[str], argv: list[str], path: Path, because: str) -> None:
    """``bmckit ARGV`` exits 2 with one line naming ``path`` and why, and leaves the file as it was."""
    before = path.read_bytes()
    capsys.readouterr()
    assert main(argv) == 2
    assert capsys.readouterr() == ("", f"bmckit: {path}: already exists and {because}; use --force to overwrite it\n")
    assert path.read_bytes() == before


def test_rendering_svg_over_a_canvas_file_is_refused(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    theirs = tmp_path / "b.yaml"
    canvas_files.save(load_case("apple"), theirs)
    before = theirs.read_bytes()
    refuses(capsys, ["render", str(netflix), "-o", str(theirs), "--format", "svg"], theirs, "is not an SVG drawn by bmckit")
    assert theirs.read_bytes() == before
    assert main(["render", str(netflix), "-o", str(theirs), "--format", "svg", "--force"]) == 0
    assert theirs.read_text(encoding="utf-8").startswith("<svg")


def test_refusal_is_one_line_from_a_real_process(netflix: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "b.yaml"
    canvas_files.save(load_case("apple"), theirs)
    before = theirs.read_bytes()
    command = [sys.executable, "-m", "bmckit", "render", str(netflix), "-o", str(theirs), "--format", "svg"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"bmckit: {theirs}: already exists and is not an SVG drawn by bmckit; use --force to overwrite it\n"
    assert theirs.read_bytes() == before


def test_svg_replaces_only_an_svg_of_its_own(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drawing = tmp_path / "canvas.svg"
    assert main(["render", str(netflix), "-o", str(drawing)]) == 0
    assert main(["render", str(netflix), "-o", str(drawing), "--paper", "a3"]) == 0, "drawings are made again at will"
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>Our logo</title><circle r="4"/></svg>', encoding="utf-8")
    refuses(capsys, ["render", str(netflix), "-o", str(logo)], logo, "is not an SVG drawn by bmckit")
    assert "Our logo" in logo.read_text(encoding="utf-8")
    binary = tmp_path / "noise.svg"
    binary.write_bytes(bytes(range(256)))
    assert why_not_replaceable(binary, "svg") == "is not an SVG drawn by bmckit"


def test_markdown_replaces_only_an_outline_of_its_own(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outline = tmp_path / "outline.md"
    assert main(["render", str(netflix), "-o", str(outline)]) == 0
    assert main(["render", str(netflix), "-o", str(outline)]) == 0
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\nWritten by hand.\n", encoding="utf-8")
    refuses(capsys, ["render", str(netflix), "-o", str(notes)], notes, "is not a Markdown outline written by bmckit")
    assert notes.read_text(encoding="utf-8") == "# My notes\n\nWritten by hand.\n"
    continued = tmp_path / "continued.md"
    continued.write_text(outline.read_text(encoding="utf-8") + "\n## What we decided\n\nTo open a second shop.\n", encoding="utf-8")
    assert main(["render", str(netflix), "-o", str(continued)]) == 2, "text added after the attribution is someone's"
    assert main(["render", str(netflix), "-o", str(tmp_path / "x.md"), "--format", "svg"]) == 0
    svg_named_md = tmp_path / "x.md"
    refuses(capsys, ["render", str(netflix), "-o", str(svg_named_md)], svg_named_md, "is not a Markdown outline written by bmckit")


def test_printable_pdf_replaces_only_a_printable_pdf_of_its_own(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pymupdf

    printed = tmp_path / "canvas.pdf"
    assert main(["render", str(netflix), "-o", str(printed)]) == 0
    assert main(["render", str(netflix), "-o", str(printed), "--paper", "letter"]) == 0

    annotated = tmp_path / "annotated.pdf"
    document = pymupdf.open(printed)
    document[0].add_text_annot((100, 100), "Ask the team about this")
    document.save(annotated)
    document.close()
    refuses(capsys, ["render", str(netflix), "-o", str(annotated)], annotated, "has annotations added in a PDF reader")

    form = tmp_path / "form.pdf"
    assert main(["blank", "-o", str(form)]) == 0
    capsys.readouterr()
    refuses(capsys, ["render", str(netflix), "-o", str(form)], form, "is a fillable PDF, not a printable one")

    someone_elses = tmp_path / "report.pdf"
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "Quarterly report")
    document.save(someone_elses)
    document.close()
    refuses(capsys, ["render", str(netflix), "-o", str(someone_elses)], someone_elses, "is not a printable PDF made by bmckit")


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj garbage", b"", b"not a pdf at all", bytes(range(256)) * 4])
def test_a_broken_or_foreign_file_is_not_an_earlier_pdf(
    content: bytes, netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(content)
    refuses(capsys, ["render", str(netflix), "-o", str(broken)], broken, "is not a printable PDF made by bmckit")
    refuses(capsys, ["blank", "-o", str(broken)], broken, "is not a fillable PDF made by bmckit")
    assert broken.read_bytes() == content


def test_a_damaged_copy_of_an_earlier_output_is_refused_quietly(netflix: Path, tmp_path: Path) -> None:
    printed = tmp_path / "canvas.pdf"
    assert main(["render", str(netflix), "-o", str(printed)]) == 0
    printed.write_bytes(printed.read_bytes()[: len(printed.read_bytes()) // 2])
    command = [sys.executable, "-m", "bmckit", "render", str(netflix), "-o", str(printed)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert run.stderr == f"bmckit: {printed}: already exists and is not a printable PDF made by bmckit; use --force to overwrite it\n"


def test_blank_never_wipes_a_filled_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    student = tmp_path / "student.pdf"
    assert main(["blank", "-o", str(student)]) == 0
    assert main(["blank", "-o", str(student), "--paper", "a3"]) == 0, "an untouched blank is made again at will"
    type_into(student, "Local bakeries")
    capsys.readouterr()
    before = student.read_bytes()
    assert main(["blank", "-o", str(student)]) == 2
    assert (
        capsys.readouterr().err == f"bmckit: {student}: already exists and is a form someone has typed into; use --force to overwrite it\n"
    )
    assert student.read_bytes() == before
    assert "Local bakeries" in {str(f.get("/V")) for f in (PdfReader(student).get_fields() or {}).values()}
    assert main(["blank", "-o", str(student), "--force"]) == 0


def test_render_fillable_never_wipes_a_filled_form(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blank = tmp_path / "blank.pdf"
    assert main(["blank", "-o", str(blank)]) == 0
    filled = tmp_path / "filled.pdf"
    type_into(blank, "Local bakeries", save_as=filled)
    assert main(["render", str(netflix), "-o", str(blank), "--fillable"]) == 0, "an untouched blank may become a pre-filled form"
    capsys.readouterr()
    before = filled.read_bytes()
    assert main(["render", str(netflix), "-o", str(filled), "--fillable"]) == 2
    assert (
        capsys.readouterr().err == f"bmckit: {filled}: already exists and is a form someone has typed into; use --force to overwrite it\n"
    )
    assert filled.read_bytes() == before
    assert main(["render", str(netflix), "-o", str(filled), "--fillable", "--force"]) == 0


def test_a_fillable_pdf_is_not_replaced_by_a_printable_one_nor_the_reverse(netflix: Path, tmp_path: Path) -> None:
    printed = tmp_path / "printed.pdf"
    assert main(["render", str(netflix), "-o", str(printed)]) == 0
    assert main(["render", str(netflix), "-o", str(printed), "--fillable"]) == 2
    assert main(["blank", "-o", str(printed)]) == 2


def test_an_unchanged_pre_filled_form_is_made_again_at_will(netflix: Path, tmp_path: Path) -> None:
    form = tmp_path / "form.pdf"
    assert main(["render", str(netflix), "-o", str(form), "--fillable"]) == 0
    assert main(["render", str(netflix), "-o", str(form), "--fillable"]) == 0
    titled = tmp_path / "titled.pdf"
    assert main(["blank", "-o", str(titled), "--title", "Workshop"]) == 0
    assert main(["blank", "-o", str(titled), "--title", "Workshop"]) == 0


def test_a_typed_in_pre_filled_form_is_refused(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = tmp_path / "form.pdf"
    assert main(["render", str(netflix), "-o", str(form), "--fillable"]) == 0
    type_into(form, "Our own partners")
    capsys.readouterr()
    refuses(capsys, ["render", str(netflix), "-o", str(form), "--fillable"], form, "is a form someone has typed into")


def test_canvas_files_and_folders_as_outputs(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    earlier = tmp_path / "copy.json"
    assert main(["render", str(netflix), "-o", str(earlier)]) == 0
    capsys.readouterr()
    assert main(["render", str(netflix), "-o", str(earlier)]) == 2, "a canvas file is someone's work, even one bmckit wrote"
    assert capsys.readouterr().err == f"bmckit: {earlier}: already exists; use --force to overwrite it\n"
    folder = tmp_path / "out.svg"
    folder.mkdir()
    assert main(["render", str(netflix), "-o", str(folder)]) == 2
    assert capsys.readouterr().err == f"bmckit: {folder}: is a folder; name a file to write\n"
    assert main(["blank", "-o", str(tmp_path), "--force"]) == 2


def test_the_input_is_never_the_output(netflix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = netflix.read_bytes()
    assert main(["render", str(netflix), "-o", str(netflix), "--force"]) == 2
    assert capsys.readouterr().err == f"bmckit: {netflix}: is the input file; write to another file\n"
    alias = tmp_path / "alias.svg"
    alias.symlink_to(netflix)
    assert main(["render", str(netflix), "-o", str(alias), "--force"]) == 2
    assert "is the input file" in capsys.readouterr().err
    assert netflix.read_bytes() == before
    form = tmp_path / "form.pdf"
    assert main(["blank", "-o", str(form)]) == 0
    assert main(["render", str(form), "-o", str(form), "--fillable"]) == 2
    assert "is the input file" in capsys.readouterr().err
