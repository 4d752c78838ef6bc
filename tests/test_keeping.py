"""A student's canvas is never lost: the editor keeps it by itself beside the notebook, carries on with it when it is made
again in the same kernel, offers it back in a new one, and never lets an example or a damaged file take its place.

A new kernel (a reload in JupyterLite, a restart) is played in-process by changing :data:`bmckit.widgets.keeping.KERNEL`;
the last test runs notebook 02 in real Python kernels, as a student's Run All and reload do.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

pytest.importorskip("ipywidgets")

from bmckit import canvas_files
from bmckit.cases import load_case
from bmckit.model import Canvas, Header
from bmckit.widgets import CanvasEditor, keeping
from tests.test_widgets import Clock

if TYPE_CHECKING:
    from collections.abc import Callable

NOTEBOOK = Path(__file__).parent.parent / "notebooks" / "02-your-own-canvas.ipynb"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The notebook's working folder: a temporary one."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def reload(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Calling it makes the test play a new kernel, as after a reload: what was kept so far was kept by an earlier one."""
    return lambda: monkeypatch.setattr(keeping, "KERNEL", os.urandom(8).hex())


def kept_files(folder: Path) -> list[str]:
    where = folder / keeping.KEPT_FOLDER
    return sorted(path.name for path in where.iterdir()) if where.exists() else []


def students_canvas(title: str = "Corner bakery") -> CanvasEditor:
    """The notebook's editor, with a title typed in."""
    editor = CanvasEditor()
    editor.header_editor.fields["title"].value = title
    return editor


# Writing ----------------------------------------------------------------------------------------------------------


def test_a_change_is_written_once_the_changes_pause(in_tmp: Path) -> None:
    clock = Clock()
    shown = [Canvas(Header(title="My business model"))]
    keeper = keeping.Keeper(keeping.kept_path("my-canvas"), lambda: shown[0], delay=1.0, wait=True, call_later=clock.call_later)
    keeper.start(shown[0])
    written: list[keeping.KeptCanvas] = []
    keeper.on_write(written.append)
    for title in ("C", "Co", "Corner", "Corner bakery"):  # typed half a second apart: never a pause long enough
        shown[0] = Canvas(Header(title=title))
        keeper.changed()
        clock.advance(0.5)
    assert kept_files(in_tmp) == []
    clock.advance(0.5)
    assert [kept.title for kept in written] == ["Corner bakery"]
    assert canvas_files.load(in_tmp / "bmckit-kept" / "my-canvas.yaml") == shown[0]
    keeper.changed()
    clock.advance(5)
    assert len(written) == 1, "nothing changed, nothing written"


def test_what_the_editor_draws_is_already_kept(in_tmp: Path) -> None:
    """In a kernel the drawing waits for a pause in typing; the canvas is written in that same pause, before it is
    drawn, so a reload as soon as the change shows cannot lose it (a 1 s wait after the drawing once did)."""
    clock = Clock()
    editor = CanvasEditor()
    editor._redraw.wait, editor._redraw.call_later = True, clock.call_later  # as in a kernel: the drawing waits
    kept_when_drawn: list[str] = []

    def drawn(_: dict[str, Any]) -> None:
        kept_when_drawn.append(canvas_files.load(in_tmp / "bmckit-kept" / "my-canvas.yaml").title)

    editor.preview.observe(drawn, names="value")
    editor.header_editor.fields["title"].value = "Corner bakery"
    assert kept_files(in_tmp) == []  # typing: nothing drawn, nothing written
    clock.advance(0.2)
    assert kept_when_drawn == ["Corner bakery"]


def test_the_editor_keeps_every_change_in_an_ordinary_canvas_file(in_tmp: Path) -> None:
    editor = students_canvas()
    assert kept_files(in_tmp) == ["my-canvas.yaml"]
    path = in_tmp / "bmckit-kept" / "my-canvas.yaml"
    assert canvas_files.load(path) == editor.canvas  # bmckit.load and bmckit check read it as any canvas file
    assert path.read_text(encoding="utf-8").startswith(f"# bmckit kept canvas: kernel {keeping.KERNEL}, saved ")
    editor.load_case("zappos")
    assert canvas_files.load(path) == load_case("zappos")
    assert "bmckit-kept/my-canvas.yaml" in editor.kept_status.value


def test_a_kept_file_is_written_whole_then_put_in_place(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = students_canvas()
    path = in_tmp / "bmckit-kept" / "my-canvas.yaml"
    before = path.read_bytes()
    replaced: list[tuple[str, str]] = []

    def refuse(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        replaced.append((os.fspath(source), os.fspath(target)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keeping.os, "replace", refuse)
    editor.header_editor.fields["title"].value = "Corner bakery, second draft"
    (temporary, target), *_ = replaced
    assert Path(temporary).parent == path.parent
    assert target == str(path)
    assert path.read_bytes() == before, "the file being replaced is never half written"
    assert kept_files(in_tmp) == ["my-canvas.yaml"], "no temporary file is left behind"
    assert "Could not keep the canvas" in editor.kept_status.value
    assert "No space left" in editor.kept_status.value
    monkeypatch.undo()
    editor.header_editor.fields["title"].value = "Corner bakery, third draft"
    assert canvas_files.load(path).title == "Corner bakery, third draft"


def test_an_editor_keeps_nothing_with_keep_none(in_tmp: Path) -> None:
    editor = CanvasEditor(keep=None)
    editor.header_editor.fields["title"].value = "Scratch"
    assert kept_files(in_tmp) == []
    assert editor.keeper is None
    assert "keeps nothing" in editor.kept_status.value


def test_an_example_started_from_a_canvas_never_touches_the_students_canvas(in_tmp: Path) -> None:
    students_canvas()
    kept = (in_tmp / "bmckit-kept" / "my-canvas.yaml").read_bytes()
    example = CanvasEditor(load_case("starbucks"))
    example.header_editor.fields["title"].value = "Starbucks, changed"
    example.load_case("netflix")
    assert (in_tmp / "bmckit-kept" / "my-canvas.yaml").read_bytes() == kept
    assert kept_files(in_tmp) == ["my-canvas.yaml"]
    assert CanvasEditor().canvas.title == "Corner bakery"


def test_a_canvas_given_with_a_keep_name_is_where_it_starts_until_something_is_kept(in_tmp: Path) -> None:
    first = CanvasEditor(load_case("amazon"), keep="Amazon draft")
    assert first.canvas == load_case("amazon")
    assert kept_files(in_tmp) == [], "the canvas it starts from needs no writing"
    first.header_editor.fields["version"].value = "2"
    again = CanvasEditor(load_case("amazon"), keep="Amazon draft")
    assert again.canvas.header.version == "2"
    assert kept_files(in_tmp) == ["amazon-draft.yaml"]


def test_two_editors_with_different_names_keep_two_canvases_and_each_can_open_the_other(in_tmp: Path) -> None:
    mine = students_canvas("Corner bakery")
    theirs = CanvasEditor(keep="team canvas")
    theirs.header_editor.fields["title"].value = "Team kiosk"
    assert kept_files(in_tmp) == ["my-canvas.yaml", "team-canvas.yaml"]
    assert canvas_files.load(in_tmp / "bmckit-kept" / "my-canvas.yaml").title == "Corner bakery"
    assert [label for label, _ in theirs.toolbar.kept_choice.options[1:]] == ["Corner bakery, edited just now"]
    mine.header_editor.notes.value = "Sourdough at dawn"  # mine's list follows what is kept
    assert [label for label, _ in mine.toolbar.kept_choice.options[1:]] == ["Team kiosk, edited just now"]


# The same kernel: carry on -----------------------------------------------------------------------------------------


def test_an_editor_made_again_in_the_same_kernel_carries_on_with_the_kept_canvas(in_tmp: Path) -> None:
    before = students_canvas()
    before.header_editor.notes.value = "Sourdough at dawn"
    again = CanvasEditor()  # a cell run again, or Run All
    assert again.canvas == before.canvas
    assert again.offered is None
    assert again.offer_box.layout.display == "none"
    assert "Carrying on with" in again.kept_status.value
    before.header_editor.fields["title"].value = "Typed into the old output"
    assert canvas_files.load(in_tmp / "bmckit-kept" / "my-canvas.yaml").title == "Corner bakery", "only the newest editor keeps"
    assert "taken over" in before.kept_status.value
    assert CanvasEditor().canvas == again.canvas


def test_a_change_still_waiting_to_be_drawn_is_kept_before_a_new_editor_reads_the_kept_canvas(in_tmp: Path) -> None:
    clock = Clock()
    before = students_canvas()
    before._redraw.wait, before._redraw.call_later = True, clock.call_later  # as in a kernel: the drawing waits
    before.header_editor.fields["title"].value = "Corner bakery, typed just before Run All"
    assert before._redraw.pending
    assert CanvasEditor().canvas.title == "Corner bakery, typed just before Run All"


def test_a_change_still_waiting_is_written_before_a_new_editor_reads_the_kept_canvas(in_tmp: Path) -> None:
    clock = Clock()
    before = students_canvas()
    assert before.keeper is not None
    before.keeper._soon.wait, before.keeper._soon.call_later = True, clock.call_later  # as in a kernel
    before.keeper._soon.delay = 1.0  # a keeper given a delay: the write waits
    before.header_editor.fields["title"].value = "Corner bakery, typed just before Run All"
    assert before.keeper.pending
    assert CanvasEditor().canvas.title == "Corner bakery, typed just before Run All"


# A new kernel: offer it back ---------------------------------------------------------------------------------------


def test_after_a_reload_the_kept_canvas_is_offered_back_in_one_click(in_tmp: Path, reload: Callable[[], None]) -> None:
    keeping.write(Canvas(Header(title="Corner bakery", notes="Sourdough")), keeping.kept_path("my-canvas"))
    reload()
    editor = CanvasEditor()
    assert editor.canvas.title == "My business model", "nothing replaces the page's canvas without asking"
    assert editor.offer_box.layout.display != "none"
    assert "bmc-restore" in editor.offer_box._dom_classes
    assert editor.offer_box.restore_button.description == "Restore 'Corner bakery', edited just now"
    assert editor.offer_box.start_empty_button.description == "Start empty"
    editor.offer_box.restore_button.click()
    assert editor.canvas.header.notes == "Sourdough"
    assert editor.offer_box.layout.display == "none"
    kept = keeping.read(in_tmp / "bmckit-kept" / "my-canvas.yaml")
    assert kept.from_this_kernel, "restored, it is this kernel's: Run All now carries on with it"
    assert CanvasEditor().canvas.header.notes == "Sourdough"
    editor.toolbar.undo_button.click()  # restoring is a load
    assert editor.canvas.title == "My business model"


def test_the_offer_says_how_long_ago(in_tmp: Path, reload: Callable[[], None]) -> None:
    path = keeping.kept_path("my-canvas")
    keeping.write(Canvas(Header(title="Corner bakery")), path)
    reload()
    text = path.read_text(encoding="utf-8")
    two_minutes_ago = (datetime.now(UTC) - timedelta(minutes=2, seconds=5)).replace(microsecond=0)
    path.write_text(re.sub(r"saved \S+", f"saved {two_minutes_ago.isoformat()}", text, count=1), encoding="utf-8")
    assert CanvasEditor().offer_box.restore_button.description == "Restore 'Corner bakery', edited 2 minutes ago"


def test_starting_empty_leaves_the_kept_canvas_under_a_name_of_its_own(in_tmp: Path, reload: Callable[[], None]) -> None:
    students_canvas()
    kept = (in_tmp / "bmckit-kept" / "my-canvas.yaml").read_bytes()
    reload()
    editor = CanvasEditor()
    editor.offer_box.start_empty_button.click()
    assert editor.offer_box.layout.display == "none"
    assert kept_files(in_tmp) == ["corner-bakery.yaml"]
    assert (in_tmp / "bmckit-kept" / "corner-bakery.yaml").read_bytes() == kept, "set aside as it was"
    assert "Open a kept canvas" in editor.message.value
    assert [label for label, _ in editor.toolbar.kept_choice.options[1:]] == ["Corner bakery, edited just now"]
    editor.header_editor.fields["title"].value = "Food truck"
    assert kept_files(in_tmp) == ["corner-bakery.yaml", "my-canvas.yaml"]
    assert CanvasEditor().canvas.title == "Food truck"


def test_typing_before_answering_the_offer_sets_the_earlier_canvas_aside_first(in_tmp: Path, reload: Callable[[], None]) -> None:
    keeping.write(Canvas(Header(title="Corner bakery")), keeping.kept_path("my-canvas"))
    reload()
    editor = CanvasEditor()
    editor.header_editor.fields["title"].value = "Food truck"
    assert kept_files(in_tmp) == ["corner-bakery.yaml", "my-canvas.yaml"]
    assert canvas_files.load(in_tmp / "bmckit-kept" / "my-canvas.yaml").title == "Food truck"
    editor.offer_box.restore_button.click()  # still offered, from where it now is
    assert editor.canvas.title == "Corner bakery"
    editor.toolbar.undo_button.click()
    assert editor.canvas.title == "Food truck"


# Damaged files -------------------------------------------------------------------------------------------------------


DAMAGED = {
    "half-written": b"title: Corner bakery\nblocks:\n  channels: [",
    "not a canvas": b"- 1\n- 2\n",
    "empty": b"",
    "not UTF-8": b"\xff\xfe\x00t\x00i",
    "nested too deeply": b"title: " + b"[" * 5000,
}


@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_kept_file_is_listed_as_unreadable_and_never_stops_the_editor(in_tmp: Path, damage: bytes) -> None:
    folder = in_tmp / "bmckit-kept"
    folder.mkdir()
    (folder / "my-canvas.yaml").write_bytes(damage)
    (folder / "other.yaml").write_bytes(damage)
    listed = {kept.path.name: kept for kept in keeping.kept_canvases()}
    assert set(listed) == {"my-canvas.yaml", "other.yaml"}
    assert not listed["other.yaml"].readable
    assert listed["other.yaml"].problem
    assert listed["other.yaml"].describe() == "other.yaml (cannot be read)"

    editor = CanvasEditor()
    assert editor.canvas.title == "My business model"
    assert "cannot be read" in editor.offer_box.offer_text.value
    assert editor.offer_box.restore_button.layout.display == "none"
    assert [label for label, _ in editor.toolbar.kept_choice.options[1:]] == ["other.yaml (cannot be read)"]
    assert not editor.open_kept(folder / "other.yaml")
    assert "Nothing was loaded" in editor.message.value
    editor.header_editor.fields["title"].value = "Corner bakery"
    assert canvas_files.load(folder / "my-canvas.yaml").title == "Corner bakery"
    set_aside = [name for name in kept_files(in_tmp) if name not in {"my-canvas.yaml", "other.yaml"}]
    assert len(set_aside) == 1
    assert (folder / set_aside[0]).read_bytes() == damage, "a damaged file is set aside, never deleted"


# Open a kept canvas -------------------------------------------------------------------------------------------------


def test_opening_a_kept_canvas_is_a_load(in_tmp: Path) -> None:
    keeping.write(load_case("netflix"), keeping.kept_path("netflix-notes"))
    editor = students_canvas()
    assert editor.toolbar.kept_choice.options[0] == ("a kept canvas…", "")
    assert editor.toolbar.kept_choice.description == "Open"
    ((label, value),) = editor.toolbar.kept_choice.options[1:]
    assert label == "Netflix, edited just now"
    editor.toolbar.kept_choice.value = value
    assert editor.canvas == load_case("netflix")
    assert editor.toolbar.kept_choice.value == ""
    assert "Undo load" in editor.message.value
    editor.toolbar.undo_button.click()
    assert editor.canvas.title == "Corner bakery"


def test_kept_canvases_are_listed_newest_first(in_tmp: Path) -> None:
    for title in ("First", "Second", "Third"):
        keeping.write(Canvas(Header(title=title)), keeping.kept_path(title))
    for days, name in enumerate(("third", "second", "first")):
        path = in_tmp / "bmckit-kept" / f"{name}.yaml"
        when = (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0)
        path.write_text(re.sub(r"saved \S+", f"saved {when.isoformat()}", path.read_text(encoding="utf-8")), encoding="utf-8")
    listed = keeping.kept_canvases()
    assert [kept.describe() for kept in listed] == ["Third, edited just now", "Second, edited yesterday", "First, edited 2 days ago"]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (-30, "just now"),
        (59, "just now"),
        (60, "1 minute ago"),
        (150, "2 minutes ago"),
        (3600, "1 hour ago"),
        (5 * 3600, "5 hours ago"),
        (86400, "yesterday"),
        (3 * 86400, "3 days ago"),
        (40 * 86400, "on 24 October 2026"),
    ],
)
def test_how_long_ago_is_said_as_a_person_says_it(seconds: int, said: str) -> None:
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert keeping.ago(now - timedelta(seconds=seconds), now) == said


# Real kernels --------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_run_all_twice_keeps_the_students_canvas_and_a_new_kernel_offers_it_back(in_tmp: Path) -> None:
    """Notebook 02 in a Python kernel, as on Binder or a computer: the student types, runs all cells again, then restarts."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")

    def session() -> tuple[Any, Any]:
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(in_tmp)}})
        return notebook, client

    def run_all(notebook: Any, client: Any) -> None:
        for index, cell in enumerate(list(notebook.cells)):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)

    def run(notebook: Any, client: Any, code: str) -> str:
        cell = nbformat.v4.new_code_cell(code)
        notebook.cells.append(cell)
        client.execute_cell(cell, len(notebook.cells) - 1)
        return "".join(output.get("text", "") for output in cell.outputs)

    notebook, client = session()
    with client.setup_kernel():
        run_all(notebook, client)
        run(
            notebook, client, 'editor.header_editor.fields["title"].value = "Corner bakery"\neditor.header_editor.notes.value = "Sourdough"'
        )
        run_all(notebook, client)  # the write still waits for a pause in typing: the new editor has it written first
        run_all(notebook, client)
        said = run(notebook, client, 'print(editor.canvas.title, editor.canvas.header.notes, editor.offer_box.layout.display, sep="|")')
    assert said.strip() == "Corner bakery|Sourdough|none"
    assert canvas_files.load(in_tmp / "bmckit-kept" / "my-canvas.yaml").title == "Corner bakery"

    notebook, client = session()
    with client.setup_kernel():
        run_all(notebook, client)
        offered = run(notebook, client, 'print(editor.canvas.title, editor.offer_box.restore_button.description, sep="|")')
        restored = run(notebook, client, "editor.offer_box.restore_button.click()\nprint(editor.canvas.header.notes)")
    assert offered.strip() == "My business model|Restore 'Corner bakery', edited just now"
    assert restored.strip() == "Sourdough"
