"""The canvas as SVG: for the web site, notebooks and anything that shows pictures, with no extra dependency.

SVG is the one output the pure-Python core can write on its own (in a
browser too), so this module imports only the standard library and bmckit's
core. It draws a :class:`~bmckit.plan.Plan` and decides nothing about layout:
the PDF renderer draws the very same plan, so both agree box for box and line
for line. Every word is a real ``<text>`` element (selectable, searchable,
read by screen readers), and the output is byte-stable so snapshots can
compare it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from bmckit.fontmetrics import metrics
from bmckit.model import Status
from bmckit.plan import ATTRIBUTION, NEUTRAL_NOTE, item_segments, marker_height, plan
from bmckit.textfit import wrap

if TYPE_CHECKING:
    from bmckit.layout import Layout
    from bmckit.model import BlockId, Canvas
    from bmckit.plan import BoxPlan, ContinuationPage, Plan
    from bmckit.textfit import PlacedNote

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
INK, MUTED, BORDER, FAINT = "#1a1a1a", "#555555", "#444444", "#9a9a9a"
FIELDS = (("Designed for", "designed_for"), ("Designed by", "designed_by"), ("Date", "date"), ("Version", "version"))

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Characters XML 1.0 cannot carry at all, even escaped; they become U+FFFD rather than break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Attrs = dict[str, "str | float | None"]
Parts = dict[tuple[str, int], int]
"""How many parts of each (block, item) note are drawn so far, so a note split between pages gets new ids."""


def render(canvas: Canvas, *, paper: str = "a4", responsive: bool = False) -> str:
    """The canvas as an SVG document; continuation pages, if any, stand below the canvas page."""
    drawing = plan(canvas, paper)
    layout = drawing.layout
    height = layout.height * (1 + len(drawing.pages))
    size: Attrs = {"width": "100%"} if responsive else {"width": f"{_num(layout.width)}pt", "height": f"{_num(height)}pt"}
    root: Attrs = {"xmlns": "http://www.w3.org/2000/svg", **size, "viewBox": f"0 0 {_num(layout.width)} {_num(height)}"}
    root |= {"role": "img", "aria-labelledby": "bmc-title bmc-desc", "font-family": FONT_FAMILY, "xml:space": "preserve"}
    out = [f"<svg{_attrs(root)}>"]
    out.append(_element("title", {"id": "bmc-title"}, f"Business Model Canvas: {canvas.title}"))
    out.append(_element("desc", {"id": "bmc-desc"}, _description(drawing)))
    parts: Parts = {}
    out += _canvas_page(drawing, parts)
    for index, page in enumerate(drawing.pages, start=1):
        out += _continuation_page(drawing, page, layout.height * index, parts)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _description(drawing: Plan) -> str:
    header = drawing.canvas.header
    facts = [f"{label}: {getattr(header, name)}." for label, name in FIELDS if getattr(header, name)]
    count = sum(1 for _ in drawing.canvas.all_items())
    facts.append(f"{count} note{'' if count == 1 else 's'} in the nine building blocks.")
    if drawing.canvas.segments:
        facts.append("Customer segments: " + ", ".join(s.name for s in drawing.canvas.segments) + ".")
    if drawing.pages:
        facts.append(f"Continued on {len(drawing.pages)} more page{'' if len(drawing.pages) == 1 else 's'}.")
    return " ".join(facts)


def _canvas_page(drawing: Plan, parts: Parts) -> list[str]:
    layout = drawing.layout
    out = ['<g class="page" id="page-1">', _page_background(layout)]
    out += _header(drawing)
    for box in drawing.boxes.values():
        out += _box(drawing, box, parts)
    out += _footer(drawing)
    out.append("</g>")
    return out


def _continuation_page(drawing: Plan, page: ContinuationPage, offset: float, parts: Parts) -> list[str]:
    layout, sizes = drawing.layout, drawing.layout.sizes
    out = [f'<g class="page continuation" id="page-{page.number}" transform="translate(0 {_num(offset)})">', _page_background(layout)]
    rule: Attrs = {"class": "page-break", "x1": 0, "y1": 0, "x2": layout.width, "y2": 0, "stroke": FAINT, "stroke-width": 0.5}
    out.append(_element("line", rule | {"stroke-dasharray": "4 3"}))
    heading = f"{drawing.canvas.title} — continued (page {page.number})"
    out += _title(layout, heading, layout.header.width, sizes.title_size * 2 - sizes.box_padding)
    for section in page.sections:
        baseline = _line_y(section.heading_y, sizes.heading_size, 0, sizes.line_height)
        out.append(_text(section.heading_x, baseline, section.heading, sizes.heading_size, "section-heading", bold=True))
        out += [line for note in section.notes for line in _note(drawing, section.block, note, parts)]
    out += _footer(drawing)
    out.append("</g>")
    return out


def _page_background(layout: Layout) -> str:
    return _rect(0, 0, layout.width, layout.height, {"class": "background", "fill": "#ffffff"})


def _title(layout: Layout, title: str, width: float, height: float) -> list[str]:
    """The title, as large as fits the room (down to the field size), wrapped if it must be."""
    sizes, bold = layout.sizes, metrics("bold")
    size = sizes.title_size
    lines = wrap(title, width, size, bold)
    while size > sizes.field_size and len(lines) * size * sizes.line_height > height:
        size = max(sizes.field_size, size - sizes.note_size_step)
        lines = wrap(title, width, size, bold)
    top = layout.header.y + max(0.0, (height - len(lines) * size * sizes.line_height) / 2)
    return [
        _text(layout.header.x, _line_y(top, size, i, sizes.line_height), line, size, "title", bold=True) for i, line in enumerate(lines)
    ]


def _header(drawing: Plan) -> list[str]:
    """The title on the left; the four fields, each a small label over its value, on the right."""
    layout, header = drawing.layout, drawing.canvas.header
    sizes, regular = layout.sizes, metrics()
    gap, widest, narrowest = sizes.field_size * 2, layout.header.width * 0.16, layout.header.width * 0.08
    fields: list[tuple[str, list[str], float]] = []
    for label, name in FIELDS:
        lines = [line for line in wrap(getattr(header, name), widest, sizes.field_size) if line]
        width = max([narrowest, regular.width(label, sizes.field_label_size)] + [regular.width(line, sizes.field_size) for line in lines])
        fields.append((label, lines, width))
    x = layout.header.right - sum(width for *_, width in fields) - gap * (len(fields) - 1)
    out = _title(layout, header.title, x - layout.header.x - gap, layout.header.height - sizes.box_padding)
    room = layout.header.height - sizes.box_padding
    label_height, line_height = sizes.field_label_size * sizes.line_height, sizes.field_size * sizes.line_height
    top = layout.header.y + max(0.0, (room - label_height - max(len(lines) for _, lines, _ in fields) * line_height) / 2)
    for label, lines, width in fields:
        out.append(
            _text(x, _line_y(top, sizes.field_label_size, 0, sizes.line_height), label, sizes.field_label_size, "field-label", fill=MUTED)
        )
        out += [
            _text(x, _line_y(top + label_height, sizes.field_size, i, sizes.line_height), line, sizes.field_size, "field")
            for i, line in enumerate(lines)
        ]
        x += width + gap
    return out


def _box(drawing: Plan, box: BoxPlan, parts: Parts) -> list[str]:
    sizes, rect = drawing.layout.sizes, box.rect
    inner = rect.inset(sizes.box_padding)
    out = [f'<g class="box" id="box-{box.block}" data-block="{box.block}">']
    out.append(_rect(rect.x, rect.y, rect.width, rect.height, {"fill": "#ffffff", "stroke": BORDER, "stroke-width": sizes.border_width}))
    out.append(
        _text(inner.x, _line_y(inner.y, sizes.heading_size, 0, sizes.line_height), box.title, sizes.heading_size, "heading", bold=True)
    )
    out += [line for note in box.notes for line in _note(drawing, box.block, note, parts)]
    if box.continued_on:
        marker_y = inner.bottom - marker_height(drawing.layout) / 2 + sizes.footer_size * 0.35
        marker = f"continued on page {box.continued_on} →"
        out.append(_text(inner.right, marker_y, marker, sizes.footer_size, "continued-marker", fill=MUTED, anchor="end", italic=True))
    out.append("</g>")
    return out


def _note(drawing: Plan, block: BlockId, note: PlacedNote, parts: Parts) -> list[str]:
    """One note: a rounded card in its segment's colour, its status in the border, a label line and the text."""
    sizes, item = drawing.layout.sizes, drawing.note_item(block, note)
    part = parts[block, note.key] = parts.get((block, note.key), -1) + 1
    suffix = "" if part == 0 else "-cont" if part == 1 else f"-cont-{part}"
    classes = " ".join(["note", *([str(item.status)] if item.status else []), *(["continued"] if note.continued else [])])
    fill = _colour(drawing.note_colour(block, note))
    ink = _ink_on(fill)
    out = [f'<g class="{classes}" id="note-{block}-{note.key}{suffix}" data-block="{block}" data-item="{note.key}">']
    card: Attrs = {"rx": sizes.note_padding * 0.6, "fill": fill}
    if item.status is Status.HYPOTHESIS:
        dashes = f"{_num(sizes.note_padding)} {_num(sizes.note_padding * 0.6)}"
        card |= {"stroke": BORDER, "stroke-width": sizes.border_width * 0.8, "stroke-dasharray": dashes}
    elif item.status is Status.VALIDATED:
        card |= {"stroke": BORDER, "stroke-width": sizes.border_width * 0.8}
    else:
        card |= {"stroke": "#000000", "stroke-opacity": 0.25, "stroke-width": sizes.border_width * 0.4}
    out.append(_rect(note.x, note.y, note.width, note.height, card))
    out += _segment_stripes(drawing, block, note)
    x, top = note.x + sizes.note_padding, note.y + sizes.note_padding
    if note.label:
        out.append(
            _text(x, _line_y(top, sizes.note_label_size, 0, sizes.line_height), note.label, sizes.note_label_size, "note-label", fill=ink)
        )
        top += sizes.note_label_size * sizes.line_height
    out += [
        _text(x, _line_y(top, note.size, i, sizes.line_height), line, note.size, "note-text", fill=ink) for i, line in enumerate(note.lines)
    ]
    out.append("</g>")
    return out


def _segment_stripes(drawing: Plan, block: BlockId, note: PlacedNote) -> list[str]:
    """A note serving several segments shows each segment's colour in a stripe down its left edge."""
    segments = item_segments(drawing.canvas, drawing.note_item(block, note))
    if len(segments) < 2:
        return []
    # The stripes straddle the card's left border: inside it, the padding is too narrow to keep them clear of the text.
    width, inset = drawing.layout.sizes.note_padding, drawing.layout.sizes.note_padding * 0.6
    step = (note.height - 2 * inset) / len(segments)
    style: Attrs = {"class": "segment-stripe", "stroke": BORDER, "stroke-width": 0.25}
    return [
        _rect(note.x - width * 0.45, note.y + inset + i * step, width, step, style | {"fill": _colour(s.colour)})
        for i, s in enumerate(segments)
    ]


def _footer(drawing: Plan) -> list[str]:
    """The segment legend on the left and the canvas's licence on the right, on every page."""
    layout, canvas = drawing.layout, drawing.canvas
    sizes, footer, regular = layout.sizes, layout.footer, metrics()
    entries = [(s.name, _colour(s.colour)) for s in canvas.segments]
    if any(not item.segments for *_, item in canvas.all_items()):
        entries.append(("All segments", NEUTRAL_NOTE))
    room = footer.width - regular.width(ATTRIBUTION, sizes.footer_size) - sizes.footer_size * 3
    swatch, gap, row_height = sizes.footer_size, sizes.footer_size * 1.5, sizes.footer_size * sizes.line_height
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = 0.0
    for name, colour in entries:
        width = swatch * 1.4 + regular.width(name, sizes.footer_size)
        if rows[-1] and x + width > room:
            rows.append([])
            x = 0.0
        rows[-1].append((name, colour, x))
        x += width + gap
    baseline = footer.y + footer.height / 2 + sizes.footer_size * 0.35
    # Rows the footer cannot hold run on into the bottom margin, never up into the boxes.
    first = max(footer.y + sizes.footer_size, baseline - (len(rows) - 1) * row_height / 2)
    out = ['<g class="legend">']
    for number, row in enumerate(rows):
        y = first + number * row_height
        for name, colour, offset in row:
            style: Attrs = {"class": "swatch", "fill": colour, "stroke": BORDER, "stroke-width": 0.3}
            out.append(_rect(footer.x + offset, y - swatch * 0.85, swatch, swatch, style))
            out.append(_text(footer.x + offset + swatch * 1.4, y, name, sizes.footer_size, "legend-name"))
    out.append("</g>")
    out.append(_text(footer.right, baseline, ATTRIBUTION, sizes.footer_size, "attribution", fill=MUTED, anchor="end"))
    return out


def _line_y(top: float, size: float, index: int, line_height: float) -> float:
    """The baseline of line ``index`` of a block of lines whose first line's top is ``top``.

    The font's ascent below the half-leading, as the PDF renderer sets it, so both put every line at the same height.
    """
    font = metrics()
    return top + size * ((line_height - 1) / 2 + font.ascent / font.units_per_em + index * line_height)


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    cls: str,
    *,
    fill: str | None = None,
    bold: bool = False,
    italic: bool = False,
    anchor: str | None = None,
) -> str:
    attrs: Attrs = {"class": cls, "x": x, "y": y, "font-size": size, "fill": fill}
    attrs |= {"font-weight": "bold" if bold else None, "font-style": "italic" if italic else None, "text-anchor": anchor}
    return _element("text", attrs, text)


def _rect(x: float, y: float, width: float, height: float, style: Attrs) -> str:
    place: Attrs = {"x": x, "y": y, "width": width, "height": height}
    return _element("rect", place | style)


def _element(tag: str, attrs: Attrs, text: str | None = None) -> str:
    if text is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{escape(_clean(text))}</{tag}>"


def _attrs(attrs: Attrs) -> str:
    return "".join(
        f" {name}={quoteattr(_clean(_num(value) if isinstance(value, float | int) else value))}"
        for name, value in attrs.items()
        if value is not None
    )


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _num(value: float) -> str:
    """A length with at most two decimals and no trailing zeros, so equal drawings give equal bytes."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _colour(value: str) -> str:
    """A ``#rrggbb`` colour as given, or the neutral note colour for anything else (never raw text in an attribute)."""
    return value.lower() if _HEX_COLOUR.fullmatch(value) else NEUTRAL_NOTE


def _ink_on(fill: str) -> str:
    """Black text, or white on a fill too dark for black to be read (WCAG relative luminance)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return INK if luminance > 0.179 else "#ffffff"
