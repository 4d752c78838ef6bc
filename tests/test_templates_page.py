"""The templates page as a downloader meets it: each template's preview and its download buttons first, at 1280 and 390 px.

One page object opens ``templates.html`` in Chromium (every request beyond the local server refused) and reads what a
person sees: what follows the page's heading, the previews, the buttons and where they lead. The buttons' files are
read as PDFs; the previews are checked to be bmckit's own drawing of each template.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader

from bmckit.layout import layout_for
from bmckit.render import template_svg
from bmckit.sphinxext.config import BmcConfig
from tests.localweb import localhost_only

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.slow  # reads the built site

AXE = Path(__file__).parent / "site" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core as tests/test_site.py installs it (pinned in tests/site/package.json)."""

READ = """() => {
  const article = document.querySelector('article.bd-article');
  const heading = article.querySelector('h1');
  let next = heading.nextElementSibling;
  while (next && next.matches('style, script, span:empty')) next = next.nextElementSibling;
  return {
    afterHeading: next ? next.className : null,
    scrollWidth: document.documentElement.scrollWidth,
    cards: [...article.querySelectorAll('.bmc-templates > figure.bmc-template')].map((card) => {
      const img = card.querySelector('img');
      const box = img.getBoundingClientRect();
      return {
        id: card.id,
        heading: card.querySelector('h2').textContent.trim(),
        src: img.src, alt: img.alt, width: img.getAttribute('width'), height: img.getAttribute('height'),
        natural: img.naturalWidth, shown: [box.width, box.height],
        buttons: [...card.querySelectorAll('a.bmc-template-button')].map((a) => {
          const r = a.getBoundingClientRect();
          return {href: a.href, name: a.textContent.replace(/\\s+/g, ' ').trim(), box: [r.left, r.top, r.right, r.bottom]};
        }),
      };
    }),
  };
}"""


class TemplatesPage:
    """``templates.html`` in Chromium at one window width."""

    def __init__(self, browser: Browser, server: str, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.refused = localhost_only(self.context, server)
        self.page: Page = self.context.new_page()
        self.page.goto(f"{server}/templates.html", wait_until="load")
        self.seen: dict[str, Any] = self.page.evaluate(READ)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [button for card in self.seen["cards"] for button in card["buttons"]]

    def fetched(self, url: str) -> bytes:
        response = self.page.request.get(url)
        assert response.ok, (url, response.status)
        return response.body()

    def tab_from(self, href: str) -> str:
        """Where the keyboard's focus goes with one Tab from the button to ``href``."""
        self.page.focus(f'a.bmc-template-button[href="{self.page.evaluate("(h) => new URL(h).pathname.slice(1)", href)}"]')
        self.page.keyboard.press("Tab")
        return str(self.page.evaluate("document.activeElement.href || document.activeElement.outerHTML.slice(0, 80)"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module", params=[1280, 390], ids=["desktop", "phone"])
def templates(request: pytest.FixtureRequest, browser: Browser, server: str) -> Iterator[TemplatesPage]:
    opened = TemplatesPage(browser, server, request.param)
    yield opened
    opened.close()


def test_the_previews_and_buttons_come_first_one_card_a_paper_each_button_to_its_template(templates: TemplatesPage) -> None:
    assert templates.seen["afterHeading"] == "bmc-templates", "the first thing under the page's heading"
    papers = BmcConfig().template_papers
    assert [card["id"] for card in templates.seen["cards"]] == [f"template-{paper}" for paper in papers]
    for paper, card in zip(papers, templates.seen["cards"], strict=True):
        layout = layout_for(paper)
        assert card["heading"].startswith(layout.paper_name)
        files = [templates.fetched(button["href"]) for button in card["buttons"]]
        assert [button["name"] for button in card["buttons"]] == [
            f"{layout.paper_name} {kind} PDF · {len(data) / 1024:.0f} KB"
            for kind, data in zip(("Printable", "Fillable"), files, strict=True)
        ]
        assert [button["href"].split("/")[-2:] for button in card["buttons"]] == [
            ["templates", f"bmc-{paper}-printable.pdf"],
            ["templates", f"bmc-{paper}-fillable.pdf"],
        ]
        printable, fillable = (PdfReader(io.BytesIO(data)) for data in files)
        for pdf in (printable, fillable):
            assert [float(n) for n in pdf.pages[0].mediabox[2:]] == pytest.approx([layout.width, layout.height], abs=0.01)
        assert printable.get_fields() is None, "the printable template has no form fields"
        assert "designed_by" in (fillable.get_fields() or {})
        assert templates.fetched(card["src"]) == template_svg.render_blank(paper=paper).encode(), "the preview is bmckit's drawing"
        assert f"blank {layout.paper_name} template" in card["alt"]
        width, height = int(card["width"]), int(card["height"])
        assert height == round(width * layout.height / layout.width), "set before it loads, so the page does not move"
        assert card["natural"] > 0, f"{card['src']} did not load"
        assert card["shown"][1] == pytest.approx(card["shown"][0] * height / width, abs=1.5)
    assert templates.refused == []


def test_nothing_scrolls_sideways_the_buttons_fit_and_the_keyboard_reaches_them(templates: TemplatesPage) -> None:
    width = templates.page.viewport_size["width"]
    assert templates.seen["scrollWidth"] <= width, "the page scrolls sideways"
    for card in templates.seen["cards"]:
        (left, top, right, bottom), (_, top_2, right_2, _) = (button["box"] for button in card["buttons"])
        assert left >= 0, card["buttons"]
        assert right_2 <= width, card["buttons"]
        assert bottom - top >= 44, "a button big enough to tap"
        assert top_2 == pytest.approx(top), "the two buttons side by side"
        assert right <= width
        assert templates.tab_from(card["buttons"][0]["href"]) == card["buttons"][1]["href"]


def test_axe_core_finds_nothing_on_the_page(templates: TemplatesPage) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: tests/test_site.py installs it with npm ci")
    templates.page.add_script_tag(path=str(AXE))
    violations = templates.page.evaluate(
        """() => axe.run(document.querySelector('.bmc-templates'), {runOnly: {type: 'tag', values:
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})
           .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))"""
    )
    assert violations == []
