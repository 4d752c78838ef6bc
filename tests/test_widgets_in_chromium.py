"""The editor, the advisor and the calculator drawn in Chromium as the site's notebook pages draw them: from saved widget
state, by html-manager's embed.js (the site's own copy), with the site's script that names slider handles.

No site build: each widget's state is embedded in a small page served on localhost. At a 1024 px window, with the
widgets as wide as JupyterLab leaves a cell's output there, no drop-down cuts any of its choices and no text box its
text, and axe-core (the site tests' pinned copy) finds no serious or critical violation, best practices included
(``label-title-only`` is one).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from ipywidgets.embed import dependency_state, embed_snippet

from bmckit.cases import load_case
from bmckit.widgets import CanvasEditor, EconomicsCalculator, RelationshipAdvisor
from tests.localweb import localhost_only, npm_ci, served

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).parent.parent
OUTPUT_WIDTH = "calc(100vw - 150px)"
"""About what JupyterLab leaves a cell's output of the window (its side bars, the prompt column and the margins)."""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{name}</title></head>
<body><main><h1>{name}</h1><div class="output" style="width: {width}">{snippet}</div></main>
<script src="bmckit.js"></script></body>
</html>
"""


def widget_pages(folder: Path) -> None:
    """The three widgets, each on a page of its own, with the scripts the site serves beside them."""
    from sphinx.errors import ExtensionError

    from bmckit.sphinxext.widgetjs import HTML_MANAGER, vendored

    try:
        library = vendored(HTML_MANAGER) / "widgets"
    except ExtensionError as error:  # not yet in the cache, and the npm registry out of reach
        pytest.skip(str(error))
    for file in library.iterdir():
        shutil.copy(file, folder / file.name)
    shutil.copy(ROOT / "docs" / "_static" / "bmckit.js", folder / "bmckit.js")
    editor = CanvasEditor(load_case("starbucks"))  # its relationships include "Dedicated personal assistance"
    for name, widget in {
        "editor": editor,
        "advisor": RelationshipAdvisor(canvas=load_case("amazon")),
        "calculator": EconomicsCalculator(),
    }.items():
        snippet = embed_snippet(views=[widget], state=dependency_state([widget]), requirejs=False, embed_url="embed.js")
        (folder / f"{name}.html").write_text(PAGE.format(name=name, width=OUTPUT_WIDTH, snippet=snippet), encoding="utf-8")


@pytest.fixture(scope="module")
def widget_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("widget-pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # whatever an editor writes beside its notebook goes here
        widget_pages(folder)
    with served(folder) as address:
        yield address


@pytest.fixture(scope="module")
def axe_script() -> Path:
    why_not = npm_ci(ROOT / "tests" / "site")
    if why_not:
        pytest.skip(f"{why_not}: it installs axe-core for these tests")
    return ROOT / "tests" / "site" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def drawn(browser: Browser, widget_server: str) -> Iterator[Any]:
    """A widget page in a window this wide (1024 px unless told), once its widgets are drawn; each page is opened once
    for all the tests that read it, and every request off localhost is refused."""
    contexts: dict[int, BrowserContext] = {}
    refused: list[list[str]] = []
    opened: dict[tuple[str, int], Page] = {}

    def open_page(name: str, width: int = 1024) -> Page:
        if (name, width) not in opened:
            if width not in contexts:
                contexts[width] = browser.new_context(viewport={"width": width, "height": 900})
                refused.append(localhost_only(contexts[width], widget_server))
            page = opened[name, width] = contexts[width].new_page()
            page.goto(f"{widget_server}/{name}.html", wait_until="load")
            page.wait_for_selector(f".bmc-{name} .widget-label:not(:empty)", state="visible", timeout=20_000)
            page.wait_for_timeout(300)  # the slider handles are named as they are drawn
        return opened[name, width]

    yield open_page
    for context in contexts.values():
        context.close()
    left = [url for urls in refused for url in urls]
    assert left == [], f"requests that would leave the machine: {left}"


CUT_CHOICES = """(where) => {
  const measure = document.createElement('canvas').getContext('2d');
  const cut = [];
  for (const select of document.querySelectorAll(where)) {
    const style = getComputedStyle(select);
    measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const option of select.options) {
      const needs = measure.measureText(option.text).width;
      if (needs > room + 0.5) cut.push({label: select.labels[0]?.textContent || '', choice: option.text.replace(/\\u00a0/g, ' '),
                                         needs: Math.round(needs), room: Math.round(room)});
    }
  }
  return cut;
}"""
"""Every choice of the drop-downs ``where`` selects that is wider than its box leaves room for (the box's padding keeps
clear of the arrow)."""
IN_THE_GRID = ".bmc-editor-grid select"
OUTSIDE_THE_GRID = "select:not(.bmc-editor-grid select)"

CUT_TEXT = """() => [...document.querySelectorAll('.bmc-editor input[type=text], .bmc-editor textarea')].flatMap((field) => {
  const box = field.getBoundingClientRect();
  const holder = field.closest('.widget-box').getBoundingClientRect();
  const problems = [];
  if (box.right > holder.right + 0.5 || box.left < holder.left - 0.5) problems.push('sticks out of its box');
  if (field.tagName === 'TEXTAREA' && field.scrollHeight > field.clientHeight + 1) problems.push('hides text below');
  return problems.map((problem) => `${field.placeholder || field.labels[0]?.textContent}: ${problem}`);
})"""

AXE = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                                resultTypes: ['violations']})
  .then((results) => results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 120)).join(' | ')}`))"""


@pytest.mark.parametrize("name", ["editor", "advisor", "calculator"])
def test_no_drop_down_cuts_a_choice_at_1024px(drawn: Any, name: str) -> None:
    """The blocks' grid aside: see the next two tests."""
    assert drawn(name).evaluate(CUT_CHOICES, OUTSIDE_THE_GRID) == []


def test_a_notes_drop_downs_show_every_choice_whole_once_its_block_is_wide_enough(drawn: Any) -> None:
    """A note's drop-down puts its box under its label in a narrow block, so it has the block's whole width."""
    page = drawn("editor", width=1440)
    assert page.locator(IN_THE_GRID).count() > 20
    assert page.evaluate(CUT_CHOICES, IN_THE_GRID) == []


def test_a_notes_drop_downs_show_every_choice_whole_at_1024px(drawn: Any) -> None:
    assert drawn("editor").evaluate(CUT_CHOICES, IN_THE_GRID) == []


def test_no_text_box_of_the_editor_sticks_out_or_hides_its_text_at_1024px(drawn: Any) -> None:
    assert drawn("editor").evaluate(CUT_TEXT) == []


NOTE_TEXT_ON_SCREEN = """() => [...document.querySelectorAll('.bmc-editor .bmc-preview svg g.note text')].map((text) => {
  const drawnAt = text.getScreenCTM();  // from the drawing's units to the screen's pixels
  return {text: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * Math.hypot(drawnAt.a, drawnAt.b)};
})"""
"""Each note line of the editor's drawing, with the size its letters have on screen, in CSS pixels."""


def test_the_preview_draws_every_note_at_11px_or_more_at_1280px(drawn: Any) -> None:
    """The drawing stands full width under the editor (the review under it, beside it only when asked), so a 1280 px
    window shows the Starbucks case's notes, every line of them, at 11 px or more."""
    lines = drawn("editor", width=1280).evaluate(NOTE_TEXT_ON_SCREEN)
    assert len(lines) > 40, "every note of the case study is drawn"
    smallest = min(lines, key=lambda line: line["px"])
    assert smallest["px"] >= 11, f"{smallest['text']!r} is drawn at {smallest['px']:.1f} px"


LIT_NOTES = """() => {
  const notes = [...document.querySelectorAll('.bmc-editor .bmc-preview svg g.note[data-segments]')];
  const lit = (note) => getComputedStyle(note).opacity === '1';
  return {lit: notes.filter(lit).map((note) => note.dataset.segments), dimmed: notes.filter((note) => !lit(note)).map((note) => note.dataset.segments)};
}"""


def test_pointing_at_a_segment_in_the_drawings_legend_dims_the_notes_that_do_not_serve_it(drawn: Any) -> None:
    """As on the site's canvases, with no script: the notes serving the segment, and those naming none, stay lit."""
    page = drawn("editor", width=1280)
    entry = page.locator(".bmc-editor .bmc-preview svg g.legend-entry[data-segment]").first
    segment = entry.get_attribute("data-segment")
    entry.hover()
    pointed = page.evaluate(LIT_NOTES)
    page.mouse.move(0, 0)
    assert pointed["dimmed"], "some notes serve other segments only"
    assert all(not served or segment in served.split() for served in pointed["lit"])
    assert all(served and segment not in served.split() for served in pointed["dimmed"])
    assert page.evaluate(LIT_NOTES)["dimmed"] == [], "every note is lit again once the pointer leaves the legend"


@pytest.mark.parametrize("name", ["editor", "advisor", "calculator"])
def test_axe_core_finds_no_serious_violation(drawn: Any, axe_script: Path, name: str) -> None:
    page = drawn(name)
    page.add_script_tag(path=str(axe_script))
    assert page.evaluate(AXE) == []
