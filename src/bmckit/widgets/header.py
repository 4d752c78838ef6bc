"""Editors for what stands above the blocks: the header and the customer segments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle  # not re-exported at the top

from bmckit.colours import segment_colours
from bmckit.margins import HEADER_FIELDS
from bmckit.model import Header, Segment
from bmckit.widgets import choices
from bmckit.widgets.items import rows_for
from bmckit.widgets.stylesheet import stylesheet

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_LABELLED = {"description_width": "7em"}
NOTES_LINE_LENGTH = 40
"""About how many characters of the header's notes fit on a line beside the segments (for browsers that cannot size a
box to its text)."""
_FULL = widgets.Layout(width="100%", margin="2px 0")  # no side margins: a full width and a margin would stick out of the row
_SEGMENT_FIELD = TextStyle(**choices.LABELLED)
"""One style for every segment row's text fields: labels as wide as their words."""
# Shared, as in :mod:`bmckit.widgets.items`: a layout or a style is a widget of its own for Python to make and the page to
# draw, and nothing changes these once they are made.
_HEADER_FIELD = TextStyle(**_LABELLED)
_AUTO = widgets.Layout(width="auto")
_BUTTON = widgets.ButtonStyle()
_HTML = HTMLStyle()


class HeaderEditor(widgets.VBox):
    """Title, designed for, designed by, date, version and free notes."""

    FIELDS = (("title", "Title"), *((name, label) for label, name in HEADER_FIELDS))
    """Each field's name and label, as the drawing labels it."""

    def __init__(self, header: Header, *, changed: Callable[[], None]) -> None:
        self.fields = {
            name: widgets.Text(value=getattr(header, name), description=label, style=_HEADER_FIELD, layout=_FULL, continuous_update=True)
            for name, label in self.FIELDS
        }
        self.notes = widgets.Textarea(
            value=header.notes,
            description="Notes",
            placeholder="Sources, assumptions, open questions",
            rows=rows_for(header.notes, NOTES_LINE_LENGTH),
            style=_HEADER_FIELD,
            layout=_FULL,
        )
        self.notes.add_class("bmc-note")  # grows with its text, as a note does
        self.notes.observe(self._notes_changed, names="value")
        for widget in (*self.fields.values(), self.notes):
            widget.observe(lambda _: changed(), names="value")
        super().__init__([*self.fields.values(), self.notes], layout=widgets.Layout(flex="1 1 20em", min_width="0"))

    @property
    def header(self) -> Header:
        return Header(**{name: field.value for name, field in self.fields.items()}, notes=self.notes.value)

    def _notes_changed(self, change: dict[str, Any]) -> None:
        rows = rows_for(change["new"], NOTES_LINE_LENGTH)
        if rows != self.notes.rows:
            self.notes.rows = rows


class SegmentRow(widgets.HBox):
    """One segment: id, name, colour, market type and what a customer is worth."""

    def __init__(self, segment: Segment, *, swatch: str, changed: Callable[[], None], remove: Callable[[SegmentRow], None]) -> None:
        self.swatch = widgets.HTML(_swatch(swatch), layout=widgets.Layout(width="1.6em"))
        self.id = widgets.Text(
            value=segment.id,
            description="Id",
            placeholder="short-id",
            tooltip="The short id a canvas file names the segment by",
            style=_SEGMENT_FIELD,
            layout=widgets.Layout(width="11em"),
        )
        self.name = widgets.Text(
            value=segment.name, description="Name", placeholder="Segment name", style=_SEGMENT_FIELD, layout=widgets.Layout(flex="1 1 14em")
        )
        self.colour = widgets.Text(
            value=segment.colour or "",
            description="Colour",
            placeholder="from the palette",
            tooltip="#rrggbb or a CSS colour name; empty: the next colour of the palette",
            style=_SEGMENT_FIELD,
            layout=widgets.Layout(width="13em"),
        )
        self.market_type = choices.dropdown("Market", choices.market_types(), segment.market_type, layout=widgets.Layout(width="auto"))
        self.customer_value = choices.dropdown(
            "Value", choices.customer_values(), segment.customer_value, layout=widgets.Layout(width="auto")
        )
        remove_button = widgets.Button(description="Remove", tooltip="Remove this segment", layout=widgets.Layout(width="auto"))
        remove_button.on_click(lambda _: remove(self))
        for widget in (self.id, self.name, self.colour, self.market_type, self.customer_value):
            widget.observe(lambda _: changed(), names="value")
        super().__init__(
            [self.swatch, self.id, self.name, self.colour, self.market_type, self.customer_value, remove_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    @property
    def segment(self) -> Segment | None:
        """The segment as the row shows it, or None while it has neither id nor name."""
        if not (self.id.value or self.name.value):
            return None
        return Segment(
            id=self.id.value,
            name=self.name.value,
            colour=self.colour.value or None,
            market_type=self.market_type.value,
            customer_value=self.customer_value.value,
        )


class SegmentsEditor(widgets.VBox):
    """The customer segments, each with its colour as the canvas draws it."""

    def __init__(self, segments: Sequence[Segment], *, changed: Callable[[], None]) -> None:
        self._changed = changed
        self.add_button = widgets.Button(description="Add a segment", layout=_AUTO, style=_BUTTON)
        self.add_button.on_click(lambda _: self.add(Segment(id="", name="")))
        # The widgets' stylesheet comes with the segments: once for the whole editor, its blocks and notes included.
        self._heading = (stylesheet(), widgets.HTML("<strong>Customer segments</strong>", style=_HTML))
        # The rows stand between the heading and the button, with no box of their own (one widget fewer to make and draw).
        super().__init__(
            [*self._heading, *(self._row(segment, "#ffffff") for segment in segments), self.add_button],
            layout=widgets.Layout(flex="2 1 30em", min_width="0"),
        )
        self.recolour()

    @property
    def rows(self) -> tuple[SegmentRow, ...]:
        return tuple(child for child in self.children if isinstance(child, SegmentRow))

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(segment for row in self.rows if (segment := row.segment) is not None)

    def add(self, segment: Segment) -> SegmentRow:
        row = self._row(segment, "#ffffff")
        self.children = (*self._heading, *self.rows, row, self.add_button)
        self._changed()
        return row

    def recolour(self) -> None:
        """Show each segment's colour as the canvas will draw it (a bad colour shows no swatch; the review says why)."""
        try:
            colours = segment_colours(self.segments)
        except ValueError:
            colours = {}
        for row in self.rows:
            row.swatch.value = _swatch(colours.get(row.id.value, ""))

    def _row(self, segment: Segment, swatch: str) -> SegmentRow:
        return SegmentRow(segment, swatch=swatch, changed=self._changed, remove=self._remove)

    def _remove(self, row: SegmentRow) -> None:
        self.children = tuple(child for child in self.children if child is not row)
        self._changed()


def _swatch(colour: str) -> str:
    if not colour:
        return '<span aria-hidden="true"></span>'
    return (
        f'<span aria-hidden="true" style="display:inline-block;width:1.2em;height:1.2em;border:1px solid #555;background:{colour}"></span>'
    )
