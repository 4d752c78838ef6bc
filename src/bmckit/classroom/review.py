"""A folder of what a class handed in, read and scored: the class report and the grade book.

Submissions are canvas files (YAML, JSON) and filled fillable PDFs, in the
folder or in folders below it, as learning platforms lay out a bulk download.
Every entry of the folder is accounted for, in the report and on the terminal:

- *scored*;
- *not scored*, with the reason: not a canvas file, a canvas with problems, a form nobody typed into;
- *could not be read*, with the reason: damaged, too large, a named pipe or a device rather than a file,
  or whatever else reading it did;
- *skipped*, with the reason: hidden and system files (``.DS_Store``, ``__MACOSX``), links to folders or to
  files outside the folder (not followed), empty folders, and bmckit's own outputs (an earlier report or
  grade book, a batch's index page and zip).

A class hands in whatever it hands in, so each file is read on its own: whatever one file does (an
exception, a reader's limit, a RecursionError or MemoryError, a worker process that dies, a read that runs
past :data:`READ_SECONDS`) is that file's reason, and the rest of the class is scored. Files are read on
every core (:mod:`~bmckit.classroom.parallel`); a class of 300 takes seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from bmckit.canvas_files import FORMATS, CanvasFileError, UnreadableFile, why_not_a_file
from bmckit.classroom.parallel import WorkerDied, each_done
from bmckit.classroom.score import Assessment, assess

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from bmckit.model import Canvas

SCORED, NOT_SCORED, UNREADABLE, SKIPPED = "scored", "not scored", "could not be read", "skipped"
"""What was done with an entry of the folder."""
UNTOUCHED = "the form is as it was handed out: nothing has been typed into it"
SYSTEM_NAMES = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
"""Entries operating systems and zip tools add (and any name starting with a dot)."""
HIDDEN = "a hidden or system"
"""How the reason for skipping a hidden or system file or folder starts."""
READ_SECONDS = 10
"""How long one file may take to read and score. A class's canvas takes a few hundredths of a second; the worst file
bmckit's size limits let through takes about 4 s; this stops whatever else a file might do."""
MOST_SEGMENTS, MOST_NOTES = 50, 500
"""The largest canvas scored: a case study declares 3 to 5 segments and about 40 notes. Checking relates every
relationship to every segment, so a canvas of thousands of each would take minutes and fill the report."""
MOST_PROBLEMS = 5
"""Problems named per file; the rest are counted (``bmckit validate FILE`` lists them all)."""
_HEAD = 64 * 1024
"""Bytes read from an HTML or CSV file to know it for bmckit's own output."""


class Submission(NamedTuple):
    """One entry of the reviewed folder and what was done with it."""

    file: str
    """The path below the reviewed folder; a folder's ends in ``/``."""
    team: str
    """The canvas's title, or the file's name when it was not scored."""
    members: str
    problem: str
    """Why the entry was not scored, could not be read or was skipped; empty when it was scored."""
    notes: tuple[str, ...]
    assessment: Assessment | None
    outcome: str = SCORED
    """:data:`SCORED`, :data:`NOT_SCORED`, :data:`UNREADABLE` or :data:`SKIPPED`."""

    @property
    def status(self) -> str:
        """What was done with it, in words: "scored", "could not be read: it is a named pipe, not a file", …"""
        return self.outcome if self.outcome == SCORED else f"{self.outcome}: {self.problem}"


class Review(NamedTuple):
    folder: str
    entries: tuple[Submission, ...]
    """Every entry of the folder, in the order it was walked."""

    @property
    def submissions(self) -> tuple[Submission, ...]:
        """The files handed in: scored, not scored or unreadable (all but the skipped)."""
        return tuple(s for s in self.entries if s.outcome != SKIPPED)

    @property
    def scored(self) -> tuple[Submission, ...]:
        return tuple(s for s in self.entries if s.assessment is not None)

    @property
    def unreadable(self) -> tuple[Submission, ...]:
        """The files handed in that were not scored, whether read or not."""
        return tuple(s for s in self.entries if s.outcome in {NOT_SCORED, UNREADABLE})

    @property
    def skipped(self) -> tuple[Submission, ...]:
        return tuple(s for s in self.entries if s.outcome == SKIPPED)


def review_folder(folder: str | Path, *, progress: Callable[[int, int], None] | None = None) -> Review:
    """Every entry below ``folder``, each file read and scored, in the walk's order; ``progress(done, total)`` after each file."""
    root = Path(folder)
    walked = _walk(root)
    jobs = [(str(root), entry) for entry in walked if isinstance(entry, str)]
    done = each_done(_review_one, jobs, failed=_could_not_read)
    entries: list[Submission] = []
    read = 0
    for entry in walked:
        if isinstance(entry, Submission):
            entries.append(entry)
            continue
        entries.append(next(done))
        read += 1
        if progress:
            progress(read, len(jobs))
    return Review(str(folder), tuple(entries))


def _walk(root: Path) -> list[Submission | str]:
    """The folder's entries, top down as ``os.walk`` goes: a file's path to read, or what was done with an entry not read.

    Links are not followed into folders (a link may lead back up, or anywhere), nor out of the folder to files.
    """
    if not root.is_dir():
        raise NotADirectoryError(str(root))
    inside = os.path.realpath(root)
    walked: list[Submission | str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(root / folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            walked.append(_not_read(f"{folder}/", UNREADABLE, f"the folder cannot be opened: {reason}"))
            continue
        if folder and not entries:
            walked.append(_not_read(f"{folder}/", SKIPPED, "an empty folder: nothing handed in"))
        below: list[str] = []
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            skipped = _why_skipped(entry, inside)
            if skipped:
                walked.append(_not_read(relative + ("/" if _is_folder(entry) else ""), SKIPPED, skipped))
            elif entry.is_dir(follow_symlinks=False):
                below.append(relative)
            else:
                walked.append(relative)
        folders.extend(reversed(below))
    return walked


def _why_skipped(entry: os.DirEntry[str], inside: str) -> str | None:
    hidden = entry.name.startswith(".") or entry.name in SYSTEM_NAMES
    if hidden:
        return f"{HIDDEN} {'folder' if _is_folder(entry) else 'file'}"
    if not entry.is_symlink():
        return None
    target = os.path.realpath(entry.path)
    if os.path.isdir(target):
        return "a link to a folder: not followed; put the folder itself here to review it"
    if not is_inside(target, inside):
        return f"a link to {target}, outside the folder: not read; copy the file here to review it"
    return None  # a link to a file in the folder is read where it leads, as a file


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """True when ``path`` is ``folder`` or anything below it, links followed (no path below ``folder`` is written to or from)."""
    real, within = os.path.realpath(path), os.path.realpath(folder)
    try:
        return os.path.commonpath([real, within]) == within
    except ValueError:  # on two drives (Windows): not inside
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _review_one(job: tuple[str, str]) -> Submission:
    root, relative = job
    try:
        with _time_limit(READ_SECONDS):
            return _read_and_score(os.path.join(root, relative), relative)
    except _TookTooLong:
        return _not_read(relative, UNREADABLE, f"reading and scoring it took longer than {READ_SECONDS} s, so it was stopped")


def _could_not_read(job: tuple[str, str], error: Exception) -> Submission:
    """Whatever reading one file raised, as that file's reason."""
    if isinstance(error, RecursionError):
        reason = "it is nested too deeply to read"
    elif isinstance(error, MemoryError):
        reason = "reading it needed more memory than there is"
    elif isinstance(error, WorkerDied):
        reason = f"reading it stopped the reader: {error}"
    else:
        words = (str(error).strip().splitlines() or [""])[0]
        reason = f"reading it failed ({type(error).__name__}{': ' + _shortened(words) if words else ''})"
    return _not_read(job[1], UNREADABLE, reason)


def _read_and_score(path: str, relative: str) -> Submission:
    suffix = os.path.splitext(relative)[1].lower()
    own = _own_output(path, suffix)
    if own:
        return _not_read(relative, SKIPPED, f"{own}, not a hand-in")
    if suffix not in FORMATS and suffix != ".pdf":
        return _not_read(relative, NOT_SCORED, f"not a canvas file ({suffix or 'no suffix'}); hand in .yaml, .json or the filled .pdf")
    notes: list[str] = []
    try:
        if suffix == ".pdf":
            from bmckit.render.pdf import forms, read_back

            if forms.form_is_untouched(path):  # scoring it would mark the handed-out starter, not the team's work
                return _not_read(relative, NOT_SCORED, UNTOUCHED)
            canvas, notes = read_back.read_with_notes(path)
        else:
            from bmckit import canvas_files

            canvas = canvas_files.load(path)
    except CanvasFileError as error:
        return _not_read(relative, UNREADABLE if isinstance(error, UnreadableFile) else NOT_SCORED, _reasons(error, path))
    too_large = _too_large_to_score(canvas)
    if too_large:
        return _not_read(relative, NOT_SCORED, too_large)
    return Submission(relative, canvas.title, canvas.header.designed_by, "", tuple(notes), assess(canvas))


def _not_read(relative: str, outcome: str, problem: str) -> Submission:
    return Submission(relative, Path(relative.rstrip("/")).stem, "", problem, (), None, outcome)


def _reasons(error: CanvasFileError, path: str) -> str:
    shown = [_shortened(_without_source(str(problem), path)) for problem in error.problems[:MOST_PROBLEMS]]
    more = len(error.problems) - len(shown)
    return "; ".join(shown) + (f"; and {more} more (bmckit validate lists them all)" if more else "")


def _too_large_to_score(canvas: Canvas) -> str | None:
    notes = sum(1 for _ in canvas.all_items())
    if len(canvas.segments) <= MOST_SEGMENTS and notes <= MOST_NOTES:
        return None
    return (
        f"too large to score: {len(canvas.segments)} segments and {notes} notes; "
        f"bmckit review scores canvases of at most {MOST_SEGMENTS} segments and {MOST_NOTES} notes"
    )


def _own_output(path: str, suffix: str) -> str | None:
    """What bmckit output the file at ``path`` is (an earlier report, a grade book, a batch's page or zip), or None."""
    if suffix not in {".html", ".htm", ".csv", ".zip"} or why_not_a_file(path, kind="file"):
        return None
    from bmckit.classroom import report

    if suffix == ".zip":
        return "the zip of team canvases bmckit batch wrote" if _is_batch_zip(path) else None
    with _opened(path) as stream:
        head = stream.read(_HEAD).decode("utf-8", errors="replace")
    if suffix == ".csv":
        return "a grade book bmckit review wrote" if report.is_grade_book_head(head) else None
    if report.is_report_head(head):
        return "a class report bmckit review wrote"
    return "the index page bmckit batch wrote" if report.is_batch_index_head(head) else None


def _is_batch_zip(path: str) -> bool:
    import zipfile

    from bmckit.classroom.batch import INDEX, ZIP_NAME

    if os.path.basename(path) != ZIP_NAME:
        return False
    try:
        with _opened(path) as stream, zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    return INDEX in names and all(name == INDEX or name.lower().endswith(".pdf") for name in names)


@contextlib.contextmanager
def _opened(path: str) -> Iterator[BinaryIO]:
    """A regular file opened for reading without waiting (a named pipe put in its place would otherwise block)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path}: not a regular file")
        yield stream


class _TookTooLong(BaseException):
    """Raised in the middle of reading a file that takes too long; a BaseException, so no reader's ``except Exception`` swallows it."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop what runs inside after ``seconds`` with :class:`_TookTooLong`, where the system has interval timers.

    A timer signal reaches only the main thread; elsewhere (and on Windows) the work runs unbounded in time,
    held by the size limits alone. A timer someone else had set is set again afterwards.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise _TookTooLong

    previous = signal.signal(signal.SIGALRM, stop)
    earlier, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:
            signal.setitimer(signal.ITIMER_REAL, earlier)


def _shortened(text: str, most: int = 300) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _without_source(problem: str, path: str) -> str:
    """A problem as the report shows it beside the file's name: "line 12: …" rather than the path again."""
    if not problem.startswith(f"{path}:"):
        return problem
    rest = problem.removeprefix(f"{path}:")
    line, _, message = rest.partition(": ")
    return f"line {line}: {message}" if line.isdigit() else rest.lstrip(" ")
