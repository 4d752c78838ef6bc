"""What every PDF page bmckit makes has in common, whichever writer draws it: colours, box headings, the footer.

Two writers draw bmckit's pages: the pure-Python :mod:`bmckit.render.pdf.writer`
for the printable canvas, and reportlab (:mod:`bmckit.render.pdf.reportlab_page`) for
the fillable forms, whose fields it makes. Both are addressed through
:class:`LayoutPage`, in layout coordinates (top-left origin, points), so the
frame, the headings and the footer are drawn by the same code on both.

Output is byte-stable for snapshot tests, yet each document is told apart
from the others: :func:`stamp_id` makes the /ID from the file's own bytes,
and the dates are the canvas's own (see :func:`pdf_date`).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from bmckit.colours import ink
from bmckit.fontmetrics import metrics
from bmckit.plan import ATTRIBUTION, footer_baseline, heading_height

if TYPE_CHECKING:
    from collections.abc import Collection

    from bmckit.layout import Layout, Rect

INK, RULE, FAINT, WHITE = ink()
"""The drawing's colours (``data/colours.toml``): text, rules and labels, the faintest rule, paper."""

ASCENT = metrics().ascent / metrics().units_per_em
"""How far below the top of its em box a line's baseline lies, per point of type size."""


class LayoutPage(ABC):
    """A page addressed in layout coordinates; subclasses draw with one PDF writer or another."""

    layout: Layout

    def y(self, top: float, height: float = 0.0) -> float:
        """The PDF y (from the bottom) of a thing ``height`` tall whose top is at layout y ``top``."""
        return self.layout.height - top - height

    def text(self, x: float, top: float, text: str, size: float, *, bold: bool = False, colour: str = INK, right: bool = False) -> None:
        """One line of text whose em box starts at layout y ``top``."""
        self.text_at(x, top + ASCENT * size, text, size, bold=bold, colour=colour, right=right)

    @abstractmethod
    def text_at(
        self, x: float, baseline: float, text: str, size: float, *, bold: bool = False, colour: str = INK, right: bool = False
    ) -> None:
        """One line of text on the layout y ``baseline``, as the SVG sets it; ``right`` ends it at ``x``."""

    @abstractmethod
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
        """A rectangle, stroked and filled in ``#rrggbb`` colours (None for neither), its corners rounded by ``radius``."""

    @abstractmethod
    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str = RULE, width: float = 0.8) -> None:
        """A straight line between two layout points."""


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` is set in DejaVu Sans, in points."""
    return metrics("bold" if bold else "regular").width(text, size)


def pdf_date(date: str = "") -> str | None:
    """A PDF date string for a document: the canvas's ISO date, else SOURCE_DATE_EPOCH, else none.

    Not the time of rendering: the same canvas must give the same bytes, and
    the date a canvas carries says when its content was made. With neither,
    the document has no dates, which the standard allows and no reader minds.
    """
    try:
        day = datetime.date.fromisoformat(date.strip())
    except ValueError:
        day = None
    if day is not None:
        return f"D:{day:%Y%m%d}000000Z"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        return f"D:{moment:%Y%m%d%H%M%S}Z"
    return None


_ID = re.compile(rb"/ID\s*\[\s*<([0-9a-fA-F]{32})>\s*<([0-9a-fA-F]{32})>\s*\]")


def stamp_id(data: bytes) -> bytes:
    """The PDF with its trailer's /ID made from its own bytes: the same content, the same /ID; other content, another.

    The digest is taken with the /ID zeroed and replaces it in place, so no
    offset in the file moves.
    """
    matches = list(_ID.finditer(data, max(0, data.rfind(b"trailer"))))
    if not matches:
        return data
    last = matches[-1]
    zeroed = data[: last.start(1)] + b"0" * 32 + data[last.end(1) : last.start(2)] + b"0" * 32 + data[last.end(2) :]
    digest = hashlib.md5(zeroed, usedforsecurity=False).hexdigest().encode("ascii")
    return data[: last.start(1)] + digest + data[last.end(1) : last.start(2)] + digest + data[last.end(2) :]


def carries_its_own_id(data: bytes) -> bool:
    """True when ``data`` has the /ID :func:`stamp_id` gives it: the file is byte for byte as bmckit wrote it.

    A reader that saves a file over, whole or as an incremental update, changes its bytes, and so the digest.
    """
    return _ID.search(data, max(0, data.rfind(b"trailer"))) is not None and stamp_id(data) == data


def draw_boxes(page: LayoutPage, titles: dict[str, str]) -> None:
    """The nine boxes with their headings."""
    sizes = page.layout.sizes
    for block, rect in page.layout.boxes.items():
        page.rect(rect, width=sizes.border_width)
        page.text(rect.x + sizes.box_padding, rect.y + sizes.box_padding, titles[block], sizes.heading_size, bold=True)


def draw_header_labels(page: LayoutPage, labels: dict[str, str], *, tall: Collection[str] = ()) -> dict[str, Rect]:
    """Small labels over the header fields; returns the rectangle left for each field's value.

    Each field right of the title is as wide as the layout lets it be at most, the title takes what they leave;
    a field in ``tall`` reaches down to the header's rule, for lines of text, the others hold one line.
    """
    from bmckit.layout import Rect

    layout, sizes = page.layout, page.layout.sizes
    header = layout.header
    top = header.y + sizes.field_label_size * 1.4
    title_width = header.width - sum(layout.field_widths[key] for key in labels)
    areas = {"title": Rect(header.x, top, title_width, header.height - sizes.field_label_size * 2.2)}
    page.text(header.x, header.y, "Business Model Canvas", sizes.field_label_size, colour=FAINT)
    x = header.x + title_width
    for key, label in labels.items():
        field_width = layout.field_widths[key]
        page.text(x + 2, header.y, label, sizes.field_label_size, colour=FAINT)
        height = header.bottom - 3 - top if key in tall else sizes.field_size * 2.6
        areas[key] = Rect(x + 2, top, field_width - 6, height)
        x += field_width
    page.line(header.x, header.bottom - 2, header.right, header.bottom - 2, colour=RULE, width=sizes.border_width)
    return areas


def draw_footer(page: LayoutPage) -> None:
    """The attribution for the canvas design, on every page."""
    footer, sizes = page.layout.footer, page.layout.sizes
    page.text_at(footer.right, footer_baseline(page.layout), ATTRIBUTION, sizes.footer_size, colour=RULE, right=True)


def below_heading(page: LayoutPage, rect: Rect) -> float:
    """The layout y just below a box's heading."""
    return rect.y + page.layout.sizes.box_padding + heading_height(page.layout)
