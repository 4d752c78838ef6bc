"""The relationship advisor: for each segment, the six relationship types ranked with the reasons behind each rank.

It explains; it does not decide. The ranking is :mod:`bmckit.advice`'s (the same
as ``bmckit advise``), drawn from the knowledge base; the reader answers three
questions per segment, reads why each type ranks where it does, and may add any
of them to the canvas with one click.

Given a :class:`~bmckit.widgets.CanvasEditor`, the advisor follows it: the
segments it advises on are the editor's, a segment's market type and value set
here are set in the editor too, and "Add to canvas" adds the note there. The
motivation a note is added with is chosen above the buttons, and what a button
did is said beside it, where the reader is looking.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle  # not re-exported at the top

from bmckit import advice
from bmckit.model import BlockId, Canvas, Header
from bmckit.widgets import choices
from bmckit.widgets.stylesheet import stylesheet

if TYPE_CHECKING:
    from bmckit.model import Segment
    from bmckit.widgets.editor import CanvasEditor


# Shared by every ranked type: each layout or style is a widget of its own, and the ranking is redrawn at every answer.
# Shared, they are made once (and never left behind when a redrawn ranking's widgets are closed).
_REASONS = widgets.Layout(flex="1 1 24em")
_REASONS_STYLE = HTMLStyle()
_RANK_ROW = widgets.Layout(align_items="flex-start", border_bottom="1px solid #e0e0e0")
_ADD = widgets.Layout()
_ADD_STYLE = widgets.ButtonStyle()
_CHOICE = widgets.Layout(width="auto", max_width="100%")  # as wide as its longest choice ("Customer acquisition"), not cut
_SAID = widgets.Layout(align_self="center", margin="0 0 0 0.5em")

ADDED = "Added to the canvas"
ALREADY_THERE = "Already on the canvas"


class SegmentAdvice(widgets.VBox):
    """One segment: what it is, the three questions, and the six types ranked, each with an "Add to canvas" button."""

    def __init__(self, segment: Segment, advisor: RelationshipAdvisor) -> None:
        self.segment = segment
        self._syncing = False
        self._advisor = advisor
        self.market_type = choices.dropdown("Market", choices.market_types(), segment.market_type, layout=_CHOICE)
        self.customer_value = choices.dropdown("Value per customer", choices.customer_values(), segment.customer_value, layout=_CHOICE)
        self.answers = {
            question.id: widgets.Dropdown(
                description=question.prompt,
                options=[(choices.NOT_STATED, None), *question.options],
                index=0,
                style=choices.LABELLED,
                layout=widgets.Layout(width="auto", max_width="100%"),
            )
            for question in advice.questions()
        }
        self.motivation = choices.dropdown("Add with motivation", choices.motivations(), None, layout=_CHOICE)
        for widget in (self.market_type, self.customer_value):
            widget.observe(self._segment_changed, names="value")
        for widget in (*self.answers.values(), self.motivation):
            widget.observe(lambda _: self.update(), names="value")
        self.ranking = widgets.VBox()
        self.ranking.add_class("bmc-ranking")
        title = widgets.HTML(
            f"<p class='bmc-widget-title'><strong>{escape(segment.name or segment.id)}</strong> ({escape(segment.id)})</p>"
        )
        super().__init__(
            [
                title,
                widgets.HBox([self.market_type, self.customer_value], layout=widgets.Layout(flex_flow="row wrap")),
                *self.answers.values(),
                self.motivation,  # before the buttons that use it
                self.ranking,
            ],
            layout=widgets.Layout(border="1px solid #c8c8c8", padding="6px", margin="0 0 8px 0"),
        )
        self.add_class("bmc-segment-advice")
        self.update()

    @property
    def answered(self) -> advice.Answers:
        return advice.Answers(**{question: widget.value for question, widget in self.answers.items()})

    @property
    def ranked(self) -> tuple[advice.Ranked, ...]:
        ranking: tuple[advice.Ranked, ...] = advice.rank(self._current_segment(), self.answered)
        return ranking

    def update(self, segment: Segment | None = None) -> None:
        if segment is not None:
            self.segment = segment
        rows = []
        for ranked in self.ranked:
            reasons = "".join(
                f'<li class="{"bmc-for" if reason.supports else "bmc-against"}">'
                f"{'For' if reason.supports else 'Against'}: {escape(reason.text)}</li>"
                for reason in ranked.reasons
            )
            text = widgets.HTML(
                f"<strong>{ranked.rank}. {escape(ranked.name)}</strong><ul>{reasons}</ul>", layout=_REASONS, style=_REASONS_STYLE
            )
            add = widgets.Button(
                description="Add to canvas",
                tooltip=f"Add {ranked.name.lower()} for {self.segment.name} to Customer Relationships",
                layout=_ADD,
                style=_ADD_STYLE,
            )
            row = widgets.HBox([text, add], layout=_RANK_ROW)
            add.on_click(lambda _, chosen=ranked.type, row=row: self._add(chosen, row))
            rows.append(row)
        old = self.ranking.children
        self.ranking.children = tuple(rows)
        for widget in old:
            for child in widget.children:
                child.close()
            widget.close()

    def _add(self, type_id: Any, row: widgets.HBox) -> None:
        """Add a note of this type with the motivation chosen above, and say beside the button pressed what it did."""
        added = self._advisor.add(self.segment.id, type_id, self.motivation.value)
        said = widgets.HTML(f'<span role="status" class="bmc-added">{ADDED if added else ALREADY_THERE}</span>', layout=_SAID)
        old = row.children[2:]
        row.children = (*row.children[:2], said)
        for widget in old:
            widget.close()

    def _current_segment(self) -> Segment:
        from dataclasses import replace

        return replace(self.segment, market_type=self.market_type.value, customer_value=self.customer_value.value)

    def show(self, segment: Segment) -> None:
        """Show the segment as the canvas now has it (set elsewhere, in the editor say)."""
        self._syncing = True
        try:
            choices.select(self.market_type, segment.market_type)
            choices.select(self.customer_value, segment.customer_value)
        finally:
            self._syncing = False
        self.update(segment)

    def _segment_changed(self, _: Any) -> None:
        if self._syncing:
            return
        self.segment = self._current_segment()
        self._advisor.segment_changed(self.segment)
        self.update()


class RelationshipAdvisor(widgets.VBox):
    """``RelationshipAdvisor(editor)`` advises on the editor's segments; ``RelationshipAdvisor(canvas=...)`` on a canvas of its own."""

    def __init__(self, editor: CanvasEditor | None = None, *, canvas: Canvas | None = None) -> None:
        self.editor = editor
        self._canvas = editor.canvas if editor is not None else (canvas or Canvas(Header(title="My business model")))
        self.note = widgets.HTML()
        self.sections = widgets.VBox()
        intro = widgets.HTML(
            "<p>For each segment, answer what you know; the six relationship types are ranked with the reasons for "
            "and against each, from the knowledge base. The ranking explains; you decide. Choose the motivation, then "
            "<em>Add to canvas</em> puts a note of that type, for that segment and with that motivation, in Customer Relationships.</p>"
        )
        super().__init__([stylesheet(), intro, self.sections, self.note])
        self.add_class("bmc-advisor")
        self._build()
        if editor is not None:
            editor.on_change(self.follow)

    @property
    def canvas(self) -> Canvas:
        return self.editor.canvas if self.editor is not None else self._canvas

    @property
    def advice(self) -> dict[str, tuple[advice.Ranked, ...]]:
        """Each segment's ranking as the advisor shows it now, by segment id."""
        return {section.segment.id: section.ranked for section in self._sections()}

    def section(self, segment_id: str) -> SegmentAdvice:
        return next(section for section in self._sections() if section.segment.id == segment_id)

    def follow(self, canvas: Canvas) -> None:
        """Redraw for a changed canvas: new sections only when the segments themselves came or went."""
        self._canvas = canvas
        if [s.id for s in canvas.segments] != [section.segment.id for section in self._sections()]:
            self._build()
            return
        for section, segment in zip(self._sections(), canvas.segments, strict=True):
            if section.segment != segment:
                section.show(segment)

    def add(self, segment_id: str, type_id: Any, motivation: Any = None) -> bool:
        """Add a note of this relationship type for this segment to the canvas (in the editor, if there is one).

        True when it was added, False when the canvas has that note already.
        """
        item = advice.suggestion(self.canvas, segment_id, type_id, motivation)
        before = self.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)
        if item in before:
            self.note.value = f"<p>“{escape(item.text)}” is already on the canvas.</p>"
            return False
        if self.editor is not None:
            self.editor.add_item(BlockId.CUSTOMER_RELATIONSHIPS, item)
        else:
            self._canvas = advice.add_suggestion(self._canvas, segment_id, type_id, motivation)
        self.note.value = f"<p>Added to Customer Relationships: “{escape(item.text)}”.</p>"
        return True

    def segment_changed(self, segment: Segment) -> None:
        """A segment's market type or value was set here: set it in the editor (or in the advisor's own canvas)."""
        if self.editor is not None:
            row = next((row for row in self.editor.segments_editor.rows if row.id.value == segment.id), None)
            if row is not None:
                choices.select(row.market_type, segment.market_type)
                choices.select(row.customer_value, segment.customer_value)
                self.editor.refresh()
            return
        from dataclasses import replace

        self._canvas = replace(self._canvas, segments=tuple(segment if s.id == segment.id else s for s in self._canvas.segments))

    def _sections(self) -> tuple[SegmentAdvice, ...]:
        return tuple(child for child in self.sections.children if isinstance(child, SegmentAdvice))

    def _build(self) -> None:
        old = self.sections.children
        segments = self.canvas.segments
        if not segments:
            self.sections.children = (
                widgets.HTML("<p>The canvas declares no customer segments yet: add one in the editor, then come back.</p>"),
            )
        else:
            self.sections.children = tuple(SegmentAdvice(segment, self) for segment in segments)
        for widget in old:
            widget.close()
