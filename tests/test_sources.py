"""The Sources page and the links to it: every article the site draws on, what the site takes from it, the pages that
use it (found when the site is built), and a link from every place a page names an article."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from bmckit import knowledge

if TYPE_CHECKING:
    from pathlib import Path

CONF = 'extensions = ["myst_parser", "bmckit.sphinxext"]\nexclude_patterns = ["_build"]\nnitpicky = True\nbmc_downloads = False\n'

PAGES = {
    "index.md": "# Home\n\n```{toctree}\nprose\nstats\nplain\nsources\n```\n",
    "prose.md": """\
        # Prose

        The “[Guide] Business Model Canvas: Mastering Customer
        Relationships” article, and *Business Model Canvas: Mastering Customer Relationships* again.

        ## Customer Relationship BMC Example

        `Customer Relationship BMC Example` is code; “Customer Relationship BMC Example” is prose.
        """,
    "stats.md": "# Stats\n\nSee {article}`seven-ways`.\n\n```{statistics-table}\n```\n",
    "plain.md": "# Plain\n\nNo article is named here.\n",
    "sources.md": "# Sources\n\n```{article-sources}\n```\n",
}


def build(source: Path, out: Path) -> tuple[int, str]:
    from sphinx.cmd.build import build_main

    warnings = source.parent / "warnings.txt"
    status = build_main(["-q", "-W", "--keep-going", "-n", "-b", "html", "-w", str(warnings), str(source), str(out)])
    return status, warnings.read_text(encoding="utf-8")


def write(source: Path, pages: dict[str, str]) -> None:
    source.mkdir(parents=True, exist_ok=True)
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in pages.items():
        (source / name).write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sources")
    write(root / "src", PAGES)
    assert build(root / "src", root / "out") == (0, "")
    return root


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def article_links(soup: BeautifulSoup) -> dict[str, str]:
    """Each link to an entry of the Sources page: its text (spaces made single) → the article id it points at."""
    links = {}
    for link in soup.select("a.bmc-article"):
        found = re.search(r"sources\.html#article-([a-z-]+)$|^#article-([a-z-]+)$", link["href"])
        assert found, link["href"]
        links[" ".join(link.get_text().split())] = found[1] or found[2]
    return links


def users(soup: BeautifulSoup, article_id: str) -> list[str]:
    entry = soup.find(id=f"article-{article_id}")
    assert entry is not None, article_id
    said = next(p for p in entry.find_all("p") if p.get_text().startswith("Pages that use it"))
    return [a["href"] for a in said.find_all("a")]


def test_a_named_article_links_to_its_entry_even_across_lines_and_in_italics(tiny: Path) -> None:
    soup = page(tiny / "out", "prose")
    assert article_links(soup) == {
        "[Guide] Business Model Canvas: Mastering Customer Relationships": "mastering-guide",
        "Business Model Canvas: Mastering Customer Relationships": "mastering-guide",
        "Customer Relationship BMC Example": "bmc-example",
    }
    assert soup.find("h2").find("a", class_="bmc-article") is None, "a heading is left as it is"
    assert soup.find("code").find("a") is None, "code is left as it is"


def test_the_role_and_the_statistics_table_link_their_articles(tiny: Path) -> None:
    links = article_links(page(tiny / "out", "stats"))
    assert links["Customer Relationship BMC, 7 Ways to Build BMC"] == "seven-ways"
    assert links["Business Model Customer Relationships"] == "business-model-cr"
    bain = next(row for row in page(tiny / "out", "stats").select("tr") if "25% to 95%" in row.get_text())
    cited_in = [a.get_text() for a in bain.find_all("td")[2].find_all("a")]
    assert cited_in == ["Customer Relationship BMC Example", "Business Model Customer Relationships"]


def test_the_sources_page_lists_every_article_with_what_is_taken_and_its_users(tiny: Path) -> None:
    soup = page(tiny / "out", "sources")
    for article in knowledge.articles():
        entry = soup.find(id=f"article-{article.id}")
        assert entry is not None
        text = " ".join(entry.get_text().split()).replace("\u2019", "'")  # Sphinx's smart quotes undone
        assert article.title in text
        assert " ".join(article.takes.split()) in text
    assert users(soup, "mastering-guide") == ["prose.html"]
    assert users(soup, "bmc-example") == ["prose.html", "stats.html"], "in the order of the table of contents"
    assert users(soup, "seven-ways") == ["stats.html"]
    assert users(soup, "strategic-connections") == []
    assert "plain.html" not in str(soup.select(".bmc-source"))


def test_the_sources_page_follows_a_page_that_stops_naming_an_article(tiny: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(tiny, root)
    (root / "src" / "prose.md").write_text("# Prose\n\nNothing named now.\n", encoding="utf-8")
    (root / "src" / "plain.md").write_text("# Plain\n\nNow it names *Business Model Customer Relationships*.\n", encoding="utf-8")
    assert build(root / "src", root / "out") == (0, "")
    soup = page(root / "out", "sources")
    assert users(soup, "mastering-guide") == []
    assert users(soup, "bmc-example") == ["stats.html"]
    assert users(soup, "business-model-cr") == ["stats.html", "plain.html"]


def test_an_unknown_article_fails_the_build_with_the_ids_that_exist(tmp_path: Path) -> None:
    write(tmp_path / "src", {"index.md": "# Home\n\n{article}`seven-way`\n"})
    status, warnings = build(tmp_path / "src", tmp_path / "out")
    assert status != 0
    assert "unknown article 'seven-way'; choose one of seven-ways, bmc-example" in warnings


MAIN = "article.bd-article"


def _names() -> dict[str, str]:
    return {" ".join(name.split()): a.id for a in knowledge.articles() for name in a.names}


@pytest.mark.slow
def test_the_built_sources_page_lists_all_five_and_every_page_naming_one_links_to_it(built: Path) -> None:
    sources = page(built, "sources")
    used_by: dict[str, set[str]] = {}
    for article in knowledge.articles():
        listed = users(sources, article.id)
        assert listed, f"{article.id}: no page uses it"
        used_by[article.id] = {str((built / href).resolve().relative_to(built.resolve())) for href in listed}
    names = _names()
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    naming: dict[str, set[str]] = {}
    for path in sorted(built.rglob("*.html")):
        relative = str(path.relative_to(built))
        if relative.startswith(("lite/", "_")) or relative in {"search.html", "genindex.html", "sources.html"}:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one(MAIN)
        if main is None:
            continue
        for hidden in main.select("svg, script, style, h1, h2, h3, h4, code, pre"):
            hidden.decompose()
        text = " ".join(main.get_text(" ").split())
        named = {names[" ".join(m[0].split())] for m in pattern.finditer(text)}
        linked = set(article_links(main).values())
        assert named <= linked, f"{relative} names {sorted(named - linked)} without a link to the Sources page"
        for article_id in linked:
            naming.setdefault(article_id, set()).add(relative)
    for article_id, pages in naming.items():
        assert pages == used_by[article_id], article_id
