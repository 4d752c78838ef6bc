"""``bmckit batch`` and ``bmckit review``: the teacher's commands, over :mod:`bmckit.classroom`.

Both can take a while for a large class, so both show a progress bar on a
terminal (tqdm, quiet when the output is a log), and both end with one line
saying what they wrote.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bmckit.cli.errors import FINDINGS, OK, UserError
from bmckit.cli.reading import paper_size
from bmckit.cli.writing import write_output

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

_NEEDS = 'the teacher\'s commands need the classroom extra: pip install "bmckit[classroom]"'


def run_batch(args: argparse.Namespace) -> int:
    batch, roster_module = _classroom("batch"), _classroom("roster")
    from bmckit.cases import CASE_NAMES
    from bmckit.render.notes import MISSING_GLYPHS

    paper = paper_size(args.paper)
    if args.case and args.case.casefold() not in CASE_NAMES:
        raise UserError(f"--case: no case study {args.case!r}; bmckit has {', '.join(CASE_NAMES)}")
    try:
        roster = roster_module.read_roster(args.roster)
    except roster_module.RosterError as error:
        raise UserError(str(error)) from None
    folder = _batch_folder(args.output, force=args.force)
    try:
        batch.writable_folder(folder)
    except OSError as error:
        raise UserError(_cannot_write(folder, error)) from None
    if roster.ignored_columns:
        print(
            f"{args.roster}: not used: column{'s' if len(roster.ignored_columns) > 1 else ''} {', '.join(map(repr, roster.ignored_columns))}",
            file=sys.stderr,
        )
    for warning in roster.warnings:
        print(f"{args.roster}{f':{warning.line}' if warning.line else ''}: warning: {warning.message}", file=sys.stderr)
    try:
        with _progress("teams") as step:
            made = batch.make_batch(roster.teams, folder, paper=paper, case=(args.case or "").casefold(), progress=step)
    except OSError as error:
        raise UserError(_cannot_write(folder, error)) from None
    for (kind, note), teams in _grouped_notes(made.made).items():
        print(f"{'warning' if kind == MISSING_GLYPHS else 'note'}: {teams}: {note}", file=sys.stderr)
    count = len(made.made)
    print(
        f"wrote {count} fillable canvas{'es' if count != 1 else ''} ({paper.upper()}) to {folder}, "
        f"with {made.index_page.name} and {made.zip_file.name}",
        file=sys.stderr,
    )
    return OK


def _batch_folder(output: str, *, force: bool) -> Path:
    """The folder ``-o`` names, if bmckit may write into it: not a file, not '' (which is no folder), empty unless forced."""
    if not output.strip():
        raise UserError("-o: names no folder; give the folder to write the team canvases into (-o . for this one)")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file; -o names the folder to write the team canvases into")
    try:
        full = folder.is_dir() and any(folder.iterdir())
    except OSError as error:
        raise UserError(_cannot_write(folder, error)) from None
    if full and not force:
        raise UserError(
            f"{folder}: is not empty; choose a new folder, or add --force to write into it (files of the same name are replaced)"
        )
    return folder


def _cannot_write(folder: Path, error: OSError) -> str:
    """One line for a folder that cannot be made or written to: which path, and why in the system's words."""
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        file = next((part for part in (folder, *folder.parents) if part.is_file()), None)
        if file is not None:
            return f"{folder}: cannot make this folder: {file} is a file"
    return f"{error.filename or folder}: cannot write: {(error.strerror or str(error)).lower()}"


def run_review(args: argparse.Namespace) -> int:
    review, report = _classroom("review"), _classroom("report")
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: {'no such folder' if not folder.exists() else 'is a file; give the folder the submissions are in'}")
    output = Path(args.output)
    if output.suffix.lower() not in {".html", ".htm"}:
        raise UserError(f"{output}: the report is an HTML page; end the name in .html")
    if output.is_dir():
        raise UserError(f"{output}: is a folder; -o names the report file to write")
    grades = Path(args.csv) if args.csv else output.with_suffix(".csv")
    _may_write_review(folder, output, grades, force=args.force)
    with _progress("files") as step:
        result = review.review_folder(folder, progress=step)
    if not result.submissions:
        only = " (only entries it skips: hidden files, links, empty folders or bmckit's own outputs)" if result.skipped else ""
        raise UserError(f"{folder}: holds no files to review{only}")
    title = args.title or f"Class review: {folder.resolve().name}"
    write_output(str(output), report.report_html(result, title=title), force=True)  # refused above if it may not be replaced
    write_output(str(grades), report.grade_book(result), force=True)
    for submission in (*result.unreadable, *result.skipped):
        if not submission.problem.startswith(review.HIDDEN):  # a .DS_Store in every folder is counted, not listed
            print(f"{Path(folder, submission.file)}: {submission.status}", file=sys.stderr)
    skipped = f"; skipped {len(result.skipped)} entr{'y' if len(result.skipped) == 1 else 'ies'}" if result.skipped else ""
    print(f"scored {len(result.scored)} of {len(result.submissions)} files{skipped}; wrote {output} and {grades}", file=sys.stderr)
    return FINDINGS if result.unreadable else OK


def _may_write_review(folder: Path, output: Path, grades: Path, *, force: bool) -> None:
    """Refuse, before any file is read, to write the report or grade book where they would replace someone's work.

    Never inside the folder under review (a student's file could be overwritten, and the next review would read
    the report as a hand-in), never the report and the grade book to one file, and never over an existing file
    that is not an earlier output of bmckit review's (a grade book a teacher has typed marks into is theirs)
    unless ``force``.
    """
    import os

    from bmckit.canvas_files import why_not_a_file
    from bmckit.classroom.review import is_inside  # imported already, through _classroom, which names a missing extra
    from bmckit.overwrite_guard import why_not_replaceable

    for path in (output, grades):
        if is_inside(path, folder):
            raise UserError(f"{path}: is inside {folder}, the folder under review; write the report and grade book elsewhere")
    if os.path.realpath(output) == os.path.realpath(grades):
        raise UserError(f"{grades}: is the report's own file; name another file for the grade book with --csv")
    for path, kind in ((output, "report"), (grades, "grade-book")):
        if not os.path.lexists(path):
            continue
        why = why_not_a_file(path, kind="file")
        if why:
            raise UserError(f"{path}: {why}; name a file to write")
        reason = None if force else why_not_replaceable(path, kind)
        if reason:
            raise UserError(f"{path}: already exists and {reason}; use --force to replace it")


def _classroom(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(f"bmckit.classroom.{name}")
    except ImportError as error:
        if (error.name or "").split(".")[0] in {"jinja2", "tqdm", "reportlab", "pypdf"}:
            raise UserError(_NEEDS) from None
        raise


class _progress:
    """A progress bar on standard error, on a terminal only; yields ``step(done, total)`` for the core to call after each item."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __enter__(self) -> Callable[[int, int], None]:
        from tqdm import tqdm  # type: ignore[import-untyped]

        # The rate as so many a second even when it is less than one ("0.34 teams/s"), which tqdm would otherwise
        # turn over into seconds per item, read as "2.96s/ teams".
        shape = f"{{l_bar}}{{bar}}| {{n_fmt}}/{{total_fmt}} {self.unit} [{{elapsed}}<{{remaining}}, {{rate_noinv_fmt}}]"
        self.bar: Any = tqdm(unit=f" {self.unit}", bar_format=shape, disable=None, file=sys.stderr, leave=False, dynamic_ncols=True)

        def step(done: int, total: int) -> None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)

        return step

    def __exit__(self, *exc: object) -> None:
        self.bar.close()


def _grouped_notes(made: Any) -> dict[tuple[str, str], str]:
    """Each note once, by its kind and text, with the teams it applies to (a case that overflows a small paper says so once, not per team)."""
    teams: dict[tuple[str, str], list[str]] = {}
    for item in made:
        for note in item.notes:
            teams.setdefault((note.kind, note.text), []).append(item.team.name)
    return {note: _names(names) for note, names in teams.items()}


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")
