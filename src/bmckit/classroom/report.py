"""The class report (one self-contained HTML file) and the grade book (CSV) from a review.

The report opens from an e-mail attachment: styles inline, the chart of the
relationship types the class chose drawn as inline SVG, nothing fetched. The
grade book has a row per file and a column per criterion, the teacher's
criteria left blank to fill in.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from bmckit import knowledge, teaching
from bmckit.classroom.pages import render_page
from bmckit.model import RelationshipType
from bmckit.render.chart import Bar, bar_chart

if TYPE_CHECKING:
    from bmckit.classroom.review import Review

SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")
"""A grade-book cell starting with one of these would run as a formula in a spreadsheet; it is written with a leading '."""


def report_html(review: Review, *, title: str = "Class review") -> str:
    """The class report: a summary table, the chart of types chosen, each team's scores and findings, and what could not be read."""
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
    )


def types_chosen(review: Review) -> list[tuple[RelationshipType, int]]:
    """How many scored canvases use each relationship type, in the knowledge base's order."""
    return [(kind, sum(kind in s.assessment.types_used for s in review.scored if s.assessment)) for kind in RelationshipType]


def grade_book(review: Review) -> str:
    """The review as CSV for a spreadsheet or a learning platform's grade book: one row per file, points per criterion.

    Written with a byte-order mark so Excel reads accented names, and with
    any cell that a spreadsheet would take for a formula made plain text.
    """
    rubric = teaching.rubric()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    automatic = [c for c in rubric.criteria if c.measure]
    teacher = [c for c in rubric.criteria if not c.measure]
    writer.writerow(
        [
            "team",
            "members",
            "file",
            "status",
            *(c.id for c in automatic),
            "automatic points",
            "automatic out of",
            *(c.id for c in teacher),
            "findings",
        ]
    )
    for s in review.submissions:
        row: list[object]
        if s.assessment is None:
            row = [s.team, s.members, s.file, f"not scored: {s.problem}", *([""] * len(automatic)), "", "", *([""] * len(teacher)), ""]
        else:
            points = {score.criterion.id: score.points for score in s.assessment.scores}
            row = [
                s.team,
                s.members,
                s.file,
                "scored",
                *(points[c.id] for c in automatic),
                s.assessment.points,
                s.assessment.out_of,
                *([""] * len(teacher)),
                len(s.assessment.findings),
            ]
        writer.writerow([_plain(cell) for cell in row])
    return "\ufeff" + out.getvalue()


def _plain(cell: object) -> object:
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(SPREADSHEET_FORMULA) else cell
