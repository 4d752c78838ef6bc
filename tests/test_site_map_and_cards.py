"""The canvas on a phone as cards, and the canvas as the site's map, in headless Chromium on the built site.

One page object, at a phone's 390 × 844, goes through every page: none scrolls sideways. On each case page the
drawing gives way to its cards, every note of the case shown as text within the screen's width, the cards in
layout.toml's reading order. The home page's map links to all nine block pages from their places on the canvas's
grid, and each block page's small map marks its own block as the current page. axe-core finds no serious or
critical violation on the home page and a case page at that width.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bmckit import knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.layout import block_grid, reading_order
from bmckit.model import BlockId
from bmckit.sphinxext.site_links import block_page
from tests import axe
from tests.localweb import localhost_only

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.slow,  # every test here reads the built site
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)"),
]


@pytest.fixture(scope="module")
def phone(browser: Browser, server: str) -> Iterator[Page]:
    """The one page these tests drive, sized as a phone; a test that widens it sets it back."""
    context = browser.new_context(viewport=PHONE)
    localhost_only(context, server)
    try:
        yield context.new_page()
    finally:
        context.close()


def site_pages(built: Path) -> list[str]:
    """Every page of the site but the search machinery and the notebooks' JupyterLite app (its own tests)."""
    return sorted(
        path.relative_to(built).as_posix()
        for path in built.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(built).parts) and path.relative_to(built).parts[0] != "lite"
    )


def test_no_page_scrolls_sideways_on_a_phone(phone: Page, server: str, built: Path) -> None:
    wide = {}
    for name in site_pages(built):
        phone.goto(f"{server}/{name}", wait_until="load")
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[name] = width
    assert wide == {}, f"pages wider than a {PHONE['width']} px phone: {wide}"


NOTES = """() => {
  const shown = (el) => { const s = getComputedStyle(el); const box = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility === 'visible' && box.width > 0 && box.height > 0; };
  const figure = document.querySelector('figure.bmc-canvas');
  const drawing = figure.querySelector(':scope > svg');
  return {
    drawingShown: drawing ? shown(drawing) : false,
    cardsShown: shown(figure.querySelector('.bmc-cards')),
    blocks: [...figure.querySelectorAll('.bmc-card')].map((card) => card.dataset.block),
    headings: [...figure.querySelectorAll('.bmc-card-title')].map((h) => h.textContent.trim()),
    notes: [...figure.querySelectorAll('.bmc-card-text')].map((p) => {
      const box = p.getBoundingClientRect();
      return {block: p.closest('.bmc-card').dataset.block, text: p.textContent, shown: shown(p), left: box.left, right: box.right};
    }),
    sheet: (figure.querySelector('a.bmc-full-sheet') || {}).href || null,
  };
}"""


@pytest.mark.parametrize("name", CASE_NAMES)
def test_on_a_phone_every_note_of_a_case_is_a_card_in_reading_order(phone: Page, server: str, name: str) -> None:
    phone.goto(f"{server}/cases/{name}.html", wait_until="load")
    seen: dict[str, Any] = phone.evaluate(NOTES)
    assert not seen["drawingShown"]
    assert seen["cardsShown"]
    assert seen["blocks"] == [str(block) for block in reading_order()]
    assert seen["headings"] == [knowledge.block(block).title for block in reading_order()]
    canvas = load_case(name)
    expected = [(str(block), item.text) for block in reading_order() for item in canvas.items(block)]
    assert [(note["block"], note["text"]) for note in seen["notes"]] == expected
    hidden = [note["text"] for note in seen["notes"] if not note["shown"]]
    outside = [note["text"] for note in seen["notes"] if note["left"] < 0 or note["right"] > PHONE["width"]]
    assert hidden == []
    assert outside == []
    assert seen["sheet"] == f"{server}/cases/{name}.svg"
    response = phone.request.get(seen["sheet"])
    assert response.ok
    assert response.headers["content-type"].startswith("image/svg")


def test_on_a_phone_the_cards_link_to_the_whole_sheet_opens_it_full_screen_and_escape_comes_back(phone: Page, server: str) -> None:
    phone.goto(f"{server}/cases/netflix.html", wait_until="load")
    link = phone.locator("a.bmc-full-sheet").first
    link.focus()
    phone.keyboard.press("Enter")
    dialog = phone.locator("dialog[open]")
    dialog.wait_for()
    assert phone.url == f"{server}/cases/netflix.html"  # the view opened; the SVG file did not replace the page
    width = phone.evaluate("document.querySelector('dialog[open] svg').getBoundingClientRect().width")
    assert width > PHONE["width"] * 0.9  # the drawing shown, fitted to the phone's width
    phone.keyboard.press("Escape")
    assert dialog.count() == 0
    assert phone.evaluate("document.activeElement.classList.contains('bmc-full-sheet')")


def test_on_a_desktop_the_drawing_shows_and_the_cards_are_out_of_the_page(phone: Page, server: str) -> None:
    phone.set_viewport_size(DESKTOP)
    try:
        phone.goto(f"{server}/cases/netflix.html", wait_until="load")
        seen = phone.evaluate(NOTES)
    finally:
        phone.set_viewport_size(PHONE)
    assert seen["drawingShown"]
    assert not seen["cardsShown"]  # display: none, so a screen reader meets the notes once, in the drawing
    assert all(not note["shown"] for note in seen["notes"])


MAP = """() => [...document.querySelectorAll('nav.bmc-map a')].map((a) => {
  const box = a.getBoundingClientRect(); const grid = a.closest('ul').getBoundingClientRect();
  return {href: a.href, text: a.textContent.trim(), current: a.getAttribute('aria-current'),
          focus: !!a.closest('.bmc-map-focus'), x: (box.left + box.width / 2 - grid.left) / grid.width,
          y: (box.top + box.height / 2 - grid.top) / grid.height, right: box.right};
})"""


def grid_centres() -> dict[BlockId, tuple[float, float]]:
    """Where each block's centre is on the canvas's grid, as shares of its width and of its rows."""
    rows = block_grid()
    cells = {block: [(r, c) for r, row in enumerate(rows) for c, named in enumerate(row) if named is block] for block in BlockId}
    return {
        block: (
            (min(c for _, c in found) + max(c for _, c in found) + 1) / 2 / len(rows[0]),
            (min(r for r, _ in found) + max(r for r, _ in found) + 1) / 2 / len(rows),
        )
        for block, found in cells.items()
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_home_page_opens_with_the_map_linking_every_block_from_its_place(phone: Page, server: str, viewport: dict[str, int]) -> None:
    phone.set_viewport_size(viewport)
    try:
        phone.goto(f"{server}/index.html", wait_until="load")
        links = phone.evaluate(MAP)
        first = phone.evaluate("() => document.querySelector('article h1 ~ *:not(p)').matches('nav.bmc-map')")
    finally:
        phone.set_viewport_size(PHONE)
    assert first, "the map comes first after the title and its lead paragraph"
    by_href = {link["href"]: link for link in links}
    assert set(by_href) == {f"{server}/{block_page(block)}.html" for block in BlockId}
    centres = grid_centres()
    for block in BlockId:
        link = by_href[f"{server}/{block_page(block)}.html"]
        assert link["text"].replace("\u00ad", "").startswith(knowledge.block(block).title)
        assert link["x"] == pytest.approx(centres[block][0], abs=0.05), block
        assert link["right"] <= viewport["width"]
    rows = {block: centres[block][1] for block in BlockId}
    for block in BlockId:  # higher rows above lower ones (row heights differ, so only the order is checked)
        for other in BlockId:
            if rows[block] < rows[other]:
                assert by_href[f"{server}/{block_page(block)}.html"]["y"] < by_href[f"{server}/{block_page(other)}.html"]["y"]
    focus = [link["text"].replace("\u00ad", "") for link in links if link["focus"]]
    assert focus == [f"{knowledge.block(BlockId.CUSTOMER_RELATIONSHIPS).title} (this site's focus)"]
    assert all(link["current"] is None for link in links)
    for link in links:
        assert phone.request.get(link["href"]).ok


WAYS_IN = ["canvas/index", "relationships/index", "guide", "teach/index", "glossary", "canvas-format", "notebooks", "templates"]
"""Where the home page's "Where to start" cards led, and the notebooks and templates: under the map, the three ways in."""


def test_under_the_map_three_ways_in_lead_where_the_old_cards_did(phone: Page, server: str) -> None:
    phone.goto(f"{server}/index.html", wait_until="load")
    ways = phone.evaluate("""() => [...document.querySelectorAll('nav.bmc-map ~ .sd-container-fluid .sd-card')].map((card) => ({
        title: card.querySelector('.sd-card-title').textContent.trim(),
        links: [...card.querySelectorAll('a[href]')].map((a) => a.href)}))""")
    assert [way["title"] for way in ways] == ["Reading about it", "Studying it, or designing your own", "Teaching it"]
    linked = {link for way in ways for link in way["links"]}
    assert {f"{server}/{page}.html" for page in WAYS_IN} <= linked


@pytest.mark.parametrize("block", list(BlockId))
def test_each_block_page_shows_the_small_map_with_its_own_block_current(phone: Page, server: str, block: BlockId) -> None:
    phone.goto(f"{server}/{block_page(block)}.html", wait_until="load")
    links = phone.evaluate(MAP)
    assert len(links) == len(BlockId)
    current = [link for link in links if link["current"] == "page"]
    assert [link["href"] for link in current] == [f"{server}/{block_page(block)}.html"]
    assert phone.evaluate("() => document.querySelector('nav.bmc-map').getBoundingClientRect().top") < PHONE["height"]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", ["index.html", "cases/starbucks.html", "canvas/channels.html"])
def test_axe_finds_nothing_serious_on_a_phone(phone: Page, server: str, axe_script: Path, name: str, theme: str) -> None:
    phone.goto(f"{server}/{name}", wait_until="load")
    phone.evaluate("(theme) => { document.documentElement.dataset.theme = theme; document.documentElement.dataset.mode = theme; }", theme)
    found = axe.serious(axe.violations(phone, axe_script))
    assert found == [], axe.described(found)
