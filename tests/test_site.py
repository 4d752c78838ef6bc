"""The built site in a real browser: it builds with zero warnings, and every page it has is clean in Chromium.

The whole site is built once (the options of `make site`) into a temporary folder, served on 127.0.0.1 and visited
page by page in Debian's headless Chromium, driven by Playwright (one browser, one context). Every request that
would leave the machine is blocked and fails the tests. On every page: no console error, no uncaught error, every
internal link and download answers 200 (a fragment must name an id on its page), every image has alt text, and
axe-core (npm, pinned in tests/site/package.json) finds no serious or critical WCAG 2.1 A/AA violation. A page
whose source uses the ``{canvas}`` directive must show an inline SVG with a title and real text.

The tests read whatever pages exist, so they get stronger as pages arrive.
"""

from __future__ import annotations

import base64
import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

from bmckit import knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId, RelationshipType
from tests import axe

if TYPE_CHECKING:
    from tests.sitebuild import Build

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Route

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
SOURCE_SUFFIXES = (".md", ".rst", ".ipynb")
CANVAS_DIRECTIVE = re.compile(r"^\s*(?:(?:`{3,}|:{3,})\s*\{canvas\}|\.\.\s+canvas::)", re.MULTILINE)  # MyST or reST

pytestmark = [
    pytest.mark.slow,  # every test here reads the built site
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)"),
]


# The site, built once as `make site` builds it ------------------------------------------------------------------------


def sources() -> list[Path]:
    """The documents under docs/ (not the theme's files in _static or _templates)."""
    return sorted(
        path
        for path in DOCS.rglob("*")
        if path.suffix in SOURCE_SUFFIXES
        and not any(part.startswith(("_", ".")) for part in path.relative_to(DOCS).parts)
        and "_build" not in path.parts
    )


def html_of(source: Path) -> str:
    return source.relative_to(DOCS).with_suffix(".html").as_posix()


def pages(out: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (the theme's macros in _static are no pages)."""
    return sorted(
        path.relative_to(out).as_posix()
        for path in out.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(out).parts)
        and path.relative_to(out).parts[0] != "lite"  # the notebooks' JupyterLite app: tests/test_site_lite.py
    )


# The site on a localhost server; one browser and one context for the session -------------------------------------------


@dataclass
class Visit:
    """What one page did and holds in Chromium."""

    page: str
    errors: list[str] = field(default_factory=list)  # uncaught exceptions
    console: list[str] = field(default_factory=list)  # console errors
    left: list[str] = field(default_factory=list)  # requests blocked because they would leave the machine
    links: list[str] = field(default_factory=list)  # absolute hrefs of a[href]
    downloads: list[str] = field(default_factory=list)  # absolute hrefs of download links
    ids: set[str] = field(default_factory=set)
    no_alt: list[str] = field(default_factory=list)  # images without alt text
    svgs: list[dict[str, Any]] = field(default_factory=list)  # inline SVGs: their title and text
    violations: list[dict[str, Any]] = field(default_factory=list)  # axe-core's, every impact
    requests: int = 0  # unique URLs fetched, the page included
    bytes: int = 0  # their bodies' sizes, each URL counted once
    urls: dict[str, int] = field(default_factory=dict)


COLLECT = """() => ({
  // An SVG link's href is an SVGAnimatedString: resolve its value against the page, as the browser follows it.
  links: [...document.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href'), document.baseURI).href),
  downloads: [...document.querySelectorAll('a.download[href], a[download][href]')].map((a) => a.href),
  ids: [...document.querySelectorAll('[id]')].map((e) => e.id)
    .concat([...document.querySelectorAll('a[name]')].map((a) => a.getAttribute('name'))),
  noAlt: [...document.querySelectorAll('img')].filter((img) => !(img.getAttribute('alt') || '').trim())
    .map((img) => img.outerHTML.slice(0, 160)),
  svgs: [...document.querySelectorAll('svg')].filter((svg) => !svg.parentElement.closest('svg')).map((svg) => ({
    title: (svg.querySelector('title') || {textContent: ''}).textContent.trim(),
    texts: [...svg.querySelectorAll('text')].map((t) => t.textContent.trim()).filter(Boolean).length,
  })),
  weight: Object.entries(Object.fromEntries(
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .map((entry) => [entry.name.split('#')[0], entry.encodedBodySize || entry.transferSize || 0]))),
})"""


@pytest.fixture(scope="session")
def visits(built: Path, server: str, browser: Browser, axe_script: Path) -> dict[str, Visit]:
    """Every page of the site visited once in Chromium, with axe-core run on it."""
    local = urlsplit(server).netloc
    current = Visit("")

    def only_localhost(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if urlsplit(route.request.url).netloc == local or host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            current.left.append(route.request.url)
            route.abort("blockedbyclient")

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            current.console.append(f"{message.text} ({message.location.get('url', '')})")

    context = browser.new_context()
    context.route("**/*", only_localhost)
    page = context.new_page()
    page.on("pageerror", lambda error: current.errors.append(str(error)))
    page.on("console", console)
    found: dict[str, Visit] = {}
    try:
        for name in pages(built):
            current = found[name] = Visit(name)
            page.goto(f"{server}/{name}", wait_until="load")
            seen = page.evaluate(COLLECT)
            current.links, current.downloads, current.ids = seen["links"], seen["downloads"], set(seen["ids"])
            current.no_alt, current.svgs = seen["noAlt"], seen["svgs"]
            current.requests, current.bytes = len(seen["weight"]), sum(size for _, size in seen["weight"])
            current.urls = dict(seen["weight"])
            current.violations = axe.violations(page, axe_script)
    finally:
        context.close()
    return found


def failures(found: dict[str, Visit], what: str, *, by: str) -> str:
    return f"{what}:\n" + "\n".join(f"  {page}: {items}" for page, items in found.items() if items) + f"\n({by})"


# The build ----------------------------------------------------------------------------------------------------------


def test_the_whole_site_builds_with_zero_warnings(build: Build) -> None:
    assert build.warnings == "", f"the site builds with warnings:\n{build.warnings}"
    assert build.returncode == 0, f"sphinx-build failed:\n{build.output}"


def test_every_document_is_a_page(built: Path) -> None:
    built_pages = pages(built)
    missing = [html_of(source) for source in sources() if html_of(source) not in built_pages]
    assert missing == [], f"documents without a page: {missing}"
    assert "index.html" in built_pages


def test_axe_core_is_the_pinned_version(axe_script: Path) -> None:
    assert f"axe v{axe.AXE_VERSION}" in axe_script.read_text(encoding="utf-8")[:500]


# Every page in Chromium ---------------------------------------------------------------------------------------------


def test_every_page_is_visited(built: Path, visits: dict[str, Visit]) -> None:
    assert sorted(visits) == pages(built)
    weights = "\n".join(
        f"  {visit.bytes:>10,} B {visit.requests:>4} requests {len(visit.downloads):>3} downloads  {page}" for page, visit in visits.items()
    )
    print(f"\nBytes each page fetches, each URL counted once (network or cache):\n{weights}")  # for the benchmark


def test_no_page_makes_a_third_party_request(visits: dict[str, Visit]) -> None:
    left = {page: visit.left for page, visit in visits.items() if visit.left}
    assert left == {}, failures(left, "requests that would leave the machine", by="blocked by the test")


def test_no_page_has_a_console_error_or_an_uncaught_error(visits: dict[str, Visit]) -> None:
    errors = {page: visit.errors + visit.console for page, visit in visits.items() if visit.errors or visit.console}
    assert errors == {}, failures(errors, "errors in the browser", by="console and uncaught errors")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (tag == "a" and key == "name")):
                self.ids.add(value)


def _status(url: str) -> int:
    if url.startswith("data:"):  # a file carried in the link itself (a notebook's saved export): it must decode
        header, _, payload = url.partition(",")
        try:
            base64.b64decode(payload, validate=True) if header.endswith(";base64") else unquote(payload)
        except ValueError:
            return 0
        return 200
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # our own server on 127.0.0.1
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_internal_link_and_download_resolves(built: Path, server: str, visits: dict[str, Visit]) -> None:
    local = urlsplit(server).netloc
    ids = {f"{server}/{page}": visit.ids for page, visit in visits.items()}
    statuses: dict[str, int] = {}
    broken: dict[str, list[str]] = {}
    checked = 0
    for page, visit in visits.items():
        for href in dict.fromkeys(visit.links + visit.downloads):
            parts = urlsplit(href)
            if parts.netloc != local:
                continue
            checked += 1
            target = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            if target not in statuses:
                statuses[target] = _status(target)
            if statuses[target] != 200:
                broken.setdefault(page, []).append(f"{href} → HTTP {statuses[target]}")
                continue
            fragment = unquote(parts.fragment)
            if not fragment:
                continue
            key = f"{server}/index.html" if target.endswith("/") else target
            if key not in ids:  # a page the visits did not open: read its ids from the file
                parser = _Ids()
                parser.feed((built / unquote(parts.path).lstrip("/")).read_text(encoding="utf-8", errors="replace"))
                ids[key] = parser.ids
            if fragment not in ids[key]:
                broken.setdefault(page, []).append(f"{href} → no id {fragment!r}")
    assert checked > 0, "no internal link on any page"
    assert broken == {}, failures(broken, "internal links that do not resolve", by="HTTP status or missing id")


def test_every_download_link_resolves(server: str, visits: dict[str, Visit]) -> None:
    broken = {
        page: [f"{href} → HTTP {status}" for href in visit.downloads if (status := _status(href.split("#")[0])) != 200]
        for page, visit in visits.items()
    }
    broken = {page: hrefs for page, hrefs in broken.items() if hrefs}
    assert broken == {}, failures(broken, "download links that do not resolve", by="HTTP status")


def test_every_image_has_alt_text(visits: dict[str, Visit]) -> None:
    missing = {page: visit.no_alt for page, visit in visits.items() if visit.no_alt}
    assert missing == {}, failures(missing, "images without alt text", by="<img> without a non-empty alt")


def test_no_page_has_a_serious_or_critical_accessibility_violation(visits: dict[str, Visit]) -> None:
    found = {page: axe.serious(visit.violations) for page, visit in visits.items()}
    found = {page: violations for page, violations in found.items() if violations}
    listed = "\n".join(f"  {page}:\n{axe.described(violations)}" for page, violations in found.items())
    assert found == {}, f"axe-core {axe.AXE_VERSION} ({', '.join(axe.WCAG_21_A_AA)}) finds:\n{listed}"


def test_every_page_with_a_canvas_shows_it_as_an_inline_svg_with_a_title_and_text(visits: dict[str, Visit]) -> None:
    with_canvas = [html_of(source) for source in sources() if CANVAS_DIRECTIVE.search(source.read_text(encoding="utf-8"))]
    assert with_canvas, "no page uses the {canvas} directive: the site's pages have lost their canvases"
    bad = {}
    for page in with_canvas:
        svgs = visits[page].svgs
        good = [svg for svg in svgs if svg["title"] and svg["texts"] > 0]
        if not good:
            bad[page] = svgs or "no inline <svg>"
    assert bad == {}, failures(bad, "canvas pages without an inline SVG with a <title> and <text>", by="inline SVGs found")


# Light pages ----------------------------------------------------------------------------------------------------------

# An empty page of sphinx-book-theme 1.4 with its default options fetches about 2.3 MB, 1.56 MB of it the theme's
# fontawesome.js, which only redraws icons that its stylesheet's web font already draws (docs/_templates/layout.html
# drops it). Without it a content page here fetches about 0.87 MB: the theme's stylesheet (0.38 MB) and scripts,
# sphinx-design's and myst-nb's stylesheets, Sphinx's search scripts, the icon font (0.11 MB) and the page itself,
# a canvas page's inline SVG included. 1.5 MB leaves room for a long page or a new extension's assets, and fails as
# soon as a script the size of fontawesome.js comes back.
LIGHT_PAGE_BYTES = 1_500_000
NOTEBOOK_PAGE_BYTES = 4_000_000
"""A notebook page adds the widget library (html-manager's embed.js, 1.9 MB) and its widgets' saved state to a content page."""
HEAVY_THEME_SCRIPT = "/_static/scripts/fontawesome.js"


def is_notebook_page(page: str) -> bool:
    return page.startswith("notebooks/")


def test_every_content_page_fetches_less_than_an_empty_page_of_the_default_theme(visits: dict[str, Visit]) -> None:
    heavy = {
        page: f"{visit.bytes:,} B"
        for page, visit in visits.items()
        if visit.bytes >= (NOTEBOOK_PAGE_BYTES if is_notebook_page(page) else LIGHT_PAGE_BYTES)
    }
    assert heavy == {}, failures(
        heavy,
        f"pages that fetch {LIGHT_PAGE_BYTES:,} bytes or more ({NOTEBOOK_PAGE_BYTES:,} for a notebook)",
        by="unique URLs, bodies' sizes",
    )
    loaded = {page: [url for url in visit.urls if HEAVY_THEME_SCRIPT in url] for page, visit in visits.items()}
    loaded = {page: urls for page, urls in loaded.items() if urls}
    assert loaded == {}, failures(loaded, "pages that load the theme's icon script", by="fetched URLs")


# Canvases in dark mode and on a narrow screen --------------------------------------------------------------------------

CANVAS_LOOK = """() => {
  const svg = document.querySelector('figure.bmc-canvas svg');
  if (!svg) return null;
  let box = svg.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  box = box || document.documentElement;
  const s = svg.getBoundingClientRect(), b = box.getBoundingClientRect(), figure = svg.closest('figure');
  const after = figure.nextElementSibling;
  return {
    theme: document.documentElement.dataset.theme,
    page: getComputedStyle(document.body).backgroundColor,
    paper: getComputedStyle(svg.querySelector('.background') || svg).fill,
    svgBackground: getComputedStyle(svg).backgroundColor,
    filter: getComputedStyle(svg).filter,
    svgRight: s.right, boxLeft: b.left, boxRight: b.right, boxScrollWidth: box.scrollWidth,
    viewport: window.innerWidth, pageScrollWidth: document.documentElement.scrollWidth,
    figureBottom: figure.getBoundingClientRect().bottom, afterTop: after ? after.getBoundingClientRect().top : null,
  };
}"""


def canvas_pages() -> list[str]:
    return [html_of(source) for source in sources() if CANVAS_DIRECTIVE.search(source.read_text(encoding="utf-8"))]


def look_at_canvases(browser: Browser, server: str, **options: Any) -> dict[str, dict[str, Any]]:
    context = browser.new_context(**options)
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
    page = context.new_page()
    seen = {}
    try:
        for name in canvas_pages():
            page.goto(f"{server}/{name}", wait_until="load")
            seen[name] = page.evaluate(CANVAS_LOOK)
    finally:
        context.close()
    return seen


def test_a_canvas_stays_white_paper_in_dark_mode(built: Path, server: str, browser: Browser) -> None:
    assert canvas_pages(), "no page uses the {canvas} directive: the site's pages have lost their canvases"
    seen = look_at_canvases(browser, server, color_scheme="dark")
    wrong = {
        page: look
        for page, look in seen.items()
        if look is None
        or look["theme"] != "dark"
        or look["page"] in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}  # the page itself really is dark
        or look["paper"] != "rgb(255, 255, 255)"
        or look["svgBackground"] != "rgb(255, 255, 255)"
        or look["filter"] != "none"
    }
    assert wrong == {}, failures(wrong, "canvases that are not white paper in the theme's dark mode", by="computed styles")


def test_a_canvas_scrolls_within_its_box_on_a_narrow_screen(built: Path, server: str, browser: Browser) -> None:
    assert canvas_pages(), "no page uses the {canvas} directive: the site's pages have lost their canvases"
    seen = look_at_canvases(browser, server, viewport={"width": 375, "height": 812}, device_scale_factor=2)
    wrong = {
        page: look
        for page, look in seen.items()
        if look is None
        or look["svgRight"] > look["boxLeft"] + look["boxScrollWidth"] + 1  # the SVG's right edge is inside its scroll box
        or look["boxRight"] > look["viewport"] + 1  # the scroll box itself fits the screen
        or look["pageScrollWidth"] > look["viewport"]  # nothing makes the whole page scroll sideways
        or (look["afterTop"] is not None and look["afterTop"] < look["figureBottom"] - 1)  # the text after it starts below it
    }
    assert wrong == {}, failures(wrong, "canvases that overflow on a 375 px screen", by="bounding boxes")


def _page_text(page: Path) -> str:
    """A built page's text, markup and extra white space taken out."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())


@pytest.mark.parametrize("block", list(BlockId))
def test_each_block_has_a_page_with_its_questions_from_the_data(built: Path, block: BlockId) -> None:
    text = _page_text(built / "canvas" / f"{block.value.replace('_', '-')}.html")
    info = knowledge.block(block)
    assert info.title in text
    for question in info.questions:
        assert " ".join(html.escape(question, quote=False).split()) in text, question


@pytest.mark.parametrize("kind", list(RelationshipType))
def test_each_relationship_type_has_a_page_with_its_definition_from_the_data(built: Path, kind: RelationshipType) -> None:
    text = _page_text(built / "relationships" / f"{kind.value}.html")
    info = knowledge.relationship_type(kind)
    assert " ".join(html.escape(info.definition, quote=False).split()) in text


@pytest.mark.parametrize("case", CASE_NAMES)
def test_each_case_study_page_draws_that_case_with_its_items(built: Path, case: str) -> None:
    """The canvas on the page holds every note of the case: the start of each note is in the drawing's text."""
    page = (built / "cases" / f"{case}.html").read_text(encoding="utf-8")
    drawings = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    assert drawings, f"no canvas on the {case} page"
    drawn = " ".join(html.unescape(" ".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", drawings[0]))).split())
    canvas = load_case(case)
    assert canvas.title in drawn
    for _, _, item in canvas.all_items():
        start = " ".join(item.text.split()[:3])
        assert start in drawn, f"{case}: {item.text!r} is not on its canvas"
