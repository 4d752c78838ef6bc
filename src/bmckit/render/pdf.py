"""A filled canvas as a printable PDF, drawn from the same plan as the SVG.

Notes wrap, shrink to the legible minimum, and whatever still does not fit
continues on numbered continuation pages with a marker in its box, so
nothing a user wrote is ever cut. Text is set in the embedded DejaVu Sans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import Color, HexColor

from bmckit.colours import ink_on
from bmckit.layout import Rect
from bmckit.model import Status
from bmckit.plan import (
    NEUTRAL_NOTE,
    Plan,
    Section,
    TextLine,
    baseline,
    continuation_heading,
    item_colours,
    marker_baseline,
    plan,
    segment_stripes,
)
from bmckit.render.pdfkit import FAINT, INK, RULE, Page, draw_boxes, draw_footer

if TYPE_CHECKING:
    from bmckit.model import BlockId, Canvas
    from bmckit.textfit import PlacedNote


def render(canvas: Canvas, *, paper: str = "a4") -> bytes:
    """The canvas as a PDF: the canvas page, then any continuation pages."""
    laid_out = plan(canvas, paper)
    page = Page(
        laid_out.layout, title=f"Business Model Canvas: {canvas.title}", subject=canvas.header.designed_for, date=canvas.header.date
    )
    _draw_canvas_page(page, laid_out)
    for continuation in laid_out.pages:
        page.pdf.showPage()
        _draw_continuation_page(page, laid_out, continuation.number, continuation.sections)
    return page.finish()


def _draw_canvas_page(page: Page, laid_out: Plan) -> None:
    sizes = laid_out.layout.sizes
    header = laid_out.header
    _draw_lines(page, header.title, bold=True)
    for field in header.fields:
        _draw_lines(page, (field.label,), colour=FAINT)
        _draw_lines(page, field.lines)
    draw_boxes(page, {str(b): box.title for b, box in laid_out.boxes.items()})
    for block, box in laid_out.boxes.items():
        for note in box.notes:
            _draw_note(page, laid_out, block, note)
        if box.continued_on:
            marker = f"continued on page {box.continued_on} →"
            page.text_at(
                box.rect.right - sizes.box_padding,
                marker_baseline(laid_out.layout, box.rect),
                marker,
                sizes.footer_size,
                bold=True,
                colour=RULE,
                right=True,
            )
    _draw_legend(page, laid_out)
    draw_footer(page)


def _draw_continuation_page(page: Page, laid_out: Plan, number: int, sections: tuple[Section, ...]) -> None:
    sizes = laid_out.layout.sizes
    _draw_lines(page, continuation_heading(laid_out, number), bold=True)
    for section in sections:
        y = baseline(section.heading_y, sizes.heading_size, 0, sizes.line_height)
        page.text_at(section.heading_x, y, section.heading, sizes.heading_size, bold=True)
        for note in section.notes:
            if section.block is None:
                _draw_plain_note(page, laid_out, note, section.fills)
            else:
                _draw_note(page, laid_out, section.block, note)
    _draw_legend(page, laid_out)
    draw_footer(page)


def _draw_note(page: Page, laid_out: Plan, block: BlockId, note: PlacedNote) -> None:
    sizes = laid_out.layout.sizes
    item = laid_out.note_item(block, note)
    rect = Rect(note.x, note.y, note.width, note.height)
    dash: tuple[float, ...] = (2.0, 1.5) if item.status is Status.HYPOTHESIS else ()
    stroke = INK if item.status is Status.VALIDATED else RULE if item.status else FAINT
    fill = laid_out.note_colour(block, note)
    page.rect(rect, fill=HexColor(fill), stroke=stroke, width=sizes.border_width * 0.8, radius=1.5, dash=dash)
    for stripe, colour in segment_stripes(laid_out.layout, note, item_colours(laid_out.canvas, item)):
        page.rect(stripe, fill=HexColor(colour), stroke=RULE, width=0.25)
    top = note.y + sizes.note_padding
    x = note.x + sizes.note_padding
    if note.label:
        label_ink = HexColor(ink_on(fill, RULE.hexval().replace("0x", "#")))
        page.text_at(x, baseline(top, sizes.note_label_size, 0, sizes.line_height), note.label, sizes.note_label_size, colour=label_ink)
        top += sizes.note_label_size * sizes.line_height
    ink = HexColor(ink_on(fill, INK.hexval().replace("0x", "#")))  # WCAG AA on any note colour, however dark
    for index, line in enumerate(note.lines):
        page.text_at(x, baseline(top, note.size, index, sizes.line_height), line, note.size, colour=ink)


def _draw_plain_note(page: Page, laid_out: Plan, note: PlacedNote, fills: tuple[str, ...]) -> None:
    """A note of header text or of the legend on a continuation page: a card in its colour, and its text."""
    sizes = laid_out.layout.sizes
    fill = fills[note.key] if note.key < len(fills) else NEUTRAL_NOTE
    page.rect(Rect(note.x, note.y, note.width, note.height), fill=HexColor(fill), stroke=FAINT, width=sizes.border_width * 0.8, radius=1.5)
    ink = HexColor(ink_on(fill, INK.hexval().replace("0x", "#")))
    top = note.y + sizes.note_padding
    for index, line in enumerate(note.lines):
        page.text_at(note.x + sizes.note_padding, baseline(top, note.size, index, sizes.line_height), line, note.size, colour=ink)


def _draw_legend(page: Page, laid_out: Plan) -> None:
    size = laid_out.layout.sizes.footer_size
    for entry in laid_out.legend:
        if entry.colour:
            page.rect(entry.swatch, fill=HexColor(entry.colour), stroke=RULE, width=0.3)
        page.text_at(entry.name_x, entry.baseline, entry.name, size)


def _draw_lines(page: Page, lines: tuple[TextLine, ...], *, bold: bool = False, colour: Color = INK) -> None:
    for line in lines:
        page.text_at(line.x, line.baseline, line.text, line.size, bold=bold, colour=colour)
