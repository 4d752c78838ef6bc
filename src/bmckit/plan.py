"""What goes where: a canvas laid out on a paper size, ready for any renderer to draw.

The first page is the canvas itself. Notes that do not fit their box even at
the smallest legible size leave a "continued on page N" marker and flow on to
continuation pages, block by block, in columns. The SVG and the PDF both draw
a :class:`Plan`, so they agree box for box and line for line.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from bmckit import knowledge
from bmckit.colours import segment_colours
from bmckit.fontmetrics import FontMetrics, metrics
from bmckit.layout import Layout, Rect, Sizes, layout_for
from bmckit.model import BlockId, Canvas, Header, Item, Status
from bmckit.textfit import Fit, Note, PlacedNote, fit, wrap

if TYPE_CHECKING:
    from collections.abc import Mapping

ATTRIBUTION = "The Business Model Canvas by Strategyzer AG (strategyzer.com), licensed CC BY-SA 3.0"
"""Printed on every canvas, as the canvas design's licence asks."""

NEUTRAL_NOTE = "#fff4c2"
"""The colour of a note that serves no segment in particular."""

CONTINUATION_COLUMNS = 4

HEADER_FIELDS = (("Designed for", "designed_for"), ("Designed by", "designed_by"), ("Date", "date"), ("Version", "version"))
"""The header's fields, right of the title: label and Header attribute."""


class TextLine(NamedTuple):
    """One line of text at its baseline."""

    x: float
    baseline: float
    text: str
    size: float


class HeaderField(NamedTuple):
    label: TextLine
    lines: tuple[TextLine, ...]


class HeaderPlan(NamedTuple):
    title: tuple[TextLine, ...]
    fields: tuple[HeaderField, ...]


class LegendEntry(NamedTuple):
    """A segment's colour swatch and name in the footer; ``baseline`` is the name's. No colour: a line of text, no swatch."""

    name: str
    colour: str | None
    swatch: Rect
    name_x: float
    baseline: float


class BoxPlan(NamedTuple):
    block: BlockId
    title: str
    rect: Rect
    notes: tuple[PlacedNote, ...]
    size: float
    continued_on: int | None
    """The page the rest of the block continues on, if it did not fit."""


class Section(NamedTuple):
    """Part of what continues on a continuation page: a block's notes, a header field's text, or the segment legend."""

    block: BlockId | None
    """The block whose notes these are; None for header text and the legend, whose notes take ``fills``."""
    heading: str
    heading_x: float
    heading_y: float
    notes: tuple[PlacedNote, ...]
    fills: tuple[str, ...] = ()
    """For notes not drawn from a block's items: each note's colour, by its key."""


class Continuation(NamedTuple):
    """Something that goes on from the canvas page: a block's notes, a header field's rest, or the whole legend."""

    key: str
    """The block id, the header field's name (``title``, ``designed_for`` …) or ``legend``."""
    what: str
    """What a person calls it: "Customer Relationships", "Designed for", "the segment legend"."""
    notes: tuple[Note, ...]
    block: BlockId | None = None
    fills: tuple[str, ...] = ()


class ContinuationPage(NamedTuple):
    number: int
    sections: tuple[Section, ...]


class Plan(NamedTuple):
    canvas: Canvas
    layout: Layout
    boxes: dict[BlockId, BoxPlan]
    pages: tuple[ContinuationPage, ...]
    header: HeaderPlan
    legend: tuple[LegendEntry, ...]
    continued: tuple[tuple[str, int], ...] = ()
    """What continues on another page, as a person calls it, and the page: ("Designed for", 2), ("the segment legend", 3)."""

    def note_item(self, block: BlockId, note: PlacedNote) -> Item:
        return self.canvas.items(block)[note.key]

    def note_colour(self, block: BlockId, note: PlacedNote) -> str:
        return note_colour(self.canvas, self.note_item(block, note))

    @property
    def overflowed(self) -> tuple[BlockId, ...]:
        """Blocks whose notes continue on another page."""
        return tuple(b for b, box in self.boxes.items() if box.continued_on)


def plan(canvas: Canvas, paper: str = "a4") -> Plan:
    """Lay a canvas out on a paper size: whatever does not fit the page, header and legend included, continues on more pages."""
    layout = layout_for(paper)
    sizes = layout.sizes
    marker = marker_height(layout)
    fits: dict[BlockId, Fit] = {}
    for block, rect in layout.boxes.items():
        notes = [Note(item.text, note_label(item), index) for index, item in enumerate(canvas.items(block))]
        fits[block] = fit(notes, notes_area(layout, rect), sizes, marker_height=marker)
    _, header_rest = header_plan(layout, canvas.header)
    _, legend_rest = _legend(layout, canvas, None)
    rests = [
        *header_rest,
        *(Continuation(str(b), knowledge.block(b).title, f.rest, b) for b, f in fits.items() if f.rest),
        *legend_rest,
    ]
    pages, continued_on = _flow(layout, rests)
    boxes = {
        block: BoxPlan(block, knowledge.block(block).title, rect, fits[block].placed, fits[block].size, continued_on.get(str(block)))
        for block, rect in layout.boxes.items()
    }
    header, _ = header_plan(layout, canvas.header, continued_on)
    legend, _ = _legend(layout, canvas, continued_on.get("legend"))
    continued = tuple((rest.what, continued_on[rest.key]) for rest in rests)
    return Plan(canvas, layout, boxes, pages, header, legend, continued)


def note_label(item: Item) -> str:
    """The small line above a note: relationship type, motivation, and "hypothesis" for an untested note.

    A validated note says so by its solid border; spelling it out on most notes would only be noise.
    """
    parts = []
    if item.type:
        parts.append(knowledge.relationship_type(item.type).short)
    if item.motivation:
        parts.append(str(item.motivation))
    if item.status is Status.HYPOTHESIS:
        parts.append("hypothesis")
    return " · ".join(parts)


def baseline(top: float, size: float, index: int, line_height: float) -> float:
    """The baseline of line ``index`` of lines whose first line's top is ``top``: half the leading, then the ascent."""
    font = metrics()
    return top + size * ((line_height - 1) / 2 + font.ascent / font.units_per_em + index * line_height)


def continuation_heading(drawing: Plan, number: int) -> tuple[TextLine, ...]:
    """The heading of continuation page ``number``: the canvas's title, shortened to one line if it must be, and the page."""
    layout, sizes, bold = drawing.layout, drawing.layout.sizes, metrics("bold")
    suffix = f" — continued (page {number})"
    width = layout.header.width - bold.width(suffix, sizes.title_size)
    lines = wrap(drawing.canvas.title.replace("\n", " "), width - bold.width("…", sizes.title_size), sizes.title_size, bold) or [""]
    title = lines[0] + ("…" if len(lines) > 1 else "")
    return _placed_title(layout, [title + suffix], sizes.title_size, sizes.title_size * 2 - sizes.box_padding)


def _placed_title(layout: Layout, lines: list[str], size: float, height: float) -> tuple[TextLine, ...]:
    sizes = layout.sizes
    top = layout.header.y + max(0.0, (height - len(lines) * size * sizes.line_height) / 2)
    return tuple(TextLine(layout.header.x, baseline(top, size, i, sizes.line_height), line, size) for i, line in enumerate(lines))


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
    sizes, regular = layout.sizes, metrics()
    pages = continued_on or {}
    gap, widest, narrowest = sizes.field_size * 2, layout.header.width * 0.16, layout.header.width * 0.08
    room = layout.header.height - sizes.box_padding
    label_height = sizes.field_label_size * sizes.line_height
    rests: list[Continuation] = []
    fields: list[tuple[str, list[str], float, float]] = []
    for label, name in HEADER_FIELDS:
        value = getattr(header, name)
        size, lines, rest = fit_lines(value, widest, room - label_height, sizes.field_size, sizes.note_size_min, regular, sizes)
        lines = [line for line in lines if line]
        if rest is not None:
            rests.append(Continuation(name, label, (Note(value[rest:]),)))
            lines.append(_marker(pages.get(name)))
        width = max([narrowest, regular.width(label, sizes.field_label_size)] + [regular.width(line, size) for line in lines])
        fields.append((label, lines, width, size))
    x = layout.header.right - sum(width for *_, width, _ in fields) - gap * (len(fields) - 1)
    bold = metrics("bold")
    title_size, title, rest = fit_lines(header.title, x - layout.header.x - gap, room, sizes.title_size, sizes.field_size, bold, sizes)
    if rest is not None:
        rests.insert(0, Continuation("title", "Title", (Note(header.title[rest:]),)))
        title.append(_marker(pages.get("title")))
    tallest = max(len(lines) * size * sizes.line_height for _, lines, _, size in fields)
    top = layout.header.y + max(0.0, (room - label_height - tallest) / 2)
    planned = []
    for label, lines, width, size in fields:
        planned.append(
            HeaderField(
                TextLine(x, baseline(top, sizes.field_label_size, 0, sizes.line_height), label, sizes.field_label_size),
                tuple(TextLine(x, baseline(top + label_height, size, i, sizes.line_height), line, size) for i, line in enumerate(lines)),
            )
        )
        x += width + gap
    return HeaderPlan(_placed_title(layout, title, title_size, room), tuple(planned)), rests


def _marker(page: int | None) -> str:
    return f"… continued on page {page} →" if page else "… continued →"


def _legend(layout: Layout, canvas: Canvas, continued_on: int | None) -> tuple[tuple[LegendEntry, ...], list[Continuation]]:
    """Segment colours on the left of the footer, in rows down to the paper's edge less half a margin, never beyond.

    When the segments do not all fit, or a name is too long for its row, the legend shows what fits and a line
    saying where the whole legend continues, and returns it as a :class:`Continuation`.
    """
    sizes, footer, regular = layout.sizes, layout.footer, metrics()
    colours = segment_colours(canvas.segments)
    entries: list[tuple[str, str | None]] = [(s.name, colours[s.id]) for s in canvas.segments]
    if canvas.segments and any(not item.segments for *_, item in canvas.all_items()):
        entries.append(("All segments", NEUTRAL_NOTE))
    room = footer.width - regular.width(ATTRIBUTION, sizes.footer_size) - sizes.footer_size * 3
    swatch, gap, row_height = sizes.footer_size, sizes.footer_size * 1.5, sizes.footer_size * sizes.line_height
    top = footer.y + sizes.footer_size
    max_rows = 1 + math.floor((layout.height - sizes.margin * 0.4 - top) / row_height + 1e-6)
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
    return tuple(
        LegendEntry(
            name, colour, Rect(footer.x + offset, y - swatch * 0.85, swatch, swatch), footer.x + offset + (swatch * 1.4 if colour else 0), y
        )
        for number, row in enumerate(rows)
        for name, colour, offset in row
        for y in [first + number * row_height]
    ), rests


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


def segment_stripes(layout: Layout, note: PlacedNote, colours: tuple[str, ...]) -> tuple[tuple[Rect, str], ...]:
    """A note serving several segments shows each one's colour in a stripe astride its left edge (inside, they would touch the text)."""
    if len(colours) < 2:
        return ()
    width, inset = layout.sizes.note_padding, layout.sizes.note_padding * 0.6
    step = (note.height - 2 * inset) / len(colours)
    return tuple((Rect(note.x - width * 0.45, note.y + inset + i * step, width, step), colour) for i, colour in enumerate(colours))


def note_colour(canvas: Canvas, item: Item) -> str:
    """A note takes the colour of the first segment it serves, as ``#rrggbb``."""
    colours = segment_colours(canvas.segments)
    return next((colours[ref] for ref in item.segments if ref in colours), NEUTRAL_NOTE)


def item_colours(canvas: Canvas, item: Item) -> tuple[str, ...]:
    """The colours of the segments an item serves, in the order the canvas declares them."""
    colours = segment_colours(canvas.segments)
    return tuple(colours[s.id] for s in canvas.segments if s.id in item.segments)


def heading_height(layout: Layout) -> float:
    return layout.sizes.heading_size * layout.sizes.line_height + layout.sizes.box_padding


def marker_height(layout: Layout) -> float:
    return layout.sizes.footer_size * layout.sizes.line_height * 1.5


def marker_baseline(layout: Layout, box: Rect) -> float:
    """Where "continued on page N" stands: in the room kept free at the foot of the box."""
    return box.bottom - layout.sizes.box_padding - marker_height(layout) / 2 + layout.sizes.footer_size * 0.35


def notes_area(layout: Layout, box: Rect) -> Rect:
    """Inside a box, below its heading."""
    inner = box.inset(layout.sizes.box_padding)
    top = heading_height(layout)
    return Rect(inner.x, inner.y + top, inner.width, inner.height - top)


def continuation_columns(layout: Layout) -> tuple[Rect, ...]:
    body_top = layout.header.y + layout.sizes.title_size * 2
    gap = layout.sizes.box_padding * 3
    width = (layout.header.width - gap * (CONTINUATION_COLUMNS - 1)) / CONTINUATION_COLUMNS
    height = layout.footer.y - body_top
    return tuple(Rect(layout.header.x + i * (width + gap), body_top, width, height) for i in range(CONTINUATION_COLUMNS))


def _flow(layout: Layout, rests: list[Continuation]) -> tuple[tuple[ContinuationPage, ...], dict[str, int]]:
    """Flow what did not fit through the columns of as many pages as it needs, in order."""
    if not rests:
        return (), {}
    columns = continuation_columns(layout)
    heading = heading_height(layout)
    smallest_note = layout.sizes.note_size_max * layout.sizes.line_height * 2
    pages: list[ContinuationPage] = []
    sections: list[Section] = []
    page_number, column, y = 2, 0, columns[0].y
    continued_on: dict[str, int] = {}

    def next_column() -> None:
        nonlocal column, y, page_number, sections
        column += 1
        if column == len(columns):
            pages.append(ContinuationPage(page_number, tuple(sections)))
            sections, column, page_number = [], 0, page_number + 1
        y = columns[column].y

    for rest in rests:
        notes = rest.notes
        if y + heading + smallest_note > columns[column].bottom:
            next_column()
        continued_on[rest.key] = page_number
        title = f"{rest.what} (continued)" if rest.key != "legend" else "Customer segments"
        while notes:
            area = columns[column]
            section_top = y
            placed = fit(notes, Rect(area.x, y + heading, area.width, area.bottom - y - heading), layout.sizes, shrink=False)
            if placed.placed:
                sections.append(Section(rest.block, title, area.x, section_top, placed.placed, rest.fills))
                y = placed.bottom + layout.sizes.note_gap * 2
            notes = placed.rest
            if notes:
                next_column()
    pages.append(ContinuationPage(page_number, tuple(sections)))
    return tuple(p for p in pages if p.sections), continued_on
