"""`bmckit review` holds against whatever a class hands in, and `bmckit check` and `render` say one line about it.

A hostile hand-in folder mixes good canvases with files that once ended the
review with a traceback (a PDF whose fields' /Parent chain loops, one whose
information dictionary is not a dictionary, canvas JSON nested 300,000 deep
in a file and inside a PDF), or made it hang or eat the memory (a link to
/dev/zero, a named pipe, a 50 MB YAML). The commands run as a teacher runs
them, in a child process with a memory limit and a timeout.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import NameObject

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.classroom import parallel, report, review
from bmckit.cli import main
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


# bmckit review: one file never stops the class -------------------------------------------------------------------------


@needs_posix
@pytest.mark.parametrize("goods", [1, 8], ids=["in this process", "on every core"])
def test_review_of_a_hostile_folder_scores_every_good_canvas_within_bounds(tmp_path: Path, goods: int) -> None:
    """With 8 copies of the good canvases there are more files than bmckit reviews in one process: worker processes read them."""
    folder = tmp_path / "hand-ins"
    expected = hostile_files(folder)
    good = []
    for copy in range(goods):
        good_files(folder / f"team-{copy}")
        good += [f"team-{copy}/{name}" for name in GOOD]
    os.symlink(tmp_path, folder / "linked-folder")
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.html"
    run, seconds, peak = run_limited(["review", str(folder), "-o", str(out)])
    print(f"review of {len(good)} good and {len(expected) + 1} hostile entries: {seconds:.1f} s, largest process {peak / 1024:.0f} MB")
    assert run.returncode == 1, run.stderr  # files were not scored
    assert "Traceback" not in run.stderr
    assert seconds < 60
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO((tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig")))}
    assert {file for file, row in rows.items() if row["status"] == "scored"} == set(good)
    html = out.read_text(encoding="utf-8")
    links = {name for name in expected if (folder / name).is_symlink()}  # a review follows no link out of the folder
    for name, reason in expected.items():
        if name in links:
            continue
        assert rows[name]["status"].startswith("could not be read: "), rows[name]
        assert reason in rows[name]["status"], rows[name]
        shown = rf'<th scope="row">{re.escape(name)}</th><td class="problem">could not be read: [^<]*{re.escape(reason)}'
        assert re.search(shown, html), name
        assert f"{folder / name}: could not be read: " in run.stderr
    skipped = {name: "a link to /dev/zero, outside the folder: not read" for name in links}
    skipped["linked-folder/"] = "a link to a folder: not followed"
    for name, reason in skipped.items():
        assert re.search(rf'<th scope="row">{re.escape(name)}</th><td>skipped: {re.escape(reason)}', html), name
        assert f"{folder / name}: skipped: {reason}" in run.stderr
    handed_in = len(good) + len(expected) - len(links)
    assert f"scored {len(good)} of {handed_in} files; skipped {len(skipped)} entries" in run.stderr


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (RecursionError("maximum recursion depth exceeded"), "could not be read: it is nested too deeply to read"),
        (MemoryError(), "could not be read: reading it needed more memory than there is"),
        (ZeroDivisionError("division by zero"), "could not be read: reading it failed (ZeroDivisionError: division by zero)"),
    ],
)
def test_whatever_reading_one_file_raises_is_that_files_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    good_files(tmp_path / "in")
    real_load = canvas_files.load

    def load(path: str | Path) -> object:
        if Path(path).name == "apple.json":
            raise error
        return real_load(path)

    monkeypatch.setattr(canvas_files, "load", load)
    result = review.review_folder(tmp_path / "in")
    assert {s.file: s.status for s in result.entries}["apple.json"] == reason
    assert [s.file for s in result.scored] == ["netflix.yaml", "zappos.pdf"]


def test_a_pypdf_limit_in_a_form_is_that_forms_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good_files(folder)
    (folder / "looping.pdf").write_bytes(looping_parents())
    (folder / "information.pdf").write_bytes(information_not_a_dictionary())
    statuses = {s.file: s.status for s in review.review_folder(folder).entries}
    assert statuses["looping.pdf"] == statuses["information.pdf"] == "could not be read: is not a PDF file, or is damaged"
    assert len([s for s in statuses.values() if s == "scored"]) == 3


def test_a_file_that_takes_too_long_is_stopped_and_the_class_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good_files(tmp_path / "in")
    real_load = canvas_files.load

    def load(path: str | Path) -> object:
        if Path(path).name == "netflix.yaml":
            time.sleep(120)
        return real_load(path)

    monkeypatch.setattr(canvas_files, "load", load)
    monkeypatch.setattr(review, "READ_SECONDS", 0.5)
    start = time.perf_counter()
    statuses = {s.file: s.status for s in review.review_folder(tmp_path / "in").entries}
    assert time.perf_counter() - start < 60, "the review waited for the file it should have stopped"
    assert statuses["netflix.yaml"] == "could not be read: reading and scoring it took longer than 0.5 s, so it was stopped"
    assert statuses["apple.json"] == statuses["zappos.pdf"] == "scored"


def _dies_on_seven(job: int) -> int:
    if job == 7 and multiprocessing.parent_process() is not None:
        os._exit(1)  # as a worker killed for its memory ends: no exception, no result
    return job * 2


def _said(job: int, error: Exception) -> int:
    assert isinstance(error, parallel.WorkerDied)
    return -1


def test_a_worker_that_dies_costs_only_its_own_job() -> None:
    jobs = list(range(parallel.PARALLEL_FROM + 6))
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: the jobs run in this process")
    assert list(parallel.each_done(_dies_on_seven, jobs, failed=_said)) == [-1 if job == 7 else job * 2 for job in jobs]


def test_a_canvas_too_large_to_score_is_said_so_quickly(tmp_path: Path) -> None:
    """Checking relates every relationship to every segment: 8,000 of each in under 1 MB took minutes to check."""
    segments = [{"id": f"s{n}", "name": "S"} for n in range(8000)]
    relationships = [{"text": "R", "type": "personal-assistance"} for _ in range(8000)]
    path = tmp_path / "in" / "wide.json"
    path.parent.mkdir()
    path.write_text(
        json.dumps({"title": "Wide", "segments": segments, "blocks": {"customer_relationships": relationships}}), encoding="utf-8"
    )
    assert path.stat().st_size < canvas_files.LARGEST_CANVAS_FILE
    start = time.perf_counter()
    [entry] = review.review_folder(path.parent).entries
    assert time.perf_counter() - start < 30, "it took minutes before the size was checked first; a busy machine takes seconds"
    assert entry.status == (
        "not scored: too large to score: 8000 segments and 8000 notes; bmckit review scores canvases of at most 50 segments and 500 notes"
    )


# Every entry accounted for -----------------------------------------------------------------------------------------------


@needs_posix
def test_every_entry_of_the_folder_is_listed_with_what_was_done_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good_files(folder / "team-a")
    (folder / "team-b").mkdir()  # a student who handed in nothing
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._netflix.yaml").write_bytes(b"\0")
    (tmp_path / "elsewhere.yaml").write_text("title: Not handed in\nblocks: {}\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere.yaml", folder / "outside.yaml")
    os.symlink(folder / "team-a" / "netflix.yaml", folder / "inside.yaml")
    os.symlink(folder / "team-a", folder / "linked")
    os.symlink("/dev/zero", folder / "zeros.json")
    os.mkfifo(folder / "pipe.yaml")
    os.symlink(folder / "circle.yaml", folder / "circle.yaml")
    result = review.review_folder(folder)
    assert {s.file: s.status for s in result.entries} == {
        "circle.yaml": "could not be read: is a link that leads round in a circle",
        "inside.yaml": "scored",
        "linked/": "skipped: a link to a folder: not followed; put the folder itself here to review it",
        "outside.yaml": f"skipped: a link to {tmp_path / 'elsewhere.yaml'}, outside the folder: not read; copy the file here to review it",
        "pipe.yaml": "could not be read: is a named pipe, not a file",
        "zeros.json": "skipped: a link to /dev/zero, outside the folder: not read; copy the file here to review it",
        "__MACOSX/": "skipped: a hidden or system folder",
        "team-a/apple.json": "scored",
        "team-a/netflix.yaml": "scored",
        "team-a/zappos.pdf": "scored",
        "team-b/": "skipped: an empty folder: nothing handed in",
    }
    html = report.report_html(result)
    for entry in result.entries:  # the scored in the summary table, the rest in the tables of what was not scored or skipped
        assert (f"<td>{entry.file}</td>" if entry.outcome == review.SCORED else f'<th scope="row">{entry.file}</th>') in html


# Nothing overwritten -----------------------------------------------------------------------------------------------------


@pytest.fixture
def class_folder(tmp_path: Path) -> Path:
    good_files(tmp_path / "hand-ins")
    return tmp_path / "hand-ins"


def review_err(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["review", *args])
    return status, capsys.readouterr().err


def test_a_grade_book_that_is_not_bmckits_is_never_replaced_without_force(
    class_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report_path, grades = tmp_path / "report.html", tmp_path / "report.csv"
    grades.write_text("name,grade\nAna,A\n", encoding="utf-8")  # the teacher's own grade book
    status, err = review_err(capsys, str(class_folder), "-o", str(report_path))
    assert (status, err) == (
        2,
        f"bmckit: {grades}: already exists and is not a grade book written by bmckit review with nothing typed into it since; "
        "use --force to replace it\n",
    )
    assert grades.read_text(encoding="utf-8") == "name,grade\nAna,A\n"
    assert not report_path.exists()
    assert review_err(capsys, str(class_folder), "-o", str(report_path), "--force")[0] == 0
    assert report.is_untouched_grade_book(grades.read_bytes())


def test_bmckits_own_report_and_grade_book_are_replaced_until_a_mark_is_typed_in(
    class_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report_path, grades = tmp_path / "report.html", tmp_path / "report.csv"
    assert review_err(capsys, str(class_folder), "-o", str(report_path))[0] == 0
    assert review_err(capsys, str(class_folder), "-o", str(report_path), "--title", "Again")[0] == 0  # its own: replaced
    assert "<h1>Again</h1>" in report_path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(grades.read_text(encoding="utf-8-sig"), newline="")))
    rows[1][rows[0].index("specificity")] = "2"  # the teacher marks a criterion of theirs
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    grades.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")
    status, err = review_err(capsys, str(class_folder), "-o", str(report_path))
    assert status == 2
    assert err.startswith(f"bmckit: {grades}: already exists and is not a grade book written by bmckit review")
    resaved = tmp_path / "resaved.csv"  # as a spreadsheet saves it: its own quoting
    resaved.write_text("\ufeff" + grades.read_text(encoding="utf-8-sig").replace('"', ""), encoding="utf-8")
    assert not report.is_untouched_grade_book(resaved.read_bytes())
    report_path.write_text("<!DOCTYPE html><title>My notes</title>", encoding="utf-8")
    status, err = review_err(capsys, str(class_folder), "-o", str(report_path), "--csv", str(tmp_path / "new.csv"))
    assert (status, err) == (
        2,
        f"bmckit: {report_path}: already exists and is not a class report written by bmckit review; use --force to replace it\n",
    )


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["", "--force"])
def test_nothing_is_written_inside_the_folder_under_review_nor_twice_to_one_file(
    class_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: list[str]
) -> None:
    student = class_folder / "netflix.yaml"
    before = student.read_bytes()
    cases = [
        (["-o", str(tmp_path / "r.html"), "--csv", str(student)], f"{student}: is inside {class_folder}, the folder under review"),
        (["-o", str(class_folder / "r.html")], f"{class_folder / 'r.html'}: is inside {class_folder}, the folder under review"),
        (["-o", str(tmp_path / "r.html"), "--csv", str(tmp_path / "r.html")], f"{tmp_path / 'r.html'}: is the report's own file"),
    ]
    for args, message in cases:
        status, err = review_err(capsys, str(class_folder), *args, *force)
        assert status == 2
        assert err.startswith(f"bmckit: {message}")
        assert err.count("\n") == 1
    assert student.read_bytes() == before
    assert sorted(p.name for p in class_folder.iterdir()) == sorted(GOOD)
    assert not (tmp_path / "r.html").exists()


@needs_posix
def test_an_output_that_is_a_named_pipe_is_refused_without_waiting(
    class_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "r.csv")
    status, err = review_err(capsys, str(class_folder), "-o", str(tmp_path / "r.html"), "--force")
    assert (status, err) == (2, f"bmckit: {tmp_path / 'r.csv'}: is a named pipe, not a file; name a file to write\n")


def test_a_second_review_passes_over_bmckits_own_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A teacher who saved the last report, or a batch's folder, among the hand-ins finds them skipped, not failed."""
    assert main(["batch", str(Path(__file__).parent / "rosters" / "moodle-groups.csv"), "-o", str(tmp_path / "made")]) == 0
    folder = tmp_path / "hand-ins"
    good_files(folder)
    assert main(["review", str(folder), "-o", str(tmp_path / "first.html")]) == 0
    for made, name in ((tmp_path / "first.html", "first.html"), (tmp_path / "first.csv", "first.csv")):
        made.rename(folder / name)
    for name in ("index.html", "all-teams.zip"):
        (tmp_path / "made" / name).rename(folder / name)
    (folder / "mine.html").write_text("<!DOCTYPE html><title>A student's page</title>", encoding="utf-8")
    capsys.readouterr()
    assert main(["review", str(folder), "-o", str(tmp_path / "second.html")]) == 1  # mine.html is not a canvas
    statuses = {s.file: s.status for s in review.review_folder(folder).entries}
    assert statuses["first.html"] == "skipped: a class report bmckit review wrote, not a hand-in"
    assert statuses["first.csv"] == "skipped: a grade book bmckit review wrote, not a hand-in"
    assert statuses["index.html"] == "skipped: the index page bmckit batch wrote, not a hand-in"
    assert statuses["all-teams.zip"] == "skipped: the zip of team canvases bmckit batch wrote, not a hand-in"
    assert statuses["mine.html"] == "not scored: not a canvas file (.html); hand in .yaml, .json or the filled .pdf"
    err = capsys.readouterr().err
    assert "scored 3 of 4 files; skipped 4 entries" in err
    assert f"{folder / 'first.html'}: skipped: a class report bmckit review wrote, not a hand-in" in err


# The grade book is safe to open --------------------------------------------------------------------------------------------


def formulas(text: str) -> list[str]:
    """The cells of the CSV ``text`` a spreadsheet would run as formulas, read with each separator it may use.

    Leading spaces are trimmed first, as a spreadsheet may.
    """
    return [
        cell
        for delimiter in (",", ";", "\t")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for cell in row
        if cell.lstrip(" ").startswith(report.SPREADSHEET_FORMULA)
    ]


def test_no_cell_of_the_grade_book_starts_a_formula_whatever_the_separator(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    canvas = load_case("zappos")
    hostile = {
        "a.yaml": "Team;=1+1;",
        "b.yaml": "Team,@SUM(A1),-2",
        "c.yaml": "=cmd|' /C calc'!A0",
        "d.yaml": 'x;"=1+1',
        "e.yaml": "\t+1\r\n=2",
    }
    for name, title in hostile.items():
        canvas_files.save(
            replace(canvas, header=replace(canvas.header, title=title, designed_by=f'Ana;=HYPERLINK("x");{title}')), folder / name
        )
    main(["review", str(folder), "-o", str(tmp_path / "r.html")])
    text = (tmp_path / "r.csv").read_bytes().decode("utf-8-sig")  # as written, line ends and all
    assert not formulas(text)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["team"] for row in rows] == ["Team;'=1+1;'", "Team,'@SUM(A1),'-2", "'=cmd|' /C calc'!A0", "x;'\"=1+1", "' +1 =2"]
    for line in text.removesuffix("\r\n").split("\r\n"):  # one line a row, every cell quoted
        assert re.fullmatch(r'"(?:[^"\r\n]|"")*"(?:,"(?:[^"\r\n]|"")*")*', line), line


@given(st.lists(st.text(alphabet="=+-@\t\r\n,;\"' a1", max_size=12), min_size=1, max_size=4))
def test_spreadsheet_safe_text_starts_no_formula_in_any_cell(texts: list[str]) -> None:
    rows = [list(report.GRADE_BOOK_START), [report.spreadsheet_safe(text) for text in texts] + ["3"]]
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    assert not formulas(out.getvalue())


def test_a_safe_cell_keeps_every_letter_a_team_typed() -> None:
    assert report.spreadsheet_safe("Les Écureuils, team 2 - Paris") == "Les Écureuils, team 2 - Paris"
    assert report.spreadsheet_safe("Rot; -5 € Rabatt") == "Rot;' -5 € Rabatt"  # a spreadsheet may trim the space
    assert report.spreadsheet_safe("Team;=1+1;").replace("'", "") == "Team;=1+1;"
