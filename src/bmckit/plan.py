"""What goes where: a canvas laid out on a paper size, ready for any renderer to draw.

The first page is the canvas itself. Notes that do not fit their box even at
the smallest legible size leave a "continued on page N" marker and flow on to
continuation pages, block by block, in columns. The SVG and the PDF both draw
a :class:`Plan`, so they agree box for box and line for line.
"""

from __future__ import annotations

from dataclasses import dataclass

from bmckit import knowledge
from bmckit.layout import Layout, Rect, layout_for
from bmckit.model import BlockId, Canvas, Item, Segment, Status
from bmckit.textfit import Fit, Note, PlacedNote, fit

ATTRIBUTION = "The Business Model Canvas by Strategyzer AG (strategyzer.com), licensed CC BY-SA 3.0"
"""Printed on every canvas, as the canvas design's licence asks."""

NEUTRAL_NOTE = "#fff4c2"
"""The colour of a note that serves no segment in particular."""

CONTINUATION_COLUMNS = 4


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
    """The small line above a note: relationship type, motivation and status."""
    parts = []
    if item.type:
        parts.append(knowledge.relationship_type(item.type).short)
    if item.motivation:
        parts.append(str(item.motivation))
    if item.status is Status.HYPOTHESIS:
        parts.append("hypothesis")
    elif item.status is Status.VALIDATED:
        parts.append("validated ✓")
    return " · ".join(parts)


def note_colour(canvas: Canvas, item: Item) -> str:
    """A note takes the colour of the first segment it serves."""
    for ref in item.segments:
        segment = canvas.segment(ref)
        if segment:
            return segment.colour
    return NEUTRAL_NOTE


def item_segments(canvas: Canvas, item: Item) -> tuple[Segment, ...]:
    return tuple(s for s in canvas.segments if s.id in item.segments)


def heading_height(layout: Layout) -> float:
    return layout.sizes.heading_size * layout.sizes.line_height + layout.sizes.box_padding


def marker_height(layout: Layout) -> float:
    return layout.sizes.footer_size * layout.sizes.line_height * 1.5


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
