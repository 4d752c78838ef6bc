"""Relationship economics: the formulas behind the measuring page's worked examples and the notebooks' calculator.

One module, so the site and the calculator cannot disagree: each metric of the
knowledge base (``data/knowledge/metrics.toml``) has its formula here, applied
to inputs named by the metric's own variables, and the site's worked examples
are worked out with it rather than typed. The calculator's scenario is one
small business seen through several of those examples (the online shop of the
CAC, CLV:CAC, payback and retention-based CLV examples), read from the data.

Customer lifetime value with retention counts a customer's margin at the start
of each year they are still there: the first year's margin is certain, year
``t``'s is weighted by the chance ``r**t`` that they stay that long and
discounted by ``(1 + d)**t``. Summed over all years that is
``annual margin × (1 + d) ÷ (1 + d − r)``; with no discounting it is the annual
margin times the expected lifetime ``1 ÷ (1 − r)`` (one over the churn rate),
which is the simple formula's "years as a customer".
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from bmckit import knowledge

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

RETENTION_STEP = 0.05
"""The "five points more retention" the calculator and the notebooks show."""
MAX_RETENTION = 0.99
"""Retention is capped here: at 100% a customer never leaves and lifetime value has no end."""


class Scenario(NamedTuple):
    """One business's figures for one segment; fractions, not percentages."""

    average_purchase_value: float
    purchases_per_year: float
    gross_margin: float
    """The share of each purchase left after the direct cost of serving it, 0 to 1."""
    retention: float
    """The share of customers still buying a year later, 0 to 0.99."""
    discount_rate: float
    """How much less money a year away is worth, per year: 0.1 for 10%."""
    cac: float
    """What winning one new customer costs."""


class Results(NamedTuple):
    annual_margin: float
    monthly_margin: float
    expected_lifetime_years: float
    clv: float
    clv_cac_ratio: float
    """``inf`` when winning a customer costs nothing."""
    payback_months: float
    """``inf`` when a customer brings in no margin."""
    more_retention: float
    """Retention five points higher, capped at :data:`MAX_RETENTION`."""
    clv_with_more_retention: float
    retention_uplift_percent: float
    """How much higher CLV is at :attr:`more_retention`, in per cent."""


# The formulas -------------------------------------------------------------------------------------------------------


def clv(average_purchase_value: float, purchases_per_year: float, years: float) -> float:
    return average_purchase_value * purchases_per_year * years


def clv_with_retention(annual_margin: float, retention: float, discount_rate: float) -> float:
    """Lifetime value of a customer who brings ``annual_margin`` a year and stays each year with chance ``retention``."""
    _check_fraction("retention", retention, upper=MAX_RETENTION)
    if discount_rate < 0:
        raise ValueError(f"discount rate must be 0 or more, not {discount_rate:g}")
    # m(1 + d)/(1 + d − r), written so that with nobody staying it is exactly the first year's margin
    return annual_margin + annual_margin * retention / (1 + discount_rate - retention)


def cac(acquisition_spend: float, new_customers: float) -> float:
    if new_customers <= 0:
        raise ValueError("new customers must be more than 0 to share the acquisition spend among them")
    return acquisition_spend / new_customers


def clv_cac_ratio(lifetime_value: float, acquisition_cost: float) -> float:
    return math.inf if acquisition_cost == 0 else lifetime_value / acquisition_cost


def payback_months(acquisition_cost: float, monthly_margin: float) -> float:
    return math.inf if monthly_margin <= 0 else acquisition_cost / monthly_margin


def retention_rate(customers_at_end: float, new_customers: float, customers_at_start: float) -> float:
    """In per cent."""
    return (customers_at_end - new_customers) / _positive("customers at start", customers_at_start) * 100


def churn_rate(customers_lost: float, customers_at_start: float) -> float:
    """In per cent."""
    return customers_lost / _positive("customers at start", customers_at_start) * 100


def nps(percent_promoters: float, percent_detractors: float) -> float:
    return percent_promoters - percent_detractors


def csat(satisfied: float, responses: float) -> float:
    """In per cent."""
    return satisfied / _positive("all responses", responses) * 100


def loyalty_index(recommend: float, buy_again: float, try_other_products: float) -> float:
    return (recommend + buy_again + try_other_products) / 3


# The knowledge base's metrics, by their variables' names ---------------------------------------------------------

FORMULAS: dict[str, Callable[[Mapping[str, float]], float]] = {
    "clv": lambda v: clv(v["average purchase value"], v["purchases per year"], v["years as a customer"]),
    "clv_retention": lambda v: clv_with_retention(
        v["average purchase value"] * v["purchases per year"] * v["gross margin"] / 100, v["retention rate"] / 100, v["discount rate"] / 100
    ),
    "cac": lambda v: cac(v["acquisition spend"], v["new customers won in the period"]),
    "clv_cac_ratio": lambda v: clv_cac_ratio(v["CLV"], v["CAC"]),
    "cac_payback": lambda v: payback_months(v["CAC"], v["monthly gross margin per customer"]),
    "retention_rate": lambda v: retention_rate(v["customers at end"], v["new customers in period"], v["customers at start"]),
    "churn_rate": lambda v: churn_rate(v["customers lost in period"], v["customers at start"]),
    "nps": lambda v: nps(v["% promoters"], v["% detractors"]),
    "csat": lambda v: csat(v["satisfied responses"], v["all responses"]),
    "loyalty_index": lambda v: loyalty_index(v["recommend score"], v["buy-again score"], v["try-other-products score"]),
}
"""Each metric's formula, taking the inputs named as its variables are in ``metrics.toml`` (percentages as percentages)."""


def metric_value(metric_id: str, inputs: Mapping[str, float]) -> float:
    """A metric of the knowledge base worked out from inputs named by its variables."""
    if metric_id not in FORMULAS:
        raise ValueError(f"no formula for metric {metric_id!r}; known: {', '.join(sorted(FORMULAS))}")
    wanted = [variable.symbol for variable in knowledge.metric(metric_id).variables]
    missing = [symbol for symbol in wanted if symbol not in inputs]
    unknown = [symbol for symbol in inputs if symbol not in wanted]
    if missing or unknown:
        said = "; ".join(
            part
            for part in (
                f"missing {', '.join(map(repr, missing))}" if missing else "",
                f"unknown {', '.join(map(repr, unknown))}" if unknown else "",
            )
            if part
        )
        raise ValueError(f"{metric_id}: {said} (its inputs are {', '.join(map(repr, wanted))})")
    return FORMULAS[metric_id](inputs)


def example_result(metric_id: str) -> float:
    """The result of a metric's worked example, worked out."""
    example = knowledge.metric(metric_id).example
    if example is None:
        raise ValueError(f"metric {metric_id!r} has no worked example")
    return metric_value(metric_id, {i.symbol: i.value for i in example.inputs})


# The calculator's scenario -----------------------------------------------------------------------------------------


def percent(fraction: float) -> str:
    """A share as bmckit shows it, to one decimal place at most (``17.9%``, ``82%``, ``0%``).

    The calculator, its chart and the notebooks all write shares through this, so no two of them round the same figure
    differently (17.9% in the table and 18% beside it).
    """
    return knowledge.format_value(round(fraction * 100, 1) + 0.0, "percent")  # + 0.0: no "-0%"


def more_retention(retention: float) -> float:
    """Retention :data:`RETENTION_STEP` higher, capped at :data:`MAX_RETENTION`: the "five points more" everyone shows."""
    return min(retention + RETENTION_STEP, MAX_RETENTION)


def evaluate(scenario: Scenario) -> Results:
    """Every figure the calculator shows for one scenario."""
    _check_fraction("gross margin", scenario.gross_margin)
    annual = scenario.average_purchase_value * scenario.purchases_per_year * scenario.gross_margin
    value = clv_with_retention(annual, scenario.retention, scenario.discount_rate)
    more = more_retention(scenario.retention)
    more_value = clv_with_retention(annual, more, scenario.discount_rate)
    return Results(
        annual_margin=annual,
        monthly_margin=annual / 12,
        expected_lifetime_years=1 / (1 - scenario.retention),
        clv=value,
        clv_cac_ratio=clv_cac_ratio(value, scenario.cac),
        payback_months=payback_months(scenario.cac, annual / 12),
        more_retention=more,
        clv_with_more_retention=more_value,
        retention_uplift_percent=(more_value / value - 1) * 100 if value else 0.0,
    )


def cumulative_value(scenario: Scenario, years: int, retention: float | None = None) -> tuple[float, ...]:
    """The expected, discounted margin a customer has brought in by the end of each year, 1 to ``years``."""
    kept = scenario.retention if retention is None else retention
    _check_fraction("retention", kept, upper=MAX_RETENTION)
    annual = scenario.average_purchase_value * scenario.purchases_per_year * scenario.gross_margin
    total, running = 0.0, []
    for year in range(years):
        total += annual * (kept / (1 + scenario.discount_rate)) ** year
        running.append(total)
    return tuple(running)


def example_scenario() -> Scenario:
    """The online shop of the measuring page's examples: its retention-based CLV example, and its CAC example's cost."""
    example = knowledge.metric("clv_retention").example
    assert example is not None, "metrics.toml: clv_retention has a worked example"
    given = {i.symbol: i.value for i in example.inputs}
    return Scenario(
        average_purchase_value=given["average purchase value"],
        purchases_per_year=given["purchases per year"],
        gross_margin=given["gross margin"] / 100,
        retention=given["retention rate"] / 100,
        discount_rate=given["discount rate"] / 100,
        cac=example_result("cac"),
    )


def _check_fraction(name: str, value: float, upper: float = 1.0) -> None:
    if not 0 <= value <= upper:
        raise ValueError(f"{name} must be between 0 and {upper:.0%}, not {value:.2%}")


def _positive(name: str, value: float) -> float:
    if value <= 0:
        raise ValueError(f"{name} must be more than 0")
    return value
