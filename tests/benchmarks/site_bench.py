"""The documentation site's rows of `make bench`: build times and the bytes a page fetches in a browser.

Build times are whole ``sphinx-build`` processes with `make site`'s options: cold (fresh output and doctree
folders each run, so every notebook executes and JupyterLite is written again each time, though the browser's
wheels, downloaded and compiled by the first build ever, come from the user's cache) and warm (the same command
again into the same folders, nothing changed). Page weight is measured in Debian's headless Chromium, driven by
Playwright (never a downloaded browser): each page opens in a fresh context, so with a cold cache, and every URL
it fetches is counted once by its response body's size. It is set beside an empty page of the default
sphinx-book-theme, built in the same run from a throwaway project that configures nothing but the theme. How long
a student waits for the editor in the browser, on the site the last cold build wrote, comes from ``lite_bench.py``.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, Request

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.localweb, shared with the browser tests

import lighthouse_bench  # noqa: E402 - beside this file, after the path is set for it
import lite_bench  # noqa: E402
from tests.localweb import served  # noqa: E402 - needs the repository on the path

DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # No host but this machine resolves: the site is measured offline, as its tests run it. Refusing requests in
    # Playwright instead (context.route) would also switch off the browser's cache, which a return visit relies on.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]  # fmt: skip
OPTIONS = ["-W", "--keep-going", "-n", "-q"]
"""`make site`'s options."""
PAGE_RESOURCES = {"document", "stylesheet", "script", "font", "image", "media", "fetch", "xhr"}
"""What a page fetches to show itself: HTML, CSS, JS (and what it fetches), fonts, images; a download is none."""
BUILD_RUNS = 3


def sphinx_build(config: Path, source: Path, out: Path, doctrees: Path) -> list[str]:
    return [sys.executable, "-m", "sphinx", *OPTIONS, "-c", str(config), "-b", "html", "-d", str(doctrees), str(source), str(out)]


def timed(command: list[str]) -> float:
    """Seconds ``command`` takes as a whole process; it must succeed (a build with a warning fails under -W)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    return seconds


def build_times(folder: Path, runs: int = BUILD_RUNS) -> tuple[float, float, Path]:
    """Median seconds of a cold build and of a warm rebuild with nothing changed, and the last cold build's site.

    Each cold build writes into fresh folders; the warm rebuilds go again into the last of them.
    """
    cold, out, doctrees = [], folder, folder
    for run in range(runs):
        # Each in a folder of its own: the notebooks' execution cache sits beside the output, so it starts empty too.
        out, doctrees = folder / f"cold-{run}" / "html", folder / f"cold-{run}" / "doctrees"
        cold.append(timed(sphinx_build(ROOT, DOCS, out, doctrees)))
    warm = [timed(sphinx_build(ROOT, DOCS, out, doctrees)) for _ in range(runs)]
    return statistics.median(cold), statistics.median(warm), out


def empty_default_site(folder: Path) -> Path:
    """A throwaway project, nothing configured but ``html_theme = "sphinx_book_theme"``, with one empty page, built."""
    source = folder / "source"
    source.mkdir(parents=True)
    (source / "conf.py").write_text('html_theme = "sphinx_book_theme"\n', encoding="utf-8")
    (source / "index.rst").write_text("", encoding="utf-8")
    out = folder / "html"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(folder / "doctrees"), str(source), str(out)],
        check=True,
        capture_output=True,
    )
    return out


def content_pages(out: Path) -> list[str]:
    """Every page of a built site, relative to its root (not the theme's files in _static and the like)."""
    return sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(out).parts)
        and path.relative_to(out).parts[0] != "lite"  # the notebooks' JupyterLite app: tests/test_site_lite.py
        and path.relative_to(out).as_posix() not in {"genindex.html", "search.html", "py-modindex.html"}
    )


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, with its HOME in a temporary folder."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": f"{home}/.config", "XDG_CACHE_HOME": f"{home}/.cache"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env)
            try:
                yield browser
            finally:
                browser.close()


WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
"""Where a notebook page keeps each widget's view: its parent is the widget's output."""


def page_bytes(browser: Browser, url: str, *, read_down: bool = False) -> int:
    """The bytes ``url`` fetches in a fresh context (cold cache): each URL once, by its response body's size.

    Requests that would leave the machine are blocked (and so weigh nothing), as in the site tests. ``read_down``
    scrolls to the page's first widget after its load, as a reader reading on does, so the widget library it then
    loads is weighed too.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
    finished: list[Request] = []
    page = context.new_page()
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(url, wait_until="load")
        if read_down:
            page.evaluate(f"document.querySelector('{WIDGET_VIEW}')?.parentElement.scrollIntoView()")
        try:
            page.wait_for_load_state("networkidle", timeout=15_000)
        except PlaywrightTimeout:  # now and then Chromium holds a finished page's connection open: weigh what it fetched
            print(f"site: {url} was still busy 15 s after it loaded; weighed by what it fetched by then", file=sys.stderr)
        sizes: dict[str, int] = {}
        for request in finished:
            key = request.url.split("#")[0]
            if request.resource_type in PAGE_RESOURCES and key not in sizes:
                sizes[key] = request.sizes()["responseBodySize"]
        return sum(sizes.values())
    finally:
        context.close()


def measure(row: Callable[..., None]) -> None:
    """Add the site's rows through bench.py's ``row(name, value, target, unit)``."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print(f"site: sphinx-build as a whole process, median of {BUILD_RUNS} cold builds and {BUILD_RUNS} warm", file=sys.stderr)
        cold, warm, site = build_times(folder / "site")
        row(
            "`make site`'s build, cold (fresh output and doctrees: every notebook run, JupyterLite written; its wheels from the cache)",
            cold,
            60,
            unit=" s",
        )
        row("`make site`'s build, warm (again, nothing changed: no notebook run, JupyterLite kept)", warm, 5, unit=" s")
        if not CHROMIUM.exists():
            print(f"site: page weight skipped: {CHROMIUM} is not installed (bash .ci/system-packages)", file=sys.stderr)
            return
        empty_site = empty_default_site(folder / "empty")
        print("site: bytes each page fetches in Chromium, fresh context per page", file=sys.stderr)
        with chromium() as browser, served(site) as ours, served(empty_site) as empty:
            weights = {name: page_bytes(browser, f"{ours}/{name}", read_down=name.startswith("notebooks/")) for name in content_pages(site)}
            empty_page = page_bytes(browser, f"{empty}/index.html")
        content = {name: weight for name, weight in weights.items() if not name.startswith("notebooks/")}
        notebooks = {name: weight for name, weight in weights.items() if name.startswith("notebooks/")}
        heaviest = max(content, key=content.__getitem__)
        row(
            f"Heaviest content page, bytes fetched (`{heaviest}`)",
            content[heaviest] / 1000,
            empty_page / 1000,
            unit=" KB",
            below="empty default page",
        )
        if notebooks:
            heaviest = max(notebooks, key=notebooks.__getitem__)
            row(
                f"Heaviest notebook page, bytes fetched (`{heaviest}`, widget library included)",
                notebooks[heaviest] / 1000,
                None,
                unit=" KB",
            )
        row("Empty page of the default sphinx-book-theme, bytes fetched", empty_page / 1000, None, unit=" KB")
        lite = site / "lite"
        if lite.is_dir():
            size = sum(path.stat().st_size for path in lite.rglob("*") if path.is_file())
            row(
                "Notebooks in the browser: size added to the site (`lite/`: JupyterLite's apps, Pyodide and the wheels)",
                size / 1e6,
                50,
                unit=" MB",
            )
            lite_bench.measure(row, site)
        lighthouse_bench.measure(row, site)  # the scores of a phone's visit, the site served gzipped
