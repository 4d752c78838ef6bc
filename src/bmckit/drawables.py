"""What a renderer draws, placed and coloured: lines of text, frames, and note cards.

A :class:`~bmckit.plan.Plan` is made of these and nothing else, so the SVG
and the PDF renderers only draw what they are given, in the same places and
colours, and never ask back. Lengths are points from the page's top left.
``role`` names what a thing is (a note's text, a box's heading), for a
renderer that labels its output, as the SVG does with classes for the site's
styles and interactivity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from bmckit.layout import Rect
    from bmckit.model import BlockId, Status


class TextLine(NamedTuple):
    """One line of text at its baseline, ``x`` where it starts (or ends, when ``align`` is ``end``)."""

    x: float
    baseline: float
    text: str
    size: float
    colour: str = "#000000"
    bold: bool = False
    align: str = "start"
    """``start``: ``x`` is the line's left end; ``end``: its right end."""
    role: str = ""


class Frame(NamedTuple):
    """A rectangle, filled and stroked, its corners rounded by ``radius``; ``dash`` (on, off) for a dashed stroke."""

    rect: Rect
    fill: str | None
    stroke: str | None
    stroke_width: float
    radius: float = 0.0
    dash: tuple[float, ...] = ()
    role: str = ""


class NoteCard(NamedTuple):
    """A note ready to draw: its card, the stripes of the segments it serves, its type line and its text."""

    id: str
    """Unique in its drawing: ``note-<block>-<item>``, and ``-cont``, ``-cont-2`` … for its parts on later pages."""
    block: BlockId | None
    """The block whose item it draws; None for header text or the legend continued on a later page."""
    key: int
    """Which item of its block (or which entry of the continued text) it draws."""
    card: Frame
    stripes: tuple[Frame, ...]
    label: TextLine | None
    """The line above the text: relationship type, motivation, "hypothesis"."""
    lines: tuple[TextLine, ...]
    status: Status | None
    segments: tuple[str, ...]
    """The ids of the segments it serves."""
    continued: bool
    """It began on an earlier page."""
    continues: bool
    """It goes on on a later page."""
    source: str = ""
    """Where the item comes from, in words (an article's title, or the citation as written); empty when not stated."""

    @property
    def text(self) -> str:
        """The note's words as placed, line after line."""
        return "\n".join(line.text for line in self.lines)


class LegendEntry(NamedTuple):
    """A segment's colour swatch and name in the footer; no swatch for a line of text such as "… all segments on page 3"."""

    name: TextLine
    swatch: Frame | None
