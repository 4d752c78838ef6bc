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

from bmckit.colours import ink_on
from bmckit.model import Status
from bmckit.plan import (
    ATTRIBUTION,
    HEADER_FIELDS,
    NEUTRAL_NOTE,
    baseline,
    continuation_heading,
    footer_baseline,
    item_colours,
    marker_baseline,
    plan,
    segment_stripes,
)

if TYPE_CHECKING:
    from bmckit.layout import Layout
    from bmckit.model import BlockId, Canvas
    from bmckit.plan import BoxPlan, ContinuationPage, Plan, TextLine
    from bmckit.textfit import PlacedNote

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
INK, MUTED, BORDER, FAINT = "#1a1a1a", "#555555", "#444444", "#9a9a9a"

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_PLAIN_ATTRIBUTE = re.compile(r"[\w #.,:;()%/-]*")
# Characters XML 1.0 cannot carry at all, even escaped; they become U+FFFD rather than break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Attrs = dict[str, "str | float | None"]
Parts = dict[tuple[str, int], int]
"""How many parts of each (block, item) note are drawn so far, so a note split between pages gets new ids."""


def render(canvas: Canvas, *, paper: str = "a4") -> str:
    """The canvas as an SVG document; continuation pages, if any, stand below the canvas page."""
    return draw(plan(canvas, paper))


def draw(drawing: Plan, *, responsive: bool = False) -> str:
    """A canvas laid out, as an SVG document; ``responsive`` leaves its size to the page it is shown in."""
    canvas = drawing.canvas
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
    facts = [f"{label}: {getattr(header, name)}." for label, name in HEADER_FIELDS if getattr(header, name)]
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
    out += _lines(continuation_heading(drawing, page.number), "title", bold=True)
    for section in page.sections:
        y = baseline(section.heading_y, sizes.heading_size, 0, sizes.line_height)
        out.append(_text(section.heading_x, y, section.heading, sizes.heading_size, "section-heading", bold=True))
        if section.block is None:
            out += [line for note in section.notes for line in _plain_note(drawing, note, section.fills)]
        else:
            out += [line for note in section.notes for line in _note(drawing, section.block, note, parts)]
    out += _footer(drawing)
    out.append("</g>")
    return out


def _page_background(layout: Layout) -> str:
    return _rect(0, 0, layout.width, layout.height, {"class": "background", "fill": "#ffffff"})


def _lines(lines: tuple[TextLine, ...], cls: str, *, bold: bool = False, fill: str | None = None) -> list[str]:
    return [_text(line.x, line.baseline, line.text, line.size, cls, bold=bold, fill=fill) for line in lines]


def _header(drawing: Plan) -> list[str]:
    """The title on the left; the four fields, each a small label over its value, on the right."""
    header = drawing.header
    out = _lines(header.title, "title", bold=True)
    for field in header.fields:
        out += _lines((field.label,), "field-label", fill=MUTED)
        out += _lines(field.lines, "field")
    return out


def _box(drawing: Plan, box: BoxPlan, parts: Parts) -> list[str]:
    sizes, rect = drawing.layout.sizes, box.rect
    inner = rect.inset(sizes.box_padding)
    out = [f'<g class="box" id="box-{box.block}" data-block="{box.block}">']
    out.append(_rect(rect.x, rect.y, rect.width, rect.height, {"fill": "#ffffff", "stroke": BORDER, "stroke-width": sizes.border_width}))
    out.append(
        _text(inner.x, baseline(inner.y, sizes.heading_size, 0, sizes.line_height), box.title, sizes.heading_size, "heading", bold=True)
    )
    out += [line for note in box.notes for line in _note(drawing, box.block, note, parts)]
    if box.continued_on:
        marker = f"continued on page {box.continued_on} →"
        out.append(
            _text(
                inner.right,
                marker_baseline(drawing.layout, rect),
                marker,
                sizes.footer_size,
                "continued-marker",
                fill=MUTED,
                anchor="end",
                italic=True,
            )
        )
    out.append("</g>")
    return out


def _note(drawing: Plan, block: BlockId, note: PlacedNote, parts: Parts) -> list[str]:
    """One note: a rounded card in its segment's colour, its status in the border, a label line and the text."""
    sizes, item = drawing.layout.sizes, drawing.note_item(block, note)
    part = parts[block, note.key] = parts.get((block, note.key), -1) + 1
    suffix = "" if part == 0 else "-cont" if part == 1 else f"-cont-{part}"
    classes = " ".join(["note", *([str(item.status)] if item.status else []), *(["continued"] if note.continued else [])])
    fill = _colour(drawing.note_colour(block, note))
    ink = ink_on(fill, INK)
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
            _text(x, baseline(top, sizes.note_label_size, 0, sizes.line_height), note.label, sizes.note_label_size, "note-label", fill=ink)
        )
        top += sizes.note_label_size * sizes.line_height
    out += [
        _text(x, baseline(top, note.size, i, sizes.line_height), line, note.size, "note-text", fill=ink)
        for i, line in enumerate(note.lines)
    ]
    out.append("</g>")
    return out


def _plain_note(drawing: Plan, note: PlacedNote, fills: tuple[str, ...]) -> list[str]:
    """A note of header text or of the legend on a continuation page: a card in its colour, and its text."""
    sizes = drawing.layout.sizes
    fill = _colour(fills[note.key] if note.key < len(fills) else NEUTRAL_NOTE)
    ink = ink_on(fill, INK)
    card: Attrs = {
        "rx": sizes.note_padding * 0.6,
        "fill": fill,
        "stroke": "#000000",
        "stroke-opacity": 0.25,
        "stroke-width": sizes.border_width * 0.4,
    }
    out = ['<g class="note plain">', _rect(note.x, note.y, note.width, note.height, card)]
    top = note.y + sizes.note_padding
    out += [
        _text(note.x + sizes.note_padding, baseline(top, note.size, i, sizes.line_height), line, note.size, "note-text", fill=ink)
        for i, line in enumerate(note.lines)
    ]
    out.append("</g>")
    return out


def _segment_stripes(drawing: Plan, block: BlockId, note: PlacedNote) -> list[str]:
    """A note serving several segments shows each segment's colour in a stripe down its left edge."""
    colours = item_colours(drawing.canvas, drawing.note_item(block, note))
    style: Attrs = {"class": "segment-stripe", "stroke": BORDER, "stroke-width": 0.25}
    return [
        _rect(r.x, r.y, r.width, r.height, style | {"fill": _colour(colour)})
        for r, colour in segment_stripes(drawing.layout, note, colours)
    ]


def _footer(drawing: Plan) -> list[str]:
    """The segment legend on the left and the canvas's licence on the right, on every page."""
    layout = drawing.layout
    sizes = layout.sizes
    out = ['<g class="legend">']
    for entry in drawing.legend:
        swatch = entry.swatch
        if entry.colour:
            style: Attrs = {"class": "swatch", "fill": _colour(entry.colour), "stroke": BORDER, "stroke-width": 0.3}
            out.append(_rect(swatch.x, swatch.y, swatch.width, swatch.height, style))
        out.append(_text(entry.name_x, entry.baseline, entry.name, sizes.footer_size, "legend-name"))
    out.append("</g>")
    out.append(_text(layout.footer.right, footer_baseline(layout), ATTRIBUTION, sizes.footer_size, "attribution", fill=MUTED, anchor="end"))
    return out


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
    # Formatted directly rather than through _attrs: text elements are most of a drawing, and this is its hot path.
    extra = "".join(
        (
            f" fill={_quote(fill)}" if fill else "",
            ' font-weight="bold"' if bold else "",
            ' font-style="italic"' if italic else "",
            f' text-anchor="{anchor}"' if anchor else "",
        )
    )
    return f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}"{extra}>{escape(_clean(text))}</text>'


def _rect(x: float, y: float, width: float, height: float, style: Attrs) -> str:
    return f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}"{_attrs(style)}/>'


def _element(tag: str, attrs: Attrs, text: str | None = None) -> str:
    if text is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{escape(_clean(text))}</{tag}>"


def _attrs(attrs: Attrs) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        # Numbers need no escaping; text always goes through quoteattr.
        parts.append(f' {name}="{_num(value)}"' if isinstance(value, float | int) else f" {name}={_quote(value)}")
    return "".join(parts)


def _quote(value: str) -> str:
    """An attribute value in quotes, escaped when it holds anything XML treats specially."""
    return f'"{value}"' if _PLAIN_ATTRIBUTE.fullmatch(value) else quoteattr(_clean(value))


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def _num(value: float) -> str:
    """A length with at most two decimals and no trailing zeros, so equal drawings give equal bytes."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _colour(value: str) -> str:
    """A ``#rrggbb`` colour as given, or the neutral note colour for anything else (never raw text in an attribute)."""
    return value.lower() if _HEX_COLOUR.fullmatch(value) else NEUTRAL_NOTE
