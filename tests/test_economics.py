"""Relationship economics against figures worked by hand, and the site's worked examples worked out by the same code."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bmckit import economics, knowledge
from bmckit.economics import Scenario

SHOP = Scenario(average_purchase_value=25, purchases_per_year=12, gross_margin=0.6, retention=0.77, discount_rate=0.10, cac=150)


def test_the_calculator_starts_from_the_online_shop_of_the_measuring_page() -> None:
    assert economics.example_scenario() == SHOP


def test_the_online_shop_worked_by_hand() -> None:
    results = economics.evaluate(SHOP)
    assert results.annual_margin == pytest.approx(180)  # £25 × 12 × 60%
    assert results.monthly_margin == pytest.approx(15)  # £180 ÷ 12
    assert results.expected_lifetime_years == pytest.approx(1 / 0.23)  # 4.35 years
    assert results.clv == pytest.approx(600)  # £180 × 1.10 ÷ (1.10 − 0.77) = £180 × 3.333…
    assert results.clv_cac_ratio == pytest.approx(4)  # £600 ÷ £150: the CLV:CAC example
    assert results.payback_months == pytest.approx(10)  # £150 ÷ £15: the payback example
    assert results.more_retention == pytest.approx(0.82)
    assert results.clv_with_more_retention == pytest.approx(180 * 1.1 / 0.28)  # £707.14
    assert results.retention_uplift_percent == pytest.approx((1.1 / 0.28) / (1.1 / 0.33) * 100 - 100)  # 17.9%


def test_the_same_figures_as_the_measuring_page_examples() -> None:
    results = economics.evaluate(economics.example_scenario())
    assert results.clv == pytest.approx(economics.example_result("clv_retention"))
    assert results.clv == pytest.approx(next(i.value for i in knowledge.metric("clv_cac_ratio").example.inputs if i.symbol == "CLV"))  # type: ignore[union-attr]
    assert results.clv_cac_ratio == pytest.approx(economics.example_result("clv_cac_ratio"))
    assert results.payback_months == pytest.approx(economics.example_result("cac_payback"))
    assert results.monthly_margin == pytest.approx(
        next(i.value for i in knowledge.metric("cac_payback").example.inputs if i.symbol == "monthly gross margin per customer")  # type: ignore[union-attr]
    )


def test_without_discounting_lifetime_value_is_annual_margin_times_one_over_churn() -> None:
    # The simple formula's "years as a customer" is the expected lifetime 1 ÷ churn: 25% churn, 4 years.
    assert economics.clv_with_retention(100, 0.75, 0) == pytest.approx(economics.clv(100, 1, 4))
    assert economics.evaluate(SHOP._replace(discount_rate=0)).clv == pytest.approx(180 / 0.23)


def test_each_formula_by_hand() -> None:
    assert economics.clv(4.5, 100, 3) == pytest.approx(1350)
    assert economics.cac(12_000, 80) == 150
    assert economics.clv_cac_ratio(600, 150) == 4
    assert economics.payback_months(150, 15) == 10
    assert economics.retention_rate(2150, 350, 2000) == 90
    assert economics.churn_rate(200, 2000) == 10
    assert economics.nps(55, 15) == 40
    assert economics.csat(420, 500) == 84
    assert economics.loyalty_index(8.4, 7.8, 6.0) == pytest.approx(7.4)
    assert economics.clv_with_retention(100, 0, 0.1) == pytest.approx(100)  # nobody stays: one year's margin
    assert economics.clv_with_retention(100, 0.5, 0) == pytest.approx(200)  # 100 + 50 + 25 + …


def test_edge_cases_give_clear_figures() -> None:
    assert economics.clv_cac_ratio(600, 0) == math.inf  # free customers
    assert economics.payback_months(150, 0) == math.inf  # no margin: never repaid
    capped = economics.evaluate(SHOP._replace(retention=0.97))
    assert capped.more_retention == economics.MAX_RETENTION
    assert math.isfinite(economics.evaluate(SHOP._replace(retention=economics.MAX_RETENTION)).clv)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: economics.clv_with_retention(100, 1.0, 0.1), "retention must be between 0 and 99%"),
        (lambda: economics.clv_with_retention(100, -0.1, 0.1), "retention"),
        (lambda: economics.clv_with_retention(100, 0.5, -0.1), "discount rate"),
        (lambda: economics.cac(100, 0), "new customers"),
        (lambda: economics.churn_rate(1, 0), "customers at start"),
        (lambda: economics.evaluate(SHOP._replace(gross_margin=60)), "gross margin"),
        (lambda: economics.metric_value("clv", {"average purchase value": 1}), "missing 'purchases per year'"),
        (lambda: economics.metric_value("nps", {"% promoters": 1, "% detractors": 1, "% passives": 3}), "unknown '% passives'"),
        (lambda: economics.metric_value("arpu", {}), "no formula for metric 'arpu'"),
    ],
)
def test_bad_input_says_what_is_wrong(call: object, said: str) -> None:
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace("%", "%")):
        call()  # type: ignore[operator]


def test_every_metric_of_the_knowledge_base_has_a_formula_and_its_example_works_out() -> None:
    for metric in knowledge.metrics():
        assert metric.id in economics.FORMULAS
        if metric.example is not None:
            assert math.isfinite(economics.example_result(metric.id))


def test_cumulative_value_approaches_lifetime_value() -> None:
    running = economics.cumulative_value(SHOP, 200)
    assert running[0] == pytest.approx(180)  # the first year's margin, certain and not discounted
    assert running[1] == pytest.approx(180 + 180 * 0.77 / 1.1)
    assert running[-1] == pytest.approx(economics.evaluate(SHOP).clv)
    assert list(running) == sorted(running)


fractions = st.floats(min_value=0, max_value=0.94)


@given(retention=fractions, discount=st.floats(min_value=0, max_value=0.5), margin=st.floats(min_value=1, max_value=1e6))
def test_more_retention_is_worth_more_and_discounting_worth_less(retention: float, discount: float, margin: float) -> None:
    value = economics.clv_with_retention(margin, retention, discount)
    assert economics.clv_with_retention(margin, retention + 0.05, discount) > value
    assert economics.clv_with_retention(margin, retention, discount + 0.05) <= value * (1 + 1e-12)  # equal when nobody stays
    assert value >= margin  # the first year's margin is always counted
