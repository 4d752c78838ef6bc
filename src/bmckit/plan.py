"""What goes where: a canvas laid out on a paper size, placed and coloured, ready for any renderer to draw.

The first page is the canvas itself. Notes that do not fit their box even at
the smallest legible size leave a "continued on page N" marker and flow on to
continuation pages, block by block, in columns. A :class:`Plan` carries
everything a renderer draws (positions, baselines, colours, labels, and ids
for the site's interactivity), as :mod:`bmckit.drawables`: the SVG and the
PDF both draw it and decide nothing, so they agree box for box and line for
line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from bmckit import knowledge
from bmckit.colours import ink, ink_on, segment_colours
from bmckit.drawables import Frame, LegendEntry, NoteCard, TextLine
from bmckit.layout import Layout, Rect, grown, layout_for, screen_layout
from bmckit.margins import (
    ATTRIBUTION,
    HEADER_FIELDS,
    NEUTRAL_NOTE,
    Continuation,
    HeaderPlan,
    attribution,
    baseline,
    continuation_heading,
    footer_baseline,
    header_plan,
    legend,
)
from bmckit.model import BlockId, Canvas, Item, Status
from bmckit.textfit import Fit, Note, PlacedNote, fit, wrap

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "ATTRIBUTION",
    "HEADER_FIELDS",
    "NEUTRAL_NOTE",
    "BoxPlan",
    "ContinuationPage",
    "Plan",
    "Section",
    "baseline",
    "footer_baseline",
    "heading_height",
    "note_colour",
    "note_label",
    "plan",
]

CONTINUATION_COLUMNS = 4


class BoxPlan(NamedTuple):
    block: BlockId
    title: str
    frame: Frame
    heading: TextLine
    notes: tuple[NoteCard, ...]
    size: float
    """The size the notes are set in."""
    continued_on: int | None
    """The page the rest of the block continues on, if it did not fit."""
    marker: TextLine | None
    """"continued on page N →" at the foot of the box, when it did not fit."""

    @property
    def rect(self) -> Rect:
        return self.frame.rect


class Section(NamedTuple):
    """Part of what continues on a continuation page: a block's notes, a header field's text, or the segment legend."""

    block: BlockId | None
    heading: TextLine
    notes: tuple[NoteCard, ...]


class ContinuationPage(NamedTuple):
    number: int
    heading: tuple[TextLine, ...]
    sections: tuple[Section, ...]


class Plan(NamedTuple):
    canvas: Canvas
    layout: Layout
    boxes: dict[BlockId, BoxPlan]
    pages: tuple[ContinuationPage, ...]
    header: HeaderPlan
    legend: tuple[LegendEntry, ...]
    attribution: TextLine
    """The canvas design's licence, in the footer of every page."""
    continued: tuple[tuple[str, int], ...] = ()
    """What continues on another page, as a person calls it, and the page: ("Designed for", 2), ("the segment legend", 3)."""

    @property
    def overflowed(self) -> tuple[BlockId, ...]:
        """Blocks whose notes continue on another page."""
        return tuple(b for b, box in self.boxes.items() if box.continued_on)


def plan(canvas: Canvas, paper: str = "a4", *, for_screen: bool = False) -> Plan:
    """Lay a canvas out on a paper size: whatever does not fit the page, header and legend included, continues on more pages.

    ``for_screen`` lays it out for a screen instead, which has no paper: in the screen's type sizes, never shrunk,
    each row of boxes as tall as its notes need (``[screen]`` in ``layout.toml``).
    """
    layout = screen_layout() if for_screen else layout_for(paper)
    sizes = layout.sizes
    fits: dict[BlockId, Fit] = {}
    for block, rect in layout.boxes.items():
        notes = [_fitted_note(item, index, for_screen=for_screen) for index, item in enumerate(canvas.items(block))]
        area = notes_area(layout, rect)
        if for_screen:
            area = area._replace(height=UNBOUNDED)
        fits[block] = fit(notes, area, sizes, marker_height=marker_height(layout))
    if for_screen:
        layout, fits = _grown(layout, fits)
    header, header_rest = header_plan(layout, canvas.header)
    entries, legend_rest = legend(layout, canvas, None)
    rests = [
        *header_rest,
        *(Continuation(str(b), knowledge.block(b).title, f.rest, b) for b, f in fits.items() if f.rest),
        *legend_rest,
    ]
    flowed, continued_on = _flow(layout, rests)
    cards = _Cards(layout, canvas, for_screen=for_screen)
    boxes = {block: _box(layout, block, fits[block], continued_on.get(str(block)), cards) for block in layout.boxes}
    pages = tuple(
        ContinuationPage(number, continuation_heading(layout, canvas.title, number), tuple(cards.section(*s) for s in sections))
        for number, sections in flowed
    )
    # Laid out again only to say on which page their rest continues.
    if header_rest:
        header, _ = header_plan(layout, canvas.header, continued_on)
    if legend_rest:
        entries, _ = legend(layout, canvas, continued_on.get("legend"))
    continued = tuple((rest.what, continued_on[rest.key]) for rest in rests)
    return Plan(canvas, layout, boxes, pages, header, entries, attribution(layout), continued)


UNBOUNDED = 1e9
"""The height of a box on a screen, before it is made as tall as its notes."""


def _grown(layout: Layout, fits: dict[BlockId, Fit]) -> tuple[Layout, dict[BlockId, Fit]]:
    """The screen's layout with every row as tall as its boxes' notes, and the notes moved down with their boxes."""
    around = heading_height(layout) + 2 * layout.sizes.box_padding
    needs = {block: f.bottom - notes_area(layout, layout.boxes[block]).y + around for block, f in fits.items() if f.placed}
    taller = grown(layout, needs)
    moved = {}
    for block, fitted in fits.items():
        down = taller.boxes[block].y - layout.boxes[block].y
        moved[block] = fitted._replace(placed=tuple(p._replace(y=p.y + down) for p in fitted.placed)) if down else fitted
    return taller, moved


def note_label(item: Item) -> str:
    """The small line above a note: relationship type, motivation, and "hypothesis" for an untested note.

    A validated note says so by its solid border; spelling it out on most notes would only be noise.
    """
    return " · ".join(part for _, part in note_label_parts(item))


def note_label_parts(item: Item) -> list[tuple[str, str]]:
    """What a note's label says, part by part, each with what it is: ``type``, ``motivation`` or ``status``."""
    parts = []
    if item.type:
        parts.append(("type", knowledge.relationship_type(item.type).short))
    if item.motivation:
        parts.append(("motivation", knowledge.motivation(item.motivation).short.lower()))
    if item.status is Status.HYPOTHESIS:
        parts.append(("status", "hypothesis"))
    return parts


def _fitted_note(item: Item, index: int, *, for_screen: bool) -> Note:
    """An item to fit: its label a line above its text on paper; on a screen each part of the label a paragraph of its
    own above the text, wrapped as the text is, since the screen's labels are set as large as the text."""
    if for_screen and (parts := note_label_parts(item)):
        return Note("\n".join([*(part for _, part in parts), item.text]), "", index)
    return Note(item.text, note_label(item), index)


def note_colour(canvas: Canvas, item: Item) -> str:
    """A note takes the colour of the first segment it serves, as ``#rrggbb``."""
    return _first_colour(segment_colours(canvas.segments), item)


def _first_colour(colours: Mapping[str, str], item: Item) -> str:
    return next((colours[ref] for ref in item.segments if ref in colours), NEUTRAL_NOTE)


def heading_height(layout: Layout) -> float:
    return layout.sizes.heading_size * layout.sizes.line_height + layout.sizes.box_padding


def marker_height(layout: Layout) -> float:
    return layout.sizes.footer_size * layout.sizes.line_height * 1.5


def notes_area(layout: Layout, box: Rect) -> Rect:
    """Inside a box, below its heading."""
    inner = box.inset(layout.sizes.box_padding)
    top = heading_height(layout)
    return Rect(inner.x, inner.y + top, inner.width, inner.height - top)


def _box(layout: Layout, block: BlockId, fitted: Fit, continued_on: int | None, cards: _Cards) -> BoxPlan:
    sizes, colours, rect = layout.sizes, ink(), layout.boxes[block]
    inner = rect.inset(sizes.box_padding)
    title = knowledge.block(block).title
    heading = _heading(layout, inner.x, inner.y, title, "heading")
    marker = None
    if continued_on:
        where = rect.bottom - sizes.box_padding - marker_height(layout) / 2 + sizes.footer_size * 0.35
        marker = TextLine(
            inner.right, where, f"continued on page {continued_on} →", sizes.footer_size, colours.muted, True, "end", "continued-marker"
        )
    frame = Frame(rect, colours.paper, colours.muted, sizes.border_width, role="box")
    notes = tuple(cards.item_note(block, note) for note in fitted.placed)
    return BoxPlan(block, title, frame, heading, notes, fitted.size, continued_on, marker)


def _heading(layout: Layout, x: float, top: float, title: str, role: str) -> TextLine:
    """A block's title in bold, its line's top at ``top``: over a box, or over what continues on a later page."""
    sizes = layout.sizes
    return TextLine(x, baseline(top, sizes.heading_size, 0, sizes.line_height), title, sizes.heading_size, ink().text, True, role=role)


class _Cards:
    """Note cards for one plan: colours worked out once, and each part of a note split between pages given its own id."""

    def __init__(self, layout: Layout, canvas: Canvas, *, for_screen: bool = False) -> None:
        self.layout, self.canvas, self.ink, self.for_screen = layout, canvas, ink(), for_screen
        self.colours = segment_colours(canvas.segments)
        self.parts: dict[tuple[BlockId, int], int] = {}

    def item_note(self, block: BlockId, note: PlacedNote) -> NoteCard:
        """A note drawing an item of a block: its first segment's colour, its status in the border, stripes for more segments."""
        item, sizes = self.canvas.items(block)[note.key], self.layout.sizes
        part = self.parts[block, note.key] = self.parts.get((block, note.key), -1) + 1
        suffix = "" if part == 0 else "-cont" if part == 1 else f"-cont-{part}"
        fill = _first_colour(self.colours, item)
        border: tuple[str, float, tuple[float, ...]]
        if item.status is Status.HYPOTHESIS:
            border = (self.ink.muted, sizes.border_width * 0.8, (sizes.note_padding, sizes.note_padding * 0.6))
        elif item.status is Status.VALIDATED:
            border = (self.ink.text, sizes.border_width * 0.8, ())
        else:
            border = (self.ink.faint, sizes.border_width * 0.4, ())
        stroke, width, dash = border
        card = Frame(_rect(note), fill, stroke, width, sizes.note_padding * 0.6, dash, "note")
        label, lines = (None, self._screen_lines(note, fill, item)) if self.for_screen else self._text(note, fill)
        served = tuple(s.id for s in self.canvas.segments if s.id in item.segments)
        stripes = self._stripes(note, [self.colours[s] for s in served])
        note_id = f"note-{block}-{note.key}{suffix}"
        source = knowledge.source_text(item.source) if item.source else ""
        return NoteCard(note_id, block, note.key, card, stripes, label, lines, item.status, served, note.continued, note.continues, source)

    def plain_note(self, note: PlacedNote, fills: tuple[str, ...]) -> NoteCard:
        """A note of header text or of the legend on a continuation page: a card in its colour, and its text."""
        sizes = self.layout.sizes
        fill = fills[note.key] if note.key < len(fills) else NEUTRAL_NOTE
        card = Frame(_rect(note), fill, self.ink.faint, sizes.border_width * 0.4, sizes.note_padding * 0.6, (), "note")
        _, lines = self._text(note, fill)
        return NoteCard("", None, note.key, card, (), None, lines, None, (), note.continued, note.continues)

    def section(self, block: BlockId | None, heading: TextLine, notes: Iterable[PlacedNote], fills: tuple[str, ...]) -> Section:
        if block is None:
            return Section(None, heading, tuple(self.plain_note(note, fills) for note in notes))
        return Section(block, heading, tuple(self.item_note(block, note) for note in notes))

    def _text(self, note: PlacedNote, fill: str) -> tuple[TextLine | None, tuple[TextLine, ...]]:
        sizes = self.layout.sizes
        x, top = note.x + sizes.note_padding, note.y + sizes.note_padding
        label = None
        if note.label:
            size = sizes.note_label_size
            label = TextLine(
                x, baseline(top, size, 0, sizes.line_height), note.label, size, ink_on(fill, self.ink.muted), role="note-label"
            )
            top += size * sizes.line_height
        text = ink_on(fill, self.ink.text)  # WCAG AA on any note colour, however dark
        lines = tuple(
            TextLine(x, baseline(top, note.size, i, sizes.line_height), line, note.size, text, role="note-text")
            for i, line in enumerate(note.lines)
        )
        return label, lines

    def _screen_lines(self, note: PlacedNote, fill: str, item: Item) -> tuple[TextLine, ...]:
        """A note's lines on a screen: first its label's parts (the type, the motivation, "hypothesis"), each as wide as
        it wraps to, in the label's ink and with its part named in its role (``note-label type``), then its text."""
        sizes = self.layout.sizes
        x, top, width = note.x + sizes.note_padding, note.y + sizes.note_padding, note.width - 2 * sizes.note_padding
        roles = [f"note-label {kind}" for kind, part in note_label_parts(item) for _ in wrap(part, width, note.size)]
        roles += ["note-text"] * (len(note.lines) - len(roles))
        label_ink, text_ink = ink_on(fill, self.ink.muted), ink_on(fill, self.ink.text)
        return tuple(
            TextLine(
                x,
                baseline(top, note.size, i, sizes.line_height),
                line,
                note.size,
                text_ink if role == "note-text" else label_ink,
                role=role,
            )
            for i, (line, role) in enumerate(zip(note.lines, roles, strict=False))
        )

    def _stripes(self, note: PlacedNote, colours: list[str]) -> tuple[Frame, ...]:
        """A note serving several segments shows each one's colour in a stripe astride its left edge (inside, they would touch the text)."""
        if len(colours) < 2:
            return ()
        width, inset = self.layout.sizes.note_padding, self.layout.sizes.note_padding * 0.6
        step = (note.height - 2 * inset) / len(colours)
        return tuple(
            Frame(Rect(note.x - width * 0.45, note.y + inset + i * step, width, step), colour, self.ink.muted, 0.25, role="segment-stripe")
            for i, colour in enumerate(colours)
        )


def _rect(note: PlacedNote) -> Rect:
    return Rect(note.x, note.y, note.width, note.height)


def continuation_columns(layout: Layout) -> tuple[Rect, ...]:
    body_top = layout.header.y + layout.sizes.title_size * 2
    gap = layout.sizes.box_padding * 3
    width = (layout.header.width - gap * (CONTINUATION_COLUMNS - 1)) / CONTINUATION_COLUMNS
    height = layout.footer.y - body_top
    return tuple(Rect(layout.header.x + i * (width + gap), body_top, width, height) for i in range(CONTINUATION_COLUMNS))


FlowedSection = tuple[BlockId | None, TextLine, tuple[PlacedNote, ...], tuple[str, ...]]


def _flow(layout: Layout, rests: list[Continuation]) -> tuple[list[tuple[int, list[FlowedSection]]], dict[str, int]]:
    """Flow what did not fit through the columns of as many pages as it needs, in order."""
    if not rests:
        return [], {}
    sizes = layout.sizes
    columns = continuation_columns(layout)
    heading = heading_height(layout)
    smallest_note = sizes.note_size_max * sizes.line_height * 2
    pages: list[tuple[int, list[FlowedSection]]] = []
    sections: list[FlowedSection] = []
    page_number, column, y = 2, 0, columns[0].y
    continued_on: dict[str, int] = {}

    def next_column() -> None:
        nonlocal column, y, page_number, sections
        column += 1
        if column == len(columns):
            pages.append((page_number, sections))
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
            placed = fit(notes, Rect(area.x, y + heading, area.width, area.bottom - y - heading), sizes, shrink=False)
            if placed.placed:
                heading_line = _heading(layout, area.x, section_top, title, "section-heading")
                sections.append((rest.block, heading_line, placed.placed, rest.fills))
                y = placed.bottom + sizes.note_gap * 2
            notes = placed.rest
            if notes:
                next_column()
    pages.append((page_number, sections))
    return [(number, found) for number, found in pages if found], continued_on
