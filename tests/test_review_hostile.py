"""Hostile files handed to `bmckit check` and `render`: one line each, and exit status 2.

Files that once ended the command with a traceback (a PDF whose fields'
/Parent chain loops, one whose information dictionary is not a dictionary,
canvas JSON nested 300,000 deep in a file and inside a PDF), or made it hang
or eat the memory (a link to /dev/zero, a named pipe, a 50 MB YAML). The
commands run in a child process with a memory limit and a timeout.
"""

from __future__ import annotations

import io
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import NameObject

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.render import render

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="named pipes and /dev/zero are POSIX")

MEMORY = 1024 * 2**20
"""The address space each child may use: Python with pypdf, reportlab and Jinja2 loaded takes about a quarter of it."""
DEPTH = 300_000
GOOD = {"netflix.yaml": "netflix", "apple.json": "apple", "zappos.pdf": "zappos"}


def form(case: str) -> bytes:
    """A fillable form of a case study, with one field typed into, as a team hands it back."""
    writer = PdfWriter(clone_from=io.BytesIO(render(load_case(case), "pdf", fillable=True).data))
    writer.update_page_form_field_values(writer.pages[0], {"channels": "• Kiosk at the station"}, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def looping_parents() -> bytes:
    """A form whose first two fields are each other's /Parent: pypdf raises LimitReachedError."""
    writer = PdfWriter(clone_from=io.BytesIO(form("zappos")))
    fields = writer.root_object["/AcroForm"]["/Fields"]
    fields[0].get_object()[NameObject("/Parent")] = fields[1]
    fields[1].get_object()[NameObject("/Parent")] = fields[0]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def information_not_a_dictionary() -> bytes:
    """A form whose trailer's /Info is an array: pypdf raises PdfReadError."""
    head, trailer, rest = form("zappos").rpartition(b"trailer")
    rest, count = re.subn(rb"/Info \d+ 0 R", b"/Info [ 1 2 3 ]", rest)
    assert count == 1
    return head + trailer + rest


def deep_in_the_form() -> bytes:
    """A form whose stored canvas (/BmckitCanvas) is JSON nested 300,000 deep: json raises RecursionError."""
    writer = PdfWriter(clone_from=io.BytesIO(form("zappos")))
    writer.add_metadata({"/BmckitCanvas": "[" * DEPTH + "]" * DEPTH})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def hostile_files(folder: Path) -> dict[str, str]:
    """Write every hostile file into ``folder``; their names, with what each must be said to be."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deep.json").write_text('{"title": "T", "blocks": ' + "[" * DEPTH + "]" * DEPTH + "}", encoding="utf-8")
    (folder / "deep.yaml").write_text("title: T\nblocks: " + "[" * DEPTH + "]" * DEPTH + "\n", encoding="utf-8")
    (folder / "deep-form.pdf").write_bytes(deep_in_the_form())
    (folder / "looping-fields.pdf").write_bytes(looping_parents())
    (folder / "bad-information.pdf").write_bytes(information_not_a_dictionary())
    note = "    - a note that goes on " + "and on " * 10 + "\n"
    with (folder / "huge.yaml").open("w", encoding="utf-8") as stream:  # 50 MB of valid canvas: 30 s to score, were it read
        stream.write("title: Huge\nblocks:\n  channels:\n" + note * (50_000_000 // len(note)))
    os.symlink("/dev/zero", folder / "zeros.yaml")
    os.symlink("/dev/zero", folder / "zeros.pdf")
    os.mkfifo(folder / "pipe.json")
    return {
        "deep.json": "nested too deeply",
        "deep.yaml": "nested too deeply",
        "deep-form.pdf": "BmckitCanvas: is nested too deeply for a canvas",
        "looping-fields.pdf": "is not a PDF file, or is damaged",
        "bad-information.pdf": "is not a PDF file, or is damaged",
        "huge.yaml": "is 50 MB; a canvas file bmckit reads is at most 1 MB",
        "zeros.yaml": "is a link to /dev/zero, a device, not a file",
        "zeros.pdf": "is a link to /dev/zero, a device, not a file",
        "pipe.json": "is a named pipe, not a file",
    }


def good_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, case in GOOD.items():
        if name.endswith(".pdf"):
            (folder / name).write_bytes(form(case))
        else:
            canvas_files.save(load_case(case), folder / name)


def run_limited(args: list[str], *, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """``python -m bmckit ARGS`` in a child limited to :data:`MEMORY`; the run, its seconds and its peak memory in KB."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "bmckit", *args], capture_output=True, text=True, timeout=timeout, preexec_fn=limit, check=False
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far: only the worst is known
    return run, seconds, peak if peak > before else 0


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile_files(folder)


# bmckit check and render: one line, exit 2 -----------------------------------------------------------------------------


@needs_posix
@pytest.mark.parametrize("command", ["check", "render"])
def test_each_hostile_file_is_one_line_and_exit_2(hostile: tuple[Path, dict[str, str]], command: str, tmp_path: Path) -> None:
    folder, expected = hostile
    for name, reason in expected.items():
        output = ["-o", str(tmp_path / "out.svg")] if command == "render" else []
        run, seconds, _ = run_limited([command, str(folder / name), *output], timeout=60)
        assert (run.returncode, run.stdout) == (2, ""), f"{name}: {run.stderr}"
        assert run.stderr.startswith(f"bmckit: {folder / name}"), run.stderr
        assert reason in run.stderr, f"{name}: {run.stderr}"
        assert len(run.stderr.splitlines()) == 1, run.stderr
        assert "Traceback" not in run.stderr
        assert seconds < 20, f"{name}: {seconds:.1f} s"
        assert not (tmp_path / "out.svg").exists()


def test_json_nested_deeper_than_a_canvas_goes_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"title": "T",\n "blocks": {"channels": ' + "[" * 40 + "]" * 40 + "}}", encoding="utf-8")
    with pytest.raises(canvas_files.CanvasFileError) as raised:
        canvas_files.load(path)
    assert str(raised.value) == f"{path}:2: blocks.channels[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: {canvas_files.yamldoc.TOO_DEEP}"
