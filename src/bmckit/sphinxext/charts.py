"""``{crm-market-chart}``: the CRM market figures drawn at build time as inline SVG bar charts, each with its table.

The drawing is plain SVG written here (no library, no request), with a
``<title>`` and a ``<desc>`` that read every bar out, so the chart and the
table say the same thing to every reader.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bmckit import knowledge
from bmckit.sphinxext.elements import paragraph, rubric, table, warn_unknown

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

WIDTH, LABEL_WIDTH, VALUE_WIDTH, ROW, TOP = 640, 230, 130, 30, 12
BAR_COLOUR, TEXT_COLOUR = "#1d5f8a", "#1b1b1b"


def bar_chart(dimension: knowledge.MarketDimension, year: int, prefix: str) -> str:
    """One dimension of the market as an accessible SVG bar chart; ``prefix`` keeps its ids unique on the page."""
    rows = dimension.rows
    height = TOP * 2 + ROW * len(rows)
    widest = max((r.share_percent for r in rows), default=1.0) or 1.0
    bar_room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    title = f"CRM software market share by {dimension.name.lower()}, {year}"
    described = "; ".join(f"{r.segment}: {r.share_percent:g}% (USD {r.revenue_usd_billion:g} billion)" for r in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{prefix}title {prefix}desc" class="bmc-chart" style="max-width:{WIDTH}px;height:auto">',
        f'<title id="{prefix}title">{escape(title)}</title>',
        f'<desc id="{prefix}desc">Horizontal bar chart. {escape(described)}.</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        length = max(1.0, bar_room * row.share_percent / widest)
        middle = y + ROW / 2
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'font-family="sans-serif" font-size="13" fill="{TEXT_COLOUR}">{escape(row.segment)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y + 5}" width="{length:.1f}" height="{ROW - 10}" fill="{BAR_COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle:.1f}" dominant-baseline="middle" '
            f'font-family="sans-serif" font-size="13" fill="{TEXT_COLOUR}">{row.share_percent:g}%</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


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
            figure = nodes.figure("", nodes.raw("", bar_chart(dimension, market.year, prefix), format="html"), classes=["bmc-chart-figure"])
            data = table(
                ["Segment", "Share of the market", "Revenue (USD billion)"],
                ([r.segment, f"{r.share_percent:g}%", f"{r.revenue_usd_billion:g}"] for r in dimension.rows),
                classes=["bmc-crm-market"],
            )
            result += [rubric(f"By {dimension.name.lower()}"), nodes.container("", figure, data, classes=["bmc-chart-with-table"])]
        return result


def setup_chart_directives(app: Sphinx) -> None:
    app.add_directive("crm-market-chart", CrmMarketChartDirective)
