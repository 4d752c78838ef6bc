"""reportlab's page for the fillable forms, whose fields only reportlab makes here; and its fonts.

reportlab draws with the origin at the bottom left; the layout measures from
the top left. :class:`Page` hides the turn so the drawing code reads like
the layout, through the interface the printable canvas's pure-Python page
shares (:class:`bmckit.render.pdf.page.LayoutPage`). Output is byte-stable
for snapshot tests, yet each document is told apart from the others:
reportlab's invariant mode writes the same /ID and a 2000-01-01 date into
every file, so :meth:`Page.finish` stamps an /ID made from the file's own
bytes, and the dates are the canvas's own (see
:func:`bmckit.render.pdf.page.pdf_date`), given to reportlab's date formatter.
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from bmckit.fontmetrics import font_path
from bmckit.render.pdf.page import INK, RULE, LayoutPage, pdf_date, stamp_id

try:
    from reportlab.lib.colors import Color, HexColor
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas as PdfCanvas
except ImportError as error:  # pragma: no cover - exercised by the missing-extra test in a bare venv
    raise ImportError('fillable PDF forms need the pdf extra: pip install "bmckit[pdf]"') from error

if TYPE_CHECKING:
    from bmckit.layout import Layout, Rect

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def _colour(hex_colour: str) -> Color:
    """A ``#rrggbb`` colour as reportlab's."""
    return HexColor(hex_colour)


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans so Greek, Cyrillic and accented Latin print, whatever the reader has installed."""
    pdfmetrics.registerFont(TTFont(REGULAR, font_path("regular")))
    pdfmetrics.registerFont(TTFont(BOLD, font_path("bold")))


class Page(LayoutPage):
    """A reportlab canvas addressed in layout coordinates (top-left origin, points)."""

    def __init__(self, layout: Layout, *, title: str, subject: str, date: str = "") -> None:
        """A page for ``layout``; ``date`` is the canvas header's date, which dates the document when it is ISO."""
        register_fonts()
        self.layout = layout
        self.buffer = io.BytesIO()
        self.pdf = PdfCanvas(self.buffer, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
        when = pdf_date(date)
        if when:  # else reportlab's invariant 2000-01-01, which the fillable form's pypdf pass removes
            self.pdf.setDateFormatter(lambda *_: when)
        self.pdf.setTitle(title)
        self.pdf.setSubject(subject)
        self.pdf.setCreator("bmckit")
        self.pdf.setAuthor("")

    def text_at(
        self, x: float, baseline: float, text: str, size: float, *, bold: bool = False, colour: str = INK, right: bool = False
    ) -> None:
        self.pdf.setFillColor(_colour(colour))
        self.pdf.setFont(BOLD if bold else REGULAR, size)
        if right:
            self.pdf.drawRightString(x, self.y(baseline), text)
        else:
            self.pdf.drawString(x, self.y(baseline), text)

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
        self.pdf.saveState()
        self.pdf.setLineWidth(width)
        if stroke is not None:
            self.pdf.setStrokeColor(_colour(stroke))
        if fill is not None:
            self.pdf.setFillColor(_colour(fill))
        if dash:
            self.pdf.setDash(list(dash))
        args = (rect.x, self.y(rect.y, rect.height), rect.width, rect.height)
        draw = {"stroke": int(stroke is not None), "fill": int(fill is not None)}
        if radius:
            self.pdf.roundRect(*args, radius, **draw)
        else:
            self.pdf.rect(*args, **draw)
        self.pdf.restoreState()

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str = RULE, width: float = 0.8) -> None:
        self.pdf.setStrokeColor(_colour(colour))
        self.pdf.setLineWidth(width)
        self.pdf.line(x1, self.y(y1), x2, self.y(y2))

    def finish(self) -> bytes:
        self.pdf.save()
        return stamp_id(self.buffer.getvalue())
