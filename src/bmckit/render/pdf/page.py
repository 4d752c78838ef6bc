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
from functools import cache
from typing import TYPE_CHECKING

from bmckit import knowledge
from bmckit.colours import ink
from bmckit.fontmetrics import metrics
from bmckit.margins import TEMPLATE_TITLE, TITLE_DROP, write_on_bottom, write_on_top
from bmckit.plan import ATTRIBUTION, footer_baseline, heading_height
from bmckit.textfit import wrap

if TYPE_CHECKING:
    from collections.abc import Collection

    from bmckit.layout import Layout, Rect
    from bmckit.model import BlockId

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


def draw_header_labels(page: LayoutPage, labels: dict[str, str]) -> dict[str, Rect]:
    """A template's header: its title, and a box to write in under each field's label; returns each box, by field.

    The title, dark and larger than the labels, heads the box for the canvas's own name; each field right of it is as
    wide as the layout lets it be at most, and the title's box takes what they leave. The boxes reach from just under
    the title to the foot of the header: tall enough to write in by hand, and where the form's fields go.
    """
    from bmckit.layout import Rect

    areas = header_boxes(page.layout, labels)
    sizes, header = page.layout.sizes, page.layout.header
    baseline = header.y + TITLE_DROP * sizes.template_title_size
    page.text_at(header.x, baseline, TEMPLATE_TITLE, sizes.template_title_size, bold=True)
    for key, label in labels.items():
        page.text_at(areas[key].x, baseline, label, sizes.field_label_size, colour=RULE)
    for box in areas.values():
        page.rect(Rect(box.x, box.y, box.width, box.height), stroke=RULE, width=sizes.border_width * 0.6)
    return areas


def header_boxes(layout: Layout, labels: Collection[str]) -> dict[str, Rect]:
    """The template header's write-on boxes, by field (``title`` first), in layout coordinates."""
    from bmckit.layout import Rect

    sizes, header = layout.sizes, layout.header
    gap = sizes.box_padding * 2
    top = write_on_top(layout)
    height = write_on_bottom(layout) - top
    title_width = header.width - sum(layout.field_widths[key] for key in labels)
    areas = {"title": Rect(header.x, top, title_width - gap, height)}
    x = header.x + title_width
    for key in labels:
        areas[key] = Rect(x, top, layout.field_widths[key] - (gap if x + layout.field_widths[key] < header.right - 1e-6 else 0), height)
        x += layout.field_widths[key]
    return areas


def draw_template(page: LayoutPage, labels: dict[str, str]) -> tuple[dict[str, Rect], dict[str, Rect]]:
    """A blank template: the header's boxes, the nine boxes with their guiding questions printed faintly, the footer.

    Returns the header's boxes and each block's room to write in (under its questions), by field name: where a
    fillable form puts its fields. Drawn the same on any page, so the PDF template and its preview agree.
    """
    from bmckit.layout import Rect

    layout = page.layout
    sizes = layout.sizes
    areas = draw_header_labels(page, labels)
    draw_boxes(page, {str(b.id): b.title for b in knowledge.blocks()})
    fields = {}
    for block, rect in layout.boxes.items():
        top = below_heading(page, rect) - sizes.box_padding
        for line in question_lines(layout.paper, block):
            page.text(rect.x + sizes.box_padding, top, line, sizes.question_size, colour=FAINT)
            top += sizes.question_size * sizes.line_height
        top += sizes.box_padding / 2
        fields[str(block)] = Rect(
            rect.x + sizes.box_padding / 2, top, rect.width - sizes.box_padding, rect.bottom - top - sizes.box_padding / 2
        )
    draw_footer(page)
    return areas, fields


@cache
def question_lines(paper: str, block: BlockId) -> tuple[str, ...]:
    """A block's guiding questions wrapped to its box: the same for every template of a paper size."""
    from bmckit.layout import layout_for

    layout = layout_for(paper)
    width = layout.boxes[block].width - 2 * layout.sizes.box_padding
    return tuple(line for question in knowledge.block(block).questions for line in wrap(question, width, layout.sizes.question_size))


def draw_footer(page: LayoutPage) -> None:
    """The attribution for the canvas design, on every page."""
    footer, sizes = page.layout.footer, page.layout.sizes
    page.text_at(footer.right, footer_baseline(page.layout), ATTRIBUTION, sizes.footer_size, colour=RULE, right=True)


def below_heading(page: LayoutPage, rect: Rect) -> float:
    """The layout y just below a box's heading."""
    return rect.y + page.layout.sizes.box_padding + heading_height(page.layout)
