"""Editors for the notes of one block: a row per note, and the block that holds the rows.

A row shows the note's text, the segments it serves and its status; in the
Customer Relationships block it also shows the relationship's type and
motivation. A row keeps whatever the loaded item said that it does not show,
so the editor never drops a field it was given.

Every control says what it is (a label, or a prompt in an empty box), so a
screen reader names it too. A note's box grows with its text; the "Serves" box
takes segments by name or id, with completion, and keeps what names no segment,
saying why (see :mod:`bmckit.widgets.segment_names`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle  # these two are not re-exported at the top

from bmckit import knowledge
from bmckit.layout import block_grid
from bmckit.model import BlockId, Item, Segment
from bmckit.widgets import choices, segment_names

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


# Shared by every row. A layout or a style is a widget of its own, sent to the page and drawn there: one each for all
# the rows, rather than one each for every part of every row (a case study's forty notes made some eight hundred
# widgets, which Python in a browser takes seconds over). Nothing changes them after they are made.
_FULL = widgets.Layout(width="100%", margin="2px 0")  # no side margins: a full width and a margin would stick out of the row
_SMALL = widgets.Layout(width="auto", max_width="100%")
_DETAILS = widgets.Layout(flex_flow="row wrap", max_width="100%")
_ROW = widgets.Layout(border="1px solid #c8c8c8", padding="2px", margin="0 0 4px 0")
_TEXT = TextStyle()
_LABELLED = TextStyle(**choices.LABELLED)
_BUTTON = widgets.ButtonStyle()
_HEADING = widgets.Layout(margin="0")
_HEADING_STYLE = HTMLStyle()
_WHY_STYLE = HTMLStyle()
_AUTO = widgets.Layout(width="auto")

SERVES = "Serves"
"""The label of a note's segments box: the note serves these segments (the model's word, ``Item.serves``)."""
EVERY_SEGMENT = "every segment"
"""What an empty Serves box means, written in it."""
CHARACTERS_PER_COLUMN = 9
"""About how many characters of a note's box fit in one column of the editor's grid (a little fewer rather than more,
so a box guessed from its text's length is a line too tall rather than too short)."""
LEAST_ROWS = 2


class ItemRow(widgets.VBox):
    """One note: its text, the segments it serves, its status and, for relationships, its type and motivation."""

    def __init__(
        self,
        item: Item,
        *,
        block: BlockId,
        segments: Sequence[Segment],
        changed: Callable[[], None],
        remove: Callable[[ItemRow], None],
        prompt: str = "A note",
        line_length: int = 2 * CHARACTERS_PER_COLUMN,
    ) -> None:
        self.block = block
        self._changed = changed
        self._hidden_type = item.type  # kept for blocks that do not show it, so a round trip loses nothing
        self._hidden_motivation = item.motivation
        self._source = item.source  # not shown in the editor, but kept with the note
        self._segments = list(segments)
        self._named = item.segments
        """The segments the note serves, as the model has them: declared ones by id, what names no segment as typed."""
        self._typed: str | None = None
        """The Serves box's text as typed, while it names something that is not a segment; None while it shows ``_named``."""
        self._showing = False
        self._line_length = line_length
        self.text = widgets.Textarea(
            value=item.text,
            placeholder=prompt,
            rows=rows_for(item.text, line_length),
            continuous_update=True,
            layout=_FULL,
            style=_TEXT,
        )
        self.text.add_class("bmc-note")
        shown = segment_names.shown(item.segments, segments)
        self.serves = widgets.Combobox(
            value=shown,
            options=segment_names.choices(shown, segments),
            description=SERVES,
            placeholder=EVERY_SEGMENT,
            ensure_option=False,
            continuous_update=False,  # read once the student presses Enter, picks a suggestion or leaves the box, not mid-word
            layout=_FULL,
            style=_LABELLED,
        )
        self.serves.add_class("bmc-serves")
        self.why: widgets.HTML | None = None
        """Why the Serves box keeps what it does, while it names something that is not a segment (made only then)."""
        self.status = choices.dropdown("Status", choices.statuses(), item.status, layout=_SMALL)
        self.remove_button = widgets.Button(description="Remove", tooltip="Remove this note", layout=_SMALL, style=_BUTTON)
        self.remove_button.on_click(lambda _: remove(self))
        details: list[widgets.Widget] = [self.status]
        if block is BlockId.CUSTOMER_RELATIONSHIPS:
            self.type = choices.dropdown("Type", choices.relationship_types(), item.type, layout=_SMALL)
            self.motivation = choices.dropdown("Motivation", choices.motivations(), item.motivation, layout=_SMALL)
            details = [self.type, self.motivation, self.status]
            watched = [self.status, self.type, self.motivation]
        else:
            watched = [self.status]
        self.text.observe(self._text_changed, names="value")
        self.serves.observe(self._serves_typed, names="value")
        for widget in watched:
            widget.observe(lambda _: changed(), names="value")
        self._details = widgets.HBox([*details, self.remove_button], layout=_DETAILS)
        super().__init__([self.text, self.serves, self._details], layout=_ROW)
        self.add_class("bmc-item-row")
        self._say_why(self._undeclared())

    @property
    def item(self) -> Item | None:
        """The note as the row shows it, or None while its text is empty (a row just added is not yet a note)."""
        if not self.text.value:
            return None
        shows_relationship = self.block is BlockId.CUSTOMER_RELATIONSHIPS
        return Item(
            text=self.text.value,
            segments=self._named,
            status=self.status.value,
            type=self.type.value if shows_relationship else self._hidden_type,
            motivation=self.motivation.value if shows_relationship else self._hidden_motivation,
            source=self._source,
        )

    def offer_segments(self, segments: Sequence[Segment]) -> None:
        """Let the row name these segments: offer them to complete, show the note's by their names, and read again what
        named no segment, in case it names one now."""
        self._segments = list(segments)
        if self._typed is None:
            self._show(self._named)  # by their names as they are now
            self._say_why(self._undeclared())
        else:
            self._read(self._typed)

    def _serves_typed(self, change: dict[str, Any]) -> None:
        if not self._showing:
            self._read(change["new"])

    def _read(self, text: str) -> None:
        """Take what the Serves box says: the segments it names by their ids, the rest as typed and said why."""
        reading = segment_names.read(text, self._segments)
        if reading.unknown:
            self._typed = text  # kept as typed: nothing a student types is rewritten while it needs mending
            self.serves.options = segment_names.choices(text, self._segments)
        else:
            self._typed = None
            self._show(reading.ids)
        self._say_why(reading.unknown)
        if reading.ids != self._named:
            self._named = reading.ids
            self._changed()

    def _text_changed(self, change: dict[str, Any]) -> None:
        rows = rows_for(change["new"], self._line_length)
        if rows != self.text.rows:
            self.text.rows = rows
        self._changed()

    def _show(self, ids: Sequence[str]) -> None:
        """Show these segments in the Serves box, by their names, and offer the rest to complete."""
        shown = segment_names.shown(ids, self._segments)
        self._showing = True
        try:
            self.serves.value = shown
            self.serves.options = segment_names.choices(shown, self._segments)
        finally:
            self._showing = False

    def _undeclared(self) -> tuple[str, ...]:
        """The segments the note names that the canvas does not declare (a file may name them; the review says so too)."""
        declared = {segment.id for segment in self._segments}
        return tuple(ref for ref in self._named if ref not in declared)

    def _say_why(self, unknown: Sequence[str]) -> None:
        """Say under the Serves box why it keeps text that names no segment; say nothing once there is none."""
        said = segment_names.why_not(unknown, self._segments)
        if not said:
            if self.why is not None:
                self.why.value = ""
                self.why.layout.display = "none"
            return
        if self.why is None:
            self.why = widgets.HTML(layout=widgets.Layout(width="100%"), style=_WHY_STYLE)
            self.why.add_class("bmc-serves-why")
            self.children = (self.text, self.serves, self.why, self._details)
        self.why.layout.display = None
        self.why.value = f'<div role="status">{said}</div>'


class BlockEditor(widgets.VBox):
    """A block of the canvas: its title, its guiding question, its notes and a button to add one."""

    def __init__(
        self,
        block: BlockId,
        items: Sequence[Item],
        *,
        changed: Callable[[], None],
        segments: Sequence[Segment | str] = (),
        segment_ids: Sequence[str] = (),
    ) -> None:
        self.block = block
        self._changed = changed
        self._segments = _as_segments([*segments, *segment_ids])
        info = knowledge.block(block)
        self._prompt = info.questions[0] if info.questions else f"A note on {info.title}"
        self._line_length = CHARACTERS_PER_COLUMN * max(row.count(block) for row in block_grid())
        heading = widgets.HTML(f"<strong>{info.title}</strong>", layout=_HEADING, style=_HEADING_STYLE)
        heading.add_class("bmc-block-title")
        self.add_button = widgets.Button(description="Add a note", tooltip=self._prompt, layout=_AUTO, style=_BUTTON)
        self.add_button.on_click(lambda _: self.add(Item(text="")))
        # The rows stand in the block itself, between its heading and its button, with no box of their own: a box is
        # one more widget for Python to make and the page to draw, in each of the nine blocks.
        self._heading = heading
        super().__init__(
            [heading, *(self._row(item) for item in items), self.add_button],
            layout=widgets.Layout(border="2px solid #1d5f8a", padding="4px", overflow="auto", min_width="0"),
        )
        self.add_class("bmc-block-editor")

    @property
    def rows(self) -> tuple[ItemRow, ...]:
        return tuple(child for child in self.children if isinstance(child, ItemRow))

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for row in self.rows if (item := row.item) is not None)

    def add(self, item: Item) -> ItemRow:
        row = self._row(item)
        self.children = (self._heading, *self.rows, row, self.add_button)
        self._changed()
        return row

    def offer_segments(self, segments: Sequence[Segment | str]) -> None:
        """Let every note name these segments: the canvas's segments, or only their ids (then they are named by id alone)."""
        self._segments = _as_segments(segments)
        for row in self.rows:
            row.offer_segments(self._segments)

    def _row(self, item: Item) -> ItemRow:
        return ItemRow(
            item,
            block=self.block,
            segments=self._segments,
            changed=self._changed,
            remove=self._remove,
            prompt=self._prompt,
            line_length=self._line_length,
        )

    def _remove(self, row: ItemRow) -> None:
        self.children = tuple(child for child in self.children if child is not row)
        self._changed()


def rows_for(text: str, line_length: int) -> int:
    """How many rows a note's box needs to show all of ``text`` at about ``line_length`` characters a row.

    Browsers that can size a box to its content do so (the widgets' stylesheet asks for it); this is for the others.
    """
    wrapped = sum(max(1, math.ceil(len(line) / max(1, line_length))) for line in text.split("\n"))
    return max(LEAST_ROWS, wrapped)


def _as_segments(segments: Sequence[Segment | str]) -> list[Segment]:
    return [segment if isinstance(segment, Segment) else Segment(id=segment, name="") for segment in segments]
