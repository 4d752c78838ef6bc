"""Accessibility the axe-core run in test_site.py does not cover: heading order and keyboard use (WCAG 2.1 AA).

Headings: every page's article (sphinx-book-theme's ``article.bd-article``, the page's own content; the theme's
navigation and sidebars around it carry no headings of the page) has exactly one h1 and never skips a level going
down (h2 then h4 is a skip). Keyboard: on representative pages in Chromium, the first Tab stop is the skip link, which
moves focus into the main content; every element that takes focus over the next Tab presses is visible and shows a
focus indicator; on a narrow screen a canvas is its cards, whose links the keyboard reaches, and never scrolls sideways.
"""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.localweb import localhost_only

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
HEADINGS = {f"h{level}": level for level in range(1, 7)}

pytestmark = pytest.mark.slow  # every test here reads the built site


class ArticleHeadings(HTMLParser):
    """The heading levels inside ``<article class="bd-article">``, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # nesting depth inside the article; 0 outside it
        self.levels: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += tag not in VOID
            if tag in HEADINGS:
                self.levels.append(HEADINGS[tag])
        elif tag == "article" and "bd-article" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in VOID:
            self.depth -= 1


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def article_pages(built: Path) -> list[Path]:
    return sorted(
        path
        for path in built.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(built).parts)
        and path.relative_to(built).parts[0] != "lite"  # the notebooks' JupyterLite app: tests/test_site_lite.py
        and path.name not in {"genindex.html", "search.html", "py-modindex.html"}
    )


def test_every_page_has_one_h1_and_never_skips_a_heading_level(built: Path) -> None:
    problems = {}
    for path in article_pages(built):
        parser = ArticleHeadings()
        parser.feed(path.read_text(encoding="utf-8"))
        levels = parser.levels
        name = path.relative_to(built).as_posix()
        if levels.count(1) != 1 or not levels or levels[0] != 1:
            problems[name] = f"h1 count {levels.count(1)}, first heading h{levels[0] if levels else '-'}"
            continue
        skips = [f"h{a}→h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
        if skips:
            problems[name] = ", ".join(skips)
    assert problems == {}, "\n".join(f"  {page}: {what}" for page, what in problems.items())


KEYBOARD_PAGES = [
    "index.html",
    "canvas/customer-relationships.html",
    "relationships/self-service.html",
    "cases/netflix.html",
    "templates.html",
    "canvas/quiz.html",  # radio buttons and buttons
    "teach/exercises.html",  # solutions in closed dropdowns
]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // The element or a part of it (the theme draws a <summary>'s ring on the toggle inside it) must show on screen and
  // carry the focus indicator.
  const parts = [el, ...el.querySelectorAll('*')];
  const shown = parts.filter((part) => { const box = part.getBoundingClientRect(); return box.width > 0 && box.height > 0; });
  const ringed = shown.filter((part) => {
    const style = getComputedStyle(part);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });
  // A stretched link (a sphinx-design card's) is an empty anchor whose ::after covers the card and draws the ring.
  const after = getComputedStyle(el, '::after');
  const stretched = after.content !== 'none' && after.position === 'absolute' && after.outlineStyle !== 'none';
  if (stretched && el.offsetParent) {
    const box = el.offsetParent.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) { shown.push(el.offsetParent); ringed.push(el); }
  }
  return {
    tag: el.tagName.toLowerCase(), cls: el.className && el.className.baseVal === undefined ? el.className : '',
    text: (el.textContent || el.getAttribute('aria-label') || el.title || '').trim().slice(0, 60),
    visible: shown.length > 0, ring: ringed.length > 0, inMain: !!el.closest('#main-content'),
    width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height,
  };
}"""


@pytest.fixture(scope="module")
def keyboard_page(server: str, browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    localhost_only(context, server)
    return context.new_page()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_the_skip_link_comes_first_and_leads_into_the_content(keyboard_page: Page, server: str, name: str) -> None:
    keyboard_page.goto(f"{server}/{name}", wait_until="load")
    keyboard_page.keyboard.press("Tab")
    first = keyboard_page.evaluate(FOCUSED)
    assert first is not None
    assert first["text"] == "Skip to main content"
    assert first["width"] > 0
    assert first["height"] > 0  # it shows when it has focus
    keyboard_page.keyboard.press("Enter")
    keyboard_page.keyboard.press("Tab")
    after = keyboard_page.evaluate(FOCUSED)
    assert after is not None
    assert after["inMain"], f"after the skip link, focus went to {after}"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_everything_that_takes_focus_is_visible_and_shows_it(keyboard_page: Page, server: str, name: str) -> None:
    keyboard_page.goto(f"{server}/{name}", wait_until="load")
    unseen = []
    for _ in range(40):
        keyboard_page.keyboard.press("Tab")
        focused = keyboard_page.evaluate(FOCUSED)
        if focused is None:
            continue
        if not (focused["visible"] and focused["ring"]):
            unseen.append(focused)
    assert unseen == [], f"focused but not visibly so: {unseen}"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
def test_on_a_narrow_screen_a_canvas_is_cards_the_keyboard_goes_through(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 420, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{server}/cases/netflix.html", wait_until="load")
        figure = page.locator("figure.bmc-canvas").first
        assert figure.evaluate("(f) => f.scrollWidth <= f.clientWidth")  # nothing to scroll sideways
        page.locator("figure.bmc-canvas .bmc-cards a").first.focus()
        reached = []
        for _ in range(6):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            assert focused is not None
            assert focused["visible"]
            assert focused["ring"]
            reached.append(page.evaluate("() => !!document.activeElement.closest('.bmc-cards')"))
        assert all(reached), "Tab leaves the cards before their links are done"
    finally:
        context.close()
