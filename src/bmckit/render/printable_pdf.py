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

from bmckit.plan import Plan, Section, plan
from bmckit.render.pdf.page import INK, RULE, LayoutPage, pdf_date, text_width
from bmckit.render.pdf.writer import Content, Document

if TYPE_CHECKING:
    from bmckit.drawables import Frame, NoteCard, TextLine
    from bmckit.layout import Layout, Rect
    from bmckit.model import Canvas


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
        _draw_continuation_page(page, laid_out, continuation.number, continuation.heading, continuation.sections)
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
    _draw_lines(page, laid_out.header.title)
    for field in laid_out.header.fields:
        _draw_lines(page, (field.label, *field.lines))
    for write_on in laid_out.header.boxes:
        _draw_frame(page, write_on)
    for box in laid_out.boxes.values():
        _draw_frame(page, box.frame)
        _draw_lines(page, (box.heading,))
        for note in box.notes:
            _draw_note(page, note)
        if box.marker:
            _draw_lines(page, (box.marker,))
    _draw_footer(page, laid_out)


def _draw_continuation_page(page: Page, laid_out: Plan, number: int, heading: tuple[TextLine, ...], sections: tuple[Section, ...]) -> None:
    _draw_lines(page, heading)
    for section in sections:
        _draw_lines(page, (section.heading,))
        for note in section.notes:
            _draw_note(page, note)
    _draw_footer(page, laid_out)


def _draw_note(page: Page, note: NoteCard) -> None:
    _draw_frame(page, note.card)
    for stripe in note.stripes:
        _draw_frame(page, stripe)
    _draw_lines(page, ((note.label,) if note.label else ()) + note.lines)


def _draw_footer(page: Page, laid_out: Plan) -> None:
    for entry in laid_out.legend:
        if entry.swatch:
            _draw_frame(page, entry.swatch)
        _draw_lines(page, (entry.name,))
    _draw_lines(page, (laid_out.attribution,))


def _draw_frame(page: Page, frame: Frame) -> None:
    page.rect(frame.rect, stroke=frame.stroke, fill=frame.fill, width=frame.stroke_width, radius=frame.radius, dash=frame.dash)


def _draw_lines(page: Page, lines: tuple[TextLine, ...]) -> None:
    for line in lines:
        page.text_at(line.x, line.baseline, line.text, line.size, bold=line.bold, colour=line.colour, right=line.align == "end")
