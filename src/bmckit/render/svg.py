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
from functools import lru_cache
from html import escape as html_escape
from typing import TYPE_CHECKING

from bmckit.colours import ink
from bmckit.plan import HEADER_FIELDS, NEUTRAL_NOTE, plan

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bmckit.drawables import Frame, LegendEntry, NoteCard, TextLine
    from bmckit.layout import Layout
    from bmckit.model import Canvas, Segment
    from bmckit.plan import BoxPlan, ContinuationPage, Plan

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_PLAIN_ATTRIBUTE = re.compile(r"[\w #.,:;()%/-]*")
# Characters XML 1.0 cannot carry at all, even escaped; they become U+FFFD rather than break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPECIAL_TEXT = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""What makes text need escaping or cleaning; most lines of a drawing hold none of it."""

Attrs = dict[str, "str | float | None"]


def render(canvas: Canvas, *, paper: str = "a4") -> str:
    """The canvas as an SVG document; continuation pages, if any, stand below the canvas page."""
    return draw(plan(canvas, paper))


def draw(drawing: Plan, *, responsive: bool = False, links: Mapping[str, str] | None = None) -> str:
    """A canvas laid out, as an SVG document.

    ``responsive`` leaves its size to the page it is shown in (up to its natural size) and makes it explorable: each
    note says which segments it serves, its status and where it comes from (``data-segments``, ``data-status``,
    ``data-source``), each legend entry its segment (``g.legend-entry[data-segment]``), for a page's script to work
    with; it is then a group of links and notes rather than one image. ``links`` maps ``block:<id>``, ``type:<id>`` and ``motivation:<id>`` to addresses:
    block headings, and a relationship note's type and motivation, link there.
    """
    canvas = drawing.canvas
    layout = drawing.layout
    height = layout.height * (1 + len(drawing.pages))
    size: Attrs = {"width": f"{_num(layout.width)}pt", "height": f"{_num(height)}pt"}
    if responsive:
        size = {"class": "bmc-canvas-screen", "width": "100%", "style": f"max-width: {_num(layout.width)}pt"}
    root: Attrs = {"xmlns": "http://www.w3.org/2000/svg", **size, "viewBox": f"0 0 {_num(layout.width)} {_num(height)}"}
    if responsive:
        root |= {"role": "group", "aria-labelledby": "bmc-title", "aria-describedby": "bmc-desc"}
    else:
        root |= {"role": "img", "aria-labelledby": "bmc-title bmc-desc"}
    root |= {"font-family": FONT_FAMILY, "xml:space": "preserve"}
    out = [f"<svg{_attrs(root)}>"]
    out.append(_element("title", {"id": "bmc-title"}, f"Business Model Canvas: {canvas.title}"))
    out.append(_element("desc", {"id": "bmc-desc"}, _description(drawing)))
    if responsive:
        out += _explorable_page(drawing, links or {})
    else:
        out += _canvas_page(drawing)
    for index, page in enumerate(drawing.pages, start=1):
        out += _continuation_page(drawing, page, layout.height * index)
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


def _canvas_page(drawing: Plan) -> list[str]:
    out = ['<g class="page" id="page-1">', _page_background(drawing.layout)]
    out += _header(drawing)
    for box in drawing.boxes.values():
        out += _box(box)
    out += _footer(drawing)
    out.append("</g>")
    return out


def _explorable_page(drawing: Plan, links: Mapping[str, str]) -> list[str]:
    """The canvas page for a screen: as :func:`_canvas_page`, with links, and each note and segment told apart for a script."""
    out = ['<g class="page" id="page-1">', _page_background(drawing.layout)]
    out += _header(drawing)
    for box in drawing.boxes.values():
        out.append(f'<g class="box" id="box-{box.block}" data-block="{box.block}">')
        out.append(_frame(box.frame))
        out.append(_linked(_line(box.heading), links.get(f"block:{box.block}"), "block-link"))
        items = drawing.canvas.items(box.block)
        for note in box.notes:
            item = items[note.key]
            targets = {"type": links.get(f"type:{item.type}"), "motivation": links.get(f"motivation:{item.motivation}")}
            out += _note(note, explorable=True, targets=targets)
        if box.marker:
            out.append(_line(box.marker))
        out.append("</g>")
    out += _footer(drawing, explorable=True)
    out.append("</g>")
    return out


def _linked(element: str, href: str | None, cls: str) -> str:
    return f'<a class="{cls}" href={_quote(href)}>{element}</a>' if href else element


def _linked_line(line: TextLine, targets: Mapping[str, str | None]) -> str:
    """A line of a note on a screen; a line of its label's type or motivation (``note-label type``) links to its page."""
    kind = line.role.removeprefix("note-label ")
    href = targets.get(kind) if kind != line.role else None
    if not href:
        return _line(line)
    return _text_element(line, f'<a class="{kind}-link" href={_quote(href)}>{_escape(line.text)}</a>')


def _continuation_page(drawing: Plan, page: ContinuationPage, offset: float) -> list[str]:
    layout = drawing.layout
    out = [f'<g class="page continuation" id="page-{page.number}" transform="translate(0 {_num(offset)})">', _page_background(layout)]
    rule: Attrs = {"class": "page-break", "x1": 0, "y1": 0, "x2": layout.width, "y2": 0, "stroke": ink().faint, "stroke-width": 0.5}
    out.append(_element("line", rule | {"stroke-dasharray": "4 3"}))
    out += [_line(line) for line in page.heading]
    for section in page.sections:
        out.append(_line(section.heading))
        out += [part for note in section.notes for part in _note(note)]
    out += _footer(drawing)
    out.append("</g>")
    return out


def _page_background(layout: Layout) -> str:
    return _rect(0, 0, layout.width, layout.height, {"class": "background", "fill": ink().paper})


def _header(drawing: Plan) -> list[str]:
    """The title on the left; the four fields, each a small label over its value, on the right; on paper, a box to write
    in for each one left empty."""
    out = [_line(line) for line in drawing.header.title]
    for field in drawing.header.fields:
        out += [_line(field.label), *(_line(line) for line in field.lines)]
    out += [_frame(box) for box in drawing.header.boxes]
    return out


def _box(box: BoxPlan) -> list[str]:
    out = [f'<g class="box" id="box-{box.block}" data-block="{box.block}">', _frame(box.frame), _line(box.heading)]
    out += [part for note in box.notes for part in _note(note)]
    if box.marker:
        out.append(_line(box.marker))
    out.append("</g>")
    return out


def _note(note: NoteCard, *, explorable: bool = False, targets: Mapping[str, str | None] | None = None) -> list[str]:
    """One note: a rounded card in its segment's colour, its status in the border, a label line and the text.

    ``explorable`` adds the segments it serves, its status and its source as data, and links its lines to ``targets``
    by kind.
    """
    if note.block is None:
        out = ['<g class="note plain">']
    else:
        classes = " ".join(["note", *([str(note.status)] if note.status else []), *(["continued"] if note.continued else [])])
        data = ""
        if explorable:
            data = f" data-segments={_quote(' '.join(note.segments))}" + (f' data-status="{note.status}"' if note.status else "")
            data += f" data-source={_quote(note.source)}" if note.source else ""
        out = [f'<g class="{classes}" id="{note.id}" data-block="{note.block}" data-item="{note.key}"{data}>']
    out.append(_frame(note.card, role=False))
    out += [_frame(stripe) for stripe in note.stripes]
    if note.label:
        out.append(_line(note.label))
    out += [_linked_line(line, targets) for line in note.lines] if targets else [_line(line) for line in note.lines]
    out.append("</g>")
    return out


def _footer(drawing: Plan, *, explorable: bool = False) -> list[str]:
    """The segment legend on the left and the canvas's licence on the right, on every page.

    ``explorable`` groups each segment's swatch and name as ``g.legend-entry`` with the segment's id and whole name.
    """
    out = ['<g class="legend">']
    segments = drawing.canvas.segments
    for index, entry in enumerate(drawing.legend):
        if explorable:
            out.append(_legend_entry(entry, segments[index] if entry.swatch and index < len(segments) else None))
            continue
        if entry.swatch:
            out.append(_frame(entry.swatch))
        out.append(_line(entry.name))
    out.append("</g>")
    out.append(_line(drawing.attribution))
    return out


def _legend_entry(entry: LegendEntry, segment: Segment | None) -> str:
    drawn = ([_frame(entry.swatch)] if entry.swatch else []) + [_line(entry.name)]
    if segment is None:
        return "".join(drawn)
    return f'<g class="legend-entry" data-segment={_quote(segment.id)} data-name={_quote(segment.name)}>{"".join(drawn)}</g>'


def _text_element(line: TextLine, content: str) -> str:
    """A line of text whose content is already SVG (escaped text and links)."""
    drawn = _line(line._replace(text=""))
    return drawn.replace("></text>", f">{content}</text>", 1)


def _line(line: TextLine) -> str:
    # Formatted directly rather than through _attrs: text elements are most of a drawing, and this is its hot path.
    x, y, text, size, colour, bold, align, role = line
    extra = "".join(
        (
            f" fill={_quote(colour)}" if colour else "",
            ' font-weight="bold"' if bold else "",
            f' text-anchor="{align}"' if align != "start" else "",
        )
    )
    return f'<text class="{role}" x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}"{extra}>{_escape(text)}</text>'


def _frame(frame: Frame, *, role: bool = True) -> str:
    # Formatted directly rather than through _attrs, as _text is: every note has one or more.
    rect, parts = frame.rect, []
    if role and frame.role != "box":
        parts.append(f" class={_quote(frame.role)}")
    if frame.radius:
        parts.append(f' rx="{_num(frame.radius)}"')
    parts.append(f' fill="{_colour(frame.fill)}"' if frame.fill else ' fill="none"')
    if frame.stroke is not None:
        parts.append(f" stroke={_quote(frame.stroke)}")
    parts.append(f' stroke-width="{_num(frame.stroke_width)}"')
    if frame.dash:
        parts.append(f' stroke-dasharray="{" ".join(_num(length) for length in frame.dash)}"')
    return f'<rect x="{_num(rect.x)}" y="{_num(rect.y)}" width="{_num(rect.width)}" height="{_num(rect.height)}"{"".join(parts)}/>'


def _rect(x: float, y: float, width: float, height: float, style: Attrs) -> str:
    return f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}"{_attrs(style)}/>'


def _element(tag: str, attrs: Attrs, text: str | None = None) -> str:
    if text is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{_escape(text)}</{tag}>"


def _attrs(attrs: Attrs) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        # Numbers need no escaping; text always goes through _quote.
        parts.append(f' {name}="{_num(value)}"' if isinstance(value, float | int) else f" {name}={_quote(value)}")
    return "".join(parts)


@lru_cache(maxsize=1024)
def _quote(value: str) -> str:
    """An attribute value in quotes, escaped when it holds anything XML treats specially.

    Cached: most values are a drawing's few colours and classes, written again for every note.
    """
    if _PLAIN_ATTRIBUTE.fullmatch(value):
        return f'"{value}"'
    escaped = html_escape(_clean(value), quote=True)
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def _escape(text: str) -> str:
    """Text as XML character data: ``&``, ``<`` and ``>`` escaped (html's escape, which loads nothing more; xml.sax's loads urllib)."""
    return html_escape(_clean(text), quote=False) if _SPECIAL_TEXT.search(text) else text


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


@lru_cache(maxsize=4096)
def _num(value: float) -> str:
    """A length with at most two decimals and no trailing zeros, so equal drawings give equal bytes.

    Cached: a drawing writes the same few hundred lengths (columns, sizes, baselines) over and over.
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _colour(value: str) -> str:
    """A ``#rrggbb`` colour as given, or the neutral note colour for anything else (never raw text in an attribute)."""
    return value.lower() if _HEX_COLOUR.fullmatch(value) else NEUTRAL_NOTE
