"""The relationship advisor's ranking, on segments where the knowledge base gives a clear answer, and its rules as data."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bmckit import advice, knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId, CustomerValue, MarketType, Motivation, RelationshipType, Segment

LEVELS = {q.id: [None, *(value for _, value in q.options)] for q in advice.questions()}
EVERY_ANSWER = [
    advice.Answers(*combination) for combination in itertools.product(LEVELS["contact"], LEVELS["complexity"], LEVELS["budget"])
]
PERSONAL = {RelationshipType.PERSONAL_ASSISTANCE, RelationshipType.DEDICATED_PERSONAL_ASSISTANCE}


def segment(market: MarketType | None, value: CustomerValue | None) -> Segment:
    return Segment("s", "Segment", market_type=market, customer_value=value)


def test_three_questions_with_their_answers() -> None:
    assert [q.id for q in advice.questions()] == ["contact", "complexity", "budget"]
    assert LEVELS["contact"] == [None, "none", "low", "medium", "high"]
    assert all(q.prompt.endswith("?") for q in advice.questions())


@pytest.mark.parametrize("answers", EVERY_ANSWER, ids=str)
def test_a_mass_market_of_low_value_customers_never_gets_a_person_first(answers: advice.Answers) -> None:
    ranking = advice.rank(segment(MarketType.MASS, CustomerValue.LOW), answers)
    assert ranking[0].type not in PERSONAL
    assert {r.type for r in ranking[-2:]} == PERSONAL  # and both come last, whatever the answers


def test_a_niche_of_valuable_customers_who_expect_a_person_gets_a_dedicated_one() -> None:
    ranking = advice.rank(segment(MarketType.NICHE, CustomerValue.HIGH), advice.Answers("high", "complex", "high"))
    assert ranking[0].type is RelationshipType.DEDICATED_PERSONAL_ASSISTANCE
    assert ranking[1].type is RelationshipType.PERSONAL_ASSISTANCE
    assert ranking[-1].type is RelationshipType.SELF_SERVICE


def test_a_mass_market_wanting_no_contact_and_a_small_budget_helps_itself() -> None:
    ranking = advice.rank(segment(MarketType.MASS, CustomerValue.LOW), advice.Answers("none", "simple", "low"))
    assert ranking[0].type in {RelationshipType.SELF_SERVICE, RelationshipType.AUTOMATED_SERVICES}
    assert ranking[0].type is RelationshipType.SELF_SERVICE


def test_every_poor_fit_rule_that_applies_is_a_reason_against() -> None:
    for market, value in itertools.product(MarketType, CustomerValue):
        for ranked in advice.rank(segment(market, value)):
            against = {r.text for r in ranked.reasons if not r.supports}
            for rule in knowledge.relationship_type(ranked.type).poor_fits:
                if rule.applies_to(market, value):
                    assert rule.reason in against, (market, value, ranked.type)


def test_reasons_for_a_fit_quote_the_knowledge_base() -> None:
    ranking = advice.rank(segment(MarketType.NICHE, CustomerValue.HIGH))
    dedicated = next(r for r in ranking if r.type is RelationshipType.DEDICATED_PERSONAL_ASSISTANCE)
    assert any(knowledge.relationship_type(dedicated.type).suits_summary in r.text and r.supports for r in dedicated.reasons)


def test_with_nothing_known_nothing_is_weighed_and_the_knowledge_base_order_stands() -> None:
    ranking = advice.rank(segment(None, None))
    assert [r.type for r in ranking] == [t.id for t in knowledge.relationship_types()]
    assert all(r.score == 0 and r.reasons == () for r in ranking)


def test_the_rules_are_data_a_changed_weight_changes_the_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    mass_low = segment(MarketType.MASS, CustomerValue.LOW)
    assert advice.rank(mass_low)[0].type not in PERSONAL
    data = advice._data()
    changed = {**data, "weights": {**data["weights"], "poor_fit": +20.0}}  # a poor fit now counts in favour
    monkeypatch.setattr(advice, "_data", lambda: changed)
    assert advice.rank(mass_low)[0].type in PERSONAL


def test_bad_answers_name_the_question_and_what_it_allows() -> None:
    with pytest.raises(ValueError, match="contact: 'lots' is not one of none, low, medium, high"):
        advice.rank(segment(None, None), advice.Answers(contact="lots"))


@given(
    market=st.none() | st.sampled_from(MarketType),
    value=st.none() | st.sampled_from(CustomerValue),
    contact=st.sampled_from(LEVELS["contact"]),
    complexity=st.sampled_from(LEVELS["complexity"]),
    budget=st.sampled_from(LEVELS["budget"]),
)
def test_every_type_is_ranked_once_best_first(
    market: MarketType | None, value: CustomerValue | None, contact: str | None, complexity: str | None, budget: str | None
) -> None:
    ranking = advice.rank(segment(market, value), advice.Answers(contact, complexity, budget))
    assert sorted(r.type for r in ranking) == sorted(RelationshipType)
    assert [r.rank for r in ranking] == [1, 2, 3, 4, 5, 6]
    assert [r.score for r in ranking] == sorted((r.score for r in ranking), reverse=True)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_case_study_segment_gets_a_ranking(name: str) -> None:
    canvas = load_case(name)
    advised = advice.advise(canvas)
    assert list(advised) == [s.id for s in canvas.segments]
    assert all(len(ranking) == 6 for ranking in advised.values())


def test_advise_takes_answers_per_segment_and_refuses_unknown_segments() -> None:
    canvas = load_case("netflix")
    advised = advice.advise(canvas, {"viewers": advice.Answers(contact="none", budget="low")})
    assert advised["viewers"][0].type in {RelationshipType.SELF_SERVICE, RelationshipType.AUTOMATED_SERVICES}
    with pytest.raises(ValueError, match="no segment 'robots'"):
        advice.advise(canvas, {"robots": advice.Answers()})


def test_a_suggestion_becomes_a_relationship_note_once() -> None:
    canvas = load_case("netflix")
    item = advice.suggestion(canvas, "households", RelationshipType.COMMUNITIES, Motivation.RETENTION)
    assert item.segments == ("households",)
    assert item.type is RelationshipType.COMMUNITIES
    assert item.motivation is Motivation.RETENTION
    assert knowledge.relationship_type(RelationshipType.COMMUNITIES).short in item.text
    once = advice.add_suggestion(canvas, "households", RelationshipType.COMMUNITIES, Motivation.RETENTION)
    assert once.items(BlockId.CUSTOMER_RELATIONSHIPS)[-1] == item
    assert advice.add_suggestion(once, "households", RelationshipType.COMMUNITIES, Motivation.RETENTION) == once
    with pytest.raises(ValueError, match="no segment 'robots'"):
        advice.suggestion(canvas, "robots", RelationshipType.COMMUNITIES)
