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
    fields = _data()["header"]
    widths = {name: float(share) * header.width for name, share in fields["widest"].items()}
    return Layout(key, spec["name"], width, height, header, _boxes(body), footer, sizes, widths, float(fields["narrowest"]) * header.width)


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


def _boxes(body: Rect) -> dict[BlockId, Rect]:
    """Each block's box: the cells of the grid it spans, the columns equal, the rows as tall as their weights."""
    rows, weights = block_grid(), [float(w) for w in _data()["grid"]["row_heights"]]
    column = body.width / len(rows[0])
    tops = [body.y + body.height * sum(weights[:i]) / sum(weights) for i in range(len(weights) + 1)]
    boxes = {}
    for block in BlockId:
        cells = [(r, c) for r, row in enumerate(rows) for c, named in enumerate(row) if named is block]
        if not cells:
            raise ValueError(f"layout.toml: [grid] rows: {block} has no cell")
        first_row, last_row = min(r for r, _ in cells), max(r for r, _ in cells)
        first_column, last_column = min(c for _, c in cells), max(c for _, c in cells)
        if len(cells) != (last_row - first_row + 1) * (last_column - first_column + 1):
            raise ValueError(f"layout.toml: [grid] rows: {block} must fill a rectangle of cells")
        width = (last_column - first_column + 1) * column
        boxes[block] = Rect(body.x + first_column * column, tops[first_row], width, tops[last_row + 1] - tops[first_row])
    return boxes


@cache
def _data() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(read_data("layout.toml"))
