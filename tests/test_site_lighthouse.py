"""Fast on a phone and described to search engines: Lighthouse's four scores on the built site, and every page's summary.

Lighthouse (npm, pinned in ``tests/benchmarks/lighthouse_bench.py``, installed once into bmckit's cache) runs with its
mobile profile against Debian's Chromium on the home page and a case page, served gzipped as a static host serves
them: performance at least 90, accessibility, best practices and SEO 100. Every page has its own description, taken
from its lead. The pieces behind it (the description's cut, the stylesheets' trim, the deferred scripts) are checked
alone on small inputs.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from bmckit.sphinxext import first_paint, meta

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
import lighthouse_bench

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from docutils import nodes

CHROMIUM = Path("/usr/bin/chromium")
SCORED = {"home page": "index.html", "a case page": "cases/amazon.html"}
GENERATED = {"genindex.html", "search.html"}
"""Pages Sphinx writes with no text of their own, described by what they are for."""


def rst(text: str) -> nodes.document:
    document = new_document("<test>", get_default_settings(Parser))
    Parser().parse(text, document)
    return document


def test_a_description_is_the_lead_cut_after_a_whole_sentence_or_word() -> None:
    lead = "A canvas has nine blocks. " * 5 + "Each block holds notes about one part of the business and the segments it serves."
    document = rst(f"Title\n=====\n\n{lead}\n\n.. note::\n\n   Not the lead.\n\n- nor a list\n")
    text = meta.summary(document)
    assert len(text) <= meta.LENGTH
    assert text.endswith("nine blocks.")
    source = "A canvas has nine blocks, " * 10
    one_long_sentence = meta.shorten(source)
    assert one_long_sentence.endswith("…")
    assert len(one_long_sentence) <= meta.LENGTH
    kept = one_long_sentence.removesuffix("…")
    assert source.startswith(kept)
    assert source[len(kept)] in " ,"  # cut between words


def test_a_lead_too_short_to_say_anything_follows_the_page_title() -> None:
    document = rst("Check yourself: the canvas\n==========================\n\n.. note::\n\n   A question.\n\nSee the exercises.\n")
    assert meta.summary(document) == "Check yourself: the canvas. See the exercises."


def test_a_stylesheet_keeps_only_rules_its_pages_can_use() -> None:
    css = (
        "/*! licence */.used{color:red}.unused{color:blue}.used,.unused{margin:0}"
        ".used:not(.unused){padding:0}@media (min-width:1px){.unused{color:red}.used .inner{color:red}}"
        "@font-face{font-family:x;src:url(x.woff2)}html[data-theme=dark] .used{color:#fff}"
    )
    trimmed = first_paint.trim(css, {"used", "inner"})
    assert trimmed == (
        "/*! licence */.used{color:red}.used{margin:0}.used:not(.unused){padding:0}"
        "@media (min-width:1px){.used .inner{color:red}}@font-face{font-family:x;src:url(x.woff2)}"
        "html[data-theme=dark] .used{color:#fff}"
    )
    # Custom properties no stylesheet, page or script reads are left out, and a rule left empty goes with them.
    variables = first_paint.trim(":root{--read:1;--unread:2;color:var(--read)}.used{--unread:3}", {"used"}, {"--read"})
    assert variables == ":root{--read:1;color:var(--read)}"


def test_every_script_in_the_head_runs_after_the_page_is_drawn_in_the_same_order() -> None:
    from sphinx.builders.html._assets import _JavaScript

    context = {
        "script_files": [
            _JavaScript("_static/doctools.js"),
            _JavaScript("", body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
            _JavaScript("_static/later.js", **{"async": "async"}),
            _JavaScript("", type="application/json", body="{}"),
        ]
    }
    first_paint.defer_scripts(None, "index", "page.html", context, None)  # type: ignore[arg-type]
    attributes = [script.attributes for script in context["script_files"]]
    assert attributes == [
        {"defer": "defer"},
        {"body": "DOCUMENTATION_OPTIONS.pagename = 'x';", "type": "module"},
        {"async": "async"},
        {"type": "application/json", "body": "{}"},
    ]


def test_the_names_the_widget_library_draws_with_are_kept_though_no_page_links_it(tmp_path: Path) -> None:
    """A notebook page links only the widgets' loader; the library it loads beside it draws with names of its own."""
    widgets = tmp_path / "_static" / "widgets"
    widgets.mkdir(parents=True)
    (widgets / "bmckit-widgets.js").write_text('load("embed.js")', encoding="utf-8")
    (widgets / "embed.js").write_text('e.className="widget-subarea"', encoding="utf-8")
    (tmp_path / "other.js").write_text('e.className="unlinked-name"', encoding="utf-8")
    (tmp_path / "notebook.html").write_text('<script defer src="_static/widgets/bmckit-widgets.js?v=1"></script>', encoding="utf-8")
    used = first_paint.names_used(tmp_path)
    assert "widget-subarea" in used
    assert "unlinked-name" not in used


def test_a_page_links_one_stylesheet_holding_all_of_its_own_in_order(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from sphinx.builders.html._assets import _CascadingStyleSheet

    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    files = {
        "_static/basic.css": ".basic{color:red}",
        "_static/styles/theme.css": '@import "../basic.css";',
        "_static/styles/pydata-sphinx-theme.css": '@charset "UTF-8";.fa{src:url(../vendor/fa.woff2)}.x{background:url("data:image/svg+xml;a")}',
        "_static/site.css": ".site{color:blue}",
        "_static/print.css": ".print{color:black}",
    }
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    theme = tmp_path / "theme"
    (theme / "static/styles").mkdir(parents=True)
    (theme / "static/styles/pydata-sphinx-theme.css").write_text("", encoding="utf-8")
    builder = SimpleNamespace(format="html", theme=SimpleNamespace(get_theme_dirs=lambda: [str(theme)]))
    app = SimpleNamespace(outdir=str(out), doctreedir=str(doctrees), builder=builder)
    alone = {"css_files": [_CascadingStyleSheet("_static/site.css")]}
    first_paint.join_stylesheets(SimpleNamespace(builder=SimpleNamespace(theme=None)), "index", "page.html", alone, None)  # type: ignore[arg-type]
    assert [sheet.filename for sheet in alone["css_files"]] == ["_static/site.css"], "another theme's pages keep their stylesheets"
    printed = _CascadingStyleSheet("_static/print.css", media="print")
    context = {"css_files": [_CascadingStyleSheet("_static/site.css"), printed]}
    first_paint.join_stylesheets(app, "index", "page.html", context, None)  # type: ignore[arg-type]
    joined, kept = context["css_files"]
    assert kept is printed  # a print-only stylesheet stays apart
    assert context["bmc_stylesheets_joined"] is True
    page = f'<link rel="stylesheet" href="{joined.filename}?v=0123abcd" /><p class="basic fa site x">'
    (out / "index.html").write_text(page, encoding="utf-8")
    first_paint.write_joined_stylesheets(app, None)  # type: ignore[arg-type]
    css = (out / joined.filename).read_text(encoding="utf-8")
    # The page, written before the joined file, is given its version as it is now, so no browser keeps an older one.
    assert f'href="{joined.filename}?v={zlib.crc32(css.encode()):08x}"' in (out / "index.html").read_text(encoding="utf-8")
    assert css == '.basic{color:red}\n\n.fa{src:url("vendor/fa.woff2")}.x{background:url("data:image/svg+xml;a")}\n.site{color:blue}\n'
    # The theme's stylesheet is cut in the joined file and left as its package wrote it in _static.
    assert (out / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8") == files["_static/styles/pydata-sphinx-theme.css"]


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    from bs4 import BeautifulSoup

    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("*.html"))
        if path.relative_to(site).parts[0] not in {"lite", "_static", "_sources", "_images"}
    }


@pytest.mark.slow
def test_every_page_has_its_own_description_from_its_own_text(built: Path) -> None:
    pages = _pages(built)
    assert len(pages) > 40
    descriptions: dict[str, str] = {}
    for name, page in pages.items():
        tags = page.find_all("meta", attrs={"name": "description"})
        assert len(tags) == 1, f"{name} has {len(tags)} descriptions"
        text = str(tags[0]["content"])
        assert 40 <= len(text) <= meta.LENGTH, f"{name}: {text!r}"
        assert text == " ".join(text.split()), f"{name}: {text!r}"
        assert not re.search(r"\[\d+\]", text), f"{name}: {text!r} has a footnote mark"
        if name not in GENERATED:
            # The description's words are the page's own: each is in the page's article, its first four in a row.
            article = re.findall(r"\w+", page.select_one("article.bd-article").get_text(" "))  # type: ignore[union-attr]
            words = re.findall(r"\w+", text)
            assert set(words) <= set(article), f"{name}: {text!r} has words its article has not: {set(words) - set(article)}"
            assert " ".join(words[:4]) in " ".join(article), f"{name}: {text!r} does not open with its article's words"
        descriptions[name] = text
    shared = {text for text in descriptions.values() if list(descriptions.values()).count(text) > 1}
    assert not shared, f"pages share a description: {shared}"


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (bash .ci/system-packages)")
def test_lighthouse_on_a_phone_scores_90_for_speed_and_100_for_the_rest(built: Path) -> None:
    floor = lighthouse_bench.CATEGORIES["performance"]
    with lighthouse_bench.served_compressed(built) as address:
        urls = [f"{address}/{page}" for page in SCORED.values()]
        found = lighthouse_bench.scores(urls)
        # Performance is simulated from what this machine's CPU does, times 4, and varies from run to run. A page short
        # of the floor is measured again: when other work on the shared machine slowed it below what Lighthouse expects
        # of its host (Lighthouse then warns that the score suffers), with the CPU multiplier Lighthouse's throttling
        # guide gives for that host; otherwise twice more, judged by the median of the three runs, as Lighthouse's
        # guide on variability advises. A page that is slow stays short in the median.
        again = {}
        for url in urls:
            if found[url]["scores"]["performance"] >= floor:
                continue
            if found[url]["benchmarkIndex"] < lighthouse_bench.SLOW_HOST:
                slowdown = lighthouse_bench.calibrated_slowdown(found[url]["benchmarkIndex"])
                again[url] = lighthouse_bench.scores([url], cpu_slowdown=slowdown)[url]
            else:
                runs = [found[url], *(lighthouse_bench.scores([url])[url] for _ in range(2))]
                again[url] = sorted(runs, key=lambda run: run["scores"]["performance"])[1]
    for url in urls:
        result = found[url]
        assert result["error"] is None, f"{url}: {result['error']}"
        short = [f"{audit['title']} {audit['value']}" for audit in result["short"]]
        for category, target in lighthouse_bench.CATEGORIES.items():
            score = result["scores"][category]
            assert score >= target or (category == "performance" and url in again and again[url]["scores"][category] >= target), (
                f"{url}: {category} {score} < {target} (CPU benchmarkIndex {result['benchmarkIndex']}"
                + (f"; measured again ({again[url]['cpuSlowdown']}x CPU): {again[url]['scores'][category]}" if url in again else "")
                + f"); {result['scores']}; short on: {short}"
            )
