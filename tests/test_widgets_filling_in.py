"""The widgets are pleasant to fill in: every control says what it is, a note's segments are typed by name or id and
nothing typed is dropped, a note's box grows with its text, the advisor says what a button did beside it, and the
calculator's words stay true and round every figure one way.

In-process checks of the widget trees; tests/test_widgets_in_chromium.py draws the same widgets in a browser.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import ipywidgets as widgets
import pytest

from bmckit import economics
from bmckit.cases import load_case
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, Segment
from bmckit.widgets import CanvasEditor, EconomicsCalculator, RelationshipAdvisor, segment_names
from bmckit.widgets.items import LEAST_ROWS, BlockEditor, ItemRow, rows_for

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever an editor writes beside its notebook goes to a temporary folder."""
    monkeypatch.chdir(tmp_path)


SEGMENTS = (
    Segment("coffee-lovers", "Coffee drinkers"),
    Segment("members", "Rewards members"),
    Segment("sme", "Small, medium firms"),
)


def channels(*items: Item, segments: tuple[Segment, ...] = SEGMENTS) -> tuple[BlockEditor, list[int]]:
    heard: list[int] = []
    return BlockEditor(BlockId.CHANNELS, items, segments=segments, changed=lambda: heard.append(1)), heard


def text_of(row: ItemRow) -> str:
    """What the row says under its Serves box, as a reader reads it."""
    return re.sub(r"<[^>]+>", "", row.why.value) if row.why is not None and row.why.layout.display != "none" else ""


# Every control says what it is ---------------------------------------------------------------------------------------


def controls(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """Every control a reader can use inside ``widget``: buttons and anything with a value, but not text shown as it is."""
    if isinstance(widget, widgets.Box):
        for child in widget.children:
            yield from controls(child)
    elif isinstance(widget, (widgets.Button, widgets.ValueWidget)) and not isinstance(
        widget, (widgets.HTML, widgets.HTMLMath, widgets.Label)
    ):
        yield widget


def unnamed(widget: widgets.Widget) -> list[str]:
    """Controls with neither a label nor a prompt a screen reader can name them by.

    A tooltip alone is not a name: browsers name a field by its title before its placeholder, and axe-core reports a
    control named only by its title (``label-title-only``, serious), so a placeholder counts only without a tooltip.
    """
    found = []
    for control in controls(widget):
        described = str(getattr(control, "description", "")).strip()
        prompted = str(getattr(control, "placeholder", "")).strip("\u200b ")
        if not (described or (prompted and not getattr(control, "tooltip", None))):
            found.append(f"{type(control).__name__}({getattr(control, 'value', '')!r})")
    return found


def test_every_control_of_the_editor_the_advisor_and_the_calculator_has_a_label_or_a_prompt() -> None:
    editor = CanvasEditor(load_case("starbucks"))
    editor.blocks[BlockId.CHANNELS].add(Item(text=""))
    editor.segments_editor.add(Segment("", ""))
    advisor = RelationshipAdvisor(editor)
    advisor.section("members").ranking.children[0].children[1].click()  # a confirmation beside a button, too
    for widget in (editor, advisor, EconomicsCalculator()):
        assert list(controls(widget)), f"no controls found in {type(widget).__name__}"
        assert unnamed(widget) == [], f"{type(widget).__name__}: unnamed controls"


def test_a_control_named_only_by_its_tooltip_is_caught() -> None:
    assert unnamed(widgets.VBox([widgets.Text(placeholder="id", tooltip="Short id")])) == ["Text('')"]
    assert unnamed(widgets.VBox([widgets.TagsInput()])) == ["TagsInput([])"]


def test_the_serves_box_says_what_it_is_and_what_empty_means() -> None:
    block, _ = channels(Item("Shops"))
    box = block.rows[0].serves
    assert box.description == "Serves"
    assert box.placeholder == "every segment"
    assert box.value == ""


# A note's segments, by name or id ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("Coffee drinkers", ("coffee-lovers",)),
        ("coffee drinkers", ("coffee-lovers",)),
        ("coffee-lovers", ("coffee-lovers",)),
        ("Coffee drinkers (coffee-lovers)", ("coffee-lovers",)),  # as the box offers it to complete
        ("Rewards members, coffee-lovers", ("members", "coffee-lovers")),
        ("Small, medium firms, members", ("sme", "members")),  # a name with a comma in it
        ("members, Rewards members", ("members",)),
    ],
)
def test_a_typed_segment_name_or_id_is_read_as_the_segments_id(typed: str, ids: tuple[str, ...]) -> None:
    block, heard = channels(Item("Shops"))
    row = block.rows[0]
    row.serves.value = typed
    assert block.items == (Item("Shops", segments=ids),)
    assert heard
    assert text_of(row) == ""
    assert row.serves.value == segment_names.shown(ids, SEGMENTS)  # then shown by name
    assert segment_names.read(row.serves.value, SEGMENTS).ids == ids


def test_what_names_no_segment_is_kept_as_typed_and_the_box_says_why() -> None:
    block, _ = channels(Item("Shops"))
    row = block.rows[0]
    row.serves.value = "Rewards members, Cofee drinkers"
    assert row.serves.value == "Rewards members, Cofee drinkers"  # not rewritten, not cleared
    assert block.items == (Item("Shops", segments=("members", "Cofee drinkers")),)  # nothing typed is dropped
    said = text_of(row)
    assert "Not a segment of this canvas yet: “Cofee drinkers”" in said
    assert "Did you mean “Coffee drinkers”?" in said
    assert "“Small, medium firms”" in said  # the segments it could name
    row.serves.value = "Rewards members, Coffee drinkers"
    assert block.items == (Item("Shops", segments=("members", "coffee-lovers")),)
    assert text_of(row) == ""


def test_a_segment_declared_after_it_was_typed_is_then_read_as_its_id() -> None:
    block, _ = channels(Item("Shops"))
    row = block.rows[0]
    row.serves.value = "Schools"
    assert "Declared segments" in text_of(row)
    block.offer_segments([*SEGMENTS, Segment("schools", "Schools")])
    assert block.items == (Item("Shops", segments=("schools",)),)
    assert text_of(row) == ""


def test_a_renamed_segment_is_shown_by_its_new_name_and_the_note_keeps_it() -> None:
    block, _ = channels(Item("Shops", segments=("members",)))
    block.offer_segments([Segment("coffee-lovers", "Coffee drinkers"), Segment("members", "Loyalty club")])
    assert block.rows[0].serves.value == "Loyalty club"
    assert block.items == (Item("Shops", segments=("members",)),)


def test_a_note_naming_an_undeclared_segment_keeps_it_and_says_so() -> None:
    block, heard = channels(Item("Shops", segments=("ghosts", "members")))
    assert block.items == (Item("Shops", segments=("ghosts", "members")),)
    assert not heard
    assert "“ghosts”" in text_of(block.rows[0])


def test_the_box_offers_each_segment_and_then_each_one_more() -> None:
    block, _ = channels(Item("Shops"), Item("Web", segments=("members",)))
    empty, one = block.rows
    # by name and id, so that typing either finds it
    assert list(empty.serves.options) == ["Coffee drinkers (coffee-lovers)", "Rewards members (members)", "Small, medium firms (sme)"]
    assert one.serves.value == "Rewards members"
    assert "Rewards members, Coffee drinkers (coffee-lovers)" in one.serves.options  # a browser completes the whole box
    assert not [option for option in one.serves.options if option.startswith("Rewards members, Rewards")]


def test_names_are_read_only_where_the_editor_gives_the_blocks_its_segments() -> None:
    """Through the whole editor: ids and what names no segment work whatever the editor gives the blocks."""
    editor = CanvasEditor(Canvas(Header(title="Café"), segments=SEGMENTS))
    row = editor.blocks[BlockId.CHANNELS].add(Item("Shops"))
    row.serves.value = "members, Nobody"
    assert editor.canvas.items(BlockId.CHANNELS) == (Item("Shops", segments=("members", "Nobody")),)
    assert "“Nobody”" in text_of(row)
    assert "Nobody" in editor.review.value


def test_through_the_editor_a_typed_segment_name_is_read_as_its_id() -> None:
    editor = CanvasEditor(Canvas(Header(title="Café"), segments=SEGMENTS))
    row = editor.blocks[BlockId.CHANNELS].add(Item("Shops"))
    row.serves.value = "Coffee drinkers"
    assert editor.canvas.items(BlockId.CHANNELS) == (Item("Shops", segments=("coffee-lovers",)),)


# A note's box grows with its text ------------------------------------------------------------------------------------


def test_a_notes_box_has_as_many_rows_as_its_text_needs() -> None:
    assert rows_for("", 18) == LEAST_ROWS
    assert rows_for("Short", 18) == LEAST_ROWS
    assert rows_for("x" * 18 * 5, 18) == 5
    assert rows_for("one\ntwo\nthree", 18) == 3
    block, _ = channels(Item("Shops"))
    row = block.rows[0]
    row.text.value = "A long note " * 20
    assert row.text.rows >= len(row.text.value) // 20


# The advisor ---------------------------------------------------------------------------------------------------------


def test_the_advisor_asks_for_the_motivation_before_its_add_buttons() -> None:
    section = RelationshipAdvisor(canvas=load_case("netflix")).section("households")
    order = list(section.children)
    assert order.index(section.motivation) < order.index(section.ranking)


def test_the_advisor_says_added_beside_the_button_that_was_pressed() -> None:
    editor = CanvasEditor(load_case("netflix"))
    advisor = RelationshipAdvisor(editor)
    section = advisor.section("households")
    section.motivation.value = Motivation.RETENTION
    first, second = section.ranking.children[:2]
    first.children[1].click()
    beside = first.children[2]
    assert isinstance(beside, widgets.HTML)
    assert "Added to the canvas" in beside.value
    assert len(second.children) == 2  # nothing said beside the buttons not pressed
    first.children[1].click()
    assert "Already on the canvas" in first.children[2].value
    assert len(first.children) == 3


# The calculator ------------------------------------------------------------------------------------------------------


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_no_churn_promises_no_increase() -> None:
    calculator = EconomicsCalculator()
    calculator.kept_as.value = "churn"
    calculator.retention.value = 0
    said = words(calculator.figures.value)
    assert "increase of" not in said
    assert "retention is at the 99% cap" in said
    assert "You entered 100% retention; the figures count 99%" in said


def test_a_customer_with_no_margin_gains_nothing_and_the_calculator_says_so() -> None:
    calculator = EconomicsCalculator()
    calculator.margin.value = 0
    said = words(calculator.figures.value)
    assert "an increase of" not in said
    assert "a customer who brings in no margin is worth nothing" in said


def test_near_the_cap_the_calculator_says_how_many_points_it_adds() -> None:
    calculator = EconomicsCalculator()
    calculator.retention.value = 97
    said = words(calculator.figures.value)
    assert "CLV with retention at 99%" in said
    assert "the same, 2 points more retention (up to the 99% cap)" in said


def test_the_retention_or_churn_switch_has_a_label() -> None:
    switch = EconomicsCalculator().kept_as
    assert switch.description == "Give the share of customers"
    assert [label for label, _ in switch.options] == ["Kept (retention)", "Lost (churn)"]


def test_the_table_the_chart_and_the_notebook_round_the_increase_alike(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_one_source import code_cells

    calculator = EconomicsCalculator()
    results = calculator.results
    increase = economics.percent(results.retention_uplift_percent / 100)
    assert increase == "17.9%"
    assert f"an increase of {increase}" in words(calculator.figures.value)
    namespace: dict[str, object] = {}
    for code in code_cells("04-economics.ipynb"):
        exec(compile(code, "04-economics.ipynb", "exec"), namespace)
    assert f"An increase of {increase}" in capsys.readouterr().out
    higher = economics.percent(results.more_retention)
    assert f"retention {higher}" in calculator.chart.value
    assert f"CLV with retention at {higher}" in words(calculator.figures.value)


def test_a_share_is_written_one_way() -> None:
    assert [economics.percent(x) for x in (0.179, 0.82, 0.775, 0.0, -1e-9, 1 / 3)] == ["17.9%", "82%", "77.5%", "0%", "0%", "33.3%"]
