"""Around the nine boxes: the header (title and four fields) above, the segment legend and the attribution below.

Laid out like the boxes: text wraps, shrinks to the legible minimum, and what
still does not fit ends in a "continued" line and comes back as a
:class:`Continuation` for :func:`bmckit.plan.plan` to flow on to a
continuation page. Everything comes out placed and coloured
(:mod:`bmckit.drawables`), ready to draw.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from bmckit.colours import ink, segment_colours
from bmckit.drawables import Frame, LegendEntry, TextLine
from bmckit.fontmetrics import FontMetrics, metrics
from bmckit.layout import SCREEN, Layout, Rect, Sizes
from bmckit.textfit import Note, wrap

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bmckit.model import BlockId, Canvas, Header

ATTRIBUTION = "The Business Model Canvas by Strategyzer AG (strategyzer.com), licensed CC BY-SA 3.0"
"""Printed on every canvas, as the canvas design's licence asks."""

NEUTRAL_NOTE = "#fff4c2"
"""The colour of a note that serves no segment in particular."""

HEADER_FIELDS = (("Designed for", "designed_for"), ("Designed by", "designed_by"), ("Date", "date"), ("Version", "version"))
"""The header's fields, right of the title: label and Header attribute."""


class HeaderField(NamedTuple):
    label: TextLine
    lines: tuple[TextLine, ...]


class HeaderPlan(NamedTuple):
    title: tuple[TextLine, ...]
    fields: tuple[HeaderField, ...]
    boxes: tuple[Frame, ...] = ()
    """On paper, a box to write in by hand for the title and each field left empty."""


TEMPLATE_TITLE = "Business Model Canvas"
"""The title printed over the box for a canvas's own name, on a blank template or a canvas printed without a title."""
TITLE_DROP = 0.95
"""How far below the header's top that title's baseline stands, per point of its size: its font's full ascender, so not
even an accent reaches into the page's margin."""


def write_on_top(layout: Layout) -> float:
    """Where the boxes to write in start: just under the title over them (which has no descenders)."""
    return layout.header.y + (TITLE_DROP + 0.2) * layout.sizes.template_title_size


def write_on_bottom(layout: Layout) -> float:
    """Where the boxes to write in end: a little above the nine boxes."""
    return layout.header.bottom - layout.sizes.box_padding * 2 / 3


class Continuation(NamedTuple):
    """Something that goes on from the canvas page: a block's notes, a header field's rest, or the whole legend."""

    key: str
    """The block id, the header field's name (``title``, ``designed_for`` …) or ``legend``."""
    what: str
    """What a person calls it: "Customer Relationships", "Designed for", "the segment legend"."""
    notes: tuple[Note, ...]
    block: BlockId | None = None
    fills: tuple[str, ...] = ()
    """For notes not drawn from a block's items: each note's colour, by its key."""


def baseline(top: float, size: float, index: int, line_height: float) -> float:
    """The baseline of line ``index`` of lines whose first line's top is ``top``: half the leading, then the ascent."""
    font = metrics()
    return top + size * ((line_height - 1) / 2 + font.ascent / font.units_per_em + index * line_height)


def fit_lines(
    text: str, width: float, height: float, largest: float, smallest: float, font: FontMetrics, sizes: Sizes
) -> tuple[float, list[str], int | None]:
    """``text`` wrapped to ``width`` as large as fits ``height``, down to ``smallest``.

    Returns the size, the lines, and where the text that does not fit even at ``smallest`` starts (None when all
    fits); the lines then leave the last line's room free for a "continued" marker.
    """
    size = largest
    while True:
        lines = wrap(text, width, size, font)
        room = max(1, math.floor(height / (size * sizes.line_height) + 1e-6))
        if len(lines) <= room:
            return size, lines, None
        if size <= smallest:
            break
        size = max(smallest, size - sizes.note_size_step)
    keep = max(0, room - 1)
    position = 0
    for line in lines[:keep]:
        position = text.index(line, position) + len(line)
    rest = text.index(lines[keep], position) if keep < len(lines) else len(text)
    return size, lines[:keep], rest


def header_plan(layout: Layout, header: Header, continued_on: Mapping[str, int] | None = None) -> tuple[HeaderPlan, list[Continuation]]:
    """The title on the left; the four fields, each a small label over its value, sized to their text, on the right.

    Text too long for the header at the legible minimum ends in a "continued on page N" line, and comes back as
    :class:`Continuation` to go on a continuation page.
    """
    sizes, regular, colours = layout.sizes, metrics(), ink()
    pages = continued_on or {}
    gap, narrowest = sizes.field_size * 2, layout.field_narrowest
    room = layout.header.height - sizes.box_padding
    label_height = sizes.field_label_size * sizes.line_height
    on_paper = layout.paper != SCREEN  # an empty field printed is one to fill in by hand: it gets a box to write in
    rests: list[Continuation] = []
    fields: list[tuple[str, list[str], float, float]] = []
    for label, name in HEADER_FIELDS:
        value, widest = getattr(header, name), layout.field_widths[name]
        size, lines, rest = fit_lines(value, widest, room - label_height, sizes.field_size, sizes.note_size_min, regular, sizes)
        lines = [line for line in lines if line]
        if rest is not None:
            rests.append(Continuation(name, label, (Note(value[rest:]),)))
            lines.append(_marker(pages.get(name)))
        width = max([narrowest, regular.width(label, sizes.field_label_size)] + [regular.width(line, size) for line in lines])
        # A canvas with no title either is printed as the template is, each field as wide as it may be.
        fields.append((label, lines, widest if on_paper and not lines and not header.title.strip() else width, size))
    x = layout.header.right - sum(width for *_, width, _ in fields) - gap * (len(fields) - 1)
    boxes: list[Frame] = []
    write_on = on_paper and (not header.title.strip() or any(not lines for _, lines, *_ in fields))
    box_height = write_on_bottom(layout) - write_on_top(layout)
    if on_paper and not header.title.strip():
        title_size = sizes.template_title_size
        planned_title: tuple[TextLine, ...] = (
            TextLine(
                layout.header.x, layout.header.y + TITLE_DROP * title_size, TEMPLATE_TITLE, title_size, colours.text, True, role="title"
            ),
        )
        boxes.append(_write_on(layout, Rect(layout.header.x, write_on_top(layout), x - gap - layout.header.x, box_height)))
    else:
        bold = metrics("bold")
        title_size, title, rest = fit_lines(header.title, x - layout.header.x - gap, room, sizes.title_size, sizes.field_size, bold, sizes)
        if rest is not None:
            rests.insert(0, Continuation("title", "Title", (Note(header.title[rest:]),)))
            title.append(_marker(pages.get("title")))
        planned_title = title_lines(layout, title, title_size, room)
    tallest = max(len(lines) * size * sizes.line_height for _, lines, _, size in fields)
    # With boxes to write in, the labels stand at the top, over them; else the fields are centred in the header.
    top = write_on_top(layout) - label_height if write_on else layout.header.y + max(0.0, (room - label_height - tallest) / 2)
    planned = []
    for label, lines, width, size in fields:
        label_baseline = baseline(top, sizes.field_label_size, 0, sizes.line_height)
        values = tuple(
            TextLine(x, baseline(top + label_height, size, i, sizes.line_height), line, size, colours.text, role="field")
            for i, line in enumerate(lines)
        )
        planned.append(HeaderField(TextLine(x, label_baseline, label, sizes.field_label_size, colours.muted, role="field-label"), values))
        if write_on and not lines:
            boxes.append(_write_on(layout, Rect(x, write_on_top(layout), width, box_height)))
        x += width + gap
    return HeaderPlan(planned_title, tuple(planned), tuple(boxes)), rests


def _write_on(layout: Layout, rect: Rect) -> Frame:
    return Frame(rect, None, ink().muted, layout.sizes.border_width * 0.6, role="write-on")


def title_lines(layout: Layout, lines: list[str], size: float, height: float) -> tuple[TextLine, ...]:
    """Title lines, bold, at the header's left, centred in ``height``."""
    sizes, text = layout.sizes, ink().text
    top = layout.header.y + max(0.0, (height - len(lines) * size * sizes.line_height) / 2)
    return tuple(
        TextLine(layout.header.x, baseline(top, size, i, sizes.line_height), line, size, text, bold=True, role="title")
        for i, line in enumerate(lines)
    )


def continuation_heading(layout: Layout, title: str, number: int) -> tuple[TextLine, ...]:
    """The heading of continuation page ``number``: the canvas's title, shortened to one line if it must be, and the page."""
    sizes, bold = layout.sizes, metrics("bold")
    suffix = f" — continued (page {number})"
    width = layout.header.width - bold.width(suffix, sizes.title_size)
    lines = wrap(title.replace("\n", " "), width - bold.width("…", sizes.title_size), sizes.title_size, bold) or [""]
    shortened = lines[0] + ("…" if len(lines) > 1 else "")
    return title_lines(layout, [shortened + suffix], sizes.title_size, sizes.title_size * 2 - sizes.box_padding)


def _marker(page: int | None) -> str:
    return f"… continued on page {page} →" if page else "… continued →"


def legend(layout: Layout, canvas: Canvas, continued_on: int | None) -> tuple[tuple[LegendEntry, ...], list[Continuation]]:
    """Segment colours on the left of the footer, in rows down to the page's margin on paper (half into it on a screen).

    When the segments do not all fit, or a name is too long for its row, the legend shows what fits and a line
    saying where the whole legend continues, and returns it as a :class:`Continuation`.
    """
    sizes, footer, regular, colours = layout.sizes, layout.footer, metrics(), ink()
    by_segment = segment_colours(canvas.segments)
    entries: list[tuple[str, str | None]] = [(s.name, by_segment[s.id]) for s in canvas.segments]
    if canvas.segments and any(not item.segments for *_, item in canvas.all_items()):
        entries.append(("All segments", NEUTRAL_NOTE))
    room = footer.width - regular.width(ATTRIBUTION, sizes.footer_size) - sizes.footer_size * 3
    swatch, gap, row_height = sizes.footer_size, sizes.footer_size * 1.5, sizes.footer_size * sizes.line_height
    top = footer.y + sizes.footer_size
    # On paper never into the margin, which a printer may not print; a screen's legend may reach half into it.
    edge = sizes.margin * 0.4 if layout.paper == SCREEN else sizes.margin
    max_rows = 1 + math.floor((layout.height - edge - top) / row_height + 1e-6)
    rows = _legend_rows(entries, room, swatch, gap, sizes.footer_size)
    shortened = any(regular.width(name, sizes.footer_size) > room - swatch * 1.4 for name, _ in entries)
    rests: list[Continuation] = []
    if len(rows) > max_rows or shortened:
        more = (f"… all {len(entries)} segments on page {continued_on}" if continued_on else "… all segments continued", None)
        shown = list(entries)
        while shown:
            rows = _legend_rows([*shown, more], room, swatch, gap, sizes.footer_size)
            if len(rows) <= max_rows:
                break
            shown.pop()
        rows = _legend_rows([*shown, more], room, swatch, gap, sizes.footer_size)
        notes = tuple(Note(name, key=index) for index, (name, _) in enumerate(entries))
        rests.append(Continuation("legend", "the segment legend", notes, fills=tuple(c or NEUTRAL_NOTE for _, c in entries)))
    first = max(top, footer_baseline(layout) - (len(rows) - 1) * row_height / 2)
    first = min(first, top + (max_rows - len(rows)) * row_height)
    placed = []
    for number, row in enumerate(rows):
        y = first + number * row_height
        for name, colour, offset in row:
            name_x = footer.x + offset + (swatch * 1.4 if colour else 0)
            square = Rect(footer.x + offset, y - swatch * 0.85, swatch, swatch)
            placed.append(
                LegendEntry(
                    TextLine(name_x, y, name, sizes.footer_size, colours.text, role="legend-name"),
                    Frame(square, colour, colours.muted, 0.3, role="swatch") if colour else None,
                )
            )
    return tuple(placed), rests


def _legend_rows(
    entries: list[tuple[str, str | None]], room: float, swatch: float, gap: float, size: float
) -> list[list[tuple[str, str | None, float]]]:
    """Entries in rows of at most ``room``; a name too long for a row is shortened, as the legend then continues in full."""
    regular = metrics()
    rows: list[list[tuple[str, str | None, float]]] = [[]]
    x = 0.0
    for name, colour in entries:
        shown = name
        if regular.width(name, size) > room - swatch * 1.4:
            shown = wrap(name, room - swatch * 1.4 - regular.width("…", size), size)[0] + "…"
        width = (swatch * 1.4 if colour else 0) + regular.width(shown, size)
        if rows[-1] and x + width > room:
            rows.append([])
            x = 0.0
        rows[-1].append((shown, colour, x))
        x += width + gap
    return rows


def footer_baseline(layout: Layout) -> float:
    """The baseline of the attribution, and of the legend's middle row."""
    return layout.footer.y + layout.footer.height / 2 + layout.sizes.footer_size * 0.35


def attribution(layout: Layout) -> TextLine:
    """The licence of the canvas design, at the right of the footer."""
    return TextLine(
        layout.footer.right, footer_baseline(layout), ATTRIBUTION, layout.sizes.footer_size, ink().muted, align="end", role="attribution"
    )
