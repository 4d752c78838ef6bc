"""Reading and writing canvas files: round trips, and one clear line per problem."""

from __future__ import annotations

import codecs
import json
import re
import string
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bmckit import canvas_files
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, RelationshipType, Segment, Status
from tests.conftest import MINIMAL

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def problems(path: Path) -> list[str]:
    with pytest.raises(canvas_files.CanvasFileError) as caught:
        canvas_files.load(path)
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
    again = canvas_files.loads(canvas_files.dumps(canvas, fmt), fmt=fmt)
    assert again == canvas
    assert canvas_files.dumps(again, fmt) == canvas_files.dumps(canvas, fmt)


def test_yaml_to_json_to_yaml_keeps_everything(write: Callable[..., Path]) -> None:
    canvas = canvas_files.load(write(MINIMAL))
    via_json = canvas_files.loads(canvas_files.dumps(canvas, "json"), fmt="json")
    assert canvas_files.loads(canvas_files.dumps(via_json, "yaml")) == canvas
    item = canvas.items("customer_relationships")[0]
    assert item.type is RelationshipType.PERSONAL_ASSISTANCE
    assert item.motivation is Motivation.RETENTION
    assert item.segments == ("readers",)


def test_save_and_load_by_suffix(tmp_path: Path) -> None:
    canvas = load_case("zappos")
    for suffix in (".yaml", ".yml", ".json"):
        path = tmp_path / f"zappos{suffix}"
        canvas_files.save(canvas, path)
        assert canvas_files.load(path) == canvas
    assert json.loads((tmp_path / "zappos.json").read_text(encoding="utf-8"))["title"] == canvas.title


def test_plain_items_stay_plain_strings() -> None:
    canvas = Canvas(Header("Plain"), blocks={BlockId.CHANNELS: (Item("Website"),)})
    assert "- Website" in canvas_files.dumps(canvas)
    assert json.loads(canvas_files.dumps(canvas, "json"))["blocks"]["channels"] == ["Website"]


def test_dates_and_version_numbers_are_read_as_written(write: Callable[..., Path]) -> None:
    canvas = canvas_files.load(write("title: T\ndate: 2026-11-22\nversion: 1.10\nblocks: {}\n"))
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
written_dates = st.from_regex(
    r"20[0-9]{2}-[01][0-9]-[0-3][0-9]( [0-2][0-9]:[0-5][0-9]:[0-5][0-9]|T[0-2][0-9]:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,3})?)?Z?)?",
    fullmatch=True,
)
written_numbers = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}0?)?|0[0-7]{2}|[0-9]e[0-9]|\.5|1_000", fullmatch=True)


@st.composite
def canvases(draw: st.DrawFn) -> Canvas:
    ids = draw(st.lists(segment_ids, max_size=3, unique=True))
    colours = st.none() | st.from_regex(r"#[0-9a-f]{6}|#[0-9A-F]{3}", fullmatch=True) | st.sampled_from(["teal", "Navy", "rebeccapurple"])
    segments = tuple(Segment(id=i, name=draw(texts), colour=draw(colours)) for i in ids)

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

    header = Header(
        title=draw(texts),
        designed_by=draw(st.just("") | texts),
        date=draw(st.just("") | written_dates | texts),
        version=draw(st.just("") | written_numbers | texts),
    )
    return Canvas(header=header, segments=segments, blocks={block: items(block) for block in BlockId})


@given(canvas=canvases(), fmt=st.sampled_from(["yaml", "json"]))
def test_generated_canvases_round_trip(canvas: Canvas, fmt: str) -> None:
    assert canvas_files.loads(canvas_files.dumps(canvas, fmt), fmt=fmt) == canvas


def yaml_escaped(json_text: str) -> str:
    """JSON text with what YAML may not hold raw, or reads as a line break (NEL, U+2028, U+2029), written as escapes."""
    return re.sub(
        "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", lambda m: f"\\u{ord(m[0]):04x}", json_text
    )


@given(canvas=canvases())
def test_flow_style_yaml_reads_like_json(canvas: Canvas) -> None:
    """JSON text is flow-style YAML: read as YAML it must give the very same canvas."""
    text = yaml_escaped(canvas_files.dumps(canvas, "json"))  # JSON may carry control characters raw; YAML may not
    assert canvas_files.loads(text, fmt="yaml") == canvas_files.loads(text, fmt="json") == canvas
    assert canvas_files.loads(yaml_escaped(json.dumps(json.loads(text), ensure_ascii=False)), fmt="yaml") == canvas  # all on one line


@given(date=written_dates, version=written_numbers, flow=st.booleans())
def test_unquoted_dates_and_numbers_in_the_header_are_read_as_written(date: str, version: str, flow: bool) -> None:
    text = (
        f'{{"title": "T", "date": {date}, "version": {version}, "blocks": {{}}}}'
        if flow
        else f"title: T\ndate: {date}\nversion: {version}\nblocks: {{}}\n"
    )
    header = canvas_files.loads(text).header
    assert (header.date, header.version) == (date, version)
    again = canvas_files.loads(canvas_files.dumps(canvas_files.loads(text))).header
    assert (again.date, again.version) == (date, version)


def test_flow_mapping_with_a_number_is_not_corrupted() -> None:
    canvas = canvas_files.loads('{"title": "T", "version": 2.0, "blocks": {}}')
    assert canvas.header.version == "2.0"
    assert canvas.title == "T"


def _read_with_each_composer(text: str) -> list[object]:
    """What reading ``text`` gives with libyaml and then with the pure-Python composer: a canvas, or its problems."""
    from bmckit import yamldoc

    outcomes: list[object] = []
    original = yamldoc._compose_with_libyaml
    for compose in (original, yamldoc._compose_with_ruamel):
        yamldoc._compose_with_libyaml = compose  # type: ignore[assignment]
        try:
            outcomes.append(canvas_files.loads(text))
        except canvas_files.CanvasFileError as error:
            # Each parser words its own syntax errors; the line and everything said by bmckit's rules must agree.
            outcomes.append([re.sub(r"not valid YAML: .*", "not valid YAML", str(problem)) for problem in error.problems])
        finally:
            yamldoc._compose_with_libyaml = original  # type: ignore[assignment]
    return outcomes


@given(canvas=canvases(), fmt=st.sampled_from(["yaml", "json"]))
def test_libyaml_and_the_pure_python_composer_agree_on_written_files(canvas: Canvas, fmt: str) -> None:
    """The browser has no libyaml: the pure-Python composer must read every file bmckit writes the same way."""
    with_libyaml, pure = _read_with_each_composer(yaml_escaped(canvas_files.dumps(canvas, fmt)))
    assert pure == with_libyaml == canvas


YAML_VERSIONS_DISAGREE = [
    *["no", "No", "on", "off", "yes", "y", "n", "true", "True", "FALSE"],
    *["0o17", "017", "0x1F", "0b101", "1_000", "+12", "-0", "190:20:30", "12:30"],
    *["1e3", "1E3", "-1E-3", "1.0e+3", "3.", ".5", "1.10", ".inf", "-.inf", "+.inf", ".NaN", ".nan"],
    *["2026-01-01", "2026-01-01 10:00:00", "2026-1-1", "~", "null", "NULL", "", "=", "<<"],
    *["!!str 017", "!!str 1e3", "!!str no", "!!int 12", "!!float 1", "&a 1e3", "&b !!str 0o17", "'017'", '"yes"', "! 12"],
]
"""Plain scalars YAML 1.1 (libyaml) and 1.2 (ruamel.yaml) resolve differently, and ways of writing one."""
plain_scalars = st.sampled_from(YAML_VERSIONS_DISAGREE) | st.text(st.sampled_from("aZ09 .-+_~'\"[]{},?\t"), max_size=8)
"""Anchors, tags, comments, block scalars and colons come from the list alone: the two grammars differ in corners of them
no one writes on purpose (libyaml takes ``>#`` and refuses ``&:`` and ``{a: :}``, ruamel.yaml the other way round)."""


@given(values=st.lists(plain_scalars, min_size=7, max_size=7), flow=st.booleans())
def test_libyaml_and_the_pure_python_composer_agree_on_any_file(values: list[str], flow: bool) -> None:
    """Hand-written files too: the same canvas, or the same problems on the same lines, whichever YAML version a composer
    guesses by (1.1 for libyaml, 1.2 for ruamel.yaml); as text fields, numbers and list items, in block and flow style."""
    title, designed_by, date, version, item, text, segment = values
    header = {"title": title, "designed_by": designed_by, "date": date, "version": version}
    if flow:
        fields = ", ".join(f"{key}: {value}" for key, value in header.items())
        document = f"{{{fields}, segments: [{{id: s, name: {segment}}}], blocks: {{channels: [{item}, {{text: {text}}}]}}}}\n"
    else:
        fields = "".join(f"{key}: {value}\n" for key, value in header.items())
        document = f"{fields}segments:\n  - id: s\n    name: {segment}\nblocks:\n  channels:\n    - {item}\n    - text: {text}\n"
    with_libyaml, pure = _read_with_each_composer(document)
    if any("not valid YAML" in str(outcome) for outcome in (with_libyaml, pure)):
        # Not YAML a canvas file may hold: both refuse it, each parser in its own words and where it noticed (an unclosed
        # "{" at the end of the file, or where the next key starts).
        assert isinstance(with_libyaml, list), document
        assert isinstance(pure, list), document
    else:
        assert pure == with_libyaml, document


def test_very_long_and_hostile_text_round_trips() -> None:
    text = "<script>alert(1)</script> & ΑΒΓ Кириллица 🚀 " * 200 + "https://example.org/" + "x" * 3000
    canvas = Canvas(Header(text), blocks={BlockId.VALUE_PROPOSITIONS: (Item(text, status=Status.HYPOTHESIS),)})
    for fmt in ("yaml", "json"):
        assert canvas_files.loads(canvas_files.dumps(canvas, fmt), fmt=fmt) == canvas


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
    assert only_problem(path) == f"{path}:5: blocks.channels[0].type: unknown key 'type'; allowed here: text, segments, status, source"


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
            colour: reed
            market_type: massive
        blocks: {}
        """
    )
    assert problems(path) == [
        f"{path}:1: (top level): missing required key 'title'",
        f"{path}:3: segments[0].id: 'Big Spenders' is not valid here: a short name for the segment: lower-case letters a to z "
        "without accents, digits, '-' and '_', starting with a letter; ' ', 'B', 'S' are not allowed; try 'big_spenders'",
        f"{path}:5: segments[0].colour: 'reed' is not a colour name; use #rrggbb, #rgb or a CSS colour name; did you mean 'red'?",
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
    assert canvas_files.load(write("title: !!str 2026\nblocks: {}\n")).title == "2026"


def test_json_errors(write: Callable[..., Path]) -> None:
    bad_syntax = write('{"title": "T",\n "blocks": {,}}', "bad.json")
    assert only_problem(bad_syntax).startswith(f"{bad_syntax}:2: not valid JSON: Expecting property name")
    duplicate = write('{"title": "T", "title": "U", "blocks": {}}', "dup.json")
    assert only_problem(duplicate) == f"{duplicate}: not valid JSON: duplicate key 'title'"
    wrong = write('{"title": "T", "blocks": {"channels": "web"}}', "wrong.json")
    assert only_problem(wrong) == f"{wrong}:1: blocks.channels: expected a list, found text"


def test_unreadable_files(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "missing.yaml") == f"{tmp_path / 'missing.yaml'}: no such file"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"title: \xff\xfe\n")
    assert only_problem(binary).startswith(f"{binary}: not UTF-8 text")
    with pytest.raises(canvas_files.CanvasFileError, match=r"unknown canvas file suffix '\.txt'; use \.yaml, \.yml, \.json"):
        canvas_files.load(tmp_path / "canvas.txt")


def test_hostile_yaml_is_refused_by_name(write: Callable[..., Path]) -> None:
    binary = write("title: T\nblocks:\n  channels:\n    - !!binary aGVsbG8=\n")
    assert only_problem(binary) == (
        f"{binary}:4: blocks.channels[0]: the YAML tag !!binary is not allowed in a canvas file; write plain text, lists and mappings"
    )
    local = write("title: !custom T\nblocks: {}\n")
    assert "the YAML tag !custom is not allowed" in only_problem(local)
    alias = write("title: &t T\ndesigned_for: *t\nblocks: {}\n")
    assert only_problem(alias) == f"{alias}:2: designed_for: aliases (*name) are not allowed in a canvas file; write the text out in full"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("depth", [300, 5000])
def test_deep_nesting_is_one_clear_line(fmt: str, depth: int, write: Callable[..., Path]) -> None:
    text = '{"title": "T", "blocks": {"channels": ' + "[" * depth + "]" * depth + "}}"
    message = only_problem(write(text, f"deep.{fmt}"))
    assert "nested" in message  # JSON Python reads this deep is held to the depth YAML is
    assert "Traceback" not in message


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    """A few nested aliases expand into billions of items: refused before anything grows, in a child with 300 MB and 30 s."""
    bomb = ["title: T", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(bomb) + "\nblocks: {}\n", encoding="utf-8")
    assert path.stat().st_size < 1024
    child = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (300 * 2**20, 300 * 2**20)); "
        "from bmckit.cli import main; sys.exit(main(['validate', sys.argv[1]]))"
    )
    run = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=30, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "aliases (*name) are not allowed" in output
    assert "Traceback" not in output


def test_a_comment_that_swallowed_a_colour_is_explained(write: Callable[..., Path]) -> None:
    path = write("title: T\nsegments:\n  - id: kids\n    name: Kids\n    colour: #8ecae6\nblocks: {}\n")
    assert only_problem(path) == (
        f"{path}:5: segments[0].colour: the value starts with '#', which YAML reads as the start of a comment; "
        'put it in quotes, as in colour: "#8ecae6"'
    )


def test_segment_colours_are_optional_and_may_be_short_or_named(write: Callable[..., Path]) -> None:
    path = write(
        "title: T\nsegments:\n  - {id: a, name: A}\n  - {id: b, name: B, colour: '#abc'}\n  - {id: c, name: C, colour: Teal}\nblocks: {}\n"
    )
    canvas = canvas_files.load(path)
    assert [s.colour for s in canvas.segments] == [None, "#abc", "Teal"]
    assert canvas_files.loads(canvas_files.dumps(canvas)) == canvas
    assert "colour" not in canvas_files.dumps(canvas).split("- id: a")[1].split("- id: b")[0]


def test_all_problems_at_once_duplicates_included(write: Callable[..., Path]) -> None:
    path = write("title: T\nsegments:\n  - {id: kids, name: Kids}\n  - {id: kids, name: Kids again}\nblocks:\n  channels: [1]\n")
    assert problems(path) == [
        f"{path}:4: segments[1].id: segment id 'kids' is declared twice (first as segments[0])",
        f"{path}:6: blocks.channels[0]: expected text or a mapping, found a number 1; put it in quotes to make it text",
    ]


def test_unicode_letters_in_an_id_say_what_is_allowed(write: Callable[..., Path]) -> None:
    path = write("title: T\nsegments:\n  - {id: lecteurs_âgés, name: Lecteurs âgés}\nblocks: {}\n")
    assert only_problem(path).endswith("'â', 'é' are not allowed; try 'lecteurs_ages'")


def test_byte_order_marks_and_other_encodings(tmp_path: Path) -> None:
    for name in ("bom.json", "bom.yaml"):
        path = tmp_path / name
        path.write_bytes(codecs.BOM_UTF8 + canvas_files.dumps(load_case("apple"), canvas_files.format_for(name)).encode("utf-8"))
        assert canvas_files.load(path) == load_case("apple")
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_text("title: T\nblocks: {}\n", encoding="utf-16")
    assert only_problem(utf16) == f"{utf16}: is UTF-16 text; save it as UTF-8"


def test_a_folder_is_named_as_a_folder(tmp_path: Path) -> None:
    for name in ("canvases", "canvas.yaml"):
        (tmp_path / name).mkdir()
        assert only_problem(tmp_path / name) == f"{tmp_path / name}: is a folder, not a canvas file"


yamlish = st.lists(
    st.sampled_from([*"abc:-[]{},&*!|>'\"#%@`?\n\t ~012.eE+", "title: ", "blocks:", "\n  - ", "!!str ", "<<: ", "\ufeff"]),
    max_size=80,
).map("".join)


@given(text=yamlish, fmt=st.sampled_from(["yaml", "json"]))
def test_any_text_is_a_canvas_or_clear_problems_never_a_crash(text: str, fmt: str) -> None:
    """Careless and hostile input alike: a canvas, or problems that each name what is wrong, and nothing else."""
    problems = []
    try:
        canvas_files.loads(text, fmt=fmt)
    except canvas_files.CanvasFileError as error:
        problems = error.problems
        assert problems
    assert all(problem.message for problem in problems)
