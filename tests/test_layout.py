"""Layout, font metrics and text fitting: the geometry every renderer shares."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bmckit.cases import load_case
from bmckit.fontmetrics import font_path, metrics
from bmckit.layout import UnknownPaperError, layout_for, paper_sizes
from bmckit.model import BlockId
from bmckit.textfit import Note, fit, wrap

if TYPE_CHECKING:
    from collections.abc import Callable


@pytest.mark.parametrize("paper", paper_sizes())
def test_standard_layout(paper: str) -> None:
    layout = layout_for(paper)
    boxes = layout.boxes
    assert set(boxes) == set(BlockId)
    assert layout.width > layout.height, "landscape"
    top = [boxes[b] for b in (BlockId.KEY_PARTNERSHIPS, BlockId.VALUE_PROPOSITIONS, BlockId.CUSTOMER_SEGMENTS)]
    widths = {round(b.width, 6) for b in top} | {round(boxes[b].width, 6) for b in (BlockId.KEY_ACTIVITIES, BlockId.CHANNELS)}
    assert len(widths) == 1, "five equal columns"
    assert boxes[BlockId.KEY_ACTIVITIES].bottom == pytest.approx(boxes[BlockId.KEY_RESOURCES].y)
    assert boxes[BlockId.CUSTOMER_RELATIONSHIPS].bottom == pytest.approx(boxes[BlockId.CHANNELS].y)
    assert boxes[BlockId.KEY_ACTIVITIES].height == pytest.approx(boxes[BlockId.KEY_RESOURCES].height)
    cost, revenue = boxes[BlockId.COST_STRUCTURE], boxes[BlockId.REVENUE_STREAMS]
    assert cost.width == pytest.approx(revenue.width)
    assert cost.x + cost.width == pytest.approx(revenue.x)
    assert 2 <= top[0].height / cost.height <= 3, "the top band is about 2 to 3 times the bottom band"
    for box in boxes.values():
        assert layout.header.bottom - 1e-6 <= box.y
        assert box.bottom <= layout.footer.y + 1e-6
        assert box.x > 0
        assert box.right < layout.width


def test_bigger_paper_gets_bigger_type_and_more_room() -> None:
    a4, a0 = layout_for("a4"), layout_for("A0")
    assert a0.sizes.note_size_max > a4.sizes.note_size_max
    assert a0.boxes[BlockId.CHANNELS].height / a0.sizes.note_size_max > a4.boxes[BlockId.CHANNELS].height / a4.sizes.note_size_max


def test_unknown_paper() -> None:
    with pytest.raises(UnknownPaperError, match="unknown paper size 'b5'; choose one of a4, letter, a3, a2, a1, a0"):
        layout_for("b5")


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_font_metrics_table_matches_the_font(weight: str) -> None:
    name = f"test-{weight}"
    pdfmetrics.registerFont(TTFont(name, font_path(weight)))
    for text in ("Business Model Canvas", "Ελληνικά Кириллица", "<script>&</script>", "WWW iii 0123456789 ß ü é"):
        assert metrics(weight).width(text, 9.5) == pytest.approx(pdfmetrics.stringWidth(text, name, 9.5), abs=1e-6)


@given(text=st.text(min_size=0, max_size=300), width=st.floats(min_value=5, max_value=400))
def test_wrap_keeps_every_character_and_respects_the_width(text: str, width: float) -> None:
    font = metrics()
    lines = wrap(text, width, 8, font)
    assert "".join(lines).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    for line in lines:
        # Spaces opening a paragraph are kept, so they may sit before the one character that overflows.
        assert len(line.lstrip(" ")) == 1 or font.width(line, 8) <= width + 1e-6, "only a single character may be wider than the line"


def test_fit_shrinks_then_splits_and_returns_the_rest() -> None:
    layout = layout_for("a4")
    area = layout.boxes[BlockId.CHANNELS]
    few = fit([Note("Website"), Note("App")], area, layout.sizes)
    assert (few.size, few.rest) == (layout.sizes.note_size_max, ())
    many = fit([Note("A note of a fair length to wrap " * 3, key=i) for i in range(12)], area, layout.sizes)
    assert layout.sizes.note_size_min <= many.size < layout.sizes.note_size_max
    too_many = fit([Note("A note of a fair length to wrap " * 6, key=i) for i in range(30)], area, layout.sizes, marker_height=10)
    assert too_many.size == layout.sizes.note_size_min
    assert too_many.rest
    assert too_many.bottom <= area.bottom - 10 + 1e-6
    split = [p for p in too_many.placed if p.continues]
    if split:
        assert too_many.rest[0].continued
        assert too_many.rest[0].key == split[0].key


def test_the_block_arrangement_is_the_layout_datas_and_the_drawing_and_the_editor_follow_it(change_fact: Callable[..., None]) -> None:
    """Swap two blocks in a copy of layout.toml's grid: the boxes, the drawing and the editor's grid all move with it."""
    from bmckit.render import render
    from bmckit.widgets.editor import CanvasEditor

    before = layout_for("a4").boxes
    change_fact(
        "layout.toml",
        '"kp kp ka ka vp vp cr cr cs cs",\n  "kp kp kr kr vp vp ch ch cs cs",',
        '"kp kp ka ka vp vp ch ch cs cs",\n  "kp kp kr kr vp vp cr cr cs cs",',
    )
    after = layout_for("a4").boxes
    assert after[BlockId.CUSTOMER_RELATIONSHIPS] == before[BlockId.CHANNELS]
    assert after[BlockId.CHANNELS] == before[BlockId.CUSTOMER_RELATIONSHIPS]
    drawing = ET.fromstring(render(load_case("apple"), "svg").text)
    box = drawing.find(".//{http://www.w3.org/2000/svg}g[@id='box-channels']/{http://www.w3.org/2000/svg}rect")
    assert box is not None
    assert float(box.get("y", "")) == pytest.approx(before[BlockId.CUSTOMER_RELATIONSHIPS].y, abs=0.01)
    grid = CanvasEditor().form.children[1].children[0]
    assert '"key_partnerships key_partnerships key_activities key_activities value_propositions value_propositions channels channels' in (
        grid.layout.grid_template_areas
    )


@pytest.mark.parametrize("paper", paper_sizes())
def test_every_paper_keeps_10_mm_clear_of_its_edges_with_its_rules_outer_edge(paper: str) -> None:
    """At least 10 mm, outside the edge many home printers cannot print, counting the half of a rule drawn on the margin."""
    layout = layout_for(paper)
    least = 10 * 72 / 25.4 + layout.sizes.border_width / 2
    drawn = [layout.header, layout.footer, *layout.boxes.values()]
    assert min(rect.x for rect in drawn) >= least
    assert min(rect.y for rect in drawn) >= least
    assert layout.width - max(rect.right for rect in drawn) >= least
    assert layout.height - max(rect.bottom for rect in drawn) >= least


def test_every_case_study_fits_its_page_on_every_paper() -> None:
    """With the 10 mm margins, no case study's notes, header or legend continue on another page, on any paper."""
    from bmckit.cases import CASE_NAMES
    from bmckit.plan import plan

    for name in CASE_NAMES:
        for paper in paper_sizes():
            laid_out = plan(load_case(name), paper)
            assert (laid_out.pages, laid_out.continued) == ((), ()), (name, paper)
