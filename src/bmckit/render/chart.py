"""Charts as SVG strings: horizontal bars, and a customer's value building up year by year.

Written by hand rather than with a plotting library, because every place a
chart must appear can show a string of SVG and nothing more is needed: a page
of the static site (drawn at build time, or from a notebook's saved widget
state), a notebook on Binder, and a browser-only Python (Pyodide in JupyterLite)
where compiled packages such as matplotlib's are out of reach or a heavy
download. No JavaScript, no request, and the text stays real text.

Each chart is accessible: ``role="img"``, a ``<title>`` and a ``<desc>`` that
reads out every figure, real ``<text>`` labels, and its own white paper so it
stays legible in a dark theme. ``prefix`` keeps the ids of several charts on
one page apart.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, NamedTuple

from bmckit import economics

if TYPE_CHECKING:
    from collections.abc import Sequence

INK, RULE, PAPER = "#1b1b1b", "#767676", "#ffffff"
BAR = "#1d5f8a"
NOW, MORE, COST = "#1d5f8a", "#b04a00", "#a4000f"
"""Line colours: today's retention, five points more, and the cost of winning a customer (each 4.5:1 on white)."""
FONT = 'font-family="sans-serif"'


class Bar(NamedTuple):
    label: str
    value: float
    shown: str
    """The value as the chart writes it beside its bar."""


def bar_chart(bars: Sequence[Bar], *, title: str, described: str, prefix: str = "", width: int = 640, label_width: int = 230) -> str:
    """Horizontal bars, longest for the largest value, each labelled on the left and valued on the right."""
    row, top, value_width = 30, 12, 130
    height = top * 2 + row * len(bars)
    widest = max((bar.value for bar in bars), default=1.0) or 1.0
    room = width - label_width - value_width
    parts = [_open(width, height, prefix, title, f"Horizontal bar chart. {described}.", "bmc-chart")]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = max(1.0, room * bar.value / widest)
        middle = y + row / 2
        parts += [
            f'<text x="{label_width - 8}" y="{middle:.1f}" text-anchor="end" dominant-baseline="middle" {FONT} font-size="13" fill="{INK}">{escape(bar.label)}</text>',
            f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" fill="{BAR}"/>',
            f'<text x="{label_width + length + 6:.1f}" y="{middle:.1f}" dominant-baseline="middle" {FONT} font-size="13" fill="{INK}">{escape(bar.shown)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def value_over_time_chart(scenario: economics.Scenario, years: int = 10, prefix: str = "", currency: str = "£") -> str:
    """A customer's value built up year by year at today's retention and five points more, against what winning them cost."""
    now = economics.cumulative_value(scenario, years)
    more_retention = economics.more_retention(scenario.retention)
    more = economics.cumulative_value(scenario, years, more_retention)
    width, height, left, right, top, bottom = 640, 320, 70, 150, 20, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    ceiling = _nice_ceiling(max((*now, *more, scenario.cac, 1.0)))

    def x(year: float) -> float:
        return left + plot_w * year / years

    def y(value: float) -> float:
        return top + plot_h * (1 - value / ceiling)

    title = f"Value of one customer over {years} years, against the cost of winning them"
    described = (
        f"Line chart. At {economics.percent(scenario.retention)} retention a customer has brought in {currency}{now[-1]:,.0f} of discounted margin "
        f"after {years} years; at {economics.percent(more_retention)} retention, {currency}{more[-1]:,.0f}. "
        f"Winning a customer costs {currency}{scenario.cac:,.0f}. By year: "
        + "; ".join(f"year {i + 1}: {currency}{a:,.0f} and {currency}{b:,.0f}" for i, (a, b) in enumerate(zip(now, more, strict=True)))
    )
    parts = [_open(width, height, prefix, title, described, "bmc-chart bmc-value-chart")]
    for step in range(5):  # value axis: five gridlines with their labels
        value = ceiling * step / 4
        parts += [
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" stroke="#d8d8d8" stroke-width="1"/>',
            f'<text x="{left - 6}" y="{y(value):.1f}" text-anchor="end" dominant-baseline="middle" {FONT} font-size="12" fill="{INK}">{currency}{value:,.0f}</text>',
        ]
    for year in range(0, years + 1, max(1, years // 10)):
        parts.append(
            f'<text x="{x(year):.1f}" y="{top + plot_h + 16}" text-anchor="middle" {FONT} font-size="12" fill="{INK}">{year}</text>'
        )
    parts += [
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" {FONT} font-size="12" fill="{INK}">years as a customer</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{RULE}" stroke-width="1"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{RULE}" stroke-width="1"/>',
        f'<line x1="{left}" y1="{y(scenario.cac):.1f}" x2="{left + plot_w}" y2="{y(scenario.cac):.1f}" stroke="{COST}" stroke-width="2" stroke-dasharray="6 4" class="bmc-cac-line"/>',
    ]
    for values, colour, css in ((now, NOW, "bmc-line-now"), (more, MORE, "bmc-line-more")):
        points = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in enumerate((0.0, *values)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5" class="{css}"/>')
    legend = (
        (NOW, f"retention {economics.percent(scenario.retention)}", False),
        (MORE, f"retention {economics.percent(more_retention)}", False),
        (COST, f"CAC {currency}{scenario.cac:,.0f}", True),
    )
    for index, (colour, label, dashed) in enumerate(legend):
        ly = top + 10 + index * 22
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts += [
            f'<line x1="{left + plot_w + 12}" y1="{ly}" x2="{left + plot_w + 36}" y2="{ly}" stroke="{colour}" stroke-width="2.5"{dash}/>',
            f'<text x="{left + plot_w + 42}" y="{ly}" dominant-baseline="middle" {FONT} font-size="12" fill="{INK}">{escape(label)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def _open(width: int, height: int, prefix: str, title: str, description: str, css: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{prefix}title {prefix}desc" class="{css}" style="max-width:{width}px;height:auto">'
        f'<title id="{prefix}title">{escape(title)}</title><desc id="{prefix}desc">{escape(description)}</desc>'
        f'<rect width="{width}" height="{height}" fill="{PAPER}"/>'
    )


def _nice_ceiling(value: float) -> float:
    """The next round number above ``value`` (1, 2 or 5 times a power of ten), so the axis labels read well."""
    if value <= 0:
        return 1.0
    power = 10.0 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power
