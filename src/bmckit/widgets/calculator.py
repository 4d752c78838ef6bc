"""The relationship economics calculator: what a customer is worth, what winning one costs, and what keeping them longer adds.

Sliders set a scenario; the figures, with the formulas that give them, come
from :mod:`bmckit.economics`, the same module that works out the site's
examples, and it starts from the scenario of the measuring page's worked
example, so the two show the same figures. The chart is an SVG string drawn by
:mod:`bmckit.render.chart` and shown in an HTML widget: it needs no plotting
package and no JavaScript, so it draws on the site's static page (from the
saved widget state), on Binder, and in a browser-only Python with no compiled
packages alike.

Every share is written by :func:`bmckit.economics.percent`, so the table, the
words beside it and the chart round a figure the same way; and the words stay
true at the edges (retention at its cap, a customer who brings in no margin),
where "five points more" and "an increase of" would not be.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from bmckit import economics, knowledge
from bmckit.render.chart import value_over_time_chart
from bmckit.widgets.stylesheet import stylesheet

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
            options=[("Kept (retention)", "retention"), ("Lost (churn)", "churn")],
            description="Give the share of customers",
            tooltips=["The share still buying a year later", "The share who stop buying within a year: 100% − retention"],
            style=_LABELLED,
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
            [
                stylesheet(),
                self.purchase,
                self.frequency,
                self.margin,
                self.kept_as,
                self.retention,
                self.discount,
                self.cac,
                self.chart,
                self.figures,
            ]
        )
        self.add_class("bmc-calculator")
        self._listeners: list[Callable[[economics.Results], None]] = []
        self.refresh()

    @property
    def scenario(self) -> economics.Scenario:
        return economics.Scenario(
            average_purchase_value=self.purchase.value,
            purchases_per_year=self.frequency.value,
            gross_margin=self.margin.value / 100,
            retention=min(self.entered_retention, economics.MAX_RETENTION),  # no churn at all would make a customer worth for ever
            discount_rate=self.discount.value / 100,
            cac=self.cac.value,
        )

    @property
    def results(self) -> economics.Results:
        return economics.evaluate(self.scenario)

    @property
    def entered_retention(self) -> float:
        """Retention as the reader entered it (churn turned round), before the cap; 1.0 for no churn at all."""
        kept = self.retention.value if self.kept_as.value == "retention" else 100 - self.retention.value
        return float(kept) / 100

    def refresh(self) -> None:
        scenario, results = self.scenario, self.results
        self.figures.value = figures_html(scenario, results, entered_retention=self.entered_retention)
        self.chart.value = value_over_time_chart(scenario, prefix="calculator-")
        for listener in self._listeners:
            listener(results)

    def _switch_retention_churn(self, change: dict[str, Any]) -> None:
        self.retention.description = "Retention per year (%)" if change["new"] == "retention" else "Churn per year (%)"
        self.retention.value = 100 - self.retention.value  # the same customers, said the other way round


def figures_html(scenario: economics.Scenario, results: economics.Results, *, entered_retention: float | None = None) -> str:
    """Each figure beside the formula that gives it, in the measuring page's units.

    ``entered_retention`` is retention as the reader gave it; above the cap, the table says which figure it counts.
    """
    retention = economics.percent(scenario.retention)
    discount = economics.percent(scenario.discount_rate)
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
        *more_retention_rows(scenario, results),
    ]
    body = "".join(
        f"<tr><th scope='row'>{escape(name)}</th><td><code>{escape(formula)}</code></td><td>{escape(value)}</td></tr>"
        for name, formula, value in rows
    )
    capped = ""
    if entered_retention is not None and entered_retention > scenario.retention:
        capped = (
            f"<p>You entered {economics.percent(entered_retention)} retention; the figures count {retention}, the most this "
            "calculator takes: a customer who never leaves would be worth more and more without end.</p>"
        )
    return (
        "<table class='bmc-economics'><caption>Relationship economics for this scenario</caption>"
        f"<thead><tr><th scope='col'>Figure</th><th scope='col'>Formula</th><th scope='col'>Value</th></tr></thead><tbody>{body}</tbody></table>"
        f"{capped}"
    )


def more_retention_rows(scenario: economics.Scenario, results: economics.Results) -> list[tuple[str, str, str]]:
    """What more retention would add, said truly where there is none to add (at the cap) or nothing to gain (no margin)."""
    cap = economics.percent(economics.MAX_RETENTION)
    gain = results.more_retention - scenario.retention
    if gain <= 0:
        return [("CLV with more retention", f"retention is at the {cap} cap", "no higher retention to compare")]
    points = f"{knowledge.format_value(round(gain * 100, 1), '')} points"
    step_cut_short = gain < economics.RETENTION_STEP - 1e-9
    how = f"the same, {points} more retention" + (f" (up to the {cap} cap)" if step_cut_short else "")
    rows = [(f"CLV with retention at {economics.percent(results.more_retention)}", how, money(results.clv_with_more_retention))]
    if results.clv_with_more_retention <= results.clv:
        rows.append(("… a change of", "", "none: a customer who brings in no margin is worth nothing, however long they stay"))
    else:
        rows.append(("… an increase of", "", economics.percent(results.retention_uplift_percent / 100)))
    return rows


def money(value: float) -> str:
    return knowledge.format_value(round(value, 2), "currency")


def _months(value: float) -> str:
    if value == float("inf"):
        return "never (no margin)"
    return knowledge.format_value(round(value, 1), "months")
