"""The canvas geometry: where the header, the nine boxes and the footer stand on each paper size.

Lengths are points with the origin at the top left and y growing downwards,
as in SVG; the PDF renderer turns y over. The numbers live in
``data/layout.toml``; this module only does the arithmetic, once per paper.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from bmckit.model import BlockId
from bmckit.package_data import read_data


class Rect(NamedTuple):
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def inset(self, by: float) -> Rect:
        return Rect(self.x + by, self.y + by, self.width - 2 * by, self.height - 2 * by)


class Sizes(NamedTuple):
    """Type sizes and spacing for one paper, in points."""

    margin: float
    box_padding: float
    border_width: float
    title_size: float
    field_label_size: float
    field_size: float
    heading_size: float
    question_size: float
    note_size_max: float
    note_size_min: float
    note_size_step: float
    note_label_size: float
    note_padding: float
    note_gap: float
    line_height: float
    footer_size: float


class Layout(NamedTuple):
    """One paper's canvas: page size, header, the nine boxes and the footer."""

    paper: str
    paper_name: str
    width: float
    height: float
    header: Rect
    boxes: dict[BlockId, Rect]
    footer: Rect
    sizes: Sizes


def paper_sizes() -> tuple[str, ...]:
    """The paper sizes by key (``a4``, ``letter``, ``a3``, ``a2``, ``a1``, ``a0``)."""
    return tuple(_data()["papers"])


class UnknownPaperError(ValueError):
    def __str__(self) -> str:
        return f"unknown paper size {self.args[0]!r}; choose one of {', '.join(paper_sizes())}"


@cache
def layout_for(paper: str = "a4") -> Layout:
    """The layout for a paper size, e.g. ``layout_for("a3")``."""
    key = paper.lower()
    if key not in _data()["papers"]:
        raise UnknownPaperError(paper)
    spec = _data()["papers"][key]
    scale, type_scale = float(spec["scale"]), float(spec["type_scale"])
    base = {name: float(value) for name, value in _data()["base"].items()}
    unscaled = {"line_height", "note_size_step"}
    sizes = Sizes(**{name: base[name] * (1 if name in unscaled else scale if name == "margin" else type_scale) for name in Sizes._fields})
    width, height = float(spec["width"]), float(spec["height"])
    margin = sizes.margin
    header = Rect(margin, margin, width - 2 * margin, base["header_height"] * type_scale)
    footer_height = base["footer_height"] * type_scale
    footer = Rect(margin, height - margin - footer_height, width - 2 * margin, footer_height)
    body = Rect(margin, header.bottom, width - 2 * margin, footer.y - header.bottom)
    return Layout(key, spec["name"], width, height, header, _boxes(body, base["top_band_ratio"]), footer, sizes)


def _boxes(body: Rect, top_band_ratio: float) -> dict[BlockId, Rect]:
    """Five equal columns over a band split 50/50 between costs and revenue."""
    top_height = body.height * top_band_ratio / (top_band_ratio + 1)
    column = body.width / 5
    half = top_height / 2

    def col(index: int, y: float = body.y, height: float = top_height) -> Rect:
        return Rect(body.x + index * column, y, column, height)

    bottom_y = body.y + top_height
    bottom_height = body.height - top_height
    return {
        BlockId.KEY_PARTNERSHIPS: col(0),
        BlockId.KEY_ACTIVITIES: col(1, height=half),
        BlockId.KEY_RESOURCES: col(1, body.y + half, half),
        BlockId.VALUE_PROPOSITIONS: col(2),
        BlockId.CUSTOMER_RELATIONSHIPS: col(3, height=half),
        BlockId.CHANNELS: col(3, body.y + half, half),
        BlockId.CUSTOMER_SEGMENTS: col(4),
        BlockId.COST_STRUCTURE: Rect(body.x, bottom_y, body.width / 2, bottom_height),
        BlockId.REVENUE_STREAMS: Rect(body.x + body.width / 2, bottom_y, body.width / 2, bottom_height),
    }


@cache
def _data() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(read_data("layout.toml"))
