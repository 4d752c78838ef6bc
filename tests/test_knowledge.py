"""The knowledge base: complete, consistent with the model and the schema, and every figure attributed."""

from __future__ import annotations

import re

import pytest

from bmckit import knowledge, schema
from bmckit.model import BlockId, Motivation, RelationshipType


def test_nine_blocks_in_canvas_order_with_guiding_questions() -> None:
    blocks = knowledge.blocks()
    assert [b.id for b in blocks] == list(BlockId)
    for block in blocks:
        assert block.title
        assert block.purpose
        assert block.relationships
        assert 3 <= len(block.questions) <= 5, block.id
        assert all(q.endswith("?") for q in block.questions), block.id


def test_six_relationship_types_fully_described() -> None:
    types = knowledge.relationship_types()
    assert [t.id for t in types] == list(RelationshipType)
    levels = {"none", "low", "medium", "high"}
    for info in types:
        assert info.definition, info.id
        assert info.suits_summary, info.id
        assert info.risks, info.id
        assert info.examples, info.id
        assert {info.personal_contact, info.cost_to_serve, info.scalability} <= levels
        assert info.suits_market_types
        assert info.suits_customer_value
        assert len(info.short) <= 22


def test_poor_fit_rules_never_contradict_what_a_type_suits() -> None:
    for info in knowledge.relationship_types():
        for rule in info.poor_fits:
            assert rule.reason.strip()
            contradicts = [
                (market, value)
                for market in info.suits_market_types
                for value in info.suits_customer_value
                if rule.applies_to(market, value)
            ]
            assert not contradicts, (info.id, contradicts)


def test_examples_required_by_the_articles_are_present() -> None:
    examples = {t.id: " ".join(e.text.lower() for e in t.examples) for t in knowledge.relationship_types()}
    assert "computer" in examples[RelationshipType.PERSONAL_ASSISTANCE]
    assert "banker" in examples[RelationshipType.DEDICATED_PERSONAL_ASSISTANCE]
    assert "laundr" in examples[RelationshipType.SELF_SERVICE]
    assert "cafeteria" in examples[RelationshipType.SELF_SERVICE]
    assert "recommend" in examples[RelationshipType.AUTOMATED_SERVICES]
    assert "kiosk" in examples[RelationshipType.AUTOMATED_SERVICES]
    assert "forum" in examples[RelationshipType.COMMUNITIES]
    assert "review" in examples[RelationshipType.CO_CREATION]
    assert "video" in examples[RelationshipType.CO_CREATION]


def test_three_motivations_with_tactics() -> None:
    motivations = knowledge.motivations()
    assert [m.id for m in motivations] == list(Motivation)
    assert [m.stage for m in motivations] == ["Acquire", "Retain", "Grow"]
    assert all(len(m.tactics) >= 4 for m in motivations)


def test_metrics_have_formulas() -> None:
    metrics = {m.id: m for m in knowledge.metrics()}
    assert set(metrics) == {
        "clv",
        "clv_retention",
        "cac",
        "clv_cac_ratio",
        "cac_payback",
        "retention_rate",
        "churn_rate",
        "nps",
        "csat",
        "loyalty_index",
    }
    for metric in metrics.values():
        assert "=" in metric.formula, metric.id
        assert metric.variables, metric.id
    assert "promoters" in metrics["nps"].formula.lower()
    assert "detractors" in metrics["nps"].formula.lower()


def test_every_reference_points_at_a_known_article() -> None:
    article_ids = {a.id for a in knowledge.articles()}
    assert len(article_ids) == 5
    cited = [e.article for t in knowledge.relationship_types() for e in t.examples]
    cited += [a for s in knowledge.statistics() for a in s.articles] + [knowledge.crm_market().article]
    assert set(cited) <= article_ids


def test_every_statistic_is_attributed_and_keeps_its_numbers() -> None:
    statistics = knowledge.statistics()
    assert len({s.id for s in statistics}) == len(statistics) >= 10
    sources = {s.source for s in statistics}
    assert {"Bain & Company", "Harvard Business Review", "Gartner", "Temkin Group", "Nielsen"} <= sources
    for statistic in statistics:
        assert statistic.source.strip()
        assert re.search(r"\d|\b(four|five|seven)\b", statistic.claim), statistic.id
    bain = next(s for s in statistics if s.source == "Bain & Company")
    assert all(number in bain.claim for number in ("5%", "25%", "95%"))


def test_crm_market_table_adds_up() -> None:
    market = knowledge.crm_market()
    assert market.market_size_usd_billion == pytest.approx(58.04)
    assert market.cagr_percent == pytest.approx(14.2)
    assert [d.name for d in market.dimensions] == ["Type", "Deployment Mode", "Organization Size", "Industry Vertical", "Region"]
    for dimension in market.dimensions:
        assert sum(r.share_percent for r in dimension.rows) == pytest.approx(100, abs=0.15), dimension.name
        assert sum(r.revenue_usd_billion for r in dimension.rows) == pytest.approx(market.market_size_usd_billion, abs=0.1)


def test_schema_model_and_knowledge_name_the_same_things() -> None:
    defs = schema.canvas_schema()["$defs"]
    assert list(schema.canvas_schema()["properties"]["blocks"]["properties"]) == list(BlockId)
    assert schema.enum_values("$defs", "relationship_note", "properties", "type") == tuple(RelationshipType)
    assert schema.enum_values("$defs", "relationship_note", "properties", "motivation") == tuple(Motivation)
    assert defs["note"]["properties"].keys() < defs["relationship_note"]["properties"].keys()


def test_no_vendor_is_promoted() -> None:
    from importlib import resources

    data = resources.files("bmckit").joinpath("data")
    texts = [f.read_text(encoding="utf-8") for folder in ("knowledge", "cases") for f in data.joinpath(folder).iterdir()]
    assert not any("decktopus" in text.lower() for text in texts)


FORMULAS = {
    "clv": lambda v: v["average purchase value"] * v["purchases per year"] * v["years as a customer"],
    "clv_retention": lambda v: (
        v["average purchase value"]
        * v["purchases per year"]
        * v["gross margin"]
        / 100
        * (1 + v["discount rate"] / 100)
        / (1 + (v["discount rate"] - v["retention rate"]) / 100)
    ),
    "cac": lambda v: v["acquisition spend"] / v["new customers won in the period"],
    "clv_cac_ratio": lambda v: v["CLV"] / v["CAC"],
    "cac_payback": lambda v: v["CAC"] / v["monthly gross margin per customer"],
    "retention_rate": lambda v: (v["customers at end"] - v["new customers in period"]) / v["customers at start"] * 100,
    "churn_rate": lambda v: v["customers lost in period"] / v["customers at start"] * 100,
    "nps": lambda v: v["% promoters"] - v["% detractors"],
    "csat": lambda v: v["satisfied responses"] / v["all responses"] * 100,
    "loyalty_index": lambda v: (v["recommend score"] + v["buy-again score"] + v["try-other-products score"]) / 3,
}


HAND_WORKED = {
    "clv": 1350,  # £4.50 × 100 visits × 3 years
    "clv_retention": 600,  # £25 × 12 × 60% = £180 a year; × 1.10 ÷ (1.10 − 0.77) = × 3.33…
    "cac": 150,  # £12,000 ÷ 80
    "clv_cac_ratio": 4,  # £600 ÷ £150
    "cac_payback": 10,  # £150 ÷ £15 a month
    "retention_rate": 90,  # (2,150 − 350) ÷ 2,000
    "churn_rate": 10,  # 200 ÷ 2,000
    "nps": 40,  # 55% − 15%
    "csat": 84,  # 420 ÷ 500
    "loyalty_index": 7.4,  # (8.4 + 7.8 + 6.0) ÷ 3
}
"""Each worked example's result, worked by hand: the data holds only the inputs, bmckit.economics the formulas."""


@pytest.mark.parametrize("metric_id", sorted(FORMULAS))
def test_each_worked_example_is_its_formula_applied_to_its_inputs(metric_id: str) -> None:
    metric = knowledge.metric(metric_id)
    assert metric.example is not None, metric_id
    inputs = {i.symbol: i.value for i in metric.example.inputs}
    assert list(inputs) == [v.symbol for v in metric.variables], "an example fills every variable, in order"
    assert FORMULAS[metric_id](inputs) == pytest.approx(HAND_WORKED[metric_id])


def test_every_metric_has_a_formula_checked_here() -> None:
    assert {m.id for m in knowledge.metrics()} == set(FORMULAS) == set(HAND_WORKED)


def test_figures_are_formatted_by_unit() -> None:
    assert knowledge.format_value(1350, "currency") == "£1,350"
    assert knowledge.format_value(4.5, "currency") == "£4.50"
    assert knowledge.format_value(90, "percent") == "90%"
    assert knowledge.format_value(7.4, "score") == "7.4"
    assert knowledge.format_value(10, "months") == "10 months"
    assert knowledge.format_value(4, "ratio") == "4:1"
