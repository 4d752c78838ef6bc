"""The blank template as SVG: the very drawing of the printable and fillable PDF templates, for a preview on a page.

A site that offers the templates shows what each one looks like before it is
downloaded. Rather than a picture of the PDF made by some other program, the
template is drawn again by the same code (:func:`bmckit.render.pdf.page.draw_template`)
on a page that writes SVG, so the preview is the template, box for box, on every
paper size. Pure Python: no PDF library is needed to make it.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from bmckit.colours import ink
from bmckit.layout import layout_for
from bmckit.margins import HEADER_FIELDS
from bmckit.render.pdf.page import INK, RULE, LayoutPage, draw_template

if TYPE_CHECKING:
    from bmckit.layout import Layout, Rect

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


class SvgPage(LayoutPage):
    """A page that collects SVG elements, addressed in layout coordinates, which are SVG's own (top-left origin, points)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.elements: list[str] = []

    def text_at(
        self, x: float, baseline: float, text: str, size: float, *, bold: bool = False, colour: str = INK, right: bool = False
    ) -> None:
        weight = ' font-weight="bold"' if bold else ""
        anchor = ' text-anchor="end"' if right else ""
        self.elements.append(
            f'<text x="{_num(x)}" y="{_num(baseline)}" font-size="{_num(size)}" fill="{colour}"{weight}{anchor}>{escape(text)}</text>'
        )

    def rect(
        self,
        rect: Rect,
        *,
        stroke: str | None = RULE,
        fill: str | None = None,
        width: float = 0.8,
        radius: float = 0.0,
        dash: tuple[float, ...] = (),
    ) -> None:
        corners = f' rx="{_num(radius)}"' if radius else ""
        dashes = f' stroke-dasharray="{" ".join(map(_num, dash))}"' if dash else ""
        self.elements.append(
            f'<rect x="{_num(rect.x)}" y="{_num(rect.y)}" width="{_num(rect.width)}" height="{_num(rect.height)}"{corners}'
            f' fill="{fill or "none"}" stroke="{stroke or "none"}" stroke-width="{_num(width)}"{dashes}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str = RULE, width: float = 0.8) -> None:
        self.elements.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="{colour}" stroke-width="{_num(width)}"/>'
        )


def render_blank(*, paper: str = "a4") -> str:
    """The blank template of ``paper`` as an SVG document, as wide and tall as the paper in points."""
    layout = layout_for(paper)
    page = SvgPage(layout)
    draw_template(page, {name: label for label, name in HEADER_FIELDS})
    width, height = _num(layout.width), _num(layout.height)
    title = f"Blank Business Model Canvas template, {layout.paper_name}"
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}"'
            f' role="img" aria-label="{escape(title)}" font-family="{FONT_FAMILY}">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width}" height="{height}" fill="{ink().paper}"/>',
            *page.elements,
            "</svg>\n",
        ]
    )


def _num(value: float) -> str:
    """A length with at most two decimals and no trailing zeros, so equal drawings give equal bytes."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
