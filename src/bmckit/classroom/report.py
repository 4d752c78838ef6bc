"""The class report (one self-contained HTML file) and the grade book (CSV) from a review, and both known again.

The report opens from an e-mail attachment: styles inline, the chart of the
relationship types the class chose drawn as inline SVG, nothing fetched. The
grade book has a row per file and a column per criterion, the teacher's
criteria left blank to fill in.

Each carries a mark of its maker, so that bmckit knows its own outputs: a run
of ``bmckit review`` may replace its earlier report and a grade book nobody
has typed into (see :mod:`bmckit.overwrite_guard`), and passes over either
when it finds one among the hand-ins. The report says so in a generator meta
tag; the grade book in its header row, written as bmckit writes every row.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from bmckit import knowledge, teaching
from bmckit.classroom.pages import render_page
from bmckit.model import RelationshipType
from bmckit.render.chart import Bar, bar_chart

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bmckit.classroom.review import Review

GENERATOR = "bmckit review"
"""The report's ``<meta name="generator">``: how bmckit knows a report of its own."""
MOST_FINDINGS = 50
"""Findings listed per team in the report; the rest are counted (``bmckit check FILE`` lists them all)."""
LONGEST_TEXT = 1000
"""Characters of a team's name or members the report shows; a longer one is cut short (the grade book has it whole)."""
GRADE_BOOK_START = ("team", "members", "file", "status")
"""The first columns of the grade book's header row; the rubric's criteria and the totals follow."""

SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
"""A cell starting with one of these would run as a formula in a spreadsheet (OWASP's list, with the line feed)."""
_FORMULA_AT_START = re.compile(r"^(?= *[=+\-@])")
_AFTER_SEPARATOR = re.compile(r"([,;])(?= *[=+\-@\"]| *$)")
"""A separator a spreadsheet may split on, before what would start a formula or a quoted cell there, or at the end
(spaces between count for nothing: a spreadsheet may trim them)."""
_REPORT_MARK = re.compile(rf'<meta name="generator" content="{re.escape(GENERATOR)}"')
_BATCH_INDEX_MARK = re.compile(r'<meta name="generator" content="bmckit batch">')


def report_html(review: Review, *, title: str = "Class review") -> str:
    """The class report: a summary table, the chart of types chosen, each team's scores and findings, what was not scored and what was skipped."""
    chosen = [(knowledge.relationship_type(kind).name, count) for kind, count in types_chosen(review)]
    scored = len(review.scored)
    chart = bar_chart(
        [Bar(name, count, f"{count} of {scored}") for name, count in chosen],
        title="Relationship types the class chose",
        described="How many of the scored canvases use each of the six relationship types: "
        + "; ".join(f"{name}: {count} of {scored}" for name, count in chosen),
        prefix="types-",
    )
    return render_page(
        "review-report.html",
        title=title,
        review=review,
        rubric=teaching.rubric(),
        chart=chart,
        chosen=chosen,
        generator=GENERATOR,
        most_findings=MOST_FINDINGS,
        longest_text=LONGEST_TEXT,
    )


def types_chosen(review: Review) -> list[tuple[RelationshipType, int]]:
    """How many scored canvases use each relationship type, in the knowledge base's order."""
    return [(kind, sum(kind in s.assessment.types_used for s in review.scored if s.assessment)) for kind in RelationshipType]


def grade_book(review: Review) -> str:
    """The review as CSV for a spreadsheet or a learning platform's grade book: one row per file, points per criterion.

    Written with a byte-order mark so Excel reads accented names. Every cell is
    quoted and safe to open: whatever a team typed cannot become a formula in
    a spreadsheet, whichever of ``,`` ``;`` or tab it splits the lines on (see
    :func:`spreadsheet_safe`).
    """
    rubric = teaching.rubric()
    automatic = [c for c in rubric.criteria if c.measure]
    teacher = [c for c in rubric.criteria if not c.measure]
    rows: list[list[str]] = [grade_book_header()]
    for s in review.submissions:
        if s.assessment is None:
            row: list[object] = [s.team, s.members, s.file, s.status, *([""] * len(automatic)), "", "", *([""] * len(teacher)), ""]
        else:
            points = {score.criterion.id: score.points for score in s.assessment.scores}
            row = [
                s.team,
                s.members,
                s.file,
                s.status,
                *(points[c.id] for c in automatic),
                s.assessment.points,
                s.assessment.out_of,
                *([""] * len(teacher)),
                len(s.assessment.findings),
            ]
        rows.append([spreadsheet_safe(cell) if isinstance(cell, str) else str(cell) for cell in row])
    return "\ufeff" + _csv_text(rows)


def grade_book_header() -> list[str]:
    """The grade book's header row for the rubric bmckit has."""
    rubric = teaching.rubric()
    automatic = [c.id for c in rubric.criteria if c.measure]
    teacher = [c.id for c in rubric.criteria if not c.measure]
    return [*GRADE_BOOK_START, *automatic, "automatic points", "automatic out of", *teacher, "findings"]


def spreadsheet_safe(text: str) -> str:
    """``text`` as a grade-book cell no spreadsheet runs as a formula, following OWASP's advice on CSV injection.

    A spreadsheet that splits lines on another separator than the file's (``;`` in much of Europe) starts a cell
    after any ``,`` or ``;`` inside one, so a ``'`` goes before a formula's first character (``= + - @``) at the
    start of the text and after either separator, and after a separator ending the text or followed by a quote
    (which would open a quoted cell running into the next one), spaces between counting for nothing. Line breaks
    and tabs become spaces: a grade book's cell is one line, and a tab is a separator too.
    """
    text = text.replace("\r\n", " ").translate({ord("\r"): " ", ord("\n"): " ", ord("\t"): " "})
    return _AFTER_SEPARATOR.sub(r"\1'", _FORMULA_AT_START.sub("'", text))


def _csv_text(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def is_report_head(head: str) -> bool:
    """True when ``head``, the start of an HTML file, is a class report bmckit review wrote."""
    return _REPORT_MARK.search(head) is not None


def is_batch_index_head(head: str) -> bool:
    """True when ``head``, the start of an HTML file, is the index page bmckit batch wrote beside the team canvases."""
    return _BATCH_INDEX_MARK.search(head) is not None


def is_grade_book_head(head: str) -> bool:
    """True when ``head``, the start of a CSV file, is a grade book bmckit review wrote (for any rubric)."""
    first = head.removeprefix("\ufeff").split("\r\n", 1)[0]
    cells = next(csv.reader([first]), [])
    return tuple(cells[: len(GRADE_BOOK_START)]) == GRADE_BOOK_START and cells[-1:] == ["findings"]


def is_untouched_grade_book(data: bytes) -> bool:
    """True when ``data`` is a grade book as bmckit review wrote it, for this rubric, with nothing typed into it since.

    That is: the byte-order mark, bmckit's header row, every row written exactly as bmckit writes rows (every cell
    quoted, Windows line ends), and the teacher's columns still empty. A grade book opened and saved in a
    spreadsheet, or with marks typed in, is the teacher's.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not text.startswith("\ufeff"):
        return False
    try:
        rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    except csv.Error:
        return False
    header = grade_book_header()
    if not rows or rows[0] != header or _csv_text(rows) != text[1:]:
        return False
    teacher = [index for index, name in enumerate(header) if name in {c.id for c in teaching.rubric().criteria if not c.measure}]
    return all(len(row) == len(header) and not any(row[index] for index in teacher) for row in rows[1:])
