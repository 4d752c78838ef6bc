"""Reading and writing canvas files: round trips, and one clear line per problem."""

from __future__ import annotations

import json
import string
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bmckit import files
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, RelationshipType, Segment, Status
from tests.conftest import MINIMAL

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def problems(path: Path) -> list[str]:
    with pytest.raises(files.CanvasFileError) as caught:
        files.load(path)
    return [str(p) for p in caught.value.problems]


def only_problem(path: Path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


# Round trips ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_case_studies_round_trip(name: str, fmt: str) -> None:
    canvas = load_case(name)
    again = files.loads(files.dumps(canvas, fmt), fmt=fmt)
    assert again == canvas
    assert files.dumps(again, fmt) == files.dumps(canvas, fmt)


def test_yaml_to_json_to_yaml_keeps_everything(write: Callable[..., Path]) -> None:
    canvas = files.load(write(MINIMAL))
    via_json = files.loads(files.dumps(canvas, "json"), fmt="json")
    assert files.loads(files.dumps(via_json, "yaml")) == canvas
    item = canvas.items("customer_relationships")[0]
    assert item.type is RelationshipType.PERSONAL_ASSISTANCE
    assert item.motivation is Motivation.RETENTION
    assert item.segments == ("readers",)


def test_save_and_load_by_suffix(tmp_path: Path) -> None:
    canvas = load_case("zappos")
    for suffix in (".yaml", ".yml", ".json"):
        path = tmp_path / f"zappos{suffix}"
        files.save(canvas, path)
        assert files.load(path) == canvas
    assert json.loads((tmp_path / "zappos.json").read_text(encoding="utf-8"))["title"] == canvas.title


def test_plain_items_stay_plain_strings() -> None:
    canvas = Canvas(Header("Plain"), blocks={BlockId.CHANNELS: (Item("Website"),)})
    assert "- Website" in files.dumps(canvas)
    assert json.loads(files.dumps(canvas, "json"))["blocks"]["channels"] == ["Website"]


def test_dates_and_version_numbers_are_read_as_written(write: Callable[..., Path]) -> None:
    canvas = files.load(write("title: T\ndate: 2026-11-22\nversion: 1.10\nblocks: {}\n"))
    assert canvas.header.date == "2026-11-22"
    assert canvas.header.version == "1.10"


texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.printable),
        st.sampled_from("αβγδ Ωμέγα ЖЗИЙ Привет 😀🚀👩‍💻 <>&\"'#:-[]{}|*!%@`"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=400,
)
segment_ids = st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True)


@st.composite
def canvases(draw: st.DrawFn) -> Canvas:
    ids = draw(st.lists(segment_ids, max_size=3, unique=True))
    segments = tuple(Segment(id=i, name=draw(texts), colour=draw(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))) for i in ids)

    def items(block: BlockId) -> tuple[Item, ...]:
        relationship = block is BlockId.CUSTOMER_RELATIONSHIPS
        item = st.builds(
            Item,
            text=texts,
            segments=st.lists(st.sampled_from(ids), unique=True).map(tuple) if ids else st.just(()),
            status=st.none() | st.sampled_from(Status),
            type=(st.none() | st.sampled_from(RelationshipType)) if relationship else st.none(),
            motivation=(st.none() | st.sampled_from(Motivation)) if relationship else st.none(),
        )
        return tuple(draw(st.lists(item, max_size=3)))

    header = Header(title=draw(texts), designed_by=draw(st.just("") | texts), version=draw(st.just("") | texts))
    return Canvas(header=header, segments=segments, blocks={block: items(block) for block in BlockId})


@given(canvas=canvases(), fmt=st.sampled_from(["yaml", "json"]))
def test_generated_canvases_round_trip(canvas: Canvas, fmt: str) -> None:
    assert files.loads(files.dumps(canvas, fmt), fmt=fmt) == canvas


def test_very_long_and_hostile_text_round_trips() -> None:
    text = "<script>alert(1)</script> & ΑΒΓ Кириллица 🚀 " * 200 + "https://example.org/" + "x" * 3000
    canvas = Canvas(Header(text), blocks={BlockId.VALUE_PROPOSITIONS: (Item(text, status=Status.HYPOTHESIS),)})
    for fmt in ("yaml", "json"):
        assert files.loads(files.dumps(canvas, fmt), fmt=fmt) == canvas


# One clear line per problem ------------------------------------------------------------------------------------


def test_empty_file(write: Callable[..., Path]) -> None:
    path = write("\n  \n")
    assert only_problem(path) == f"{path}: the file is empty; a canvas needs at least a title and blocks"


def test_list_where_a_mapping_belongs(write: Callable[..., Path]) -> None:
    path = write("title: T\nblocks:\n  - key_partnerships\n")
    assert only_problem(path) == f"{path}:2: blocks: expected a mapping, found a list"


def test_whole_file_a_list(write: Callable[..., Path]) -> None:
    path = write("- one\n- two\n")
    assert only_problem(path) == f"{path}:1: (top level): expected a mapping, found a list"


def test_near_miss_type_gets_a_suggestion(write: Callable[..., Path]) -> None:
    path = write(
        """
        title: T
        blocks:
          customer_relationships:
            - text: FAQ pages
              type: self service
        """
    )
    message = only_problem(path)
    assert message.startswith(f"{path}:5: blocks.customer_relationships[0].type: expected one of personal-assistance,")
    assert message.endswith("got 'self service'; did you mean 'self-service'?")


def test_unknown_keys_are_errors_with_suggestions(write: Callable[..., Path]) -> None:
    path = write(
        """
        title: T
        designed_by: Team A
        colour: red
        blocks:
          customer_relationship:
            - Help desk
          channels:
            - text: Website
              segmnets: [a]
        """
    )
    found = problems(path)
    assert found == [
        f"{path}:3: colour: unknown key 'colour'; allowed here: title, designed_for, designed_by, date, version, notes, segments, blocks",
        f"{path}:5: blocks.customer_relationship: unknown key 'customer_relationship'; did you mean 'customer_relationships'?",
        f"{path}:9: blocks.channels[0].segmnets: unknown key 'segmnets'; did you mean 'segments'?",
    ]


def test_type_outside_customer_relationships_is_unknown(write: Callable[..., Path]) -> None:
    path = write("title: T\nblocks:\n  channels:\n    - text: Shop\n      type: self-service\n")
    assert only_problem(path) == f"{path}:5: blocks.channels[0].type: unknown key 'type'; allowed here: text, segments, status"


def test_duplicate_segment_id(write: Callable[..., Path]) -> None:
    path = write(
        """
        title: T
        segments:
          - {id: kids, name: Kids, colour: "#ffd166"}
          - {id: kids, name: Children, colour: "#8ecae6"}
        blocks: {}
        """
    )
    assert only_problem(path) == f"{path}:4: segments[1].id: segment id 'kids' is declared twice (first as segments[0])"


def test_reference_to_undeclared_segment(write: Callable[..., Path]) -> None:
    path = write(
        """
        title: T
        segments:
          - {id: parents, name: Parents, colour: "#ffd166"}
        blocks:
          channels:
            - text: School newsletter
              segments: [parent]
        """
    )
    assert (
        only_problem(path)
        == f"{path}:7: blocks.channels[0].segments[0]: segment 'parent' is not declared under 'segments'; did you mean 'parents'?"
    )


def test_text_that_is_not_a_string(write: Callable[..., Path]) -> None:
    path = write("title: T\nblocks:\n  revenue_streams:\n    - 42\n    - text: 3.5\n")
    assert problems(path) == [
        f"{path}:4: blocks.revenue_streams[0]: expected text or a mapping, found a number 42; put it in quotes to make it text",
        f"{path}:5: blocks.revenue_streams[1].text: expected text, found a number 3.5; put it in quotes to make it text",
    ]


def test_missing_required_keys_and_bad_segment_fields(write: Callable[..., Path]) -> None:
    path = write(
        """
        designed_by: A
        segments:
          - id: Big Spenders
            name: Big spenders
            colour: red
            market_type: massive
        blocks: {}
        """
    )
    assert problems(path) == [
        f"{path}:1: (top level): missing required key 'title'",
        f"{path}:3: segments[0].id: 'Big Spenders' is not valid here: a short lower-case name: letters, digits, '-' and '_', starting with a letter.",
        f"{path}:5: segments[0].colour: 'red' is not valid here: the colour of the segment's notes, as #rrggbb.",
        f"{path}:6: segments[0].market_type: expected one of mass, niche, segmented, diversified, multi-sided; got 'massive'; did you mean 'mass'?",
    ]


def test_every_problem_is_reported_at_once(write: Callable[..., Path]) -> None:
    path = write("title: T\nblocks:\n  channels: [1, 2, 3]\n  cost_structure: [{}]\n")
    found = problems(path)
    assert len(found) == 4
    assert found[-1] == f"{path}:4: blocks.cost_structure[0]: missing required key 'text'"


def test_yaml_syntax_error_names_the_line(write: Callable[..., Path]) -> None:
    path = write("title: T\nblocks:\n  channels:\n    - [unclosed\n")
    message = only_problem(path)
    assert message.startswith(f"{path}:5: not valid YAML:")


def test_duplicate_yaml_key(write: Callable[..., Path]) -> None:
    path = write("title: T\ntitle: U\nblocks: {}\n")
    assert only_problem(path) == f'{path}:2: not valid YAML: duplicate key "title"'


def test_yaml_is_loaded_safely(write: Callable[..., Path], tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(f'title: !!python/object/apply:os.system ["touch {marker}"]\nblocks: {{}}\n')
    assert only_problem(path) == (
        f"{path}:1: title: the YAML tag !!python/object/apply:os.system is not allowed in a canvas file; "
        "write plain text, lists and mappings"
    )
    assert not marker.exists()
    assert files.load(write("title: !!str 2026\nblocks: {}\n")).title == "2026"


def test_json_errors(write: Callable[..., Path]) -> None:
    bad_syntax = write('{"title": "T",\n "blocks": {,}}', "bad.json")
    assert only_problem(bad_syntax).startswith(f"{bad_syntax}:2: not valid JSON: Expecting property name")
    duplicate = write('{"title": "T", "title": "U", "blocks": {}}', "dup.json")
    assert only_problem(duplicate) == f"{duplicate}: not valid JSON: duplicate key 'title'"
    wrong = write('{"title": "T", "blocks": {"channels": "web"}}', "wrong.json")
    assert only_problem(wrong) == f"{wrong}: blocks.channels: expected a list, found text"


def test_unreadable_files(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "missing.yaml") == f"{tmp_path / 'missing.yaml'}: no such file"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"title: \xff\xfe\n")
    assert only_problem(binary).startswith(f"{binary}: not UTF-8 text")
    with pytest.raises(files.CanvasFileError, match=r"unknown canvas file suffix '\.txt'; use \.yaml, \.yml, \.json"):
        files.load(tmp_path / "canvas.txt")
