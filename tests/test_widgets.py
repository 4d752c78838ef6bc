"""The canvas editor driven from Python, as a reader's clicks and keystrokes drive it: the model, the drawing and the
review follow every change; loading, saving and exporting give files that bmckit and PDF readers read back."""

from __future__ import annotations

import asyncio
import base64
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("ipywidgets")

from bmckit import canvas_files
from bmckit.cases import CASE_NAMES, case_text, load_case
from bmckit.model import BlockId, Canvas, Header, Item, Motivation, RelationshipType, Segment
from bmckit.widgets import CanvasEditor
from bmckit.widgets.debounce import Debouncer
from bmckit.widgets.downloads import file_stem
from tests.test_files import canvases

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saved files go beside the notebook: here, a temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def texts_of(preview: str) -> str:
    """The words of the editor's drawing (the preview holds the SVG, then the stylesheet that lights a segment's notes)."""
    root = ET.fromstring(preview[: preview.rindex("</svg>") + len("</svg>")])
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def downloaded(message: str) -> bytes:
    match = re.search(r'href="data:[^;]+;base64,([^"]+)"', message)
    assert match, f"no download link in {message!r}"
    return base64.b64decode(match.group(1))


# The canvas in, the canvas out ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_case_study_goes_through_the_editor_unchanged(name: str) -> None:
    case = load_case(name)
    assert CanvasEditor(case).canvas == case


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(canvas=canvases())
def test_any_canvas_goes_through_the_editor_unchanged(canvas: Canvas) -> None:
    editor = CanvasEditor(canvas)
    assert editor.canvas == canvas
    assert canvas_files.loads(canvas_files.dumps(editor.canvas)) == canvas


def test_an_empty_editor_starts_from_an_empty_canvas_with_a_title() -> None:
    canvas = CanvasEditor().canvas
    assert canvas.title
    assert not canvas.segments
    assert all(not items for items in canvas.blocks.values())


def test_fields_the_block_does_not_show_are_kept() -> None:
    odd = Canvas(
        Header(title="T"), blocks={BlockId.CHANNELS: (Item("Shop", type=RelationshipType.SELF_SERVICE, motivation=Motivation.RETENTION),)}
    )
    assert CanvasEditor(odd).canvas == odd


# Typing -----------------------------------------------------------------------------------------------------------


def test_typing_a_note_changes_the_model_the_drawing_and_nothing_else() -> None:
    case = load_case("netflix")
    editor = CanvasEditor(case)
    row = editor.blocks[BlockId.VALUE_PROPOSITIONS].rows[0]
    row.text.value = "Films in Klingon, Ελληνικά and Русский"
    expected = replace(
        case,
        blocks={
            **case.blocks,
            BlockId.VALUE_PROPOSITIONS: (
                replace(case.items(BlockId.VALUE_PROPOSITIONS)[0], text=row.text.value),
                *case.items(BlockId.VALUE_PROPOSITIONS)[1:],
            ),
        },
    )
    assert editor.canvas == expected
    assert "Klingon" in texts_of(editor.preview.value)


def test_the_header_and_segments_are_edited_in_place() -> None:
    editor = CanvasEditor(load_case("apple"))
    editor.header_editor.fields["title"].value = "Apple, redrawn"
    editor.header_editor.fields["designed_by"].value = "Team 7"
    row = editor.segments_editor.add(Segment(id="", name=""))
    row.id.value, row.name.value = "schools", "Schools"
    canvas = editor.canvas
    assert canvas.title == "Apple, redrawn"
    assert canvas.header.designed_by == "Team 7"
    assert canvas.segment("schools") == Segment(id="schools", name="Schools")
    assert "Apple, redrawn" in texts_of(editor.preview.value)
    assert "Schools" in editor.blocks[BlockId.CHANNELS].rows[0].serves.options  # every note can now serve it, named


def test_a_relationship_note_has_its_type_motivation_and_segments() -> None:
    editor = CanvasEditor(Canvas(Header(title="Shop"), segments=(Segment("locals", "Locals"),)))
    row = editor.blocks[BlockId.CUSTOMER_RELATIONSHIPS].add(Item(text=""))
    assert editor.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS) == ()  # a row just added is not yet a note
    row.text.value = "Loyalty card"
    row.type.value = RelationshipType.AUTOMATED_SERVICES
    row.motivation.value = Motivation.RETENTION
    row.serves.value = "locals"
    assert editor.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS) == (
        Item("Loyalty card", segments=("locals",), type=RelationshipType.AUTOMATED_SERVICES, motivation=Motivation.RETENTION),
    )


def test_removing_a_note_removes_it_from_the_model_and_the_drawing() -> None:
    editor = CanvasEditor(load_case("zappos"))
    block = editor.blocks[BlockId.KEY_PARTNERSHIPS]
    gone = block.rows[0].text.value
    block.rows[0].remove_button.click()
    assert gone not in [item.text for item in editor.canvas.items(BlockId.KEY_PARTNERSHIPS)]
    assert len(editor.canvas.items(BlockId.KEY_PARTNERSHIPS)) == len(load_case("zappos").items(BlockId.KEY_PARTNERSHIPS)) - 1


def test_the_review_follows_the_canvas() -> None:
    editor = CanvasEditor(load_case("starbucks"))
    assert "No findings" in editor.review.value
    for row in editor.blocks[BlockId.CUSTOMER_RELATIONSHIPS].rows:
        row.remove_button.click()
    assert any(f.rule == "segment-without-relationship" for f in editor.review.findings)
    assert "no relationship serves segment" in editor.review.value


def test_the_drawing_is_full_width_with_the_review_under_it_or_beside_it_at_will() -> None:
    editor = CanvasEditor(load_case("amazon"))
    assert editor.drawing_area.children == (editor.preview, editor.review)
    assert editor.drawing_area.layout.flex_flow == "column", "full width, the review under it: an A4 canvas's notes are readable"
    assert editor.preview.layout.flex == editor.review.layout.flex == "0 0 auto"
    assert editor.review_beside.description == "Review beside the drawing"
    editor.review_beside.value = True
    assert editor.drawing_area.layout.flex_flow == "row wrap"
    assert editor.preview.layout.flex.startswith("3 ")
    editor.review_beside.value = False
    assert editor.drawing_area.layout.flex_flow == "column"


def test_listeners_hear_every_redraw() -> None:
    editor = CanvasEditor(load_case("amazon"))
    heard: list[Canvas] = []
    editor.on_change(heard.append)
    editor.header_editor.fields["version"].value = "9"
    assert heard[-1].header.version == "9"


def in_a_loop_of_its_own(coroutine: Callable[[], Coroutine[None, None, None]]) -> None:
    """Run a coroutine on a fresh event loop in another thread, as a kernel's loop runs beside the test's own."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine())
        except BaseException as error:  # handed back to the test
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


class Clock:
    """Stands in for the event loop's timer: a scheduled call runs only when the test moves the time on."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waiting: list[tuple[float, Callable[[], None], Waiting]] = []

    def call_later(self, delay: float, callback: Callable[[], None]) -> Waiting:
        waiting = Waiting()
        self.waiting.append((self.now + delay, callback, waiting))
        return waiting

    def advance(self, seconds: float) -> None:
        self.now += seconds
        due = [(when, callback, waiting) for when, callback, waiting in self.waiting if when <= self.now and not waiting.cancelled]
        self.waiting = [entry for entry in self.waiting if entry not in due]
        for _, callback, _ in sorted(due, key=lambda entry: entry[0]):
            callback()


class Waiting:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


def test_typing_in_a_running_kernel_waits_for_a_pause_then_redraws_once() -> None:
    calls: list[int] = []
    clock = Clock()
    debounced = Debouncer(lambda: calls.append(1), delay=0.125, wait=True, call_later=clock.call_later)
    for _ in range(10):  # ten keystrokes 0.0625 s apart (times exact in binary): never a pause long enough
        debounced()
        clock.advance(0.0625)
    assert calls == []
    assert debounced.pending
    clock.advance(0.03125)
    assert calls == [], "0.09375 s after the last keystroke"
    clock.advance(0.03125)
    assert calls == [1]
    assert not debounced.pending
    clock.advance(1)
    assert calls == [1], "once"


def test_a_kernel_s_running_loop_schedules_the_redraw() -> None:
    calls: list[int] = []

    async def typing() -> None:
        debounced = Debouncer(lambda: calls.append(1), delay=10, wait=True)
        debounced()
        assert debounced.pending
        assert calls == []
        debounced.flush()

    in_a_loop_of_its_own(typing)
    assert calls == [1]


def test_a_waiting_redraw_can_be_flushed() -> None:
    calls: list[int] = []
    clock = Clock()
    debounced = Debouncer(lambda: calls.append(1), delay=10, wait=True, call_later=clock.call_later)
    debounced()
    debounced.flush()
    debounced.flush()
    clock.advance(60)
    assert calls == [1]


def test_outside_a_kernel_nobody_types_so_nothing_waits() -> None:
    calls: list[int] = []

    async def scripted() -> None:
        debounced = Debouncer(lambda: calls.append(1))  # a loop runs (as under Playwright), but this is no kernel
        debounced()
        assert calls == [1]

    in_a_loop_of_its_own(scripted)


# Loading ----------------------------------------------------------------------------------------------------------


def test_choosing_a_case_study_loads_it_and_undo_brings_back_the_canvas_before() -> None:
    mine = Canvas(Header(title="My café"), blocks={BlockId.CHANNELS: (Item("Window"),)})
    editor = CanvasEditor(mine)
    cases = editor.children[0].children[0]
    cases.value = "netflix"
    assert editor.canvas == load_case("netflix")
    assert "Netflix" in editor.message.value
    editor.toolbar.undo_button.click()
    assert editor.canvas == mine


def test_an_uploaded_file_is_loaded() -> None:
    editor = CanvasEditor()
    assert editor.load_file("zappos.yaml", case_text("zappos").encode("utf-8"))
    assert editor.canvas == load_case("zappos")
    assert editor.load_file("zappos.json", canvas_files.dumps(load_case("zappos"), "json").encode("utf-8-sig"))
    assert editor.canvas == load_case("zappos")


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("broken.yaml", b"title: [unclosed", "broken.yaml"),
        ("canvas.yaml", b"title: T\nblocks:\n  channels: 5\n", "channels"),
        ("latin1.yaml", "title: Café".encode("latin-1"), "UTF-8"),
        ("notes.txt", b"title: T", "notes.txt"),
    ],
)
def test_a_file_that_cannot_be_read_leaves_the_editor_as_it_was_and_says_why(name: str, content: bytes, said: str) -> None:
    editor = CanvasEditor(load_case("apple"))
    assert not editor.load_file(name, content)
    assert editor.canvas == load_case("apple")
    assert said in editor.message.value
    assert "Nothing was loaded" in editor.message.value or "nothing was loaded" in editor.message.value


# Saving and exporting ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_save_writes_a_canvas_file_that_reads_back_and_offers_it_for_download(fmt: str, in_tmp: Path) -> None:
    editor = CanvasEditor(load_case("starbucks"))
    editor.header_editor.fields["title"].value = "Starbucks: Café Ωμέγα"
    path = Path(editor.save(fmt))
    assert path.parent == in_tmp / "bmckit-exports"
    assert path.name == f"starbucks-cafe.{fmt}"
    assert canvas_files.load(path) == editor.canvas
    assert downloaded(editor.message.value) == path.read_bytes()


def test_one_click_on_save_writes_the_file_and_offers_the_download(in_tmp: Path) -> None:
    import ipywidgets as widgets

    editor = CanvasEditor(load_case("apple"))
    (save,) = [child for child in editor.children[0].children if isinstance(child, widgets.Button) and child.description == "Save"]
    save.click()
    said = editor.message.value
    assert "Saved <code>bmckit-exports/apple.yaml</code> beside this notebook" in said
    assert "To keep a copy on this computer or to hand it in" in said
    assert "Download apple.yaml" in said
    assert downloaded(said) == (in_tmp / "bmckit-exports" / "apple.yaml").read_bytes()


def test_saving_a_canvas_bmckit_cannot_read_back_saves_it_and_says_so() -> None:
    editor = CanvasEditor(Canvas(Header(title="T"), segments=(Segment("Bad Id!", "Bad"),)))
    path = Path(editor.save("yaml"))
    assert path.exists()
    assert "will read it back only once" in editor.message.value


def test_export_svg_and_printable_pdf(in_tmp: Path) -> None:
    editor = CanvasEditor(load_case("amazon"))
    svg_path = Path(editor.export("svg", "a3"))
    assert "Amazon" in texts_of(svg_path.read_text(encoding="utf-8"))
    pdf_path = Path(editor.export("pdf", "letter"))
    assert pdf_path.name.endswith("-letter.pdf")
    from pypdf import PdfReader

    page = PdfReader(pdf_path).pages[0]
    assert round(float(page.mediabox.width)) == 792  # Letter, landscape
    assert "Prime" in page.extract_text()
    assert downloaded(editor.message.value) == pdf_path.read_bytes()


def test_export_fillable_pdf_reads_back_as_the_canvas() -> None:
    from bmckit.render.pdf.read_back import read

    editor = CanvasEditor(load_case("netflix"))
    path = Path(editor.export("fillable", "a4"))
    assert path.name.endswith("-a4-fillable.pdf")
    assert read(path) == editor.canvas


def test_file_names_come_from_the_title() -> None:
    assert file_stem("Café Olé: 2025") == "cafe-ole-2025"
    assert file_stem("日本") == "canvas"
    assert len(file_stem("x" * 300)) <= 60


# The economics calculator ----------------------------------------------------------------------------------------


def test_the_calculator_shows_the_measuring_page_figures_with_their_formulas() -> None:
    from bmckit import economics
    from bmckit.widgets import EconomicsCalculator

    calculator = EconomicsCalculator()
    assert calculator.scenario == economics.example_scenario()
    shown = calculator.figures.value
    assert "£600" in shown  # CLV, as the clv_retention worked example
    assert "4.0:1" in shown  # CLV:CAC, as the ratio example
    assert "10 months" in shown  # payback, as the payback example
    assert "(1 + d) ÷ (1 + d − r)" in shown
    assert "£707.14" in shown  # five points more retention
    root = ET.fromstring(calculator.chart.value)
    assert "82% retention" in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_moving_a_slider_changes_the_figures_and_the_chart() -> None:
    from bmckit.widgets import EconomicsCalculator

    calculator = EconomicsCalculator()
    chart = calculator.chart.value
    heard: list[float] = []
    calculator._listeners.append(lambda results: heard.append(results.clv))
    calculator.retention.value = 50
    assert calculator.results.clv == pytest.approx(180 * 1.1 / 0.6)  # £330
    assert "£330" in calculator.figures.value
    assert calculator.chart.value != chart
    assert heard[-1] == pytest.approx(330)


def test_retention_can_be_entered_as_churn() -> None:
    from bmckit.widgets import EconomicsCalculator

    calculator = EconomicsCalculator()
    calculator.kept_as.value = "churn"
    assert calculator.retention.value == pytest.approx(23)  # 77% kept is 23% lost: the same customers
    assert calculator.scenario.retention == pytest.approx(0.77)
    calculator.retention.value = 0  # nobody leaves: capped, not infinite
    assert calculator.scenario.retention == pytest.approx(0.99)
    assert "£" in calculator.figures.value


# The relationship advisor ----------------------------------------------------------------------------------------


def test_the_advisor_ranks_the_editors_segments_as_bmckit_advice_does() -> None:
    from bmckit import advice
    from bmckit.widgets import RelationshipAdvisor

    editor = CanvasEditor(load_case("amazon"))
    advisor = RelationshipAdvisor(editor)
    assert list(advisor.advice) == [s.id for s in editor.canvas.segments]
    assert advisor.advice == advice.advise(editor.canvas)
    section = advisor.section("consumers")
    section.answers["contact"].value = "none"
    section.answers["budget"].value = "low"
    expected = advice.rank(editor.canvas.segment("consumers"), advice.Answers(contact="none", budget="low"))  # type: ignore[arg-type]
    assert advisor.advice["consumers"] == expected
    shown = " ".join(child.children[0].value for child in section.ranking.children)
    assert f"1. {expected[0].name}" in shown
    assert "Against: " in shown


def test_one_click_adds_a_suggestion_to_the_editor_and_the_drawing() -> None:
    from bmckit.widgets import RelationshipAdvisor

    editor = CanvasEditor(load_case("netflix"))
    advisor = RelationshipAdvisor(editor)
    section = advisor.section("households")
    section.motivation.value = Motivation.EXPANSION
    before = len(editor.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS))
    top = advisor.advice["households"][0]
    section.ranking.children[0].children[1].click()  # "Add to canvas" beside the first-ranked type
    added = editor.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)
    assert len(added) == before + 1
    assert added[-1].type is top.type
    assert added[-1].motivation is Motivation.EXPANSION
    assert added[-1].segments == ("households",)
    assert added[-1].text in texts_of(editor.preview.value)
    section.ranking.children[0].children[1].click()
    assert len(editor.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)) == before + 1  # not twice
    assert "already on the canvas" in advisor.note.value


def test_the_advisor_and_the_editor_share_the_segments() -> None:
    from bmckit.model import CustomerValue, MarketType
    from bmckit.widgets import RelationshipAdvisor

    editor = CanvasEditor(load_case("zappos"))
    advisor = RelationshipAdvisor(editor)
    first = editor.canvas.segments[0]
    advisor.section(first.id).market_type.value = MarketType.NICHE  # set in the advisor: the editor follows
    assert editor.canvas.segments[0].market_type is MarketType.NICHE
    editor.segments_editor.rows[0].customer_value.value = CustomerValue.HIGH  # set in the editor: the advisor follows
    assert advisor.section(first.id).customer_value.value is CustomerValue.HIGH
    row = editor.segments_editor.add(Segment("", ""))
    row.id.value, row.name.value = "schools", "Schools"
    assert "schools" in advisor.advice


def test_an_advisor_without_an_editor_keeps_a_canvas_of_its_own() -> None:
    from bmckit.widgets import RelationshipAdvisor

    advisor = RelationshipAdvisor(canvas=load_case("apple"))
    segment = advisor.canvas.segments[0]
    advisor.add(segment.id, RelationshipType.COMMUNITIES)
    assert advisor.canvas.items(BlockId.CUSTOMER_RELATIONSHIPS)[-1].type is RelationshipType.COMMUNITIES
    assert "no customer segments" in RelationshipAdvisor().sections.children[0].value
