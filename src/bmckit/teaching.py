"""The class kit as data: exercises with their solutions, the self-check quizzes and the rubric.

Beside the knowledge base and read the same way (``data/teaching/*.toml``,
once, into read-only records), so the site's pages, the printed exercise
sheet and rubric, and ``bmckit review`` say the same thing. The figures in a
computing exercise's solution are not typed: the exercise gives its inputs
and :func:`exercise_text` fills them in from :mod:`bmckit.economics`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any, NamedTuple

from bmckit import economics, knowledge
from bmckit.package_data import read_data

PARTS = ("canvas", "relationships", "motivations", "measuring", "cases")
"""The parts of the site exercises and quizzes belong to, in the site's order."""
KINDS = ("classify", "design", "compute", "critique", "explain")


class MetricTask(NamedTuple):
    """A metric an exercise asks for, with its inputs keyed by the metric's variable names."""

    id: str
    inputs: dict[str, float]


class Exercise(NamedTuple):
    id: str
    title: str
    part: str
    kind: str
    topics: tuple[str, ...]
    minutes: int
    prompt: str
    """Markdown, with ``{placeholders}`` for computed figures (see :func:`exercise_text`)."""
    solution: str
    scenario: economics.Scenario | None
    currency: str
    metrics: tuple[MetricTask, ...]


class Option(NamedTuple):
    text: str
    correct: bool
    why: str


class Question(NamedTuple):
    id: str
    text: str
    explanation: str
    options: tuple[Option, ...]


class Quiz(NamedTuple):
    part: str
    title: str
    intro: str
    questions: tuple[Question, ...]


class Criterion(NamedTuple):
    id: str
    name: str
    question: str
    descriptors: tuple[str, ...]
    """One per level, from 0 points up."""
    measure: str | None
    """What ``bmckit review`` measures to score it, or None for the teacher's judgement."""
    thresholds: tuple[float, ...]
    """For a measure that should be high: the least value for 1, 2, 3 points."""
    most: tuple[float, ...]
    """For a measure that should be low (findings): the most allowed for 1, 2, 3 points."""


class Rubric(NamedTuple):
    title: str
    intro: str
    levels: tuple[str, ...]
    criteria: tuple[Criterion, ...]

    @property
    def top(self) -> int:
        """The points of the best level."""
        return len(self.levels) - 1


def _read(name: str) -> Any:
    return tomllib.loads(read_data(f"teaching/{name}.toml"))


@cache
def exercises() -> tuple[Exercise, ...]:
    return tuple(_exercise(raw) for raw in _read("exercises")["exercise"])


def exercise(exercise_id: str) -> Exercise:
    return next(item for item in exercises() if item.id == exercise_id)


def _exercise(raw: dict[str, Any]) -> Exercise:
    scenario = raw.get("scenario")
    return Exercise(
        id=raw["id"],
        title=raw["title"],
        part=raw["part"],
        kind=raw["kind"],
        topics=tuple(raw.get("topics", ())),
        minutes=int(raw.get("minutes", 10)),
        prompt=raw["prompt"].strip(),
        solution=raw["solution"].strip(),
        scenario=economics.Scenario(**{k: float(v) for k, v in scenario.items() if k != "currency"}) if scenario else None,
        currency=scenario.get("currency", "£") if scenario else "£",
        metrics=tuple(MetricTask(task["id"], {k: float(v) for k, v in task["inputs"].items()}) for task in raw.get("metric", ())),
    )


def exercise_text(item: Exercise, text: str) -> str:
    """``text`` (the exercise's prompt or solution) with its placeholders replaced by the figures bmckit computes."""
    return text.format_map(figures(item)) if "{" in text else text


def figures(item: Exercise) -> dict[str, str]:
    """Every figure an exercise's text may name, formatted as the site writes figures."""
    values: dict[str, str] = {}
    if item.scenario:
        money = _money(item.currency)
        scenario, results = item.scenario, economics.evaluate(item.scenario)
        values.update(
            average_purchase_value=money(scenario.average_purchase_value),
            purchases_per_year=f"{scenario.purchases_per_year:g}",
            gross_margin=_percent(scenario.gross_margin),
            retention=_percent(scenario.retention),
            discount_rate=_percent(scenario.discount_rate),
            cac=money(scenario.cac),
            annual_margin=money(results.annual_margin),
            monthly_margin=money(results.monthly_margin),
            expected_lifetime_years=f"{results.expected_lifetime_years:.1f}",
            clv=money(results.clv),
            clv_cac_ratio=f"{results.clv_cac_ratio:.1f}",
            payback_months=f"{results.payback_months:.1f}",
            more_retention=_percent(results.more_retention),
            clv_with_more_retention=money(results.clv_with_more_retention),
            retention_uplift_percent=f"{results.retention_uplift_percent:.0f}%",
        )
    for task in item.metrics:
        metric = knowledge.metric(task.id)
        values[task.id] = knowledge.format_value(economics.metric_value(task.id, task.inputs), metric.unit)
    return values


def _money(currency: str) -> Any:
    return lambda value: f"{currency}{value:,.2f}".removesuffix(".00")


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.4g}%"


@cache
def quizzes() -> tuple[Quiz, ...]:
    return tuple(
        Quiz(
            raw["part"],
            raw["title"],
            raw.get("intro", ""),
            tuple(
                Question(q["id"], q["text"], q["explanation"], tuple(Option(o["text"], bool(o["correct"]), o["why"]) for o in q["option"]))
                for q in raw["question"]
            ),
        )
        for raw in _read("quiz")["quiz"]
    )


def quiz(part: str) -> Quiz:
    found = next((item for item in quizzes() if item.part == part), None)
    if found is None:
        raise KeyError(f"no quiz for part {part!r}; the quizzes are for {', '.join(q.part for q in quizzes())}")
    return found


@cache
def rubric() -> Rubric:
    raw = _read("rubric")
    criteria = tuple(
        Criterion(
            c["id"],
            c["name"],
            c["question"],
            tuple(c["descriptors"]),
            c.get("measure"),
            tuple(float(v) for v in c.get("thresholds", ())),
            tuple(float(v) for v in c.get("most", ())),
        )
        for c in raw["criterion"]
    )
    return Rubric(raw["title"], raw["intro"], tuple(raw["levels"]), criteria)
