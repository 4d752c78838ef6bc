"""The ``{canvas-map}`` directive and the canvas's cards in tiny Sphinx sites: links relative to each page, the current
block marked, headings below their section, and a warning for a map whose pages are missing."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

from bmckit import knowledge
from bmckit.layout import reading_order
from bmckit.model import BlockId
from bmckit.sphinxext.site_links import block_page
from tests.test_sphinxext import build, toctree

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow  # builds Sphinx sites (seconds each)


class Links(HTMLParser):
    """Every link of a page with its attributes and text, and the headings, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.headings: list[tuple[str, str]] = []
        self._open: dict[str, str] | None = None
        self._heading: str | None = None
        self._classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag in {"nav", "div", "li", "section"}:
            self._classes.append(found.get("class", ""))
        if tag == "a":
            self._open = {**found, "text": "", "within": " ".join(self._classes)}
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and "bmc-card-title" in found.get("class", ""):
            self._heading = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in {"nav", "div", "li", "section"} and self._classes:
            self._classes.pop()
        if tag == "a" and self._open is not None:
            self.links.append(self._open)
            self._open = None
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data
        if self._heading and data.strip():
            self.headings.append((self._heading, data.strip()))


def read(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


BLOCK_PAGES = {f"{block_page(b)}.md": f"# {knowledge.block(b).title}\n" for b in BlockId}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = {
        "index.md": toctree(*(block_page(b) for b in BlockId), "deep/case") + "\n```{canvas-map}\n:focus: customer_relationships\n```\n",
        **BLOCK_PAGES,
        "canvas/channels.md": "# Channels\n\nWhere channels sit.\n\n```{canvas-map}\n:current: channels\n:compact:\n```\n",
        "deep/case.md": "# Case\n\n## Deeper\n\n```{canvas} netflix\n```\n",
    }
    status, warnings, out = build(tmp_path_factory.mktemp("map"), pages)
    assert (status, warnings) == (0, "")
    return out


def map_links(page: Links) -> list[dict[str, str]]:
    return [link for link in page.links if "bmc-map" in link["within"]]


def test_a_block_pages_map_links_every_block_from_that_page_and_marks_its_own(site: Path) -> None:
    links = map_links(read(site / "canvas" / "channels.html"))
    assert [link["href"] for link in links] == [f"{block_page(b).removeprefix('canvas/')}.html" for b in reading_order()]
    assert [link["href"] for link in links if link.get("aria-current") == "page"] == ["channels.html"]
    assert [link["text"].replace("\u00ad", "") for link in links] == [knowledge.block(b).title for b in reading_order()]


def test_the_home_pages_map_marks_the_sites_focus_and_no_current_page(site: Path) -> None:
    links = map_links(read(site / "index.html"))
    assert [link["href"] for link in links] == [f"{block_page(b)}.html" for b in reading_order()]
    assert not any("aria-current" in link for link in links)
    focus = [link["text"].replace("\u00ad", "") for link in links if "bmc-map-focus" in link["within"]]
    assert focus == ["Customer Relationships (this site's focus)"]


def test_the_cards_link_from_a_deeper_page_with_headings_below_their_section(site: Path) -> None:
    page = read(site / "deep" / "case.html")
    cards = [link for link in page.links if "bmc-cards" in link["within"]]
    headings = [
        link["href"]
        for link in cards
        if "bmc-card" in link["within"].split() or link["text"] in {knowledge.block(b).title for b in BlockId}
    ]
    assert headings == [f"../{block_page(b)}.html" for b in reading_order()]
    assert page.headings == [("h3", knowledge.block(b).title) for b in reading_order()]  # under # Case, ## Deeper
    sheet = [link for link in cards if link.get("class") == "bmc-full-sheet"]
    assert [link["href"] for link in sheet] == ["../cases/netflix.svg"]
    assert (site / "cases" / "netflix.svg").is_file()
    assert not any("relationships/" in link["href"] for link in cards)  # no such pages here: the words stay unlinked


def test_an_unknown_block_warns_with_the_blocks_there_are(tmp_path: Path) -> None:
    status, warnings, _ = build(tmp_path, {"index.md": "# Page\n\n```{canvas-map}\n:current: relationships\n```\n", **BLOCK_PAGES})
    assert status != 0
    assert "unknown block for :current: 'relationships'" in warnings
    assert "customer_relationships" in warnings


def test_a_map_on_a_site_without_the_block_pages_says_which_are_missing(tmp_path: Path) -> None:
    status, warnings, _ = build(tmp_path, {"index.md": "# Page\n\n```{canvas-map}\n```\n"})
    assert status != 0
    assert "a link to the page 'canvas/channels', which does not exist" in warnings
