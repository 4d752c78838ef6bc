"""A submitted canvas scored against the rubric's automatic criteria.

Each automatic criterion names a measure; this module measures it on the
canvas (blocks filled, segments with a typed relationship, poor-fit and
other consistency findings from :mod:`bmckit.check`, metrics named) and turns
the value into points with the rubric's thresholds. Every score carries the
measurement in words, so a team can see why it got what it got. Criteria
without a measure are the teacher's and stay unscored.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from bmckit import knowledge, teaching
from bmckit.check import Finding, check
from bmckit.model import BlockId, RelationshipType

if TYPE_CHECKING:
    from collections.abc import Callable

    from bmckit.model import Canvas
    from bmckit.teaching import Criterion

POOR_FIT = "poor-fit"


class Measurement(NamedTuple):
    value: float
    detail: str
    """What was measured, in words."""
    floor: bool = False
    """True when the measure cannot apply (no typed relationship to judge), which scores 0 whatever the value."""


class Score(NamedTuple):
    criterion: Criterion
    points: int | None
    """None for a criterion the teacher scores."""
    detail: str


class Assessment(NamedTuple):
    scores: tuple[Score, ...]
    findings: tuple[Finding, ...]
    types_used: tuple[RelationshipType, ...]
    """The relationship types the canvas declares, in the knowledge base's order."""

    @property
    def points(self) -> int:
        return sum(score.points or 0 for score in self.scores)

    @property
    def out_of(self) -> int:
        top = teaching.rubric().top
        return sum(top for score in self.scores if score.points is not None)


def assess(canvas: Canvas) -> Assessment:
    """The canvas's scores on every criterion of the rubric, its findings and the relationship types it uses."""
    findings = tuple(check(canvas))
    scores = tuple(_score(criterion, canvas, findings) for criterion in teaching.rubric().criteria)
    declared = {item.type for item in canvas.items(BlockId.CUSTOMER_RELATIONSHIPS) if item.type}
    return Assessment(scores, findings, tuple(t for t in RelationshipType if t in declared))


def _score(criterion: Criterion, canvas: Canvas, findings: tuple[Finding, ...]) -> Score:
    if criterion.measure is None:
        return Score(criterion, None, "for the teacher to judge")
    measured = MEASURES[criterion.measure](canvas, findings)
    if measured.floor:
        return Score(criterion, 0, measured.detail)
    if criterion.thresholds:
        points = sum(measured.value >= least - 1e-9 for least in criterion.thresholds)
    else:
        points = sum(measured.value <= most for most in criterion.most)
    return Score(criterion, points, measured.detail)


def _blocks_filled(canvas: Canvas, findings: tuple[Finding, ...]) -> Measurement:
    empty = [knowledge.block(block).title.lower() for block, items in canvas.blocks.items() if not items]
    filled = len(BlockId) - len(empty)
    detail = f"{filled} of {len(BlockId)} blocks filled" + (f"; empty: {', '.join(empty)}" if empty else "")
    return Measurement(filled / len(BlockId), detail)


def _segments_with_relationship(canvas: Canvas, findings: tuple[Finding, ...]) -> Measurement:
    if not canvas.segments:
        return Measurement(0.0, "no customer segments declared")
    typed = [item for item in canvas.items(BlockId.CUSTOMER_RELATIONSHIPS) if item.type]
    without = [segment.name for segment in canvas.segments if not any(item.serves(segment.id) for item in typed)]
    covered = len(canvas.segments) - len(without)
    detail = f"{covered} of {len(canvas.segments)} segments have a typed relationship"
    return Measurement(covered / len(canvas.segments), detail + (f"; without one: {', '.join(without)}" if without else ""))


def _poor_fit_findings(canvas: Canvas, findings: tuple[Finding, ...]) -> Measurement:
    if not any(item.type for item in canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)):
        return Measurement(0.0, "no relationship has a type, so there is no fit to judge", floor=True)
    count = sum(finding.rule == POOR_FIT for finding in findings)
    return Measurement(count, f"{count} poor-fit finding{'' if count == 1 else 's'}")


def _consistency_findings(canvas: Canvas, findings: tuple[Finding, ...]) -> Measurement:
    if next(canvas.all_items(), None) is None:  # no findings because there is nothing to find them in
        return Measurement(0.0, "nothing is written on the canvas, so there is no story to judge", floor=True)
    count = sum(finding.rule != POOR_FIT for finding in findings)
    return Measurement(count, f"{count} other consistency finding{'' if count == 1 else 's'}")


def _metrics_named(canvas: Canvas, findings: tuple[Finding, ...]) -> Measurement:
    text = "\n".join([canvas.header.notes, *(item.text for _, _, item in canvas.all_items())])
    named = sorted({abbreviation for abbreviation, pattern in _metric_patterns() if pattern.search(text)})
    detail = f"metrics named: {', '.join(named)}" if named else "no metric named"
    return Measurement(len(named), detail)


@cache
def _metric_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """For each metric, a pattern for any name people write it by; metrics sharing an abbreviation (CLV) count once."""
    patterns = []
    for metric in knowledge.metrics():
        names = sorted({metric.abbreviation, metric.name, *metric.also_called}, key=len, reverse=True)
        alternatives = "|".join(re.escape(name) for name in names)
        patterns.append((metric.abbreviation, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return tuple(patterns)


MEASURES: dict[str, Callable[[Canvas, tuple[Finding, ...]], Measurement]] = {
    "blocks_filled": _blocks_filled,
    "segments_with_relationship": _segments_with_relationship,
    "poor_fit_findings": _poor_fit_findings,
    "consistency_findings": _consistency_findings,
    "metrics_named": _metrics_named,
}
"""The measures the rubric's criteria may name."""
