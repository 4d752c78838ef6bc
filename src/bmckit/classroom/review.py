"""A folder of what a class handed in, read and scored: the class report and the grade book.

Submissions are canvas files (YAML, JSON) and filled fillable PDFs, in the
folder or in folders below it, as learning platforms lay out a bulk download.
Every file is accounted for: scored, or listed with the reason it could not be
(not a canvas, damaged, a form nobody typed into). Only hidden and system
files (``.DS_Store``, ``__MACOSX``) are passed over, and the report counts them.
Files are read on every core (:mod:`~bmckit.classroom.parallel`); a class of 300 takes seconds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bmckit.canvas_files import FORMATS, CanvasFileError
from bmckit.classroom.parallel import each_done
from bmckit.classroom.score import Assessment, assess

if TYPE_CHECKING:
    from collections.abc import Callable

UNTOUCHED = "the form is as it was handed out: nothing has been typed into it"


class Submission(NamedTuple):
    file: str
    """The path below the reviewed folder."""
    team: str
    """The canvas's title, or the file's name when it could not be read."""
    members: str
    problem: str
    """Why the file could not be scored; empty when it was."""
    notes: tuple[str, ...]
    assessment: Assessment | None


class Review(NamedTuple):
    folder: str
    submissions: tuple[Submission, ...]
    passed_over: tuple[str, ...]
    """Hidden and system files, not read."""

    @property
    def scored(self) -> tuple[Submission, ...]:
        return tuple(s for s in self.submissions if s.assessment is not None)

    @property
    def unreadable(self) -> tuple[Submission, ...]:
        return tuple(s for s in self.submissions if s.assessment is None)


def review_folder(folder: str | Path, *, progress: Callable[[int, int], None] | None = None) -> Review:
    """Every submission below ``folder``, read and scored, in file-name order; ``progress(done, total)`` after each."""
    root = Path(folder)
    candidates, passed_over = _files(root)
    jobs = [(str(root), relative) for relative in candidates]
    submissions = []
    for submission in each_done(_review_one, jobs):
        submissions.append(submission)
        if progress:
            progress(len(submissions), len(jobs))
    return Review(str(folder), tuple(submissions), tuple(passed_over))


def _files(root: Path) -> tuple[list[str], list[str]]:
    if not root.is_dir():
        raise NotADirectoryError(str(root))
    candidates: list[str] = []
    passed_over: list[str] = []
    for directory, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            relative = os.path.relpath(os.path.join(directory, name), root)
            hidden = any(part.startswith(".") or part == "__MACOSX" for part in Path(relative).parts)
            (passed_over if hidden or name in {"Thumbs.db", "desktop.ini"} else candidates).append(relative)
    return candidates, passed_over


def _review_one(job: tuple[str, str]) -> Submission:
    root, relative = job
    path = os.path.join(root, relative)
    suffix = os.path.splitext(relative)[1].lower()
    stem = Path(relative).stem
    if suffix not in FORMATS and suffix != ".pdf":
        return Submission(
            relative, stem, "", f"not a canvas file ({suffix or 'no suffix'}); hand in .yaml, .json or the filled .pdf", (), None
        )
    notes: list[str] = []
    try:
        if suffix == ".pdf":
            from bmckit.render.pdf import forms, read_back

            if forms.form_is_untouched(path):  # scoring it would mark the handed-out starter, not the team's work
                return Submission(relative, stem, "", UNTOUCHED, (), None)
            canvas, notes = read_back.read_with_notes(path)
        else:
            from bmckit import canvas_files

            canvas = canvas_files.load(path)
    except CanvasFileError as error:
        reasons = "; ".join(_without_source(str(problem), path) for problem in error.problems)
        return Submission(relative, stem, "", reasons, (), None)
    except OSError as error:
        return Submission(relative, stem, "", f"cannot be read: {error.strerror or error}", (), None)
    return Submission(relative, canvas.title, canvas.header.designed_by, "", tuple(notes), assess(canvas))


def _without_source(problem: str, path: str) -> str:
    """A problem as the report shows it beside the file's name: "line 12: …" rather than the path again."""
    if not problem.startswith(f"{path}:"):
        return problem
    rest = problem.removeprefix(f"{path}:")
    line, _, message = rest.partition(": ")
    return f"line {line}: {message}" if line.isdigit() else rest.lstrip(" ")
