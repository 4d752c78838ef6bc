"""The editor-in-the-browser rows of `make bench`: how long a student waits for a working canvas editor, as they live it.

The clock starts at the student's click on notebook 02's page of the site: "Open the editor" (the editor alone,
``lite/editor/``) or "Run in your browser" (the whole notebook in JupyterLite, where the student then runs it with
Run > Run All Cells once the toolbar shows the kernel ready, as the notebook asks). It stops when a character typed
into the editor's title shows in the editor's drawing: the editor is on screen, Python runs it, and it answers. Each run is a fresh browser context, so an
empty cache and empty storage, as on a student's first visit; the site's page itself is loaded before the clock
starts. Chromium is Debian's, headless, offline but for this machine, as in ``site_bench.py``.

Run alone on a built site: ``python tests/benchmarks/lite_bench.py --site _build/html``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Page

RUNS = 5
EDITOR_NOTEBOOK_PAGE = "notebooks/02-your-own-canvas.html"
TYPED = "Q"
TIMEOUT = 120_000
"""Milliseconds any step may take before the run fails: Pyodide's start on a busy two-core machine."""


@dataclass(frozen=True)
class Waited:
    """Seconds from the click to the app's page being up (JupyterLite's front end, before Python), and to the typed
    character drawn."""

    page: float
    typed: float


def editor_app(browser: Browser, server: str) -> Waited:
    """Click "Open the editor", wait for the editor, type into its title."""
    return _timed(browser, server, "Open the editor", _editor_app_page)


def notebook(browser: Browser, server: str) -> Waited:
    """Click "Run in your browser", run the notebook from the Run menu, wait for the editor, type into its title."""
    return _timed(browser, server, "Run in your browser", _notebook_page)


def _editor_app_page(page: Page) -> None:
    page.wait_for_selector(".jp-CodeConsole", state="attached", timeout=TIMEOUT)


def _notebook_page(page: Page) -> None:
    page.wait_for_selector(".jp-Notebook", timeout=TIMEOUT)


def _timed(browser: Browser, server: str, link: str, page_up: Callable[[Page], None]) -> Waited:
    from tests.jupyterlite import KERNEL_READY, choose_run_all  # on the path once site_bench is imported, as in measure

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{server}/{EDITOR_NOTEBOOK_PAGE}", wait_until="load")
        start = time.perf_counter()
        page.get_by_role("link", name=link, exact=True).click()
        page_up(page)
        shown = time.perf_counter() - start
        if link == "Run in your browser":  # as the notebook asks: once the toolbar shows the kernel ready
            page.wait_for_function(f"() => {KERNEL_READY}", timeout=TIMEOUT)
            choose_run_all(page)
        title = page.locator(".bmc-editor").first.get_by_label("Title", exact=True)
        title.click(timeout=TIMEOUT)
        page.keyboard.press("End")
        page.keyboard.type(TYPED)
        page.wait_for_function(
            "text => document.querySelector('.bmc-editor .bmc-preview svg')?.textContent.includes(text)",
            arg=f"My business model{TYPED}",
            timeout=TIMEOUT,
        )
        return Waited(shown, time.perf_counter() - start)
    finally:
        context.close()


def measure(row: Callable[..., None], site: Path) -> None:
    """Add the rows through bench.py's ``row(name, value, target, unit)``, for the site built in ``site``."""
    from site_bench import chromium
    from tests.localweb import served

    print(f"lite: a click on notebook 02's page to a typed character in the editor's drawing, median of {RUNS}", file=sys.stderr)
    with chromium() as browser, served(site) as server:
        app = [editor_app(browser, server) for _ in range(RUNS)]
        whole = [notebook(browser, server) for _ in range(RUNS)]
    row(
        'Editor in the browser, alone: click on "Open the editor" to a typed character drawn (first visit)',
        statistics.median(run.typed for run in app),
        6,
        unit=" s",
    )
    row("… of which to the page up (JupyterLite's front end, before Python)", statistics.median(run.page for run in app), None, unit=" s")
    row(
        'Editor in the browser, in notebook 02: click on "Run in your browser", Run All, a typed character drawn (first visit)',
        statistics.median(run.typed for run in whole),
        10,
        unit=" s",
    )
    row(
        "… of which to the notebook shown (JupyterLite's front end, before Python)",
        statistics.median(run.page for run in whole),
        None,
        unit=" s",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("_build/html"), help="a built site (default: %(default)s)")
    args = parser.parse_args()

    def row(name: str, value: float, target: float | None, unit: str = "ms") -> None:
        goal = "" if target is None else f" (target ≤ {target:g}{unit})"
        print(f"{name}: {value:.2f}{unit}{goal}")

    measure(row, args.site.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
