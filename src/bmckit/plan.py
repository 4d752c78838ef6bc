"""What goes where: a canvas laid out on a paper size, ready for any renderer to draw.

The first page is the canvas itself. Notes that do not fit their box even at
the smallest legible size leave a "continued on page N" marker and flow on to
continuation pages, block by block, in columns. The SVG and the PDF both draw
a :class:`Plan`, so they agree box for box and line for line.
"""

from __future__ import annotations

from dataclasses import dataclass

from bmckit import knowledge
from bmckit.colours import segment_colours
from bmckit.fontmetrics import metrics
from bmckit.layout import Layout, Rect, layout_for
from bmckit.model import BlockId, Canvas, Header, Item, Status
from bmckit.textfit import Fit, Note, PlacedNote, fit, wrap

ATTRIBUTION = "The Business Model Canvas by Strategyzer AG (strategyzer.com), licensed CC BY-SA 3.0"
"""Printed on every canvas, as the canvas design's licence asks."""

NEUTRAL_NOTE = "#fff4c2"
"""The colour of a note that serves no segment in particular."""

CONTINUATION_COLUMNS = 4

HEADER_FIELDS = (("Designed for", "designed_for"), ("Designed by", "designed_by"), ("Date", "date"), ("Version", "version"))
"""The header's fields, right of the title: label and Header attribute."""


@dataclass(frozen=True)
class TextLine:
    """One line of text at its baseline."""

    x: float
    baseline: float
    text: str
    size: float


@dataclass(frozen=True)
class HeaderField:
    label: TextLine
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class HeaderPlan:
    title: tuple[TextLine, ...]
    fields: tuple[HeaderField, ...]


@dataclass(frozen=True)
class LegendEntry:
    """A segment's colour swatch and name in the footer; ``baseline`` is the name's."""

    name: str
    colour: str
    swatch: Rect
    name_x: float
    baseline: float


@dataclass(frozen=True)
class BoxPlan:
    block: BlockId
    title: str
    rect: Rect
    notes: tuple[PlacedNote, ...]
    size: float
    continued_on: int | None
    """The page the rest of the block continues on, if it did not fit."""


@dataclass(frozen=True)
class Section:
    """Part of one block's overflow on a continuation page."""

    block: BlockId
    heading: str
    heading_x: float
    heading_y: float
    notes: tuple[PlacedNote, ...]


@dataclass(frozen=True)
class ContinuationPage:
    number: int
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Plan:
    canvas: Canvas
    layout: Layout
    boxes: dict[BlockId, BoxPlan]
    pages: tuple[ContinuationPage, ...]

    def note_item(self, block: BlockId, note: PlacedNote) -> Item:
        return self.canvas.items(block)[note.key]

    def note_colour(self, block: BlockId, note: PlacedNote) -> str:
        return note_colour(self.canvas, self.note_item(block, note))

    @property
    def overflowed(self) -> tuple[BlockId, ...]:
        """Blocks whose notes continue on another page."""
        return tuple(b for b, box in self.boxes.items() if box.continued_on)


def plan(canvas: Canvas, paper: str = "a4") -> Plan:
    """Lay a canvas out on a paper size."""
    layout = layout_for(paper)
    sizes = layout.sizes
    marker = marker_height(layout)
    fits: dict[BlockId, Fit] = {}
    for block, rect in layout.boxes.items():
        notes = [Note(item.text, note_label(item), index) for index, item in enumerate(canvas.items(block))]
        fits[block] = fit(notes, notes_area(layout, rect), sizes, marker_height=marker)
    pages, continued_on = _flow(layout, {b: f.rest for b, f in fits.items() if f.rest})
    boxes = {
        block: BoxPlan(block, knowledge.block(block).title, rect, fits[block].placed, fits[block].size, continued_on.get(block))
        for block, rect in layout.boxes.items()
    }
    return Plan(canvas, layout, boxes, pages)


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


def title_lines(layout: Layout, title: str, width: float, height: float) -> tuple[TextLine, ...]:
    """A title as large as fits ``width`` × ``height`` at the top of the header, down to the field size, wrapped if it must be."""
    sizes, bold = layout.sizes, metrics("bold")
    size = sizes.title_size
    lines = wrap(title, width, size, bold)
    while size > sizes.field_size and len(lines) * size * sizes.line_height > height:
        size = max(sizes.field_size, size - sizes.note_size_step)
        lines = wrap(title, width, size, bold)
    top = layout.header.y + max(0.0, (height - len(lines) * size * sizes.line_height) / 2)
    return tuple(TextLine(layout.header.x, baseline(top, size, i, sizes.line_height), line, size) for i, line in enumerate(lines))


def header_plan(layout: Layout, header: Header) -> HeaderPlan:
    """The title on the left; the four fields, each a small label over its value, sized to their text, on the right."""
    sizes, regular = layout.sizes, metrics()
    gap, widest, narrowest = sizes.field_size * 2, layout.header.width * 0.16, layout.header.width * 0.08
    fields: list[tuple[str, list[str], float]] = []
    for label, name in HEADER_FIELDS:
        lines = [line for line in wrap(getattr(header, name), widest, sizes.field_size) if line]
        width = max([narrowest, regular.width(label, sizes.field_label_size)] + [regular.width(line, sizes.field_size) for line in lines])
        fields.append((label, lines, width))
    x = layout.header.right - sum(width for *_, width in fields) - gap * (len(fields) - 1)
    title = title_lines(layout, header.title, x - layout.header.x - gap, layout.header.height - sizes.box_padding)
    room = layout.header.height - sizes.box_padding
    label_height, line_height = sizes.field_label_size * sizes.line_height, sizes.field_size * sizes.line_height
    top = layout.header.y + max(0.0, (room - label_height - max(len(lines) for _, lines, _ in fields) * line_height) / 2)
    planned = []
    for label, lines, width in fields:
        planned.append(
            HeaderField(
                TextLine(x, baseline(top, sizes.field_label_size, 0, sizes.line_height), label, sizes.field_label_size),
                tuple(
                    TextLine(x, baseline(top + label_height, sizes.field_size, i, sizes.line_height), line, sizes.field_size)
                    for i, line in enumerate(lines)
                ),
            )
        )
        x += width + gap
    return HeaderPlan(title, tuple(planned))


def legend(layout: Layout, canvas: Canvas) -> tuple[LegendEntry, ...]:
    """Segment colours on the left of the footer, in rows; rows the footer cannot hold run on into the margin below."""
    sizes, footer, regular = layout.sizes, layout.footer, metrics()
    colours = segment_colours(canvas.segments)
    entries = [(s.name, colours[s.id]) for s in canvas.segments]
    if canvas.segments and any(not item.segments for *_, item in canvas.all_items()):
        entries.append(("All segments", NEUTRAL_NOTE))
    room = footer.width - regular.width(ATTRIBUTION, sizes.footer_size) - sizes.footer_size * 3
    swatch, gap, row_height = sizes.footer_size, sizes.footer_size * 1.5, sizes.footer_size * sizes.line_height
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = 0.0
    for name, colour in entries:
        width = swatch * 1.4 + regular.width(name, sizes.footer_size)
        if rows[-1] and x + width > room:
            rows.append([])
            x = 0.0
        rows[-1].append((name, colour, x))
        x += width + gap
    first = max(footer.y + sizes.footer_size, footer_baseline(layout) - (len(rows) - 1) * row_height / 2)
    return tuple(
        LegendEntry(name, colour, Rect(footer.x + offset, y - swatch * 0.85, swatch, swatch), footer.x + offset + swatch * 1.4, y)
        for number, row in enumerate(rows)
        for name, colour, offset in row
        for y in [first + number * row_height]
    )


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


def _flow(layout: Layout, rests: dict[BlockId, tuple[Note, ...]]) -> tuple[tuple[ContinuationPage, ...], dict[BlockId, int]]:
    """Flow each block's leftover notes through the columns of as many pages as they need."""
    if not rests:
        return (), {}
    columns = continuation_columns(layout)
    heading = heading_height(layout)
    smallest_note = layout.sizes.note_size_max * layout.sizes.line_height * 2
    pages: list[ContinuationPage] = []
    sections: list[Section] = []
    page_number, column, y = 2, 0, columns[0].y
    continued_on: dict[BlockId, int] = {}

    def next_column() -> None:
        nonlocal column, y, page_number, sections
        column += 1
        if column == len(columns):
            pages.append(ContinuationPage(page_number, tuple(sections)))
            sections, column, page_number = [], 0, page_number + 1
        y = columns[column].y

    for block in BlockId:
        notes = rests.get(block)
        if not notes:
            continue
        if y + heading + smallest_note > columns[column].bottom:
            next_column()
        continued_on[block] = page_number
        title = f"{knowledge.block(block).title} (continued)"
        while notes:
            area = columns[column]
            section_top = y
            placed = fit(notes, Rect(area.x, y + heading, area.width, area.bottom - y - heading), layout.sizes, shrink=False)
            if placed.placed:
                sections.append(Section(block, title, area.x, section_top, placed.placed))
                y = placed.bottom + layout.sizes.note_gap * 2
            notes = placed.rest
            if notes:
                next_column()
    pages.append(ContinuationPage(page_number, tuple(sections)))
    return tuple(p for p in pages if p.sections), continued_on
