"""Notebook pages on the built site: the widgets draw from their saved state with the network closed, the page says it
is a snapshot and links to the live notebook (Binder, Colab, the .ipynb), and those links follow the repository setting.

The site is the one tests/sitebuild.py builds once per session; Chromium is Debian's, driven by Playwright, with every
request that would leave the machine blocked.
"""

from __future__ import annotations

import os
import runpy
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from bmckit.sphinxext.config import BmcConfig
from bmckit.sphinxext.notebooks import launches
from tests.localweb import localhost_only

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHROMIUM = Path("/usr/bin/chromium")

DRAWN = {
    # The student's editor starts empty (no note, so no textarea yet): each block's "Add a note" button shows the grid.
    "your-own-canvas": [".bmc-editor .bmc-preview svg text", ".bmc-editor .bmc-editor-grid .bmc-block-editor button", ".bmc-review"],
    "advisor": [".bmc-advisor .bmc-ranking", ".bmc-editor .bmc-preview svg text"],
    "economics": [
        ".bmc-calculator svg text",
        ".bmc-calculator input[type=range], .bmc-calculator .slider-container, .bmc-calculator .noUi-target",
    ],
}
"""What must be drawn on each notebook's page (by a word of its file name): CSS selectors, each matching something visible."""


VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
"""Where myst-nb puts a widget in a notebook's output: the widget is drawn in its place."""


def page_of(path: Path) -> str:
    return f"notebooks/{path.stem}.html"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_page_says_it_is_a_snapshot_and_links_to_the_live_notebook(built: Path, path: Path) -> None:
    html = (built / page_of(path)).read_text(encoding="utf-8")
    assert "This page is a snapshot." in html
    binder = f"https://mybinder.org/v2/gh/bmckit/bmckit/main?urlpath=lab%2Ftree%2Fnotebooks%2F{path.stem}.ipynb"
    assert f'href="{binder}"' in html
    assert f'href="https://colab.research.google.com/github/bmckit/bmckit/blob/main/notebooks/{path.name}"' in html
    assert f'href="{path.name}" download' in html
    assert (built / "notebooks" / path.name).read_bytes() == path.read_bytes()  # the notebook as stored, without outputs


def test_launch_links_follow_the_repository_setting() -> None:
    fork = BmcConfig(repository="https://github.com/a-teacher/bmckit-class", branch="spring-2027")
    binder, colab = launches(fork, "02-your-own-canvas")
    assert (
        binder.href
        == "https://mybinder.org/v2/gh/a-teacher/bmckit-class/spring-2027?urlpath=lab%2Ftree%2Fnotebooks%2F02-your-own-canvas.ipynb"
    )
    assert (
        colab.href == "https://colab.research.google.com/github/a-teacher/bmckit-class/blob/spring-2027/notebooks/02-your-own-canvas.ipynb"
    )
    elsewhere = launches(BmcConfig(repository="https://gitlab.com/school/bmckit.git"), "01-getting-started")
    assert [launch.label for launch in elsewhere] == ["Launch on Binder"]  # Colab opens GitHub notebooks only
    assert elsewhere[0].href.startswith("https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Fschool%2Fbmckit/main?")


def test_conf_py_takes_the_repository_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BMCKIT_REPOSITORY", "https://github.com/a-teacher/bmckit-class")
    monkeypatch.setenv("BMCKIT_BRANCH", "spring-2027")
    settings = runpy.run_path(str(ROOT / "conf.py"))
    assert (settings["bmc_repository"], settings["bmc_branch"]) == ("https://github.com/a-teacher/bmckit-class", "spring-2027")
    monkeypatch.delenv("BMCKIT_REPOSITORY")
    monkeypatch.delenv("BMCKIT_BRANCH")
    assert runpy.run_path(str(ROOT / "conf.py"))["bmc_repository"] == "https://github.com/bmckit/bmckit"


def page_noting_errors(context: BrowserContext, problems: list[str]) -> Page:
    """A new page whose console errors and uncaught script errors are added to ``problems``."""
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_widgets_draw_on_the_static_page_with_the_network_closed(path: Path, server: str, browser: Browser) -> None:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    left = localhost_only(context, server)
    page = page_noting_errors(context, problems)
    try:
        page.goto(f"{server}/{page_of(path)}", wait_until="load")
        # The widgets are drawn when a reader comes near them: scroll to the first one, as a reader does.
        page.evaluate(f"document.querySelector('{VIEW}')?.parentElement.scrollIntoView()")
        wanted = next((selectors for word, selectors in DRAWN.items() if word in path.stem), [])
        for selector in wanted:
            page.wait_for_selector(selector, state="visible", timeout=20_000)
        if wanted:
            views = page.locator(".jupyter-widgets").count()
            assert views > 0
        page.wait_for_timeout(300)  # late errors from the widget manager
    finally:
        context.close()
    assert left == [], f"requests that would leave the machine: {left}"
    assert problems == [], f"console errors: {problems}"


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
def test_widgets_are_drawn_only_when_a_reader_comes_near_them(server: str, browser: Browser) -> None:
    """On a phone, notebook 02's page loads no widget library and draws no widget until the reader scrolls within a
    screen of the first widget; then the library comes and the editor is drawn, below the screen, moving nothing the
    reader sees."""
    problems: list[str] = []
    fetched: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844})
    left = localhost_only(context, server)
    page = page_noting_errors(context, problems)
    page.on("request", lambda request: fetched.append(request.url) if "embed.js" in request.url else None)
    next_frames = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    try:
        page.goto(f"{server}/notebooks/02-your-own-canvas.html", wait_until="load")
        page.evaluate(next_frames)  # the observer has had its first look
        top = page.evaluate(f"document.querySelector('{VIEW}').parentElement.getBoundingClientRect().top")
        assert top > 2 * 844, "the first widget is too near the top of the page for this test to mean anything"
        assert fetched == []
        assert page.locator(".jupyter-widgets").count() == 0
        page.evaluate(f"window.scrollTo(0, {top} - 1.5 * innerHeight)")  # half a screen below the bottom of the screen
        before = page.evaluate("(window.seen = document.elementFromPoint(innerWidth / 2, innerHeight / 2)).getBoundingClientRect().top")
        page.wait_for_selector(".bmc-editor .bmc-preview svg text", state="attached", timeout=20_000)
        assert len(fetched) == 1
        assert page.evaluate(f"document.querySelector('{VIEW}').parentElement.getBoundingClientRect().top") > 844
        assert page.evaluate("window.seen.getBoundingClientRect().top") == before  # what the reader sees has not moved
        # Printing (Chromium's own, which fires "beforeprint") draws them too, for the print after it: the library
        # cannot arrive within the print that asked for it.
        page = context.new_page()
        page.goto(f"{server}/notebooks/02-your-own-canvas.html", wait_until="load")
        page.evaluate(next_frames)
        assert page.locator(".jupyter-widgets").count() == 0
        page.pdf()
        page.wait_for_selector(".bmc-editor .bmc-preview svg text", state="attached", timeout=20_000)
    finally:
        context.close()
    assert left == [], f"requests that would leave the machine: {left}"
    assert problems == [], f"console errors: {problems}"


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
def test_a_widget_just_below_the_first_screen_waits_for_the_reader_to_scroll(server: str, browser: Browser) -> None:
    """On a laptop's screen, notebook 02's first widget is less than a screen below the bottom: drawing it would take
    the page for the best part of a second just as a reader may click "Open the editor", so it waits for the first
    scroll; on a screen tall enough to show it, it is drawn at once."""
    problems: list[str] = []
    next_frames = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    left = localhost_only(context, server)
    page = page_noting_errors(context, problems)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "embed.js" in request.url else None)
    try:
        page.goto(f"{server}/notebooks/02-your-own-canvas.html", wait_until="load")
        page.evaluate(next_frames)
        top = page.evaluate(f"document.querySelector('{VIEW}').parentElement.getBoundingClientRect().top")
        assert 1000 < top < 2000, "the first widget is no longer within a screen below the first: this test means nothing"
        page.wait_for_timeout(500)
        assert fetched == []
        page.mouse.wheel(0, 40)  # the reader starts to read down
        page.wait_for_selector(".bmc-editor .bmc-preview svg text", state="attached", timeout=20_000)
        assert len(fetched) == 1
        tall = context.new_page()
        tall.set_viewport_size({"width": 1400, "height": round(top) + 400})
        tall.goto(f"{server}/notebooks/02-your-own-canvas.html", wait_until="load")
        tall.wait_for_selector(".bmc-editor .bmc-preview svg text", state="attached", timeout=20_000)
    finally:
        context.close()
    assert left == [], f"requests that would leave the machine: {left}"
    assert problems == [], f"console errors: {problems}"


@pytest.mark.slow
def test_the_widget_library_is_the_one_the_site_serves(built: Path) -> None:
    """Widget pages load html-manager's embed.js from the site's own _static, never from a CDN."""
    pages = [built / page_of(path) for path in NOTEBOOKS]
    with_widgets = [p for p in pages if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8")]
    assert with_widgets, "no notebook page carries widget state"
    for page in with_widgets:
        html = page.read_text(encoding="utf-8")
        assert "_static/widgets/bmckit-widgets.js" in html
        assert "embed.js" not in html  # loaded by bmckit-widgets.js when a widget comes near, not in the head
        assert "cdn.jsdelivr.net" not in html
        assert "cdnjs.cloudflare.com" not in html
        assert "unpkg.com" not in html
    embed = (built / "_static" / "widgets" / "embed.js").read_text(encoding="utf-8")
    assert len(embed) > 1_000_000
    assert embed.count("(window.bmckitDrawWidgets=") == 1
    assert 'window.addEventListener("load",(()=>{!async function' not in embed


def test_the_served_widget_library_differs_from_the_package_only_in_its_draw_hook(tmp_path: Path) -> None:
    from bmckit.sphinxext.widgetjs import DRAW_HOOK, HTML_MANAGER, LOADER, drawn_on_demand

    old, new = DRAW_HOOK
    source = tmp_path / "html-manager"
    for target in HTML_MANAGER.files.values():
        (source / target).parent.mkdir(parents=True, exist_ok=True)
        (source / target).write_bytes(target.encode())
    (source / "widgets" / "embed.js").write_text(f"var a=1;{old}(()=>{{draw()}}));var b=2;", encoding="utf-8")
    served = drawn_on_demand(source)
    assert (served / "widgets" / "embed.js").read_text(encoding="utf-8") == f"var a=1;{new}(()=>{{draw()}}));var b=2;"
    assert (served / "widgets" / "bmckit-widgets.js").read_bytes() == LOADER.read_bytes()
    for target in HTML_MANAGER.files.values():
        if target != "widgets/embed.js":
            assert (served / target).read_bytes() == target.encode()


@pytest.mark.parametrize("copies", [0, 2])
def test_a_widget_library_without_exactly_one_draw_hook_stops_the_build(tmp_path: Path, copies: int) -> None:
    from sphinx.errors import ExtensionError

    from bmckit.sphinxext.widgetjs import DRAW_HOOK, drawn_on_demand

    (tmp_path / "widgets").mkdir()
    (tmp_path / "widgets" / "embed.js").write_text("var a=1;" + DRAW_HOOK[0] * copies, encoding="utf-8")
    with pytest.raises(ExtensionError, match=f"has {copies} copies"):
        drawn_on_demand(tmp_path)


def test_a_fresh_cache_folder_fetches_and_checks_the_widget_library(tmp_path: Path) -> None:
    """The first build on a machine fetches embed.js from the npm registry and checks it against the pinned hash."""
    from bmckit.sphinxext.widgetjs import HTML_MANAGER, vendored

    try:
        urllib.request.urlopen("https://registry.npmjs.org/", timeout=10).close()
    except OSError as error:
        pytest.skip(f"the npm registry is out of reach: {error}")
    folder = vendored(HTML_MANAGER, cache=tmp_path)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(HTML_MANAGER.files.values())
    assert b"jupyter" in (folder / "widgets" / "embed.js").read_bytes()[:200_000]
    assert unquote(os.path.basename(HTML_MANAGER.tarball)) == f"html-manager-{HTML_MANAGER.version}.tgz"


def test_a_widget_library_that_does_not_match_its_pinned_hash_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx.errors import ExtensionError

    from bmckit.sphinxext import widgetjs

    monkeypatch.setattr(widgetjs.urllib.request, "urlopen", lambda *_, **__: _Response(b"not the real tarball"))
    with pytest.raises(ExtensionError, match="does not match its pinned integrity hash"):
        widgetjs.vendored(widgetjs.HTML_MANAGER, cache=tmp_path)
    assert not any(tmp_path.rglob("embed.js"))


class _Response:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def read(self) -> bytes:
        return self.body
