"""The Sphinx extension, built into tiny sites in tmp_path with warnings as errors."""

from __future__ import annotations

import html
import io
import re
import textwrap
from typing import TYPE_CHECKING

import pytest

from bmckit import canvas_files, knowledge
from bmckit.cases import CASE_NAMES, case_text, load_case
from bmckit.model import BlockId

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

CONF = 'extensions = ["myst_parser", "bmckit.sphinxext"]\nexclude_patterns = ["_build"]\nnitpicky = True\n'


def build(root: Path, pages: dict[str, str], conf: str = "") -> tuple[int, str, Path]:
    """Build ``pages`` (path → MyST text) as HTML with -W; the exit status, the warnings and the output folder."""
    from sphinx.cmd.build import build_main

    source, out, warnings = root / "src", root / "out", root / "warnings.txt"
    for name, text in pages.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (source / "conf.py").write_text(CONF + conf, encoding="utf-8")
    status = build_main(["-q", "-W", "--keep-going", "-n", "-b", "html", "-w", str(warnings), str(source), str(out)])
    return status, warnings.read_text(encoding="utf-8"), out


def fenced(directive: str) -> str:
    """A page with one directive, e.g. ``fenced("metric clv")``."""
    name, _, argument = directive.partition(" ")
    return f"# Page\n\n```{{{name}}} {argument}\n```\n"


def toctree(*names: str) -> str:
    return "# Home\n\n```{toctree}\n" + "\n".join(names) + "\n```\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site using every directive, with the downloads made."""
    root = tmp_path_factory.mktemp("site")
    pages = {
        "index.md": toctree("templates", "guide/netflix", "guide/knowledge"),
        "templates.md": "# Templates\n\n```{download-list}\n```\n",
        "guide/netflix.md": """\
            # Netflix

            ```{canvas} netflix
            :caption: Netflix, *as the article tells it*
            ```

            ```{canvas} ../canvases/mine.yaml
            :paper: a3
            ```
            """,
        "guide/knowledge.md": """\
            # Knowledge

            ```{relationship-type} self-service
            ```

            ```{relationship-types-table}
            ```

            ```{block-questions} customer_relationships
            ```

            ```{motivation} retention
            ```

            ```{metric} clv
            ```

            ```{statistics-table}
            ```
            """,
    }
    (root / "src" / "canvases").mkdir(parents=True)
    (root / "src" / "canvases" / "mine.yaml").write_text(case_text("zappos"), encoding="utf-8")
    status, warnings, out = build(root, pages)
    assert (status, warnings) == (0, "")
    return out


def test_the_canvas_is_inline_svg_with_the_cases_text(site: Path) -> None:
    page = (site / "guide" / "netflix.html").read_text(encoding="utf-8")
    # Each canvas twice: drawn for the screen, and drawn for paper (shown only when the page is printed).
    assert page.count('class="bmc-canvas-screen"') == 2
    assert page.count('<svg class="bmc-canvas-print"') == 2
    assert "<title " in page
    assert "<desc " in page
    ids = re.findall(r'\bid="([^"]*)"', page)
    assert len(ids) == len(set(ids)), "two canvases on a page share no id"
    assert 'aria-labelledby="canvas1-bmc-title" aria-describedby="canvas1-bmc-desc"' in page
    first_note = next(iter(load_case("netflix").blocks.values()))[0].text
    assert first_note.split()[0] in page
    assert "<em>as the article tells it</em>" in page


def test_case_links_are_relative_to_the_page_and_point_at_stable_files(site: Path) -> None:
    page = (site / "guide" / "netflix.html").read_text(encoding="utf-8")
    for target in ("cases/netflix.pdf", "cases/netflix-fillable.pdf", "cases/netflix.svg", "cases/netflix.yaml"):
        assert f'href="../{target}"' in page
        assert (site / target).is_file()


def test_a_pages_own_canvas_file_gets_its_downloads(site: Path) -> None:
    page = (site / "guide" / "netflix.html").read_text(encoding="utf-8")
    for suffix in (".pdf", "-fillable.pdf", ".svg", ".yaml"):
        assert f'href="../_canvases/canvases/mine{suffix}"' in page
        assert (site / "_canvases" / "canvases" / f"mine{suffix}").is_file()


def test_stable_downloads_are_real(site: Path) -> None:
    from pypdf import PdfReader

    for paper in ("a4", "letter", "a3", "a2", "a1", "a0"):
        fillable = PdfReader(site / "templates" / f"bmc-{paper}-fillable.pdf")
        assert "customer_relationships" in (fillable.get_fields() or {})
        printable = PdfReader(site / "templates" / f"bmc-{paper}-printable.pdf")
        assert not printable.get_fields()
        assert "Customer Relationships" in printable.pages[0].extract_text()
    assert canvas_files.loads((site / "templates" / "starter.yaml").read_text(encoding="utf-8")).title
    for name in CASE_NAMES:
        assert canvas_files.loads((site / "cases" / f"{name}.yaml").read_text(encoding="utf-8")) == load_case(name)
        assert PdfReader(site / "cases" / f"{name}-fillable.pdf").get_fields()
        assert (site / "cases" / f"{name}.pdf").read_bytes().startswith(b"%PDF")
        assert (site / "cases" / f"{name}.svg").read_text(encoding="utf-8").startswith("<svg")


def test_the_download_list_names_every_file_with_its_size(site: Path) -> None:
    page = (site / "templates.html").read_text(encoding="utf-8")
    assert 'href="templates/bmc-a0-printable.pdf"' in page
    assert 'href="cases/zappos.yaml"' in page
    size = round((site / "templates" / "bmc-a4-fillable.pdf").stat().st_size / 1024)
    assert f"<p>{size}</p>" in page


def test_knowledge_directives_draw_the_knowledge_base(site: Path) -> None:
    page = (site / "guide" / "knowledge.html").read_text(encoding="utf-8")
    self_service = knowledge.relationship_type("self-service")
    assert self_service.definition in page
    assert all(t.name in page for t in knowledge.relationship_types())
    assert all(q in page for q in knowledge.block("customer_relationships").questions)
    assert all(t in page for t in knowledge.motivation("retention").tactics)
    clv = next(m for m in knowledge.metrics() if m.id == "clv")
    assert clv.formula in page
    assert all(html.escape(s.source, quote=False) in page for s in knowledge.statistics())


@pytest.mark.parametrize(
    ("file", "directive", "before"),
    [
        ("relationship_types", "relationship-type self-service", knowledge.relationship_type("self-service").definition),
        ("blocks", "block-questions channels", knowledge.block("channels").questions[0]),
        ("motivations", "motivation expansion", knowledge.motivation("expansion").tactics[0]),
        ("metrics", "metric cac", next(m.formula for m in knowledge.metrics() if m.id == "cac")),
        ("statistics", "statistics-table", knowledge.statistics()[0].source),
        ("relationship_types", "relationship-types-table", knowledge.relationship_types()[-1].suits_summary),
    ],
)
def test_a_changed_fact_changes_the_page(changed_data: Path, tmp_path: Path, file: str, directive: str, before: str) -> None:
    path = changed_data / "knowledge" / f"{file}.toml"
    text = path.read_text(encoding="utf-8")
    quoted = '"' + before.replace('"', '\\"') + '"'
    assert quoted in text
    path.write_text(text.replace(quoted, '"A value changed only in the data file"', 1), encoding="utf-8")
    status, warnings, out = build(tmp_path, {"index.md": fenced(directive)}, "bmc_downloads = False\n")
    assert (status, warnings) == (0, "")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "A value changed only in the data file" in html
    assert before not in html


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("relationship-type self-servce", "unknown relationship type 'self-servce'; choose one of personal-assistance, "),
        ("block-questions relationships", "unknown block 'relationships'; choose one of key_partnerships, "),
        ("motivation loyalty", "unknown motivation 'loyalty'; choose one of acquisition, "),
        ("metric ltv", "unknown metric 'ltv'; choose one of clv, "),
        ("canvas netflx", "no case study named 'netflx' and no canvas file given; choose one of amazon, apple, netflix"),
        ("canvas missing.yaml", "no canvas file at 'missing.yaml'"),
    ],
)
def test_an_unknown_id_fails_the_build_with_the_ids_that_exist(tmp_path: Path, directive: str, message: str) -> None:
    status, warnings, _ = build(tmp_path, {"index.md": fenced(directive)}, "bmc_downloads = False\n")
    assert status != 0
    assert message in warnings
    assert "index.md:3" in warnings
    assert "[bmckit." in warnings


def test_a_bad_setting_is_a_configuration_error(tmp_path: Path) -> None:
    status, _, _ = build(tmp_path, {"index.md": "# Page\n"}, "bmc_paper = 'b5'\n")
    assert status != 0


def test_the_printable_blank_has_no_form() -> None:
    from pypdf import PdfReader

    from bmckit.sphinxext.downloads import printable_blank

    reader = PdfReader(io.BytesIO(printable_blank("a4")))
    assert not reader.get_fields()
    assert "/Annots" not in reader.pages[0]


@pytest.fixture(scope="module")
def new_directives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site using the metric's worked example, the CRM market chart and the case tables."""
    root = tmp_path_factory.mktemp("new-directives")
    pages = {
        "index.md": toctree("metric", "market", "compare"),
        "metric.md": fenced("metric clv"),
        "market.md": "# Market\n\n```{crm-market-chart}\n```\n\n```{crm-market-chart}\n:dimension: region\n```\n",
        "compare.md": "# Compare\n\n```{case-comparison}\n```\n\n```{case-comparison}\n:cases: zappos\n```\n\n```{case-relationships} netflix\n```\n",
    }
    status, warnings, out = build(root, pages, "bmc_downloads = False\n")
    assert (status, warnings) == (0, "")
    return out


def test_the_metric_card_shows_its_worked_example(new_directives: Path) -> None:
    page = (new_directives / "metric.html").read_text(encoding="utf-8")
    clv = knowledge.metric("clv")
    assert clv.example is not None
    assert html.escape(clv.example.scenario, quote=False) in page
    assert "CLV = £1,350" in page
    assert all(html.escape(i.symbol, quote=False) in page for i in clv.example.inputs)


def test_the_crm_market_chart_is_an_accessible_svg_beside_its_table(new_directives: Path) -> None:
    page = (new_directives / "market.html").read_text(encoding="utf-8")
    market = knowledge.crm_market()
    assert page.count("<svg") == len(market.dimensions) + 1
    ids = re.findall(r'\bid="([^"]*)"', page)
    assert len(ids) == len(set(ids))
    for dimension in market.dimensions:
        for row in dimension.rows:
            assert f"{html.escape(row.segment, quote=False)}: {row.share_percent:g}%" in page, "the desc reads every bar"
            assert f"<p>{row.revenue_usd_billion:g}</p>" in page, "the table gives every figure"
    assert page.count('<title id="crm-chart') == len(market.dimensions) + 1
    assert 'aria-labelledby="crm-chart1-title crm-chart1-desc"' in page
    assert market.source in page


def test_the_longest_bar_belongs_to_the_largest_share() -> None:
    from bmckit.sphinxext.charts import market_chart

    region = next(d for d in knowledge.crm_market().dimensions if d.name == "Region")
    drawing = market_chart(region, 2020, "x-")
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', drawing)]
    shares = [r.share_percent for r in region.rows]
    assert widths.index(max(widths)) == shares.index(max(shares))
    assert widths == sorted(widths, reverse=True) == [w for _, w in sorted(zip(shares, widths, strict=True), reverse=True)]


def test_the_case_comparison_is_generated_from_the_case_files(new_directives: Path) -> None:
    from bmckit.sphinxext.comparison import comparison_rows

    page = (new_directives / "compare.html").read_text(encoding="utf-8")
    rows = comparison_rows(CASE_NAMES)
    assert len(rows) == sum(len(load_case(n).segments) for n in CASE_NAMES)
    netflix_viewers = next(r for r in rows if r[0] == "Netflix: Entertainment seekers")
    amazon_shoppers = next(r for r in rows if r[0] == "Amazon: Online shoppers")
    types = [str(t.id) for t in knowledge.relationship_types()]
    assert netflix_viewers[1 + types.index("communities")] == "Acquisition"
    assert netflix_viewers[1 + types.index("self-service")] == "Acquisition"
    assert netflix_viewers[1 + types.index("dedicated-personal-assistance")] == "–"
    assert amazon_shoppers[1 + types.index("automated-services")] == "Retention, Expansion", "motivations in their own order"
    for name in CASE_NAMES:
        for segment in load_case(name).segments:
            assert html.escape(segment.name, quote=False) in page
    text = html.unescape(page).replace("\u2019", "'")  # smart quotes undone
    for item in load_case("netflix").blocks[BlockId.CUSTOMER_RELATIONSHIPS]:
        assert item.text in text


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("{case-relationships} netflx", "unknown case study 'netflx'; choose one of amazon, "),
        ("{case-sources} zapos", "unknown case study 'zapos'; choose one of amazon, "),
        ("{case-comparison}\n:cases: netflix apel", "unknown case study 'apel'; choose one of amazon, "),
        ("{crm-market-chart}\n:dimension: planet", "unknown market dimension 'planet'; choose one of Type, "),
    ],
)
def test_new_directives_warn_on_unknown_names(tmp_path: Path, directive: str, message: str) -> None:
    page = f"# Page\n\n```{directive}\n```\n"
    status, warnings, _ = build(tmp_path, {"index.md": page}, "bmc_downloads = False\n")
    assert status != 0
    assert message in warnings
