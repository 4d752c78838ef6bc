"""The relationship economics calculator: what a customer is worth, what winning one costs, and what keeping them longer adds.

Sliders set a scenario; the figures, with the formulas that give them, come
from :mod:`bmckit.economics`, the same module that works out the site's
examples, and it starts from the scenario of the measuring page's worked
example, so the two show the same figures. The chart is an SVG string drawn by
:mod:`bmckit.render.chart` and shown in an HTML widget: it needs no plotting
package and no JavaScript, so it draws on the site's static page (from the
saved widget state), on Binder, and in a browser-only Python with no compiled
packages alike.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from bmckit import economics
from bmckit.knowledge import format_value
from bmckit.render.chart import value_over_time_chart

if TYPE_CHECKING:
    from collections.abc import Callable

_LABELLED = {"description_width": "16em"}
_WIDE = widgets.Layout(width="100%", max_width="44em")


def _slider(description: str, value: float, low: float, high: float, step: float, fmt: str = ".0f") -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=max(high, value),
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        style=_LABELLED,
        layout=_WIDE,
    )


class EconomicsCalculator(widgets.VBox):
    """``EconomicsCalculator()`` starts from the site's worked example; ``EconomicsCalculator(scenario)`` from yours."""

    def __init__(self, scenario: economics.Scenario | None = None) -> None:
        start = scenario or economics.example_scenario()
        self.purchase = _slider("Average purchase (£)", start.average_purchase_value, 0, 500, 0.5, ".2f")
        self.frequency = _slider("Purchases per year", start.purchases_per_year, 0, 200, 1)
        self.margin = _slider("Gross margin (%)", start.gross_margin * 100, 0, 100, 1)
        self.kept_as = widgets.ToggleButtons(
            options=[("Retention", "retention"), ("Churn", "churn")],
            description="Enter",
            style=_LABELLED,
            tooltip="Churn = 100% − retention",
        )
        self.retention = _slider("Retention per year (%)", start.retention * 100, 0, economics.MAX_RETENTION * 100, 1)
        self.discount = _slider("Discount rate per year (%)", start.discount_rate * 100, 0, 30, 0.5, ".1f")
        self.cac = _slider("Cost to win a customer, CAC (£)", start.cac, 0, 2000, 5)
        self.figures = widgets.HTML()
        self.figures.add_class("bmc-figures")
        self.chart = widgets.HTML(layout=widgets.Layout(width="100%", max_width="44em"))
        self.chart.add_class("bmc-chart")
        self.kept_as.observe(self._switch_retention_churn, names="value")
        for slider in (self.purchase, self.frequency, self.margin, self.retention, self.discount, self.cac):
            slider.observe(lambda _: self.refresh(), names="value")
        super().__init__(
            [self.purchase, self.frequency, self.margin, self.kept_as, self.retention, self.discount, self.cac, self.chart, self.figures]
        )
        self.add_class("bmc-calculator")
        self._listeners: list[Callable[[economics.Results], None]] = []
        self.refresh()

    @property
    def scenario(self) -> economics.Scenario:
        kept = self.retention.value if self.kept_as.value == "retention" else 100 - self.retention.value
        return economics.Scenario(
            average_purchase_value=self.purchase.value,
            purchases_per_year=self.frequency.value,
            gross_margin=self.margin.value / 100,
            retention=min(kept / 100, economics.MAX_RETENTION),  # no churn at all would make a customer worth for ever
            discount_rate=self.discount.value / 100,
            cac=self.cac.value,
        )

    @property
    def results(self) -> economics.Results:
        return economics.evaluate(self.scenario)

    def refresh(self) -> None:
        scenario, results = self.scenario, self.results
        self.figures.value = figures_html(scenario, results)
        self.chart.value = value_over_time_chart(scenario, prefix="calculator-")
        for listener in self._listeners:
            listener(results)

    def _switch_retention_churn(self, change: dict[str, Any]) -> None:
        self.retention.description = "Retention per year (%)" if change["new"] == "retention" else "Churn per year (%)"
        self.retention.value = 100 - self.retention.value  # the same customers, said the other way round


def figures_html(scenario: economics.Scenario, results: economics.Results) -> str:
    """Each figure beside the formula that gives it, in the measuring page's units."""
    retention = format_value(round(scenario.retention * 100, 1), "percent")
    discount = format_value(round(scenario.discount_rate * 100, 1), "percent")
    more = format_value(round(results.more_retention * 100, 1), "percent")
    points_more = f"{economics.RETENTION_STEP * 100:g} points"
    rows = [
        ("Annual margin per customer", "average purchase × purchases per year × gross margin", money(results.annual_margin)),
        ("Expected lifetime", "1 ÷ (1 − retention)", f"{results.expected_lifetime_years:.1f} years"),
        (
            "Customer lifetime value (CLV)",
            f"annual margin × (1 + d) ÷ (1 + d − r), with r = {retention}, d = {discount}",
            money(results.clv),
        ),
        ("CLV:CAC ratio", "CLV ÷ CAC", "no CAC" if scenario.cac == 0 else f"{results.clv_cac_ratio:.1f}:1"),
        ("CAC payback", "CAC ÷ monthly margin per customer", _months(results.payback_months)),
        (f"CLV with retention at {more}", f"the same, {points_more} more retention", money(results.clv_with_more_retention)),
        ("… an increase of", "", format_value(round(results.retention_uplift_percent, 1), "percent")),
    ]
    body = "".join(
        f"<tr><th scope='row'>{escape(name)}</th><td><code>{escape(formula)}</code></td><td>{escape(value)}</td></tr>"
        for name, formula, value in rows
    )
    return (
        "<table class='bmc-economics'><caption>Relationship economics for this scenario</caption>"
        f"<thead><tr><th scope='col'>Figure</th><th scope='col'>Formula</th><th scope='col'>Value</th></tr></thead><tbody>{body}</tbody></table>"
    )


def money(value: float) -> str:
    return format_value(round(value, 2), "currency")


def _months(value: float) -> str:
    if value == float("inf"):
        return "never (no margin)"
    return format_value(round(value, 1), "months")
