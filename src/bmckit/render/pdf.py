"""A filled canvas as a printable PDF, drawn from the same plan as the SVG.

Notes wrap, shrink to the legible minimum, and whatever still does not fit
continues on numbered continuation pages with a marker in its box, so
nothing a user wrote is ever cut. Text is set in the embedded DejaVu Sans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor

from bmckit.fontmetrics import metrics
from bmckit.layout import Rect
from bmckit.model import Status
from bmckit.plan import Plan, Section, item_segments, marker_height, plan
from bmckit.render.pdfkit import FAINT, INK, REGULAR, RULE, Page, draw_boxes, draw_footer, draw_header_labels
from bmckit.textfit import wrap

if TYPE_CHECKING:
    from bmckit.model import BlockId, Canvas
    from bmckit.textfit import PlacedNote

HEADER_LABELS = {"designed_for": "Designed for", "designed_by": "Designed by", "date": "Date", "version": "Version"}


def render(canvas: Canvas, *, paper: str = "a4") -> bytes:
    """The canvas as a PDF: the canvas page, then any continuation pages."""
    laid_out = plan(canvas, paper)
    page = Page(laid_out.layout, title=f"Business Model Canvas: {canvas.title}", subject=canvas.header.designed_for)
    _draw_canvas_page(page, laid_out)
    for continuation in laid_out.pages:
        page.pdf.showPage()
        _draw_continuation_page(page, laid_out, continuation.number, continuation.sections)
    return page.finish()


def _draw_canvas_page(page: Page, laid_out: Plan) -> None:
    canvas, sizes = laid_out.canvas, laid_out.layout.sizes
    areas = draw_header_labels(page, HEADER_LABELS)
    _draw_fitted(page, areas["title"], canvas.title, sizes.title_size, bold=True)
    for key in HEADER_LABELS:
        _draw_fitted(page, areas[key], getattr(canvas.header, key), sizes.field_size)
    draw_boxes(page, {str(b): box.title for b, box in laid_out.boxes.items()})
    for block, box in laid_out.boxes.items():
        for note in box.notes:
            _draw_note(page, laid_out, block, note)
        if box.continued_on:
            marker = f"continued on page {box.continued_on} →"
            top = box.rect.bottom - sizes.box_padding - marker_height(laid_out.layout) * 0.8
            page.text(box.rect.right - sizes.box_padding, top, marker, sizes.footer_size, bold=True, colour=RULE, right=True)
    _draw_legend(page, laid_out)
    draw_footer(page)


def _draw_continuation_page(page: Page, laid_out: Plan, number: int, sections: tuple[Section, ...]) -> None:
    layout = laid_out.layout
    title = f"{laid_out.canvas.title} — continued (page {number})"
    _draw_fitted(
        page,
        Rect(layout.header.x, layout.header.y, layout.header.width, layout.sizes.title_size * 2),
        title,
        layout.sizes.title_size,
        bold=True,
    )
    for section in sections:
        page.text(section.heading_x, section.heading_y, section.heading, layout.sizes.heading_size, bold=True)
        for note in section.notes:
            _draw_note(page, laid_out, section.block, note)
    _draw_legend(page, laid_out)
    draw_footer(page)


def _draw_note(page: Page, laid_out: Plan, block: BlockId, note: PlacedNote) -> None:
    sizes = laid_out.layout.sizes
    item = laid_out.note_item(block, note)
    rect = Rect(note.x, note.y, note.width, note.height)
    dash: tuple[float, ...] = (2.0, 1.5) if item.status is Status.HYPOTHESIS else ()
    stroke = INK if item.status is Status.VALIDATED else RULE if item.status else FAINT
    page.rect(rect, fill=HexColor(laid_out.note_colour(block, note)), stroke=stroke, width=sizes.border_width * 0.8, radius=1.5, dash=dash)
    stripes = item_segments(laid_out.canvas, item)
    if len(stripes) > 1:
        stripe = sizes.note_padding * 0.6
        for index, segment in enumerate(stripes):
            page.rect(Rect(note.x + index * stripe, note.y, stripe, note.height), stroke=None, fill=HexColor(segment.colour))
    top = note.y + sizes.note_padding
    x = note.x + sizes.note_padding
    if note.label:
        label = note.label if not note.continued else f"{note.label} (continued)"
        page.text(x, top, label.upper(), sizes.note_label_size, colour=RULE)
        top += sizes.note_label_size * sizes.line_height
    for line in note.lines:
        page.text(x, top + (sizes.line_height - 1) * note.size / 2, line, note.size)
        top += note.size * sizes.line_height


def _draw_legend(page: Page, laid_out: Plan) -> None:
    segments, sizes, footer = laid_out.canvas.segments, laid_out.layout.sizes, laid_out.layout.footer
    x = footer.x
    swatch = sizes.footer_size
    for segment in segments:
        page.rect(Rect(x, footer.y + 1, swatch, swatch), fill=HexColor(segment.colour), stroke=RULE, width=0.3)
        page.text(x + swatch * 1.4, footer.y + 1, segment.name, sizes.footer_size)
        x += swatch * 2.4 + page.pdf.stringWidth(segment.name, REGULAR, sizes.footer_size)


def _draw_fitted(page: Page, area: Rect, text: str, size: float, *, bold: bool = False) -> None:
    """Header text: wrapped and shrunk into its area, never cut (at half size it may run past the area's foot)."""
    font = metrics("bold" if bold else "regular")
    smallest = size * 0.5
    while True:
        lines = wrap(text, area.width, size, font)
        if len(lines) * size * 1.15 <= area.height or size <= smallest:
            break
        size -= 0.5
    for index, line in enumerate(lines):
        page.text(area.x, area.y + index * size * 1.15, line, size, bold=bold)
