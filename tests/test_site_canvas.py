"""The canvas figure on the built site, in headless Chromium: readable, explorable, full screen, dark and printed.

Every case page at a 1280×900 window: the figure runs beyond the text column (sphinx-book-theme's full width) and
no note text or relationship label renders smaller than 11 CSS pixels; a wider window draws it larger. On one case
page: the segment lens dims the notes of the other segments (computed opacity), by mouse and by keyboard, and says
so in a live region; block headings, types and motivations link to the pages that explain them, the motivation's
tab opened; a note shows its full text and its status in words on hover and on focus; the full-screen view opens,
zooms, pans, fits and closes by keyboard and gives focus back; in dark mode the canvas and the charts keep white
paper in a frame; printed (Playwright's page.pdf, print media) the canvas has a landscape sheet of its own and the
rest is portrait; axe-core finds no serious or critical violation, light or dark.
"""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from bmckit.cases import CASE_NAMES, load_case
from bmckit.knowledge import source_text
from bmckit.model import BlockId
from bmckit.plan import ATTRIBUTION
from tests import axe

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.slow  # every test here reads the built site

SMALLEST_PX = 11.0
CASE = "netflix"

# The on-screen size of each note's text and label: its font size times the drawing's scale on screen.
TEXT_SIZES = """() => {
  const svg = document.querySelector('figure.bmc-canvas svg.bmc-canvas-screen');
  const sizes = [...svg.querySelectorAll('text.note-text, text.note-label')].map((t) => {
    const box = t.getBoundingClientRect();
    return {px: parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a, text: t.textContent, shown: box.width > 0};
  });
  const column = document.querySelector('article.bd-article p').getBoundingClientRect();
  const drawing = svg.getBoundingClientRect();
  return {sizes, column: column.width, drawing: drawing.width, left: drawing.left, right: drawing.right,
          pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth};
}"""

OPACITIES = """() => Object.fromEntries([...document.querySelectorAll('svg.bmc-canvas-screen g.note[data-block]')]
  .map((g) => [g.id, {opacity: parseFloat(getComputedStyle(g).opacity), segments: g.dataset.segments || ''}]))"""


def context(browser: Browser, server: str, **options: Any) -> BrowserContext:
    made = browser.new_context(**options)
    made.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort())
    return made


@pytest.fixture(scope="module")
def desktop(browser: Browser, server: str) -> Iterator[BrowserContext]:
    made = context(browser, server, viewport={"width": 1280, "height": 900})
    yield made
    made.close()


@pytest.fixture
def case_page(desktop: BrowserContext, server: str) -> Iterator[Page]:
    page = desktop.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/cases/{CASE}.html", wait_until="load")
    page.wait_for_selector(".bmc-canvas-tools button")
    yield page
    assert errors == [], f"script errors on the case page: {errors}"
    page.close()


def test_every_case_canvas_is_full_width_and_its_smallest_text_is_11_px_at_1280(desktop: BrowserContext, server: str) -> None:
    page = desktop.new_page()
    found = {}
    try:
        for case in CASE_NAMES:
            page.goto(f"{server}/cases/{case}.html", wait_until="load")
            found[case] = page.evaluate(TEXT_SIZES)
    finally:
        page.close()
    for case, seen in found.items():
        assert seen["sizes"], f"{case}: no note text in the drawing"
        smallest = min(seen["sizes"], key=lambda s: s["px"])
        assert smallest["px"] >= SMALLEST_PX, f"{case}: {smallest['text']!r} renders at {smallest['px']:.2f} px"
        assert seen["drawing"] > seen["column"] * 1.2, (
            f"{case}: the drawing ({seen['drawing']} px) keeps to the text column ({seen['column']} px)"
        )
        assert seen["right"] <= seen["viewport"], f"{case}: the figure runs off the window"
        assert seen["pageWidth"] <= seen["viewport"], f"{case}: the page scrolls sideways"
        items = sum(1 for _ in load_case(case).all_items())
        assert len({s["text"] for s in seen["sizes"]}) >= items, f"{case}: fewer lines than notes"


def test_a_wider_window_draws_the_canvas_larger_and_none_runs_off_the_window(browser: Browser, server: str) -> None:
    seen = {}
    for width in (1024, 1280, 1920):  # 1024: the theme's wide layout, with no contents column beside the text
        made = context(browser, server, viewport={"width": width, "height": 1000})
        page = made.new_page()
        page.goto(f"{server}/cases/{CASE}.html", wait_until="load")
        seen[width] = page.evaluate(TEXT_SIZES)
        made.close()
    assert seen[1920]["drawing"] > seen[1280]["drawing"] * 1.1, {w: s["drawing"] for w, s in seen.items()}
    for width, look in seen.items():
        assert look["right"] <= width, f"at {width} px the canvas runs off the window (to {look['right']} px)"


def test_choosing_a_segment_dims_the_notes_of_the_others_by_mouse_and_by_keyboard(case_page: Page) -> None:
    buttons = case_page.locator(".bmc-canvas-lens button[aria-pressed]")
    segments = load_case(CASE).segments
    assert buttons.count() == len(segments)
    first, second = segments[0], segments[1]

    def check(chosen: str) -> None:
        seen = case_page.evaluate(OPACITIES)
        own = {i: s for i, s in seen.items() if chosen in s["segments"].split()}
        others = {i: s for i, s in seen.items() if s["segments"] and chosen not in s["segments"].split()}
        assert own, f"no note serves {chosen}: {seen}"
        assert others, f"no note serves only other segments than {chosen}: {seen}"
        assert all(s["opacity"] == 1 for s in own.values()), own
        assert all(s["opacity"] < 0.5 for s in others.values()), others

    buttons.nth(0).click()
    assert buttons.nth(0).get_attribute("aria-pressed") == "true"
    check(first.id)
    live = case_page.locator(".bmc-canvas-tools [aria-live]")
    assert first.name in live.text_content()
    assert "dimmed" in live.text_content()

    buttons.nth(1).focus()
    case_page.keyboard.press("Enter")
    assert buttons.nth(0).get_attribute("aria-pressed") == "false"
    assert buttons.nth(1).get_attribute("aria-pressed") == "true"
    check(second.id)
    case_page.keyboard.press("Space")
    assert buttons.nth(1).get_attribute("aria-pressed") == "false"
    assert all(s["opacity"] == 1 for s in case_page.evaluate(OPACITIES).values()), "letting go of the lens lights every note"


def test_block_headings_types_and_motivations_link_to_their_pages(case_page: Page, server: str) -> None:
    svg = case_page.locator("svg.bmc-canvas-screen")
    headings = svg.locator("a.block-link")
    assert headings.count() == len(BlockId)
    hrefs = {
        urlsplit(a).path.removeprefix("/")
        for a in headings.evaluate_all("(as) => as.map((a) => a.href.baseVal ? new URL(a.href.baseVal, location).href : a.href)")
    }
    assert hrefs == {f"canvas/{b.value.replace('_', '-')}.html" for b in BlockId}
    types = svg.locator("a.type-link")
    motivations = svg.locator("a.motivation-link")
    relationships = [i for i in load_case(CASE).items(BlockId.CUSTOMER_RELATIONSHIPS)]
    assert types.count() == sum(1 for i in relationships if i.type)
    assert motivations.count() == sum(1 for i in relationships if i.motivation)
    motivation = next(i.motivation for i in relationships if i.motivation and i.motivation.value != "acquisition")
    link = svg.locator(f"a.motivation-link[href$='#motivation-{motivation.value}']").first
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box
    case_page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    case_page.wait_for_url(f"**/relationships/motivations.html#motivation-{motivation.value}")
    card = case_page.locator(f"#motivation-{motivation.value}")
    card.wait_for(state="visible")  # its tab opened, though it is not the first
    assert card.is_visible()


def test_a_note_shows_its_full_text_status_and_source_on_hover_and_on_focus(case_page: Page) -> None:
    canvas = load_case(CASE)
    block, index, item = next((b, i, it) for b, i, it in canvas.all_items() if it.status is not None and it.source)
    note = case_page.locator(f"svg.bmc-canvas-screen g.note[data-block='{block}'][data-item='{index}']").first
    tip = case_page.locator(".bmc-note-tip")
    note.hover()
    tip.wait_for(state="visible")
    shown = " ".join(tip.text_content().split())
    assert " ".join(item.text.split()) in shown
    assert {"hypothesis": "Hypothesis", "validated": "Validated"}[item.status.value] in shown
    assert f"Source: {source_text(item.source)}" in shown
    case_page.mouse.move(1, 1)
    tip.wait_for(state="hidden")
    note.focus()
    tip.wait_for(state="visible")
    assert note.get_attribute("aria-describedby") == "bmc-note-tip"


def test_full_screen_opens_zooms_pans_fits_and_closes_by_keyboard(case_page: Page) -> None:
    opener = case_page.locator(".bmc-canvas-fullscreen")
    opener.focus()
    case_page.keyboard.press("Enter")
    dialog = case_page.locator("dialog.bmc-canvas-dialog[open]")
    dialog.wait_for(state="visible")
    assert dialog.locator("svg.bmc-canvas-screen").count() == 1, "the drawing is in the dialog"
    box = dialog.locator("svg.bmc-canvas-screen").bounding_box()
    assert box, "the drawing is not shown in the dialog"
    assert box["width"] > 1280 * 0.9 or box["height"] > 900 * 0.85, f"the canvas does not fill the window: {box}"

    def scale() -> float:
        return float(dialog.get_attribute("data-scale") or 0)

    def offset() -> str:
        return dialog.locator(".bmc-canvas-pan").evaluate("(e) => e.style.transform")

    fitted = scale()
    case_page.keyboard.press("+")
    case_page.keyboard.press("+")
    assert scale() > fitted * 1.5
    before = offset()
    case_page.keyboard.press("ArrowRight")
    case_page.keyboard.press("ArrowDown")
    assert offset() != before
    case_page.keyboard.press("-")
    assert scale() < fitted * 1.5
    case_page.keyboard.press("0")
    assert scale() == pytest.approx(fitted, rel=1e-3)
    case_page.mouse.move(640, 450)
    case_page.mouse.wheel(0, -400)  # the wheel zooms in about the pointer
    case_page.wait_for_function("(fitted) => parseFloat(document.querySelector('dialog[open]').dataset.scale) > fitted * 1.2", arg=fitted)
    dialog.get_by_role("button", name="Fit").click()
    assert scale() == pytest.approx(fitted, rel=1e-3)
    case_page.locator(".bmc-canvas-stage").focus()
    case_page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert case_page.locator("figure.bmc-canvas svg.bmc-canvas-screen").count() == 1, "the drawing is back in its figure"
    assert case_page.evaluate("() => document.activeElement.classList.contains('bmc-canvas-fullscreen')")
    opener.click()
    dialog.wait_for(state="visible")
    # Asked in the same task as the click: the page must not show an empty figure even for a moment.
    back_at_once = case_page.evaluate(
        """() => {
            document.querySelector("dialog[open] [data-zoom=close]").click();
            return !document.querySelector("dialog[open]") && !!document.querySelector("figure.bmc-canvas svg.bmc-canvas-screen");
        }"""
    )
    assert back_at_once, "Close shuts the view and puts the drawing back in its figure at once"


FRAME = """(selector) => [...document.querySelectorAll(selector)].map((svg) => {
  const s = getComputedStyle(svg), paper = svg.querySelector('.background, rect');
  return {background: s.backgroundColor, paper: paper ? getComputedStyle(paper).fill : null, outline: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth), page: getComputedStyle(document.body).backgroundColor};
})"""


def test_in_dark_mode_canvases_and_charts_keep_light_paper_in_a_frame(browser: Browser, server: str) -> None:
    made = context(browser, server, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = made.new_page()
    try:
        seen = {}
        for path, selector in (
            (f"cases/{CASE}.html", "figure.bmc-canvas svg.bmc-canvas-screen"),
            ("measuring/crm-market.html", "figure.bmc-chart-figure svg"),
        ):
            page.goto(f"{server}/{path}", wait_until="load")
            assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
            seen[path] = page.evaluate(FRAME, selector)
    finally:
        made.close()
    for path, found in seen.items():
        assert found, f"nothing to look at on {path}"
        for look in found:
            assert look["page"] not in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}, f"{path}: the page is not dark"
            assert look["background"] == "rgb(255, 255, 255)", f"{path}: {look}"
            assert look["paper"] == "rgb(255, 255, 255)", f"{path}: {look}"
            assert look["outline"] == "solid", f"{path}: no frame around the paper: {look}"
            assert look["outlineWidth"] >= 4, f"{path}: no frame around the paper: {look}"


def test_a_printed_case_page_puts_the_canvas_on_a_landscape_sheet_of_its_own(desktop: BrowserContext, server: str) -> None:
    from pypdf import PdfReader

    page = desktop.new_page()
    try:
        page.goto(f"{server}/cases/{CASE}.html", wait_until="load")
        headings = page.evaluate(
            "() => [...document.querySelectorAll('article h2, article h3')].map((h) => h.textContent.replace('#', '').trim())"
        )
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    finally:
        page.close()
    sheets = []
    spread = {}
    for number, sheet in enumerate(pdf.pages):
        box = sheet.mediabox
        xs: list[float] = []

        def where(text: str, cm: list[float], tm: list[float], *_: object, xs: list[float] = xs) -> None:
            if text.strip():
                xs.append(tm[4] * cm[0] + cm[4])

        sheet.extract_text(visitor_text=where)
        spread[number] = (max(xs) - min(xs)) / float(box.width) if xs else 0.0
        sheets.append((float(box.width) > float(box.height), " ".join(unicodedata.normalize("NFKC", sheet.extract_text()).split())))
    landscape = [text for wide, text in sheets if wide]
    assert len(landscape) == 1, f"{len(landscape)} landscape sheets of {len(sheets)}"
    wide_sheet = next(number for number, (wide, _) in enumerate(sheets) if wide)
    # From the first block's text to the end of the attribution: 79% of the sheet when the drawing fills it (less the
    # sheet's and the drawing's own margins), far less when it was laid out as wide as a portrait sheet.
    assert spread[wide_sheet] > 0.72, f"the canvas's text spans {spread[wide_sheet]:.0%} of its sheet's width"
    canvas = load_case(CASE)
    assert "Key Partnerships" in landscape[0]
    assert "Customer Segments" in landscape[0]
    assert canvas.title in landscape[0]
    assert "Download:" not in landscape[0]
    assert not sheets[0][0], "the page starts on a portrait sheet"
    portrait = " ".join(text for wide, text in sheets if not wide)
    assert "Relationships by segment" in portrait
    assert ATTRIBUTION not in portrait, "the drawing is on a portrait sheet too"
    assert headings, "the case page has no section headings to check"
    for _, text in sheets:
        assert not text.endswith(tuple(headings)), f"a heading alone at a sheet's foot: {text[-80:]!r}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_a_case_page(browser: Browser, server: str, axe_script: Path, scheme: str) -> None:
    made = context(browser, server, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = made.new_page()
    try:
        page.goto(f"{server}/cases/{CASE}.html", wait_until="load")
        page.wait_for_selector(".bmc-canvas-tools button")
        page.locator(".bmc-canvas-lens button").first.click()  # with the lens on: dimmed notes too
        page.locator("svg.bmc-canvas-screen g.note").first.hover()  # and a note's full text shown
        found = axe.serious(axe.violations(page, axe_script))
    finally:
        made.close()
    assert found == [], axe.described(found)
