"""The canvas as cards for a phone (bmckit.render.cards): the drawing's notes, whole, in reading order, read back as HTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest

from bmckit import knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.layout import reading_order
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, RelationshipType, Segment, Status
from bmckit.plan import plan
from bmckit.render.cards import HYPOTHESIS, CardLinks, cards

if TYPE_CHECKING:
    from collections.abc import Callable

LINKS = CardLinks(
    full_sheet="../cases/x.svg",
    blocks={block: f"block/{block}.html" for block in BlockId},
    types={kind: f"type/{kind}.html" for kind in RelationshipType},
    motivations={m: f"motivations.html#{m}" for m in Motivation},
)


def read(canvas: Canvas, links: CardLinks = LINKS, paper: str = "a4", *, for_screen: bool = False) -> ET.Element:
    """The cards parsed by a strict reader (the fragment is well-formed, so XML's parser reads it whole)."""
    return ET.fromstring(cards(plan(canvas, paper, for_screen=for_screen), links))


def text(element: ET.Element) -> str:
    return "".join(element.itertext())


def sections(root: ET.Element) -> list[ET.Element]:
    return root.findall("section")


@pytest.mark.parametrize("for_screen", [False, True], ids=["paper", "screen"])
@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_note_of_a_case_is_on_its_blocks_card_whole_and_in_order(name: str, for_screen: bool) -> None:
    canvas = load_case(name)
    root = read(canvas, for_screen=for_screen)
    for section in sections(root):
        block = BlockId(section.get("data-block"))
        shown = [text(p) for p in section.iter("p") if p.get("class") == "bmc-card-text"]
        assert shown == [item.text for item in canvas.items(block)]


def test_the_cards_come_in_the_reading_order_of_layout_toml(change_fact: Callable[[str, str, str], None]) -> None:
    canvas = load_case("netflix")
    assert [s.get("data-block") for s in sections(read(canvas))] == [str(b) for b in reading_order()]
    assert [s.get("data-block") for s in sections(read(canvas))][:4] == [
        "customer_segments",
        "value_propositions",
        "channels",
        "customer_relationships",
    ]
    change_fact("layout.toml", '"customer_segments", "value_propositions"', '"value_propositions", "customer_segments"')
    assert [s.get("data-block") for s in sections(read(canvas))][:2] == ["value_propositions", "customer_segments"]


def test_a_note_the_drawing_continues_on_another_page_is_one_card_with_all_its_words() -> None:
    long = " ".join(f"word{i}" for i in range(900))
    canvas = Canvas(Header("Long"), blocks={BlockId.CHANNELS: (Item("First"), Item(long), Item("Last"))})
    laid_out = plan(canvas, "a4")
    assert laid_out.boxes[BlockId.CHANNELS].continued_on  # the drawing could not hold it
    channels = next(s for s in sections(read(canvas)) if s.get("data-block") == "channels")
    assert [text(p) for p in channels.iter("p") if p.get("class") == "bmc-card-text"] == ["First", long, "Last"]


def test_a_relationship_says_its_type_and_motivation_in_words_linked_to_their_pages() -> None:
    canvas = Canvas(
        Header("Shop"),
        segments=(Segment("readers", "Local readers", "#8ecae6"),),
        blocks={
            BlockId.CUSTOMER_RELATIONSHIPS: (
                Item("Staff recommend books", ("readers",), Status.HYPOTHESIS, RelationshipType.PERSONAL_ASSISTANCE, Motivation.RETENTION),
            )
        },
    )
    note = next(li for li in read(canvas).iter("li") if li.get("data-note") == "note-customer_relationships-0")
    relationship = next(p for p in note.iter("p") if p.get("class") == "bmc-card-relationship")
    links = {text(a): a.get("href") for a in relationship.iter("a")}
    assert links == {
        knowledge.relationship_type("personal-assistance").name: "type/personal-assistance.html",
        "customer retention": "motivations.html#retention",
    }
    assert text(relationship) == "Personal assistance, for customer retention"
    assert HYPOTHESIS in text(note)
    assert "Local readers" in text(note)


def test_a_note_has_the_drawings_colour_and_ink_and_names_each_segment_beside_its_colour() -> None:
    canvas = load_case("amazon")
    laid_out = plan(canvas, "a4")
    drawn = {note.id: note for box in laid_out.boxes.values() for note in box.notes}
    root = read(canvas)
    checked = 0
    for li in root.iter("li"):
        note = drawn.get(li.get("data-note", ""))
        if note is None:
            continue
        style = dict(part.split(": ") for part in (li.get("style") or "").split("; "))
        assert style["background-color"] == note.card.fill
        assert style["color"] == note.lines[0].colour
        item = canvas.items(note.block or "")[note.key]
        names = [text(span) for span in li.iter("span") if span.get("class") == "bmc-card-segment"]
        assert names == [s.name for s in canvas.segments if s.id in item.segments]
        checked += 1
    assert checked == sum(len(canvas.items(b)) for b in BlockId)


def test_each_heading_links_to_its_block_and_the_cards_end_with_the_full_sheet() -> None:
    root = read(load_case("zappos"))
    for section in sections(root):
        heading = section.find("h2")
        assert heading is not None
        anchor = heading.find("a")
        assert anchor is not None
        assert anchor.get("href") == f"block/{section.get('data-block')}.html"
        assert text(anchor) == knowledge.block(section.get("data-block") or "").title
    last = list(root)[-1]
    sheet = last.find("a")
    assert sheet is not None
    assert sheet.get("class") == "bmc-full-sheet"
    assert sheet.get("href") == "../cases/x.svg"


def test_without_links_the_words_stay_and_nothing_points_nowhere() -> None:
    canvas = load_case("starbucks")
    root = read(canvas, CardLinks(full_sheet="s.svg"))
    assert [a.get("href") for a in root.iter("a")] == ["s.svg"]
    assert "for customer" in text(root).lower()


def test_words_are_text_never_markup_and_an_empty_block_says_so() -> None:
    canvas = Canvas(Header("<b>x</b>"), blocks={BlockId.CHANNELS: (Item('<script>alert("no")</script> & "more"'),)})
    root = read(canvas)
    assert root.find(".//script") is None
    channels = next(s for s in sections(root) if s.get("data-block") == "channels")
    assert text(channels).count('<script>alert("no")</script> & "more"') == 1
    costs = next(s for s in sections(root) if s.get("data-block") == "cost_structure")
    assert text(costs).strip().endswith("Nothing written here yet.")


def test_the_heading_level_follows_the_page() -> None:
    fragment = cards(plan(load_case("apple"), "a4"), LINKS, heading_level=3)
    root = ET.fromstring(fragment)
    assert len(root.findall("section/h3")) == 9
    assert root.findall("section/h2") == []
