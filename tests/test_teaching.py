"""The class kit's data: exercises, quizzes and the rubric are complete, consistent, and computed where they can be."""

from __future__ import annotations

import re
import string

import pytest

from bmckit import economics, knowledge, teaching
from bmckit.cases import CASE_NAMES
from bmckit.classroom.score import MEASURES
from bmckit.model import BlockId, Motivation, RelationshipType

EXERCISES = teaching.exercises()
KNOWN_TOPICS = {*map(str, BlockId), *map(str, RelationshipType), *map(str, Motivation), *(m.id for m in knowledge.metrics()), *CASE_NAMES}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_at_least_fifteen_exercises_across_every_part_and_the_kinds_the_kit_promises() -> None:
    assert len(EXERCISES) >= 15
    assert {item.part for item in EXERCISES} == set(teaching.PARTS)
    assert {"classify", "design", "compute", "critique"} <= {item.kind for item in EXERCISES}
    assert len({item.id for item in EXERCISES}) == len(EXERCISES)
    topics = {topic for item in EXERCISES for topic in item.topics}
    assert set(map(str, RelationshipType)) <= topics, "every relationship type has an exercise"
    assert set(CASE_NAMES) & topics, "the case studies have exercises"


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.id)
def test_each_exercise_is_well_formed(item: teaching.Exercise) -> None:
    assert item.part in teaching.PARTS
    assert item.kind in teaching.KINDS
    assert set(item.topics) <= KNOWN_TOPICS, set(item.topics) - KNOWN_TOPICS
    assert 1 <= item.minutes <= 60
    for text in (item.prompt, item.solution):
        assert placeholders(text) <= set(teaching.figures(item)), "every placeholder has a figure"
        filled = teaching.exercise_text(item, text)
        assert "{" not in filled
        assert "}" not in filled
        assert not re.search(r"^#|<[a-z]", filled, re.M), "plain Markdown only: the PDF sheet renders it too"
    if item.kind == "compute":
        assert item.scenario or item.metrics, "a computing exercise names its inputs, so bmckit computes its answer"
        assert placeholders(item.solution), "its answer is computed, not typed"


def test_computed_answers_follow_the_inputs() -> None:
    """No figure is typed twice: change an input and the solution changes with the core's formula."""
    item = next(item for item in EXERCISES if item.scenario and "{clv}" in item.solution)
    assert item.scenario is not None
    before = teaching.exercise_text(item, item.solution)
    clv = economics.evaluate(item.scenario).clv
    assert f"{item.currency}{clv:,.2f}".removesuffix(".00") in before
    changed = item._replace(scenario=item.scenario._replace(retention=item.scenario.retention - 0.1))
    after = teaching.exercise_text(changed, changed.solution)
    assert teaching.figures(changed)["clv"] in after
    assert teaching.figures(changed)["clv"] != teaching.figures(item)["clv"]
    metric_item = next(item for item in EXERCISES if item.metrics)
    task = metric_item.metrics[0]
    expected = knowledge.format_value(economics.metric_value(task.id, task.inputs), knowledge.metric(task.id).unit)
    assert teaching.figures(metric_item)[task.id] == expected


def test_quizzes_one_per_part_each_question_with_one_right_answer_and_feedback_for_every_option() -> None:
    quizzes = teaching.quizzes()
    assert [quiz.part for quiz in quizzes] == ["canvas", "relationships", "measuring", "cases"]
    ids = [question.id for quiz in quizzes for question in quiz.questions]
    assert len(ids) == len(set(ids))
    for quiz in quizzes:
        assert 5 <= len(quiz.questions) <= 10
        for question in quiz.questions:
            assert 3 <= len(question.options) <= 4
            assert sum(option.correct for option in question.options) == 1, question.id
            assert all(option.why.strip() for option in question.options), question.id
            assert question.explanation.strip()


def test_the_rubric_scores_every_level_and_names_only_measures_bmckit_has() -> None:
    rubric = teaching.rubric()
    assert rubric.levels == ("Missing", "Emerging", "Developing", "Strong")
    names = {criterion.name for criterion in rubric.criteria}
    assert {
        "Completeness",
        "Specificity",
        "Segment coverage",
        "Fit of relationship types",
        "Coherence across blocks",
        "Use of metrics",
    } == names
    for criterion in rubric.criteria:
        assert len(criterion.descriptors) == len(rubric.levels)
        if criterion.measure:
            assert criterion.measure in MEASURES
            cuts = criterion.thresholds or criterion.most
            assert len(cuts) == rubric.top
            assert list(cuts) == sorted(cuts, reverse=not criterion.thresholds), "levels are ordered"
