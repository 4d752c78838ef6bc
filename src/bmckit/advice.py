"""The relationship advisor: the six relationship types ranked for one segment, with the reasons behind each rank.

It explains; it does not decide. A segment's market type and customer value
(from the canvas) and three answers (how much personal contact customers
expect, how complex the offer is, what the business can spend per customer)
are weighed against what the knowledge base says of each type: the markets and
values it suits, its poor-fit rules, the contact it gives and what it costs.
The questions, the weights and the wording of every reason are data
(``data/knowledge/advice.toml`` and ``relationship_types.toml``); an answer
left out weighs nothing. Used by ``bmckit advise`` and the notebooks' advisor.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from bmckit import knowledge
from bmckit.model import BlockId, Item, RelationshipType
from bmckit.package_data import read_data

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from bmckit.model import Canvas, Motivation, Segment


class Question(NamedTuple):
    id: str
    prompt: str
    options: tuple[tuple[str, str], ...]
    """Each answer as (label, value), in order."""


class Answers(NamedTuple):
    """What the reader knows of a segment; ``None`` for what they do not."""

    contact: str | None = None
    complexity: str | None = None
    budget: str | None = None

    def checked(self) -> Answers:
        """The answers, each one of its question's values, or a ValueError naming the question and what it allows."""
        for question in questions():
            given = getattr(self, question.id)
            allowed = [value for _, value in question.options]
            if given is not None and given not in allowed:
                raise ValueError(f"{question.id}: {given!r} is not one of {', '.join(allowed)}")
        return self


class Reason(NamedTuple):
    text: str
    supports: bool
    """True for a reason for the type, False for one against it."""


class Ranked(NamedTuple):
    type: RelationshipType
    name: str
    rank: int
    """1 for the best fit."""
    score: float
    reasons: tuple[Reason, ...]


@cache
def _data() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(read_data("knowledge/advice.toml"))


def questions() -> tuple[Question, ...]:
    """The three questions, with their answers as (label, value)."""
    return tuple(
        Question(q["id"], q["prompt"], tuple((option["label"], option["value"]) for option in q["options"])) for q in _data()["questions"]
    )


def rank(segment: Segment, answers: Answers | None = None) -> tuple[Ranked, ...]:
    """All six types for the segment, best first; ties keep the knowledge base's order (most personal first)."""
    answers = (answers or Answers()).checked()
    scored = [(_score(info, segment, answers), index, info) for index, info in enumerate(knowledge.relationship_types())]
    scored.sort(key=lambda entry: (-entry[0][0], entry[1]))
    return tuple(
        Ranked(type=info.id, name=info.name, rank=position, score=round(score, 3), reasons=reasons)
        for position, ((score, reasons), _, info) in enumerate(scored, start=1)
    )


def advise(canvas: Canvas, answers: Mapping[str, Answers] | None = None) -> dict[str, tuple[Ranked, ...]]:
    """Each declared segment's ranking, by segment id, in the canvas's order."""
    given = answers or {}
    unknown = sorted(set(given) - {segment.id for segment in canvas.segments})
    if unknown:
        raise ValueError(f"no segment {unknown[0]!r} on the canvas; its segments are {', '.join(s.id for s in canvas.segments) or 'none'}")
    return {segment.id: rank(segment, given.get(segment.id, Answers())) for segment in canvas.segments}


def suggestion(canvas: Canvas, segment_id: str, type: RelationshipType | str, motivation: Motivation | None = None) -> Item:
    """A Customer Relationships note of this type for this segment, worded from the knowledge base."""
    segment = _segment(canvas, segment_id)
    info = knowledge.relationship_type(type)
    return Item(text=f"{info.short} for {segment.name or segment.id}", segments=(segment.id,), type=info.id, motivation=motivation)


def add_suggestion(canvas: Canvas, segment_id: str, type: RelationshipType | str, motivation: Motivation | None = None) -> Canvas:
    """The canvas with that note added to Customer Relationships (unchanged if the same note is there already)."""
    item = suggestion(canvas, segment_id, type, motivation)
    present = canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)
    if item in present:
        return canvas
    return replace(canvas, blocks={**canvas.blocks, BlockId.CUSTOMER_RELATIONSHIPS: (*present, item)})


def _segment(canvas: Canvas, segment_id: str) -> Segment:
    found = canvas.segment(segment_id)
    if found is None:
        raise ValueError(f"no segment {segment_id!r} on the canvas; its segments are {', '.join(s.id for s in canvas.segments) or 'none'}")
    return found


def _score(info: knowledge.RelationshipTypeInfo, segment: Segment, answers: Answers) -> tuple[float, tuple[Reason, ...]]:
    data = _data()
    weights, levels = data["weights"], data["levels"]
    score, reasons = 0.0, []

    def weigh(points: float, text: str) -> None:
        nonlocal score
        score += points
        if points:
            reasons.append(Reason(text, points > 0))

    if segment.market_type is not None:
        fits = segment.market_type in info.suits_market_types
        weigh(
            weights["market_fit"] if fits else weights["market_misfit"],
            f"Suits {_market(segment.market_type)}. {info.suits_summary}"
            if fits
            else f"Not usually chosen for {_market(segment.market_type)}; it suits {_list(_market(m) for m in info.suits_market_types)}.",
        )
    if segment.customer_value is not None:
        fits = segment.customer_value in info.suits_customer_value
        weigh(
            weights["value_fit"] if fits else weights["value_misfit"],
            f"Fits customers of {segment.customer_value} value."
            if fits
            else f"Customers of {segment.customer_value} value are not whom it usually serves; it suits {_list(f'{v} value' for v in info.suits_customer_value)}.",
        )
    for rule in info.poor_fits:
        if rule.applies_to(segment.market_type, segment.customer_value):
            weigh(weights["poor_fit"], rule.reason)
    if answers.contact is not None:
        steps = abs(levels[answers.contact] - levels[info.personal_contact])
        points = weights["contact"] + weights["contact_step"] * steps
        if steps == 0:
            weigh(points, f"Gives customers the personal contact they expect ({answers.contact}).")
        else:
            weigh(points, f"Gives {info.personal_contact} personal contact where customers expect {answers.contact}.")
    if answers.complexity is not None:
        fit = data["complexity"][info.id]
        weigh(fit[answers.complexity], f"For a {answers.complexity} offer: {fit['reason']}")
    if answers.budget is not None:
        over = levels[info.cost_to_serve] - levels[answers.budget]
        if over > 0:
            weigh(
                weights["budget_over"] * over,
                f"Costs more to serve each customer ({info.cost_to_serve}) than the business can spend ({answers.budget}).",
            )
        else:
            weigh(
                weights["budget_exact"] if over == 0 else weights["budget_within"],
                f"Its {info.cost_to_serve} cost per customer is within what the business can spend ({answers.budget}).",
            )
    return score, tuple(reasons)


def _market(market_type: str) -> str:
    return f"{market_type} markets"


def _list(items: Iterable[str]) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
