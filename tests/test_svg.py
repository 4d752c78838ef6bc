"""The SVG renderer: every box where the layout puts it, every word as real text, nothing cut, nothing executable.

Outputs are read back with the standard library's XML parser, as any browser
or notebook would read them. The A4 canvases of the case studies are kept as
snapshots in ``tests/snapshots``; after a deliberate change to the drawing,
rewrite them with ``BMCKIT_UPDATE_SNAPSHOTS=1 pytest tests/test_svg.py`` and
look at the difference before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bmckit import knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.layout import layout_for, paper_sizes
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, RelationshipType, Segment, Status
from bmckit.plan import ATTRIBUTION
from bmckit.render.svg import render

SVG = "{http://www.w3.org/2000/svg}"
SNAPSHOTS = Path(__file__).parent / "snapshots"
HOSTILE = "<script>alert(1)</script> & \"quotes\" 'apos'"
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 7  # 315 characters, no break anywhere
LONG_URL = "https://example.com/" + "/".join(f"section-{n}" for n in range(25)) + "?utm_source=canvas&utm_medium=print"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element, cls: str | None = None) -> list[str]:
    """The content of every <text> element in document order, or of those with the class ``cls``."""
    return [el.text or "" for el in root.iter(f"{SVG}text") if cls is None or cls in el.get("class", "").split()]


def words(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def notes_of(root: ET.Element, block: BlockId, index: int) -> list[ET.Element]:
    """Every part of one item's note, in document order."""
    return [g for g in root.iter(f"{SVG}g") if g.get("data-block") == block and g.get("data-item") == str(index)]


def canvas_with(block: BlockId, items: list[Item], segments: tuple[Segment, ...] = (), title: str = "Test") -> Canvas:
    return Canvas(Header(title=title), segments, {block: tuple(items)})


def long_canvas() -> Canvas:
    sentence = "reaches customers through partners, resellers, marketplaces, events and word of mouth, in every region we serve"
    items = [Item(f"Channel {n} {sentence} ({n})") for n in range(40)]
    items[7] = Item(f"A word too long for any line: {LONG_WORD} and then more words")
    items[13] = Item(f"The order page at {LONG_URL} for print customers")
    return canvas_with(BlockId.CHANNELS, items)


@pytest.mark.parametrize("paper", paper_sizes())
@pytest.mark.parametrize("case", CASE_NAMES)
def test_case_studies_on_every_paper(case: str, paper: str) -> None:
    canvas = load_case(case)
    layout = layout_for(paper)
    root = parse(render(canvas, paper=paper))

    viewbox = [float(n) for n in root.get("viewBox", "").split()]
    assert viewbox == pytest.approx([0, 0, layout.width, layout.height], abs=0.01)
    assert root.get("width") == f"{root.get('viewBox', '').split()[2]}pt"
    for block, rect in layout.boxes.items():
        box = root.find(f".//{SVG}g[@id='box-{block}']")
        assert box is not None, block
        assert box.get("data-block") == block
        drawn = box.find(f"{SVG}rect")
        assert drawn is not None
        assert [float(drawn.get(name, "nan")) for name in ("x", "y", "width", "height")] == pytest.approx(
            [rect.x, rect.y, rect.width, rect.height], abs=0.01
        )
        for index, item in enumerate(canvas.items(block)):
            (note,) = notes_of(root, block, index)
            assert words(" ".join(texts(note, "note-text"))) == words(item.text)
            card = note.find(f"{SVG}rect")
            assert card is not None
            x, y, width, height = (float(card.get(name, "nan")) for name in ("x", "y", "width", "height"))
            assert rect.x < x < x + width < rect.right, f"{block} {index} leaves its box"
            assert rect.y < y < y + height < rect.bottom, f"{block} {index} leaves its box"
    assert texts(root, "attribution") == [ATTRIBUTION]


def test_ids_are_unique_and_follow_block_and_item() -> None:
    canvas = load_case("netflix")
    root = parse(render(canvas))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    expected = {f"note-{block}-{index}" for block, index, _ in canvas.all_items()}
    assert {i for i in ids if i and i.startswith("note-")} == expected


def test_title_and_description_for_screen_readers() -> None:
    canvas = load_case("netflix")
    root = parse(render(canvas))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "bmc-title bmc-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert (title.get("id"), desc.get("id")) == ("bmc-title", "bmc-desc")
    assert title.text == "Business Model Canvas: Netflix"
    count = sum(1 for _ in canvas.all_items())
    for fact in ("Designed for: Netflix", canvas.header.date, f"{count} notes", *(s.name for s in canvas.segments)):
        assert fact in (desc.text or "")


def test_header_fields_are_drawn() -> None:
    canvas = Canvas(Header(title="Corner shop", designed_for="The owners", designed_by="Ana & Bo", date="2026-01-02", version="3"))
    root = parse(render(canvas))
    assert texts(root, "title") == ["Corner shop"]
    assert texts(root, "field-label") == ["Designed for", "Designed by", "Date", "Version"]
    assert texts(root, "field") == ["The owners", "Ana & Bo", "2026-01-02", "3"]


def test_hostile_text_stays_text() -> None:
    hostile_segment = Segment("evil", HOSTILE, 'red" onload="alert(1)')
    canvas = canvas_with(BlockId.VALUE_PROPOSITIONS, [Item(HOSTILE, segments=("evil",))], (hostile_segment,), title=HOSTILE)
    svg = render(canvas)
    root = parse(svg)
    tags = {el.tag.rpartition("}")[2].lower() for el in root.iter()}
    assert "script" not in tags
    assert "<script" not in svg
    assert not [el for el in root.iter() for name in el.attrib if name.lower().startswith("on")]
    assert words(" ".join(texts(root, "note-text"))) == HOSTILE
    assert HOSTILE in texts(root, "legend-name")
    assert any(HOSTILE in t for t in texts(root, "title"))


def test_characters_xml_cannot_carry_do_not_break_the_file() -> None:
    root = parse(render(canvas_with(BlockId.CHANNELS, [Item("bell\x07 and form feed\x0c")])))
    assert words(" ".join(texts(root, "note-text"))) == "bell\ufffd and form feed\ufffd"


def test_greek_cyrillic_and_emoji_survive() -> None:
    items = ["Ελληνικά: καλημέρα κόσμε", "Русский: привет, мир", "Emoji 🚀 and 👩‍💻 too"]
    root = parse(render(canvas_with(BlockId.KEY_RESOURCES, [Item(t) for t in items])))
    assert [words(" ".join(texts(g, "note-text"))) for g in root.iter(f"{SVG}g") if g.get("data-item") is not None] == items


def test_leading_and_double_spaces_are_preserved() -> None:
    root = parse(render(canvas_with(BlockId.CHANNELS, [Item("two  spaces")])))
    assert root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert texts(root, "note-text") == ["two  spaces"]


def test_long_canvas_continues_on_pages_below_and_loses_nothing() -> None:
    canvas = long_canvas()
    layout = layout_for("a4")
    root = parse(render(canvas))
    pages = [g for g in root.iter(f"{SVG}g") if "page" in g.get("class", "").split()]
    assert len(pages) >= 2
    height = float(root.get("viewBox", "").split()[3])
    assert height == pytest.approx(layout.height * len(pages), abs=0.01)
    assert float(root.get("height", "0pt").removesuffix("pt")) == pytest.approx(height, abs=0.01)

    assert texts(root, "continued-marker") == ["continued on page 2 →"]
    for number in range(2, len(pages) + 1):
        assert f"Test — continued (page {number})" in texts(root, "title")
    assert texts(root, "attribution") == [ATTRIBUTION] * len(pages)

    # Markers, headings and footers stand between the parts of a split note: follow the notes' own text.
    everything = squash("".join(texts(root, "note-text")))
    position = 0
    for item in canvas.items(BlockId.CHANNELS):
        found = everything.find(squash(item.text), position)
        assert found >= 0, item.text[:40]
        position = found + len(squash(item.text))


def test_a_note_split_between_pages_keeps_its_item_and_gets_a_new_id() -> None:
    root = parse(render(long_canvas()))
    split = [parts for parts in (notes_of(root, BlockId.CHANNELS, n) for n in range(40)) if len(parts) > 1]
    assert split, "the long canvas should split at least one note"
    for parts in split:
        first, *rest = (g.get("id", "") for g in parts)
        assert [i.removeprefix(first) for i in rest] == ["-cont", *(f"-cont-{n}" for n in range(2, len(rest) + 1))]
        assert "continued" in parts[1].get("class", "").split()


def test_relationship_notes_show_type_and_motivation() -> None:
    canvas = load_case("netflix")
    root = parse(render(canvas))
    typed = [(i, item) for i, item in enumerate(canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)) if item.type]
    assert typed
    for index, item in typed:
        assert item.type
        assert item.motivation
        (note,) = notes_of(root, BlockId.CUSTOMER_RELATIONSHIPS, index)
        (label,) = texts(note, "note-label")
        assert knowledge.relationship_type(item.type).short in label
        assert str(item.motivation) in label


def test_status_shows_in_the_border() -> None:
    items = [
        Item("Guess", status=Status.HYPOTHESIS),
        Item("Known", status=Status.VALIDATED),
        Item("Plain"),
        Item("Typed", type=RelationshipType.COMMUNITIES, motivation=Motivation.RETENTION, status=Status.HYPOTHESIS),
    ]
    root = parse(render(canvas_with(BlockId.CUSTOMER_RELATIONSHIPS, items)))
    classes, dashed = [], []
    for index in range(len(items)):
        (note,) = notes_of(root, BlockId.CUSTOMER_RELATIONSHIPS, index)
        card = note.find(f"{SVG}rect")
        assert card is not None
        classes.append(set(note.get("class", "").split()) & {"hypothesis", "validated"})
        dashed.append(card.get("stroke-dasharray") is not None)
    assert classes == [{"hypothesis"}, {"validated"}, set(), {"hypothesis"}]
    assert dashed == [True, False, False, True]


def test_notes_for_several_segments_show_each_segment_colour() -> None:
    segments = (Segment("a", "Alpha", "#8ecae6"), Segment("b", "Beta", "#ffb4a2"), Segment("c", "Gamma", "#1d3557"))
    items = [Item("Both", segments=("a", "b")), Item("One", segments=("b",)), Item("Dark", segments=("c",))]
    root = parse(render(canvas_with(BlockId.VALUE_PROPOSITIONS, items, segments)))
    stripes = [
        [r.get("fill") for r in g.iter(f"{SVG}rect") if r.get("class") == "segment-stripe"]
        for g in root.iter(f"{SVG}g")
        if g.get("data-item")
    ]
    assert stripes == [["#8ecae6", "#ffb4a2"], [], []]
    (dark,) = notes_of(root, BlockId.VALUE_PROPOSITIONS, 2)
    assert {t.get("fill") for t in dark.iter(f"{SVG}text")} == {"#ffffff"}, "text on a dark note must be light"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_legend_names_every_segment(case: str) -> None:
    canvas = load_case(case)
    legend = texts(parse(render(canvas)), "legend-name")
    assert [s.name for s in canvas.segments] == legend[: len(canvas.segments)]


def test_responsive_fills_its_container() -> None:
    from bmckit import render as rendering

    root = parse(rendering.render(load_case("apple"), "svg", for_screen=True).text)
    assert root.get("width") == "100%"
    assert root.get("height") is None


def test_output_is_deterministic_and_numbers_are_short() -> None:
    canvas = long_canvas()
    svg = render(canvas, paper="a3")
    assert svg == render(canvas, paper="a3")
    assert not re.search(r"\d\.\d{3}", svg)


def test_renderer_needs_no_optional_dependency() -> None:
    code = "import sys, bmckit.render.svg; print(sorted({'reportlab', 'pypdf', 'lxml'} & {m.split('.')[0] for m in sys.modules}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_snapshot(case: str) -> None:
    svg = render(load_case(case))
    path = SNAPSHOTS / f"{case}.svg"
    if os.environ.get("BMCKIT_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(svg.encode("utf-8"))
    assert path.read_bytes() == svg.encode("utf-8"), f"{path.name} differs; rerun with BMCKIT_UPDATE_SNAPSHOTS=1 if the change is intended"


def test_a_canvas_draws_itself_in_jupyter() -> None:
    """In an IPython kernel, importing bmckit is enough for a canvas to display as a drawing as wide as the notebook."""
    child = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "from bmckit.cases import load_case\n"
        "data, _ = shell.display_formatter.format(load_case('netflix'))\n"
        "print(data['image/svg+xml'])\n"
    )
    run = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    drawn = ET.fromstring(run.stdout)
    assert drawn.get("width") == "100%"
    assert drawn.get("height") is None
    assert "Netflix" in (drawn.findtext(f"{SVG}title") or "")


# The canvas for a screen (render(..., for_screen=True)): no paper, so boxes grow rather than text shrink or continue --


def screen(canvas: Canvas, links: dict[str, str] | None = None) -> ET.Element:
    from bmckit import render as rendering

    return parse(rendering.render(canvas, "svg", for_screen=True, links=links).text)


def sizes_of(root: ET.Element, *classes: str) -> list[float]:
    return [float(el.get("font-size", "0")) for el in root.iter(f"{SVG}text") if set(classes) & set(el.get("class", "").split())]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_on_screen_no_note_or_label_is_set_smaller_than_the_screen_minimum_and_every_note_is_whole(case: str) -> None:
    from bmckit.layout import screen_layout

    smallest = min(screen_layout().sizes.note_size_min, screen_layout().sizes.note_label_size)
    canvas = load_case(case)
    root = screen(canvas)
    assert min(sizes_of(root, "note-text", "note-label")) >= smallest >= 10.5
    assert [g for g in root.iter(f"{SVG}g") if "continuation" in g.get("class", "").split()] == []
    for block, index, item in canvas.all_items():
        (note,) = notes_of(root, block, index)
        assert words(" ".join(texts(note, "note-text"))) == words(item.text)


def test_on_screen_a_long_note_makes_its_row_taller_and_stays_in_its_box() -> None:
    long_text = " ".join(f"word{n}" for n in range(600))
    canvas = canvas_with(BlockId.CHANNELS, [Item("Short"), Item(long_text)])
    root = screen(canvas)
    height = float(root.get("viewBox", "").split()[3])
    assert height > layout_for("a4").height * 2, "the drawing grows as tall as the note"
    assert [g for g in root.iter(f"{SVG}g") if "continuation" in g.get("class", "").split()] == []
    (note,) = notes_of(root, BlockId.CHANNELS, 1)
    assert words(" ".join(texts(note, "note-text"))) == long_text
    boxes = {g.get("data-block"): g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g") if "box" in g.get("class", "").split()}
    box = boxes[BlockId.CHANNELS]
    card = note.find(f"{SVG}rect")
    assert box is not None
    assert card is not None
    assert float(card.get("y", "0")) + float(card.get("height", "0")) < float(box.get("y", "0")) + float(box.get("height", "0"))
    # The boxes in its row grow with it; those below stand below it.
    relationships, revenue = boxes[BlockId.CUSTOMER_RELATIONSHIPS], boxes[BlockId.REVENUE_STREAMS]
    assert relationships is not None
    assert revenue is not None
    assert float(revenue.get("y", "0")) == pytest.approx(float(box.get("y", "0")) + float(box.get("height", "0")), abs=0.01)
    footer = min(float(t.get("y", "0")) for t in root.iter(f"{SVG}text") if "attribution" in t.get("class", "").split())
    assert footer > float(revenue.get("y", "0")) + float(revenue.get("height", "0"))


def test_on_screen_each_note_says_its_segments_status_and_source_and_each_legend_entry_its_segment() -> None:
    canvas = load_case("netflix")
    root = screen(canvas)
    assert root.get("role") == "group", "links and notes inside it stay reachable, unlike inside role=img"
    assert root.get("aria-labelledby") == "bmc-title"
    assert root.get("aria-describedby") == "bmc-desc"
    for block, index, item in canvas.all_items():
        (note,) = notes_of(root, block, index)
        assert note.get("data-segments", "").split() == [s.id for s in canvas.segments if s.id in item.segments]
        assert note.get("data-status") == (str(item.status) if item.status else None)
        assert note.get("data-source") == (knowledge.source_text(item.source) if item.source else None)
    entries = [g for g in root.iter(f"{SVG}g") if "legend-entry" in g.get("class", "").split()]
    assert [(g.get("data-segment"), g.get("data-name")) for g in entries] == [(s.id, s.name) for s in canvas.segments]


def test_on_screen_headings_types_and_motivations_link_where_the_links_say() -> None:
    canvas = load_case("netflix")
    relationships = canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)
    links = {f"block:{b}": f"blocks/{b}.html" for b in BlockId}
    links |= {f"type:{t}": f"types/{t}.html" for t in RelationshipType}
    links |= {f"motivation:{m}": f"motivations.html#{m}" for m in Motivation}
    root = screen(canvas, links)
    anchors = list(root.iter(f"{SVG}a"))
    headings = {a.get("href"): "".join(a.itertext()) for a in anchors if a.get("class") == "block-link"}
    assert headings == {f"blocks/{b}.html": knowledge.block(b).title for b in BlockId}
    for index, item in enumerate(relationships):
        (note,) = notes_of(root, BlockId.CUSTOMER_RELATIONSHIPS, index)
        found = {a.get("class"): (a.get("href"), a.text) for a in note.iter(f"{SVG}a")}
        want = {}
        if item.type:
            want["type-link"] = (f"types/{item.type}.html", knowledge.relationship_type(item.type).short)
        if item.motivation:
            want["motivation-link"] = (f"motivations.html#{item.motivation}", knowledge.motivation(item.motivation).short.lower())
        # A label part too long for one line is a link on each of its lines; compare the whole text.
        parts = {
            cls: (href, " ".join(a.text or "" for a in note.iter(f"{SVG}a") if a.get("class") == cls)) for cls, (href, _) in found.items()
        }
        assert parts == want, item.text
    assert not list(screen(canvas).iter(f"{SVG}a")), "no links unless the caller gives them"


def test_on_screen_a_hostile_link_stays_an_attribute() -> None:
    root = screen(load_case("netflix"), {f"block:{BlockId.CHANNELS}": HOSTILE})
    (link,) = [a for a in root.iter(f"{SVG}a") if a.get("class") == "block-link"]
    assert link.get("href") == HOSTILE
    assert not list(root.iter(f"{SVG}script"))


def test_on_paper_the_drawing_has_no_screen_markup_and_takes_no_links() -> None:
    from bmckit import render as rendering

    drawn = rendering.render(load_case("netflix"), "svg").text
    assert parse(drawn).get("role") == "img"
    assert "data-segments" not in drawn
    assert "legend-entry" not in drawn
    with pytest.raises(ValueError, match="screen"):
        rendering.render(load_case("netflix"), "svg", links={f"block:{BlockId.CHANNELS}": "channels.html"})
    with pytest.raises(ValueError, match="screen"):
        rendering.render(load_case("netflix"), "pdf", links={f"block:{BlockId.CHANNELS}": "channels.html"})
