"""A filled canvas as a printable PDF, drawn from the same plan as the SVG.

Notes wrap, shrink to the legible minimum, and whatever still does not fit
continues on numbered continuation pages with a marker in its box, so
nothing a user wrote is ever cut. Text is set in the embedded DejaVu Sans.

The page is written by bmckit's own pure-Python writer
(:mod:`bmckit.render.pdf.writer`), not reportlab: a printable PDF needs no
extra, starts quickly, and can be made in a browser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from bmckit.render.pdf.page import FAINT, INK, RULE, LayoutPage, draw_boxes, draw_footer, pdf_date, text_width
from bmckit.render.pdf.writer import Content, Document

if TYPE_CHECKING:
    from bmckit.layout import Layout
    from bmckit.model import BlockId, Canvas
    from bmckit.textfit import PlacedNote


def render(canvas: Canvas, *, paper: str = "a4") -> bytes:
    """The canvas as a PDF: the canvas page, then any continuation pages."""
    return draw(plan(canvas, paper))


def draw(laid_out: Plan) -> bytes:
    """A canvas already laid out, as a PDF: for a caller that reads the plan too (the command line's overflow notes)."""
    canvas = laid_out.canvas
    page = Page(
        laid_out.layout, title=f"Business Model Canvas: {canvas.title}", subject=canvas.header.designed_for, date=canvas.header.date
    )
    _draw_canvas_page(page, laid_out)
    for continuation in laid_out.pages:
        page.next_page()
        _draw_continuation_page(page, laid_out, continuation.number, continuation.sections)
    return page.document.finish()


class Page(LayoutPage):
    """A :class:`~bmckit.render.pdf.writer.Document` drawn in layout coordinates, one page after another."""

    def __init__(self, layout: Layout, *, title: str, subject: str, date: str = "") -> None:
        """A document of pages for ``layout``; ``date`` is the canvas header's date, which dates the document when it is ISO."""
        self.layout = layout
        info = {"Title": title, "Subject": subject, "Creator": "bmckit"}
        when = pdf_date(date)
        if when:
            info.update(CreationDate=when, ModDate=when)
        self.document = Document(layout.width, layout.height, info)
        self.content: Content = self.document.new_page()

    def next_page(self) -> None:
        self.content = self.document.new_page()

    def text_at(
        self, x: float, baseline: float, text: str, size: float, *, bold: bool = False, colour: str = INK, right: bool = False
    ) -> None:
        if right:
            x -= text_width(text, size, bold=bold)
        self.content.text(x, self.y(baseline), self.document.font(bold=bold), size, text, colour)

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
        y = self.y(rect.y, rect.height)
        self.content.rect(rect.x, y, rect.width, rect.height, stroke=stroke, fill=fill, line_width=width, radius=radius, dash=dash)

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str = RULE, width: float = 0.8) -> None:
        self.content.line(x1, self.y(y1), x2, self.y(y2), colour=colour, width=width)


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
    page.rect(rect, fill=fill, stroke=stroke, width=sizes.border_width * 0.8, radius=1.5, dash=dash)
    for stripe, colour in segment_stripes(laid_out.layout, note, item_colours(laid_out.canvas, item)):
        page.rect(stripe, fill=colour, stroke=RULE, width=0.25)
    top = note.y + sizes.note_padding
    x = note.x + sizes.note_padding
    if note.label:
        label_ink = ink_on(fill, RULE)
        page.text_at(x, baseline(top, sizes.note_label_size, 0, sizes.line_height), note.label, sizes.note_label_size, colour=label_ink)
        top += sizes.note_label_size * sizes.line_height
    ink = ink_on(fill, INK)  # WCAG AA on any note colour, however dark
    for index, line in enumerate(note.lines):
        page.text_at(x, baseline(top, note.size, index, sizes.line_height), line, note.size, colour=ink)


def _draw_plain_note(page: Page, laid_out: Plan, note: PlacedNote, fills: tuple[str, ...]) -> None:
    """A note of header text or of the legend on a continuation page: a card in its colour, and its text."""
    sizes = laid_out.layout.sizes
    fill = fills[note.key] if note.key < len(fills) else NEUTRAL_NOTE
    page.rect(Rect(note.x, note.y, note.width, note.height), fill=fill, stroke=FAINT, width=sizes.border_width * 0.8, radius=1.5)
    ink = ink_on(fill, INK)
    top = note.y + sizes.note_padding
    for index, line in enumerate(note.lines):
        page.text_at(note.x + sizes.note_padding, baseline(top, note.size, index, sizes.line_height), line, note.size, colour=ink)


def _draw_legend(page: Page, laid_out: Plan) -> None:
    size = laid_out.layout.sizes.footer_size
    for entry in laid_out.legend:
        if entry.colour:
            page.rect(entry.swatch, fill=entry.colour, stroke=RULE, width=0.3)
        page.text_at(entry.name_x, entry.baseline, entry.name, size)


def _draw_lines(page: Page, lines: tuple[TextLine, ...], *, bold: bool = False, colour: str = INK) -> None:
    for line in lines:
        page.text_at(line.x, line.baseline, line.text, line.size, bold=bold, colour=colour)
