"""Fillable canvases in readers other than the one that wrote them: MuPDF fills and saves, poppler draws, qpdf flattens.

Every test here fills, draws or reads a form with a different program from
the one that made it (bmckit writes with reportlab and pypdf), because a form
that only its own writer can read is no form at all.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bmckit.formtext import items_to_text, text_to_items
from bmckit.model import BlockId, Item, Motivation, RelationshipType, Status

# Note text ---------------------------------------------------------------------------------------------------------

_LINE_PIECES = st.sampled_from(
    ["- ", "• ", "* ", "– ", " ", "  ", "\t", "[", "]", "[validated]", "[x, y]", "[]", ",", "a", "Ωμέγα", "Кирилл", "😀"]
)
_LINES = st.lists(
    st.lists(_LINE_PIECES | st.text(st.characters(exclude_characters="\r\n"), max_size=4), max_size=6).map("".join), min_size=1, max_size=5
)
_TEXTS = _LINES.map("\n".join).filter(bool)
_ITEMS = st.builds(
    Item,
    text=_TEXTS,
    segments=st.lists(st.sampled_from(["locals", "visitors"]), unique=True, max_size=2).map(tuple),
    status=st.none() | st.sampled_from(Status),
    type=st.none() | st.sampled_from(RelationshipType),
    motivation=st.none() | st.sampled_from(Motivation),
)


@settings(deadline=None)
@given(st.lists(_ITEMS, max_size=5))
def test_any_notes_come_back_exactly_from_their_field_text(items: list[Item]) -> None:
    text = items_to_text(tuple(items))
    assert text_to_items(text, BlockId.CUSTOMER_RELATIONSHIPS, ("locals", "visitors")).items == items, text


def test_a_line_at_the_left_margin_starts_a_note_and_an_indented_line_continues_it() -> None:
    typed = "Students\nTeachers\n- Parents [validated]\n  who volunteer\n\n  on Saturdays\n• Alumni"
    assert text_to_items(typed, BlockId.CUSTOMER_SEGMENTS).items == [
        Item("Students"),
        Item("Teachers"),
        Item("Parents\nwho volunteer\n\non Saturdays", status=Status.VALIDATED),
        Item("Alumni"),
    ]


def test_a_note_that_begins_a_line_with_a_dash_or_has_an_empty_line_stays_one_note() -> None:
    items = (Item("Two kinds:\n- students\n- teachers\n\nboth local", ("locals",)), Item("[draft] plan\n• not a bullet"))
    text = items_to_text(items)
    assert text == "• Two kinds:\n  - students\n  - teachers\n  \n  both local [locals]\n• [draft] plan\n  • not a bullet"
    assert text_to_items(text, BlockId.CHANNELS, ("locals",)).items == list(items)
