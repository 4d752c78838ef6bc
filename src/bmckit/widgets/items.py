"""Editors for the notes of one block: a row per note, and the block that holds the rows.

A row shows the note's text, the segments it serves and its status; in the
Customer Relationships block it also shows the relationship's type and
motivation. A row keeps whatever the loaded item said that it does not show,
so the editor never drops a field it was given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle  # these three are not re-exported at the top
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from bmckit import knowledge
from bmckit.model import BlockId, Item
from bmckit.widgets import choices

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


# Shared by every row. A layout or a style is a widget of its own, sent to the page and drawn there: one each for all
# the rows, rather than one each for every part of every row (a case study's forty notes made some eight hundred
# widgets, which Python in a browser takes seconds over). Nothing changes them after they are made.
_FULL = widgets.Layout(width="100%")
_SMALL = widgets.Layout(width="auto", max_width="100%")
_DETAILS = widgets.Layout(flex_flow="row wrap", max_width="100%")
_ROW = widgets.Layout(border="1px solid #c8c8c8", padding="2px", margin="0 0 4px 0")
_TEXT = TextStyle()
_TAGS = DescriptionStyle()
_BUTTON = widgets.ButtonStyle()
_HEADING = widgets.Layout(margin="0")
_HEADING_STYLE = HTMLStyle()
_AUTO = widgets.Layout(width="auto")


class ItemRow(widgets.VBox):
    """One note: its text, the segments it serves, its status and, for relationships, its type and motivation."""

    def __init__(
        self, item: Item, *, block: BlockId, segment_ids: Sequence[str], changed: Callable[[], None], remove: Callable[[ItemRow], None]
    ) -> None:
        self.block = block
        self._hidden_type = item.type  # kept for blocks that do not show it, so a round trip loses nothing
        self._hidden_motivation = item.motivation
        self.text = widgets.Textarea(value=item.text, placeholder="A note", rows=2, continuous_update=True, layout=_FULL, style=_TEXT)
        self.segments = widgets.TagsInput(
            value=list(item.segments),
            allowed_tags=_allowed(segment_ids, item.segments),
            allow_duplicates=False,
            layout=_FULL,
            style=_TAGS,
        )
        self.segments.tooltip = "Segments this note serves (none: every segment)"
        self.status = choices.dropdown("Status", choices.statuses(), item.status, layout=_SMALL)
        self.remove_button = widgets.Button(description="Remove", tooltip="Remove this note", layout=_SMALL, style=_BUTTON)
        self.remove_button.on_click(lambda _: remove(self))
        details: list[widgets.Widget] = [self.status]
        if block is BlockId.CUSTOMER_RELATIONSHIPS:
            self.type = choices.dropdown("Type", choices.relationship_types(), item.type, layout=_SMALL)
            self.motivation = choices.dropdown("Motivation", choices.motivations(), item.motivation, layout=_SMALL)
            details = [self.type, self.motivation, self.status]
            watched = [self.text, self.segments, self.status, self.type, self.motivation]
        else:
            watched = [self.text, self.segments, self.status]
        for widget in watched:
            widget.observe(lambda _: changed(), names="value")
        super().__init__(
            [
                self.text,
                self.segments,
                widgets.HBox([*details, self.remove_button], layout=_DETAILS),
            ],
            layout=_ROW,
        )
        self.add_class("bmc-item-row")

    @property
    def item(self) -> Item | None:
        """The note as the row shows it, or None while its text is empty (a row just added is not yet a note)."""
        if not self.text.value:
            return None
        shows_relationship = self.block is BlockId.CUSTOMER_RELATIONSHIPS
        return Item(
            text=self.text.value,
            segments=tuple(self.segments.value),
            status=self.status.value,
            type=self.type.value if shows_relationship else self._hidden_type,
            motivation=self.motivation.value if shows_relationship else self._hidden_motivation,
        )

    def offer_segments(self, segment_ids: Sequence[str]) -> None:
        """Let the row choose among these segments (and keep any it already names)."""
        self.segments.allowed_tags = _allowed(segment_ids, self.segments.value)


class BlockEditor(widgets.VBox):
    """A block of the canvas: its title, its guiding question, its notes and a button to add one."""

    def __init__(self, block: BlockId, items: Sequence[Item], *, segment_ids: Sequence[str], changed: Callable[[], None]) -> None:
        self.block = block
        self._changed = changed
        self._segment_ids = list(segment_ids)
        info = knowledge.block(block)
        heading = widgets.HTML(f"<strong>{info.title}</strong>", layout=_HEADING, style=_HEADING_STYLE)
        heading.add_class("bmc-block-title")
        self.rows_box = widgets.VBox([self._row(item) for item in items])
        self.add_button = widgets.Button(
            description="Add a note", tooltip=info.questions[0] if info.questions else "", layout=_AUTO, style=_BUTTON
        )
        self.add_button.on_click(lambda _: self.add(Item(text="")))
        super().__init__(
            [heading, self.rows_box, self.add_button],
            layout=widgets.Layout(border="2px solid #1d5f8a", padding="4px", overflow="auto", min_width="0"),
        )
        self.add_class("bmc-block-editor")

    @property
    def rows(self) -> tuple[ItemRow, ...]:
        return tuple(child for child in self.rows_box.children if isinstance(child, ItemRow))

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for row in self.rows if (item := row.item) is not None)

    def add(self, item: Item) -> ItemRow:
        row = self._row(item)
        self.rows_box.children = (*self.rows_box.children, row)
        self._changed()
        return row

    def offer_segments(self, segment_ids: Sequence[str]) -> None:
        self._segment_ids = list(segment_ids)
        for row in self.rows:
            row.offer_segments(segment_ids)

    def _row(self, item: Item) -> ItemRow:
        return ItemRow(item, block=self.block, segment_ids=self._segment_ids, changed=self._changed, remove=self._remove)

    def _remove(self, row: ItemRow) -> None:
        self.rows_box.children = tuple(child for child in self.rows_box.children if child is not row)
        self._changed()


def _allowed(segment_ids: Sequence[str], already: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*segment_ids, *already]))
