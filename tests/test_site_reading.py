"""Formulas, tables, cards and search as a reader meets them: headless Chromium on the built site at 1280 × 900 and 390 × 844.

Every metric's formula is typeset mathematics (KaTeX's HTML and MathML, made at build time) with no script and no
request off localhost, its plain text kept, and it never runs out of its box. No table's cell is cut or off screen
unless its scroll box shows a cue; on a phone a wide table's rows are cards, each cell labelled with its column. Card
text is inset from the card's border and no card heading breaks mid-word on a phone. The search dialog's magnifier
stays clear of the typed text, the search page shows one search box, snippets hold the page's text and nothing of
the theme's, a glossary term stays apart from its definition, and "cocreation" finds the co-creation page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bmckit import knowledge
from tests.localweb import localhost_only

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW_DESKTOP = {"width": 1024, "height": 768}
"""A small laptop or a tablet held sideways: the theme's margin column shows, with no room for a table to reach into it."""
SIZES = {"desktop": DESKTOP, "phone": PHONE}
METRIC_PAGES = ("measuring/value-and-cost.html", "measuring/retention-and-churn.html", "measuring/satisfaction-and-advocacy.html")
TABLE_PAGES = ("cases/comparison.html", "relationships/index.html", "cases/amazon.html", "measuring/statistics.html", "teach/rubric.html")

pytestmark = [
    pytest.mark.slow,  # every test here reads the built site
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)"),
]


class Reader:
    """The one browser page these tests drive, and every request it was refused (anything off localhost)."""

    def __init__(self, page: Page, server: str, refused: list[str]) -> None:
        self.page, self.server, self.refused = page, server, refused

    def open(self, path: str, size: dict[str, int]) -> Page:
        self.page.set_viewport_size(size)
        self.page.goto(f"{self.server}/{path}", wait_until="load")
        return self.page


@pytest.fixture(scope="module")
def reader(browser: Browser, server: str) -> Iterator[Reader]:
    context = browser.new_context(viewport=DESKTOP)
    refused = localhost_only(context, server)
    try:
        yield Reader(context.new_page(), server, refused)
    finally:
        context.close()


FORMULAS = """() => [...document.querySelectorAll('.bmc-metric')].map((card) => {
  const formula = card.querySelector('div.bmc-formula');
  const typeset = formula && formula.querySelector('.bmc-formula-typeset');
  const box = formula ? formula.getBoundingClientRect() : null;
  const glyphs = typeset ? [...typeset.querySelectorAll('.katex-html *')].map((e) => e.getBoundingClientRect())
    .filter((r) => r.width > 0) : [];
  return {
    mathml: !!(formula && formula.querySelector('.katex-mathml math semantics')),
    html: !!(formula && formula.querySelector('.katex-html .katex-base, .katex-html .base')),
    hiddenFromReaders: typeset ? typeset.getAttribute('aria-hidden') : null,
    plain: formula ? formula.querySelector('.bmc-formula-text').textContent : null,
    overflow: typeset ? typeset.scrollWidth - typeset.clientWidth : null,
    outside: glyphs.filter((r) => r.left < box.left - 0.5 || r.right > box.right + 0.5).length,
    viewportOutside: glyphs.filter((r) => r.right > window.innerWidth).length,
  };
})"""


@pytest.mark.parametrize("size", SIZES)
def test_every_formula_is_typeset_mathematics_within_its_box(reader: Reader, size: str) -> None:
    plain_formulas = {m.formula for m in knowledge.metrics()}
    seen: list[dict[str, Any]] = []
    for path in METRIC_PAGES:
        page = reader.open(path, SIZES[size])
        page.evaluate("document.fonts.ready")
        assert page.evaluate("() => document.fonts.check('16px KaTeX_Main')"), "KaTeX's fonts are not loaded"
        assert page.locator("script[src*=katex]").count() == 0  # typeset at build time: no script on the page
        seen += page.evaluate(FORMULAS)
    assert len(seen) == len(knowledge.metrics())
    for formula in seen:
        assert formula["mathml"], formula
        assert formula["html"], formula
        assert formula["hiddenFromReaders"] == "true"  # they read the plain text instead
        assert formula["plain"] in plain_formulas
        assert formula["overflow"] <= 0, formula
        assert formula["outside"] == 0, formula
        assert formula["viewportOutside"] == 0, formula
    assert {f["plain"] for f in seen} == plain_formulas
    assert reader.refused == []


CELLS = """() => {
  const out = [];
  for (const table of document.querySelectorAll('.bd-article table')) {
    const box = table.closest('.pst-scrollable-table-container');
    const scrolls = box && box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible';
    const cue = box && getComputedStyle(box).backgroundImage.includes('gradient');
    const edge = box ? box.getBoundingClientRect() : null;
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const reflowed = getComputedStyle(table).display === 'block';
    for (const cell of table.querySelectorAll('tbody td, tbody th')) {
      const r = cell.getBoundingClientRect();
      if (r.width === 0) continue;
      const label = getComputedStyle(cell, '::before').content;
      out.push({
        table: table.className, text: cell.textContent.trim().slice(0, 40), scrolls, cue, reflowed,
        offScreen: r.left < -0.5 || r.right > window.innerWidth + 0.5,
        cut: edge ? r.left < edge.left - 0.5 || r.right > edge.right + 0.5 : false,
        label, heads, column: cell.cellIndex,
      });
    }
  }
  return out;
}"""


@pytest.mark.parametrize("size", [*SIZES, "narrow desktop"])
def test_no_table_is_cut_unless_it_scrolls_in_a_box_that_shows_so(reader: Reader, size: str) -> None:
    viewport = NARROW_DESKTOP if size == "narrow desktop" else SIZES[size]
    cut, sideways = [], []
    reflowed = 0
    for path in TABLE_PAGES:
        page = reader.open(path, viewport)
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            sideways.append(path)  # a wide table reaching past the window moves the whole page

        for cell in page.evaluate(CELLS):
            if (cell["offScreen"] or cell["cut"]) and not (cell["scrolls"] and cell["cue"]):
                cut.append((path, cell["table"], cell["text"]))
            if cell["reflowed"]:
                reflowed += 1
                # a card's cell is labelled with its column's heading
                assert cell["label"].strip('"') == cell["heads"][cell["column"]], (path, cell)
    assert cut == []
    assert sideways == []
    if size == "phone":
        assert reflowed > 0
    else:
        assert reflowed == 0


HIDDEN_HEADINGS = """() => {
  const table = document.querySelector('table.bmc-case-comparison');
  table.scrollIntoView({block: 'start'});
  return [...table.querySelectorAll('thead th')].filter((th) => {
    const r = th.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !(top && th.contains(top));
  }).map((th) => th.textContent.trim());
}"""


def test_the_five_cases_comparison_shows_every_column_on_a_desktop(reader: Reader) -> None:
    page = reader.open("cases/comparison.html", DESKTOP)
    box = page.evaluate(
        """() => { const b = document.querySelector('table.bmc-case-comparison').closest('.pst-scrollable-table-container');
        return {scroll: b.scrollWidth, client: b.clientWidth, right: b.getBoundingClientRect().right}; }"""
    )
    assert box["scroll"] <= box["client"] + 1, box
    assert box["right"] <= DESKTOP["width"]
    assert page.evaluate(HIDDEN_HEADINGS) == []  # nothing, the margin's sticky contents included, covers a column


CARDS = """() => [...document.querySelectorAll('.bd-article .sd-card')].map((card) => {
  const body = card.querySelector('.sd-card-body');
  const cardBox = card.getBoundingClientRect();
  const text = body.querySelector('p, dl');
  const textBox = text ? text.getBoundingClientRect() : cardBox;
  return {left: textBox.left - cardBox.left, right: cardBox.right - textBox.right};
})"""

BROKEN_WORDS = """() => {
  const broken = [];
  const headings = document.querySelectorAll('.bd-article .sd-card :is(.sd-card-header, .sd-card-title, dt)');
  for (const heading of headings) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("size", SIZES)
def test_card_text_is_inset_and_no_card_heading_breaks_mid_word(reader: Reader, size: str) -> None:
    page = reader.open("relationships/self-service.html", SIZES[size])
    insets = page.evaluate(CARDS)
    assert insets
    assert all(inset["left"] >= 8 and inset["right"] >= 8 for inset in insets), insets
    assert page.evaluate(BROKEN_WORDS) == []


ICON_AND_TEXT = """(form) => {
  const icon = form.querySelector('i.fa-magnifying-glass').getBoundingClientRect();
  const input = form.querySelector('input');
  const box = input.getBoundingClientRect();
  const textStart = box.left + parseFloat(getComputedStyle(input).paddingLeft);
  return {iconRight: icon.right, iconWidth: icon.width, textStart};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_search_dialog_icon_stays_clear_of_the_typed_text(reader: Reader, size: str) -> None:
    page = reader.open("index.html", SIZES[size])
    page.keyboard.press("Control+k")
    dialog_form = page.locator("#pst-search-dialog form.bd-search")
    dialog_form.locator("input").fill("retention")
    seen = dialog_form.evaluate(ICON_AND_TEXT)
    assert seen["iconWidth"] > 0
    assert seen["iconRight"] <= seen["textStart"], seen
    page.keyboard.press("Escape")


def visible_search_boxes(page: Page) -> list[str]:
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('input[type=search], .search-button-field, .search-button__button')]
            .filter((e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
              return r.width > 0 && r.height > 0 && s.visibility === 'visible'; }).map((e) => e.outerHTML.slice(0, 120))"""
        )
    )


def results(page: Page) -> list[dict[str, str]]:
    page.wait_for_selector("#search-results .search-summary", timeout=20_000)
    page.wait_for_function("() => !document.querySelector('#search-results li:not(:has(p.context))')", timeout=20_000)
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('#search-results li')].map((li) => ({
              href: li.querySelector('a').href, snippet: (li.querySelector('p.context') || {}).textContent || ''}))"""
        )
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_search_page_has_one_search_box_clear_of_its_icon(reader: Reader, size: str) -> None:
    page = reader.open("search.html?q=churn", SIZES[size])
    assert len(visible_search_boxes(page)) == 1, visible_search_boxes(page)
    seen = page.locator(".bd-search-container form.bd-search").evaluate(ICON_AND_TEXT)
    assert seen["iconRight"] <= seen["textStart"], seen


def test_snippets_hold_the_pages_text_and_keep_glossary_terms_apart(reader: Reader) -> None:
    page = reader.open("glossary.html", DESKTOP)
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('dl.glossary dt')].filter((dt) => dt.nextElementSibling?.tagName === 'DD')
        .map((dt) => { const term = dt.cloneNode(true); term.querySelectorAll('.headerlink').forEach((a) => a.remove());
          return [term.textContent.trim(), dt.nextElementSibling.textContent.trim().slice(0, 12)]; })"""
    )
    assert pairs
    page = reader.open("search.html?q=churn", DESKTOP)
    found = results(page)
    assert found
    chrome = ("Light Dark", "Settings", "Contents", "Skip to main content", "Ctrl+K", "Back to top")
    for result in found:
        assert not any(word in result["snippet"] for word in chrome), result
        for term, definition in pairs:
            assert term + definition not in result["snippet"], (term, result)
    glossary = next(r["snippet"] for r in found if r["href"].split("?")[0].endswith("/glossary.html"))
    assert any(f"{term}: {definition}" in glossary for term, definition in pairs), glossary


@pytest.mark.parametrize(
    ("query", "page_name"), [("cocreation", "relationships/co-creation.html"), ("selfservice", "relationships/self-service.html")]
)
def test_another_spelling_finds_the_page(reader: Reader, query: str, page_name: str) -> None:
    page = reader.open(f"search.html?q={query}", DESKTOP)
    found = [r["href"].split("?")[0].split("#")[0] for r in results(page)]
    assert f"{reader.server}/{page_name}" in found, found
