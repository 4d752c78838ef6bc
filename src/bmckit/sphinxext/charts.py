"""``{crm-market-chart}``: the CRM market figures drawn at build time as inline SVG bar charts, each with its table.

The drawing is :func:`bmckit.render.chart.bar_chart` (plain SVG, no library, no
request), with a ``<title>`` and a ``<desc>`` that read every bar out, so the
chart and the table say the same thing to every reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bmckit import knowledge
from bmckit.render.chart import Bar, bar_chart
from bmckit.sphinxext.elements import paragraph, rubric, table, warn_unknown

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx


def market_chart(dimension: knowledge.MarketDimension, year: int, prefix: str) -> str:
    """One dimension of the market as an accessible SVG bar chart; ``prefix`` keeps its ids unique on the page."""
    return bar_chart(
        [Bar(r.segment, r.share_percent, f"{r.share_percent:g}%") for r in dimension.rows],
        title=f"CRM software market share by {dimension.name.lower()}, {year}",
        described="; ".join(f"{r.segment}: {r.share_percent:g}% (USD {r.revenue_usd_billion:g} billion)" for r in dimension.rows),
        prefix=prefix,
    )


class CrmMarketChartDirective(SphinxDirective):
    """``{crm-market-chart}``, with ``:dimension:`` to draw one dimension (by name) rather than all of them."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {"dimension": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        market = knowledge.crm_market()
        wanted = self.options.get("dimension")
        chosen = market.dimensions
        if wanted:
            chosen = tuple(d for d in market.dimensions if d.name.lower() == str(wanted).strip().lower())
            if not chosen:
                return warn_unknown(self, "market dimension", str(wanted), [d.name for d in market.dimensions], subtype="crm-market")
        article = next((a.title for a in knowledge.articles() if a.id == market.article), market.article)
        result: list[nodes.Node] = [
            paragraph(
                f"Worldwide CRM software market in {market.year}: USD {market.market_size_usd_billion:g} billion, "
                f"forecast to grow by {market.cagr_percent:g}% a year over {market.forecast_period}. "
                f"Source: {market.source}, as reported in “{article}”.",
                classes=["bmc-chart-source"],
            )
        ]
        for dimension in chosen:
            prefix = f"crm-chart{self.env.new_serialno('bmc-chart')}-"
            figure = nodes.figure(
                "", nodes.raw("", market_chart(dimension, market.year, prefix), format="html"), classes=["bmc-chart-figure"]
            )
            data = table(
                ["Segment", "Share of the market", "Revenue (USD billion)"],
                ([r.segment, f"{r.share_percent:g}%", f"{r.revenue_usd_billion:g}"] for r in dimension.rows),
                classes=["bmc-crm-market"],
            )
            result += [rubric(f"By {dimension.name.lower()}"), nodes.container("", figure, data, classes=["bmc-chart-with-table"])]
        return result


def setup_chart_directives(app: Sphinx) -> None:
    app.add_directive("crm-market-chart", CrmMarketChartDirective)
