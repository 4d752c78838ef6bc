"""The charts as a reader's screen reader and eyes get them: parsed SVG, real text, lines where the figures put them."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from bmckit import economics
from bmckit.render.chart import Bar, bar_chart, value_over_time_chart

SVG = "{http://www.w3.org/2000/svg}"
SHOP = economics.Scenario(average_purchase_value=25, purchases_per_year=12, gross_margin=0.6, retention=0.77, discount_rate=0.1, cac=150)


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def polyline(root: ET.Element, css: str) -> list[tuple[float, float]]:
    line = next(e for e in root.iter(f"{SVG}polyline") if e.get("class") == css)
    return [(float(x), float(y)) for x, y in (p.split(",") for p in line.get("points", "").split())]


def test_the_value_chart_is_accessible_and_says_its_figures() -> None:
    root = parsed(value_over_time_chart(SHOP, prefix="c1-"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").get("id") == "c1-title"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "77% retention" in desc
    assert "82% retention" in desc
    assert "£150" in desc
    assert "years as a customer" in texts(root)
    assert {"retention 77%", "retention 82%", "CAC £150"} <= set(texts(root))
    assert root.find(f"{SVG}rect").get("fill") == "#ffffff"  # its own paper, legible in a dark theme  # type: ignore[union-attr]


def test_more_retention_ends_higher_and_the_cac_line_sits_at_the_cost() -> None:
    root = parsed(value_over_time_chart(SHOP, years=10))
    now, more = polyline(root, "bmc-line-now"), polyline(root, "bmc-line-more")
    assert len(now) == len(more) == 11  # year 0 to year 10
    assert more[-1][1] < now[-1][1]  # higher on the page is a smaller y
    cac = next(e for e in root.iter(f"{SVG}line") if e.get("class") == "bmc-cac-line")
    cac_y = float(cac.get("y1", "nan"))
    # Year 1 brings £180, more than the £150 CAC: the first point after the start is above the line.
    assert now[1][1] < cac_y < now[0][1]
    # The axis is linear: the CAC line sits where £150 falls between the £0 baseline and year 1's £180.
    assert (now[0][1] - cac_y) / (now[0][1] - now[1][1]) == pytest.approx(150 / 180, abs=0.01)


@pytest.mark.parametrize(("retention", "cac"), [(0, 150), (0.99, 150), (0.5, 0), (0.77, 100_000)])
def test_edge_cases_draw_finite_charts(retention: float, cac: float) -> None:
    root = parsed(value_over_time_chart(SHOP._replace(retention=retention, cac=cac)))
    for css in ("bmc-line-now", "bmc-line-more"):
        assert all(math.isfinite(x) and math.isfinite(y) for x, y in polyline(root, css))


def test_a_bar_chart_labels_every_bar_and_scales_to_the_largest() -> None:
    root = parsed(bar_chart([Bar("Cloud", 60, "60%"), Bar("On premises", 30, "30%")], title="Share", described="Cloud 60%", prefix="b-"))
    assert root.find(f"{SVG}title").text == "Share"  # type: ignore[union-attr]
    assert texts(root) == ["Cloud", "60%", "On premises", "30%"]
    bars = [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")][1:]  # the first is the paper
    assert bars[0] == pytest.approx(2 * bars[1])
