"""What a render has to tell the user: text that continues elsewhere, text set smaller to fit, characters that will not print.

Nothing a user wrote is ever cut: text too long for its box shrinks to the
legible minimum, then flows on to another page. Both are worth knowing
before a canvas goes to the printer, and so is a character the PDF's font
has no glyph for, which would print as an empty box. These notes belong to
the render (see :func:`bmckit.render.render`); each front end shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from bmckit import knowledge
from bmckit.fontmetrics import missing_glyphs

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bmckit.model import Canvas
    from bmckit.plan import Plan

CONTINUED, SHRUNK, MISSING_GLYPHS, FIELD = "continued", "shrunk", "missing-glyphs", "field"
"""The kinds of note: a part that continues elsewhere; text set smaller to fit; characters the font lacks; a form
field that cannot show all it holds."""


class RenderNote(NamedTuple):
    """One thing the user should know about a render, in a sentence, and its kind (for a front end that filters)."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


def plan_notes(laid_out: Plan, *, continued_where: str | None = None) -> list[RenderNote]:
    """Notes on a drawn plan: each part that continues elsewhere (``continued_where``, or its page), and shrunk text."""
    block_titles = {info.title for info in knowledge.blocks()}
    notes = []
    for what, page in laid_out.continued:
        place = continued_where or f"on page {page}"
        room = "the canvas page" if what == "the segment legend" else "its box" if what in block_titles else "the header"
        notes.append(RenderNote(CONTINUED, f"{what} does not fit {room} even at the smallest type size; it continues {place}"))
    largest = laid_out.layout.sizes.note_size_max
    shrunk = [f"{box.title} ({_points(box.size)} pt)" for box in laid_out.boxes.values() if box.notes and box.size < largest]
    if shrunk:
        notes.append(RenderNote(SHRUNK, f"notes set smaller than {_points(largest)} pt to fit their box: {', '.join(shrunk)}"))
    return notes


def missing_glyph_notes(texts: Iterable[str]) -> list[RenderNote]:
    """One note naming the characters the PDF font cannot draw, if there are any."""
    missing = missing_glyphs(list(texts))
    if not missing:
        return []
    named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:10])
    if len(missing) > 10:
        named += f" and {len(missing) - 10} more"
    if len(missing) == 1:
        return [RenderNote(MISSING_GLYPHS, f"the PDF font has no glyph for {named}; it prints as an empty box")]
    return [RenderNote(MISSING_GLYPHS, f"the PDF font has no glyphs for {named}; they print as empty boxes")]


def printed_texts(canvas: Canvas) -> list[str]:
    """Every text a PDF of the canvas prints."""
    header = canvas.header
    texts = [header.title, header.designed_for, header.designed_by, header.date, header.version]
    texts += [segment.name for segment in canvas.segments]
    texts += [item.text for _, _, item in canvas.all_items()]
    return texts


def _points(size: float) -> str:
    return f"{size:.2f}".rstrip("0").rstrip(".")
