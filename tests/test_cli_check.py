"""`bmckit check` and `bmckit validate`: several files, filled PDFs, line numbers, and one stdout/stderr convention."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.cli import main
from tests.conftest import MINIMAL

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

FLAWED = """
title: Corner bookshop
segments:
  - id: readers
    name: Local readers
    colour: "#8ecae6"
    market_type: niche
    customer_value: medium
  - id: schools
    name: Schools
    colour: "#ffb703"
blocks:
  customer_relationships:
    - text: Staff recommend books
      motivation: retention
      segments: [readers]
  channels:
    - text: The shop
      segments: [readers]
"""


def test_findings_name_their_lines(write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    flawed = write(FLAWED, "flawed.yaml")
    assert main(["check", str(flawed)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{flawed}:8: customer_segments: segment 'schools' (Schools) is declared but no item refers to it; "
        "tag the notes that serve it, or remove it [orphan-segment]",
        f"{flawed}:13: customer_relationships[0] 'Staff recommend books': has no type; say which kind of relationship it is "
        "[relationship-without-type]",
    ]
    assert err == "2 findings in 1 file\n"


def test_json_findings_name_their_lines_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "flawed.json"
    canvas_files.save(canvas_files.loads(FLAWED), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    orphan, untyped = (int(line[len(f"{path}:") :].split(":", 1)[0]) for line in out)
    assert lines[orphan] == '      "id": "schools",', "the orphan segment's own mapping"
    assert lines[untyped] == '        "text": "Staff recommend books",', "the untyped relationship's own mapping"


def test_several_files_and_one_bad_one_does_not_stop_the_others(
    write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(MINIMAL, "good.yaml")
    flawed = write(FLAWED, "flawed.yaml")
    broken = write("title: T\nblocks:\n  channel: []\n", "broken.yaml")
    assert main(["check", str(good), str(flawed)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert all(line.startswith(f"{flawed}:") for line in out.splitlines())
    assert err == f"{good}: no findings\n2 findings in 1 file\n"

    assert main(["check", str(broken), str(flawed), str(tmp_path / "gone.yaml"), str(good)]) == 2
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2, "the files after a bad one are still checked"
    assert err.splitlines() == [
        f"bmckit: {broken}:3: blocks.channel: unknown key 'channel'; did you mean 'channels'?",
        f"bmckit: {tmp_path / 'gone.yaml'}: no such file",
        f"{good}: no findings",
        "2 findings in 1 file",
    ]
    assert main(["check", str(good), str(good)]) == 0
    assert capsys.readouterr() == ("", f"{good}: no findings\n{good}: no findings\n")


def test_check_reads_a_filled_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pymupdf

    form = tmp_path / "form.pdf"
    assert main(["blank", "-o", str(form)]) == 0
    document = pymupdf.open(form)
    page = document[0]
    for widget in page.widgets():
        if widget.field_name == "customer_relationships":
            widget.field_value = "Help desk"
            widget.update()
        elif widget.field_name == "title":
            widget.field_value = "Student canvas"
            widget.update()
    filled = tmp_path / "filled.pdf"
    document.save(filled)
    document.close()
    capsys.readouterr()
    assert main(["check", str(filled)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"{filled}: customer_relationships[0] 'Help desk': has no type; say which kind of relationship it is [relationship-without-type]\n"
    )
    assert err.endswith("1 finding in 1 file\n")
    assert main(["check", str(form)]) == 0, "a blank form has nothing to find fault with"


def test_check_of_a_pre_filled_form_matches_the_canvas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "starbucks.yaml"
    canvas_files.save(load_case("starbucks"), source)
    form = tmp_path / "starbucks.pdf"
    assert main(["render", str(source), "-o", str(form), "--fillable"]) == 0
    capsys.readouterr()
    status = main(["check", str(source)])
    from_file = [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert main(["check", str(form)]) == status
    from_form = [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert from_form == from_file


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4\n1 0 obj <<", "not a readable PDF"),
        (b"hello", "not a readable PDF"),
    ],
)
def test_a_damaged_pdf_is_one_line_and_nothing_from_pypdf(content: bytes, expected: str, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(content)
    for command in (["check", str(damaged)], ["render", str(damaged), "-o", str(tmp_path / "out.yaml")]):
        run = subprocess.run([sys.executable, "-m", "bmckit", *command], capture_output=True, text=True, check=False)
        assert (run.returncode, run.stdout) == (2, "")
        assert len(run.stderr.splitlines()) == 1, run.stderr
        assert run.stderr.startswith(f"bmckit: {damaged}: ")
        assert "Traceback" not in run.stderr
        assert "EOF marker" not in run.stderr


def test_a_truncated_form_says_nothing_from_pypdf(tmp_path: Path) -> None:
    form = tmp_path / "form.pdf"
    assert main(["blank", "-o", str(form)]) == 0
    data = form.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: data.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n")  # a wrong cross-reference offset
    run = subprocess.run([sys.executable, "-m", "bmckit", "check", str(truncated)], capture_output=True, text=True, check=False)
    assert run.returncode in {0, 2}
    for line in run.stderr.splitlines():
        assert line.startswith(("bmckit: ", f"{truncated}: ")), f"not ours: {line!r}"


def test_an_encrypted_pdf_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "netflix.yaml"
    canvas_files.save(load_case("netflix"), source)
    form = tmp_path / "form.pdf"
    assert main(["render", str(source), "-o", str(form), "--fillable"]) == 0
    locked = tmp_path / "locked.pdf"
    subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", str(form), str(locked)], check=True)
    for command in (["check", str(locked)], ["render", str(locked), "-o", str(tmp_path / "back.yaml")]):
        run = subprocess.run([sys.executable, "-m", "bmckit", *command], capture_output=True, text=True, check=False)
        assert (run.returncode, run.stdout) == (2, "")
        assert len(run.stderr.splitlines()) == 1, run.stderr
        assert run.stderr.startswith(f"bmckit: {locked}: ")


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_folder_is_a_folder(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in (tmp_path / "canvases", tmp_path / "looks-like.yaml"):
        folder.mkdir()
        assert main([command, str(folder)]) == 2
        assert capsys.readouterr() == ("", f"bmckit: {folder}: is a folder, not a canvas file\n")
    assert main(["render", str(tmp_path / "canvases"), "-o", str(tmp_path / "x.svg")]) == 2
    assert capsys.readouterr().err == f"bmckit: {tmp_path / 'canvases'}: is a folder, not a canvas file\n"


def test_validate_unreadable_files_exit_2_and_the_rest_are_still_read(
    write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(MINIMAL, "good.yaml")
    notes = write("just notes", "notes.txt")
    bad = write("title: ''\nblocks: {}\n", "bad.yaml")
    assert main(["validate", str(notes), str(bad), str(good)]) == 2
    out, err = capsys.readouterr()
    assert out == f"{bad}:1: title: expected some text, found an empty string\n"
    assert err.splitlines() == [
        f"bmckit: {notes}: unknown canvas file suffix '.txt'; use .yaml, .yml or .json",
        f"{good}: valid",
        "1 problem in 1 file",
    ]


def test_the_convention_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "go to standard output" in text
    assert "('x.yaml: valid', 'x.yaml: no findings', 'wrote x.pdf'), counts, notes and errors go to standard error" in text
