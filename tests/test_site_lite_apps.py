"""JupyterLite's menus and the editor's own app, from the built site, offline, in headless Chromium.

Every JupyterLite page a menu opens exists: File > Open shows the file browser with the notebooks, and each menu
entry that opens a page (a new tab, or the same one) reaches a page of the site, never a missing one. The editor's
app (``lite/editor/``, one click from notebook 02's page) shows the editor alone, running, and with notebook 02's
editor it keeps what the student typed: through a reload (offered back, restored in one click) and, in the notebook,
through Run All. Every request that would leave localhost is refused, as in tests/test_site_lite.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from bmckit.sphinxext.editor_app import REPL_BROKEN_PLUGIN
from tests.jupyterlite import choose_run_all
from tests.test_site_lite import BOOT_TIMEOUT, run_all

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, Route, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,  # the JupyterLite site, built and run in Chromium
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)"),
]
NOTEBOOKS = sorted(path.name for path in (Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
EDITOR_NOTEBOOK = "02-your-own-canvas.ipynb"
KEPT = "bmckit-kept/my-canvas.yaml"
"""Where the student's editor, in the app and in notebook 02, keeps the canvas (in the browser's storage)."""
VIEWPORT: ViewportSize = {"width": 1400, "height": 1000}
FOLDER_PROBE = "/all.json"
"""JupyterLite asks the site for a folder's listing (``lite/api/contents/<folder>/all.json``) before it looks in the
browser's storage, and says in a console warning that the 404 is expected: the only missing file a page may ask for."""


@dataclass
class Site:
    """A browser context on the built site: what it asked for and did not find, and the pages it opened elsewhere."""

    context: BrowserContext
    server: str
    missing: list[str] = field(default_factory=list)
    resources_refused: list[str] = field(default_factory=list)
    links_out: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        return page

    def missing_pages(self) -> list[str]:
        return [url for url in self.missing if not urlsplit(url).path.endswith(FOLDER_PROBE)]

    def console_errors(self) -> list[str]:
        """Errors in the console, less the "Failed to load resource" each folder probe logs (counted in ``missing``)."""
        return [error for error in self.errors if not error.startswith("Failed to load resource")]


@pytest.fixture
def site(server: str, browser: Browser) -> Iterator[Site]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    found = Site(context, server)
    local = urlsplit(server).netloc

    def route(route: Route) -> None:
        request = route.request
        if urlsplit(request.url).netloc == local:
            route.continue_()
            return
        # A link the reader follows out of the site (Help > Jupyter Forum) is theirs to follow; a page fetching from
        # elsewhere by itself is what the site must never do.
        (found.links_out if request.is_navigation_request() else found.resources_refused).append(request.url)
        route.abort("blockedbyclient")

    def not_found(response: Response) -> None:
        if response.status >= 400 and urlsplit(response.url).netloc == local:
            found.missing.append(response.url)

    context.route("**/*", route)
    context.on("response", not_found)
    yield found
    context.close()


# File > Open, and every menu entry that opens a page ------------------------------------------------------------------------


def open_menu(page: Page, path: list[str]) -> None:
    """Open a top-level menu and the submenus on ``path`` (["File", "New"]), from a closed menu bar."""
    for _ in range(3):
        page.keyboard.press("Escape")
    page.locator(".lm-MenuBar-item:visible", has_text=path[0]).first.click()
    for label in path[1:]:
        open_menus = page.locator(".lm-Menu")
        open_menus.last.locator(".lm-Menu-item", has=page.locator(".lm-Menu-itemLabel", has_text=label)).first.hover()
        page.wait_for_function("count => document.querySelectorAll('.lm-Menu').length > count", arg=open_menus.count())


def entries(page: Page) -> list[tuple[str, str, str]]:
    """The innermost open menu's entries a reader can choose: (kind, command, label), kind "command" or "submenu"."""
    return [
        (kind, command, label)
        for kind, command, label in page.evaluate(
            """() => [...[...document.querySelectorAll('.lm-Menu')].at(-1).querySelectorAll(':scope .lm-Menu-item')]
                .filter(item => !item.matches('.lm-mod-hidden, .lm-mod-disabled'))
                .map(item => [item.dataset.type, item.dataset.command || '', item.querySelector('.lm-Menu-itemLabel')?.textContent ?? ''])"""
        )
        if kind in {"command", "submenu"}
    ]


SETTING_SUBMENUS = {
    "Theme", "Language", "Text Editor Syntax Highlighting", "Text Editor Theme", "Text Editor Indentation",
    "Console Run Keystroke", "Code Folding", "Cell Type", "Right Sidebar", "Left Sidebar",
}  # fmt: skip
"""Submenus that choose a setting (a theme, a language, a panel shown), never a page: not walked (one has 100 entries)."""
NOT_CHOSEN = {
    "filemenu:close-and-cleanup": "closes the notebook under the walk",
    "kernelmenu:shutdown": "stops the kernel under the walk",
    "kernelmenu:shutdownAll": "stops the kernel under the walk",
    "application:clear-browser-data": "empties the storage under the walk",
    "application:toggle-zen": "hides the menu bar the walk goes on from",
    "application:toggle-top": "hides the menu bar the walk goes on from",
}
"""Entries the walk leaves out, none of which opens a page."""


@dataclass
class Opened:
    entry: str
    url: str
    status: int | None


def choose_every_entry(site: Site, page: Page) -> list[Opened]:
    """Choose each entry of each top-level menu and of its submenus (but ``SETTING_SUBMENUS``) as a reader would, one at
    a time, and return the pages those that open a page led to (new tabs, or the same tab going elsewhere)."""
    opened: list[Opened] = []
    home = page.url
    menus = [[name] for name in page.locator(".lm-MenuBar-item:visible").all_inner_texts()]  # the file browser's New too
    while menus:
        path = menus.pop(0)
        back_home(page, home, path[0])
        open_menu(page, path)
        for kind, command, label in entries(page):
            if kind == "submenu":
                if label not in SETTING_SUBMENUS:
                    menus.append([*path, label])
                continue
            if command in NOT_CHOSEN:
                continue
            back_home(page, home, path[0])
            open_menu(page, path)
            item = page.locator(".lm-Menu").last.locator(f".lm-Menu-item[data-command='{command}']", has_text=label)
            if not item.count():  # the entry went away as an earlier one changed the notebook (Move Cell Up at the top)
                continue
            entry = " > ".join([*path, label])
            item.first.click()
            # A page opens as the entry is chosen (New > Notebook: once the file is made); one that opens later is
            # visited after the next entry, under its name.
            page.wait_for_timeout(300)
            opened += visit_new_pages(site, page, entry)
            if page.url != home:
                opened.append(Opened(entry, page.url, None))
                page.goto(home)
                page.wait_for_selector(".lm-MenuBar-item", timeout=BOOT_TIMEOUT)
            dialog = page.locator(".jp-Dialog")
            if dialog.count() and "Select Kernel" in dialog.inner_text():  # New > Console: the reader takes the default
                dialog.locator(".jp-mod-accept").click()
                page.wait_for_timeout(2000)
                opened += visit_new_pages(site, page, entry)
            elif dialog.count():  # Rename…, Restart Kernel…: a question, answered No
                cancel = dialog.locator(".jp-mod-reject")
                cancel.first.click() if cancel.count() else page.keyboard.press("Escape")
            dialog.wait_for(state="detached")
    page.wait_for_timeout(1000)
    return opened + visit_new_pages(site, page, "(the last entry)")


def visit_new_pages(site: Site, page: Page, entry: str) -> list[Opened]:
    """Visit, then close, every page the context has open besides ``page``: those ``entry`` opened."""
    visited = []
    for new in [other for other in site.context.pages if other is not page]:
        visited.append(_visited(entry, new))
        new.close()
    return visited


def back_home(page: Page, home: str, menu: str) -> None:
    """Open ``home`` again if the menu is gone from sight (Licenses opens in a tab of the file browser's page, over its
    New menu)."""
    if not page.locator(".lm-MenuBar-item:visible", has_text=menu).count():
        page.goto(home)
        page.locator(".lm-MenuBar-item:visible", has_text=menu).first.wait_for(timeout=BOOT_TIMEOUT)


def _visited(entry: str, new: Page) -> Opened:
    """Wait until a page a menu entry opened has loaded (and its JupyterLite app started, for a page of the site)."""
    new.wait_for_load_state("load", timeout=BOOT_TIMEOUT)
    status = (
        new.evaluate("() => performance.getEntriesByType('navigation')[0]?.responseStatus || null") if new.url.startswith("http") else None
    )
    if status is not None and status < 400:  # the app starts: its own files load, and are found
        new.wait_for_selector("#main, .lm-Widget", state="attached", timeout=BOOT_TIMEOUT)
        new.wait_for_timeout(1000)
    return Opened(entry, new.url, status)


def test_file_open_shows_the_file_browser_with_the_notebooks(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.server}/lite/notebooks/index.html?path={EDITOR_NOTEBOOK}")
    page.wait_for_selector(".jp-Notebook", timeout=BOOT_TIMEOUT)
    open_menu(page, ["File"])
    with site.context.expect_page() as opened:
        page.locator(".lm-Menu .lm-Menu-item", has_text="Open…").first.click()
    browser_page = opened.value
    browser_page.wait_for_selector(".jp-DirListing-item", timeout=BOOT_TIMEOUT)
    assert urlsplit(browser_page.url).path == "/lite/tree/"
    listed = browser_page.locator(".jp-DirListing-item .jp-DirListing-itemText").all_inner_texts()
    assert set(NOTEBOOKS) <= set(listed), listed
    assert site.missing_pages() == []
    assert site.resources_refused == []


@pytest.mark.parametrize(
    ("app", "url"),
    [("notebook", f"lite/notebooks/index.html?path={EDITOR_NOTEBOOK}"), ("file browser", "lite/tree/index.html")],
)
def test_no_menu_entry_leads_to_a_missing_page(site: Site, app: str, url: str) -> None:
    page = site.page()
    page.goto(f"{site.server}/{url}")
    page.wait_for_selector(".lm-MenuBar-item", timeout=BOOT_TIMEOUT)
    page.wait_for_selector(".jp-Notebook" if app == "notebook" else ".jp-DirListing-item", timeout=BOOT_TIMEOUT)
    started = time.perf_counter()
    opened = choose_every_entry(site, page)
    print(f"{app}: {len(opened)} pages opened from the menus in {time.perf_counter() - started:.0f} s:", *opened, sep="\n  ")
    on_site = [visit for visit in opened if visit.url.startswith(site.server)]
    elsewhere = [visit for visit in opened if not visit.url.startswith(site.server)]
    # The walk reached JupyterLite's other apps, so it did choose the entries that open them.
    reached = {urlsplit(visit.url).path.split("/")[2] for visit in on_site}
    assert {"notebooks", "edit", "consoles"} <= reached, opened
    if app == "notebook":
        assert {"tree", "lab"} <= reached, opened
    assert [visit for visit in on_site if visit.status is not None and visit.status >= 400] == []
    assert site.missing_pages() == []
    # Help's links to Jupyter's documentation and forum leave the site when followed (and are refused here); no page
    # of the site fetches anything from elsewhere by itself.
    assert all(visit.url in {"chrome-error://chromewebdata/", "about:blank"} for visit in elsewhere), elsewhere
    assert site.resources_refused == []


# The editor as an app -------------------------------------------------------------------------------------------------------

JUPYTER_CHROME = (".jp-InputArea", ".jp-CodeConsole-promptCell", ".jp-OutputPrompt", ".jp-CodeConsole-banner", ".jp-Toolbar", ".lm-MenuBar")
"""Code, prompts, the input line, the banner, the toolbar, menus: none shows in the editor's app."""


def open_editor_app_from_its_notebook_page(site: Site, page: Page) -> None:
    """Open notebook 02's page on the site, click "Open the editor", and wait for the editor."""
    page.goto(f"{site.server}/notebooks/02-your-own-canvas.html")
    page.get_by_role("link", name="Open the editor", exact=True).click()
    page.wait_for_selector(".bmc-editor .bmc-preview svg", timeout=BOOT_TIMEOUT)


def type_title(page: Page, text: str) -> None:
    """Type ``text`` at the end of the editor's title, key by key, and wait until the drawing shows it."""
    title = page.locator(".bmc-editor").first.get_by_label("Title", exact=True)
    title.click()
    page.keyboard.press("End")
    page.keyboard.type(text)
    drawn(page, text)


def drawn(page: Page, text: str) -> None:
    page.wait_for_function(
        "text => document.querySelector('.bmc-editor .bmc-preview svg')?.textContent.includes(text)", arg=text, timeout=30_000
    )


KEPT_IN_BROWSER = """async ([path, text]) => {
    // JupyterLite's drive: an IndexedDB database per site, files by path in its 'files' store, text or base64.
    const open = (name) => new Promise((done, failed) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => done(request.result);
        request.onerror = failed;
    });
    for (const { name } of await indexedDB.databases()) {
        if (!name.startsWith('JupyterLite Storage')) continue;
        const db = await open(name);
        const file = db.objectStoreNames.contains('files') ? await new Promise((done) => {
            const request = db.transaction('files').objectStore('files').get(path);
            request.onsuccess = () => done(request.result);
            request.onerror = () => done(null);
        }) : null;
        db.close();
        if (file) {
            const content = file.format === 'base64' ? new TextDecoder().decode(Uint8Array.from(atob(file.content), c => c.charCodeAt(0))) : String(file.content);
            if (content.includes(text)) return true;
        }
    }
    return false;
}"""


def kept(page: Page, text: str) -> bool:
    """Whether the kept canvas, in the browser's storage, holds ``text`` now."""
    return bool(page.evaluate(KEPT_IN_BROWSER, [KEPT, text]))


def test_notebook_02s_page_and_the_notebooks_page_open_the_editor_alone(built: Path) -> None:
    page = (built / "notebooks" / "02-your-own-canvas.html").read_text(encoding="utf-8")
    assert 'href="../lite/editor/index.html"' in page
    assert 'href="../lite/notebooks/index.html?path=02-your-own-canvas.ipynb"' in page  # the whole notebook, beside it
    assert 'href="lite/editor/index.html"' in (built / "notebooks.html").read_text(encoding="utf-8")
    for other in ("01-getting-started", "03-advisor", "04-economics", "05-compare-cases"):  # no student's editor there
        assert "lite/editor/" not in (built / "notebooks" / f"{other}.html").read_text(encoding="utf-8"), other


def test_the_editor_app_shows_the_editor_alone_and_draws_as_the_student_types(site: Site) -> None:
    page = site.page()
    wheels: list[str] = []  # the projects whose wheels the page's Python asked for

    def wheel(request: Request) -> None:
        if request.url.endswith(".whl"):
            wheels.append(request.url.rpartition("/")[2].partition("-")[0])

    site.context.on("request", wheel)
    open_editor_app_from_its_notebook_page(site, page)
    assert urlsplit(page.url).path == "/lite/editor/index.html"
    # It opens at the editor's top, the title in sight, and scrolls on to the drawing at its foot.
    editor = page.locator(".bmc-editor").first.bounding_box()
    title = page.locator(".bmc-editor").first.get_by_label("Title", exact=True).bounding_box()
    assert editor is not None
    assert title is not None
    assert 0 <= editor["y"] < 40, editor  # at the page's top left, nothing above it
    assert editor["x"] < 40, editor
    assert title["y"] + title["height"] < VIEWPORT["height"]
    page.mouse.move(VIEWPORT["width"] / 2, VIEWPORT["height"] / 2)
    page.mouse.wheel(0, 5000)
    page.wait_for_function("() => document.querySelector('.bmc-preview svg').getBoundingClientRect().bottom <= innerHeight")
    type_title(page, " by the sea")
    for chrome in JUPYTER_CHROME:
        assert not any(element.is_visible() for element in page.locator(chrome).all()), chrome
    assert "CanvasEditor" not in page.locator("body").inner_text()
    assert {"bmckit", "ipython", "ipywidgets"} <= set(wheels)
    assert "jedi" not in wheels  # code completion: the app has no code to complete
    assert site.missing_pages() == []
    assert site.resources_refused == []
    assert site.console_errors() == []


def test_code_completes_where_the_reader_writes_code(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.server}/lite/repl/index.html?kernel=python&code=import+bmckit")  # run as the console starts
    page.wait_for_selector(".jp-CodeConsole-content .jp-InputArea-prompt:has-text('[1]')", timeout=BOOT_TIMEOUT)
    page.locator(".jp-CodeConsole-input .cm-content").click()
    page.keyboard.type("bmckit.Can")
    page.keyboard.press("Tab")
    page.locator(".jp-Completer-item", has_text="Canvas").first.wait_for(timeout=30_000)
    assert [error for error in site.console_errors() if REPL_BROKEN_PLUGIN not in error] == []


def test_the_editor_app_offers_back_what_was_typed_after_a_reload(site: Site) -> None:
    page = site.page()
    open_editor_app_from_its_notebook_page(site, page)
    type_title(page, " by the sea")
    page.reload()  # as soon as the typed text is drawn: what the editor draws is kept already
    restore = page.locator(".bmc-editor .bmc-restore button", has_text="Restore")
    restore.wait_for(timeout=BOOT_TIMEOUT)
    assert "My business model by the sea" in restore.inner_text()
    restore.click()
    drawn(page, "My business model by the sea")
    assert page.locator(".bmc-editor").first.get_by_label("Title", exact=True).input_value() == "My business model by the sea"
    assert site.console_errors() == []


def run_all_again(page: Page) -> None:
    """Run > Run All Cells once more, and wait until every code cell has run again (its count grown)."""
    counts = "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => Number((p.textContent.match(/\\d+/) || [0])[0]))"
    before = max(page.evaluate(counts))
    choose_run_all(page)
    page.wait_for_function(f"() => ({counts})().every(count => count > {before})", timeout=BOOT_TIMEOUT)


def test_the_notebook_keeps_what_was_typed_through_run_all_and_a_reload(site: Site) -> None:
    page = site.page()
    page.goto(f"{site.server}/lite/notebooks/index.html?path={EDITOR_NOTEBOOK}")
    run_all(page)
    type_title(page, " on the hill")
    title = page.locator(".bmc-editor").first.get_by_label("Title", exact=True)
    for _ in range(2):  # straight after typing, as a student may: the editor made again carries on with the canvas
        run_all_again(page)
        drawn(page, "My business model on the hill")
        assert title.input_value() == "My business model on the hill"
        assert kept(page, "My business model on the hill")  # as soon as it is drawn
    page.reload()
    run_all(page)
    restore = page.locator(".bmc-editor .bmc-restore button", has_text="Restore")
    restore.wait_for(timeout=BOOT_TIMEOUT)
    assert "My business model on the hill" in restore.inner_text()
    restore.click()
    drawn(page, "My business model on the hill")
    assert site.resources_refused == []
