"""The canvas geometry: where the header, the nine boxes and the footer stand on each paper size.

Lengths are points with the origin at the top left and y growing downwards,
as in SVG; the PDF renderer turns y over. The numbers live in
``data/layout.toml``; this module only does the arithmetic, once per paper.
"""

from __future__ import annotations

import itertools
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from bmckit.model import BlockId
from bmckit.package_data import read_data

if TYPE_CHECKING:
    from collections.abc import Mapping


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
    template_title_size: float
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
    field_widths: dict[str, float]
    """The widest each header field right of the title may be, in points, by the Header attribute it shows."""
    field_narrowest: float
    """The narrowest a header field is drawn, in points."""


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
    base = {name: float(value) for name, value in _data()["base"].items()}
    return _layout(key, spec["name"], float(spec["width"]), float(spec["height"]), base, float(spec["type_scale"]))


def _layout(key: str, name: str, width: float, height: float, base: dict[str, float], type_scale: float) -> Layout:
    unscaled = {"line_height", "note_size_step"}
    sizes = Sizes(**{field: base[field] * (1 if field in unscaled else type_scale) for field in Sizes._fields})
    margin = sizes.margin
    header = Rect(margin, margin, width - 2 * margin, base["header_height"] * type_scale)
    footer_height = base["footer_height"] * type_scale
    footer = Rect(margin, height - margin - footer_height, width - 2 * margin, footer_height)
    body = Rect(margin, header.bottom, width - 2 * margin, footer.y - header.bottom)
    fields = _data()["header"]
    widths = {name: float(share) * header.width for name, share in fields["widest"].items()}
    return Layout(key, name, width, height, header, _boxes(body), footer, sizes, widths, float(fields["narrowest"]) * header.width)


SCREEN = "screen"
"""The key of the layout drawn for a screen rather than a paper size."""


@cache
def screen_layout() -> Layout:
    """The layout for a screen: ``[screen]``'s width, least height and type sizes, its boxes still to grow (:func:`grown`)."""
    spec = _data()["screen"]
    base = {name: float(value) for name, value in _data()["base"].items()} | {name: float(value) for name, value in spec.items()}
    return _layout(SCREEN, "screen", base["width"], base["height"], base, type_scale=1.0)


def grown(layout: Layout, box_heights: Mapping[BlockId, float]) -> Layout:
    """``layout`` with each row of the grid as tall as the tallest box in it needs (never less than it was), and the
    footer and the page moved down to follow; a box spanning rows shares what it needs more among them by their heights.
    """
    rows = block_grid()
    tops = [*sorted({box.y for box in layout.boxes.values()}), max(box.bottom for box in layout.boxes.values())]
    heights = [b - a for a, b in itertools.pairwise(tops)]
    spans = {block: _rows_spanned(rows, block) for block in layout.boxes}
    for block, (first, last) in sorted(spans.items(), key=lambda item: item[1][1] - item[1][0]):
        have = sum(heights[first : last + 1])
        need = box_heights.get(block, 0.0)
        if need > have + 1e-6:
            for row in range(first, last + 1):
                heights[row] *= need / have
    body_top = tops[0]
    extra = sum(heights) - (tops[-1] - body_top)
    if extra <= 1e-6:
        return layout
    body = Rect(layout.header.x, body_top, layout.header.width, sum(heights))
    footer = layout.footer._replace(y=layout.footer.y + extra)
    return layout._replace(height=layout.height + extra, boxes=_boxes(body, heights), footer=footer)


def block_grid() -> tuple[tuple[BlockId, ...], ...]:
    """The nine blocks on the canvas's grid, row by row, a block named in every cell it spans."""
    grid = _data()["grid"]
    names = {short: BlockId(block) for short, block in grid["blocks"].items()}
    return tuple(tuple(names[short] for short in row.split()) for row in grid["rows"])


def reading_order() -> tuple[BlockId, ...]:
    """The nine blocks in the order a person reads them where they cannot stand side by side: customers first."""
    order = tuple(BlockId(block) for block in _data()["grid"]["reading_order"])
    if sorted(order) != sorted(BlockId):
        raise ValueError("layout.toml: [grid] reading_order must name each of the nine blocks once")
    return order


def _boxes(body: Rect, weights: list[float] | None = None) -> dict[BlockId, Rect]:
    """Each block's box: the cells of the grid it spans, the columns equal, the rows as tall as their weights say."""
    rows = block_grid()
    weights = weights or [float(w) for w in _data()["grid"]["row_heights"]]
    column = body.width / len(rows[0])
    tops = [body.y + body.height * sum(weights[:i]) / sum(weights) for i in range(len(weights) + 1)]
    boxes = {}
    for block in BlockId:
        first_row, last_row = _rows_spanned(rows, block)
        cells = [(r, c) for r, row in enumerate(rows) for c, named in enumerate(row) if named is block]
        first_column, last_column = min(c for _, c in cells), max(c for _, c in cells)
        if len(cells) != (last_row - first_row + 1) * (last_column - first_column + 1):
            raise ValueError(f"layout.toml: [grid] rows: {block} must fill a rectangle of cells")
        width = (last_column - first_column + 1) * column
        boxes[block] = Rect(body.x + first_column * column, tops[first_row], width, tops[last_row + 1] - tops[first_row])
    return boxes


def _rows_spanned(rows: tuple[tuple[BlockId, ...], ...], block: BlockId) -> tuple[int, int]:
    """The first and the last row of the grid a block stands in."""
    named = [r for r, row in enumerate(rows) if block in row]
    if not named:
        raise ValueError(f"layout.toml: [grid] rows: {block} has no cell")
    return min(named), max(named)


@cache
def _data() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(read_data("layout.toml"))
