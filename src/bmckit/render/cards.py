"""A canvas as nine cards of notes, in the order a person reads the blocks: the canvas on a phone.

A phone is too narrow for the sheet, so the site shows there the same notes as
the drawing, block after block in ``layout.toml``'s reading order, as HTML
that reflows: each note in its segment's colour (the drawing's fill and ink,
from the same :class:`~bmckit.plan.Plan`), the segments it serves, a
relationship's type and motivation in words, and its status. The words are
the canvas's own, whole, where the drawing may have set them smaller or
continued them on another page. The renderer knows no site: every link comes
in a :class:`CardLinks`, and a link left out is plain text.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, NamedTuple

from bmckit import knowledge
from bmckit.colours import ink, ink_on, segment_colours
from bmckit.layout import reading_order
from bmckit.model import BlockId, Motivation, RelationshipType, Status

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from bmckit.drawables import NoteCard
    from bmckit.model import Canvas, Item
    from bmckit.plan import Plan

HYPOTHESIS = "Hypothesis: not yet tested"
"""What the cards say of a note whose status is a hypothesis, as the drawing's label does; a validated note, the
usual case, says so by its solid border in the drawing and by nothing here."""

FULL_SHEET = "See the whole canvas as one sheet"


class CardLinks(NamedTuple):
    """Where the cards link to, as the page that shows them writes each address."""

    full_sheet: str
    """The whole drawing (its SVG), linked under the last card."""
    blocks: Mapping[BlockId, str] = {}
    """Each block's page, linked from its card's heading."""
    types: Mapping[RelationshipType, str] = {}
    """Each relationship type's page."""
    motivations: Mapping[Motivation, str] = {}
    """Each motivation's section."""


def cards(laid_out: Plan, links: CardLinks, *, heading_level: int = 2) -> str:
    """The nine blocks as cards of notes, in reading order, as an HTML fragment; block titles as headings of ``heading_level``."""
    canvas = laid_out.canvas
    level = min(max(heading_level, 1), 6)
    parts = ['<div class="bmc-cards">']
    for block in reading_order():
        title = knowledge.block(block).title
        heading = _link(links.blocks.get(block), escape(title))
        parts.append(f'<section class="bmc-card" data-block="{block}">')
        parts.append(f'<h{level} class="bmc-card-title">{heading}</h{level}>')
        notes = [_note(canvas, block, note) for note in _notes(laid_out, block)]
        if notes:
            parts.append('<ul class="bmc-card-notes">' + "".join(_item(canvas, note, links) for note in notes) + "</ul>")
        else:
            parts.append('<p class="bmc-card-empty">Nothing written here yet.</p>')
        parts.append("</section>")
    parts.append(f'<p class="bmc-card-sheet"><a class="bmc-full-sheet" href="{escape(links.full_sheet)}">{FULL_SHEET}</a></p>')
    parts.append("</div>")
    return "\n".join(parts)


class _CardNote(NamedTuple):
    id: str
    item: Item
    fill: str
    text_colour: str


def _notes(laid_out: Plan, block: BlockId) -> Iterator[NoteCard]:
    """Each of a block's items once, in the block's order: its note on the canvas, or where it first shows on a later page."""
    placed = list(laid_out.boxes[block].notes)
    placed += [note for page in laid_out.pages for section in page.sections if section.block is block for note in section.notes]
    first: dict[int, NoteCard] = {}
    for note in placed:
        first.setdefault(note.key, note)
    yield from (first[key] for key in sorted(first))


def _note(canvas: Canvas, block: BlockId, note: NoteCard) -> _CardNote:
    fill = note.card.fill or "#ffffff"
    text_colour = note.lines[0].colour if note.lines else ink_on(fill, ink().text)
    return _CardNote(note.id, canvas.items(block)[note.key], fill, text_colour)


def _item(canvas: Canvas, note: _CardNote, links: CardLinks) -> str:
    item = note.item
    lines = [f'<p class="bmc-card-text">{escape(item.text)}</p>']
    relationship = _relationship(item, links)
    if relationship:
        lines.append(f'<p class="bmc-card-relationship">{relationship}</p>')
    segments = _segments(canvas, item)
    if segments:
        lines.append(f'<p class="bmc-card-segments">{segments}</p>')
    if item.status is Status.HYPOTHESIS:
        lines.append(f'<p class="bmc-card-status">{HYPOTHESIS}</p>')
    style = f"background-color: {note.fill}; color: {note.text_colour}"
    return f'<li class="bmc-card-note" data-note="{escape(note.id)}" style="{style}">' + "".join(lines) + "</li>"


def _relationship(item: Item, links: CardLinks) -> str:
    """``Automated services, for customer retention``, each part linked to where the site explains it."""
    parts = []
    if item.type:
        name = knowledge.relationship_type(item.type).name
        parts.append(_link(links.types.get(item.type), escape(name)))
    if item.motivation:
        name = knowledge.motivation(item.motivation).name
        motivation = _link(links.motivations.get(item.motivation), escape(name[:1].lower() + name[1:]))
        parts.append(f"for {motivation}" if parts else f"For {motivation}")
    return ", ".join(parts)


def _segments(canvas: Canvas, item: Item) -> str:
    """Who the note serves, each segment's name beside its colour; a note that names none serves them all."""
    colours = segment_colours(canvas.segments)
    served = [segment for segment in canvas.segments if segment.id in item.segments]
    if not served:
        return "For all segments" if canvas.segments else ""
    names = (
        f'<span class="bmc-card-segment"><span class="bmc-card-swatch" style="background-color: {colours[s.id]}"></span>{escape(s.name)}</span>'
        for s in served
    )
    return "For " + ", ".join(names)


def _link(href: str | None, html_text: str) -> str:
    return f'<a href="{escape(href)}">{html_text}</a>' if href else html_text
