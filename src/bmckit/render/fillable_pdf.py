"""Fillable PDF canvases: a blank template to type into, and one pre-filled from a canvas file.

reportlab draws the page and creates empty form fields: one multiline field
per block, under the block's guiding questions, and one per header field.
Fields are white so the template prints clean. pypdf then makes the form
work in every reader:

* The form's /DR offers DejaVu Sans as a Unicode (Type0) font, and every
  field's /DA names it, so a reader that draws a field itself (on an edit, or
  because pdf.js set /NeedAppearances on save) can draw Greek and Cyrillic.
  Block fields ask for automatic size (``0 Tf``) so an edited field shrinks
  rather than clips; the title keeps the title's size.
* Pre-filled fields get appearances drawn here in that same font: wrapped
  and shrunk as the printable canvas is, never below the legible minimum;
  what still does not fit ends in a visible marker, and
  :func:`render_fillable_with_notes` says so. The value always holds all of it.
* The document information keeps what fields cannot (segments, notes) and a
  digest of the values written, so :func:`form_is_untouched` can tell an
  untouched form from one a student typed into.
"""

from __future__ import annotations

import io
import json
import math
from functools import cache
from typing import TYPE_CHECKING

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.colors import HexColor

from bmckit import knowledge
from bmckit.canvas_dicts import HEADER_KEYS
from bmckit.fontmetrics import metrics
from bmckit.formtext import items_to_text
from bmckit.layout import Layout, Rect, layout_for
from bmckit.margins import HEADER_FIELDS
from bmckit.model import BlockId
from bmckit.render.pdf.form_font import FONT_NAME, FontParts, add_form_font, extra_characters, font_parts
from bmckit.render.pdf.forms import CANVAS_METADATA, FIELDS_DIGEST, field_digest
from bmckit.render.pdf.page import WHITE, draw_template, pdf_date, stamp_id
from bmckit.render.pdf.reportlab_page import Page
from bmckit.textfit import wrap

if TYPE_CHECKING:
    from bmckit.model import Canvas

HEADER_LABELS = {name: label for label, name in HEADER_FIELDS}
"""The header's fields right of the title, by name, with the labels the drawing gives them."""
WRAPPED_HEADER_FIELDS = frozenset({"designed_by"})
"""Header fields of several lines, as a team's names need; the others hold one line."""
INK = "0.122 0.161 0.2"
"""The text colour (#1f2933) as PDF RGB."""
MARKER_INK = "0.322 0.376 0.427"
"""The overflow marker's colour (#52606d), as the printable's "continued" marker."""
STEP = 0.25
"""How much a pre-filled field's text shrinks at a time to fit."""


def render_blank(*, paper: str = "a4", title: str = "") -> bytes:
    """A blank fillable canvas: guiding questions printed faintly, a form field under each, and an optional title."""
    layout = layout_for(paper)
    return _form(layout, {"title": title} if title else {})[0]


def render_fillable(canvas: Canvas, *, paper: str = "a4") -> bytes:
    """A fillable canvas with the canvas's text already in its fields, for students to go on editing."""
    return render_fillable_with_notes(canvas, paper=paper)[0]


def render_fillable_with_notes(canvas: Canvas, *, paper: str = "a4") -> tuple[bytes, list[str]]:
    """The pre-filled fillable canvas, and a note for each field whose text the page cannot show whole."""
    layout = layout_for(paper)
    values = {key: getattr(canvas.header, key) for key in HEADER_KEYS if key != "notes"}
    values.update({str(block): items_to_text(items) for block, items in canvas.blocks.items()})
    metadata = {
        CANVAS_METADATA: json.dumps(_extra_canvas_data(canvas), ensure_ascii=True, sort_keys=True),
        "/Title": f"Business Model Canvas: {canvas.title}",
    }
    return _form(layout, values, metadata, date=canvas.header.date)


@cache
def _parsed_template(paper: str) -> PdfReader:
    """The template, parsed once: cloning copies its objects and leaves it as it was."""
    return PdfReader(io.BytesIO(_blank_template(paper)))


@cache
def _blank_template(paper: str) -> bytes:
    layout = layout_for(paper)
    page = Page(layout, title="Business Model Canvas", subject="A fillable Business Model Canvas")
    areas, blocks = draw_template(page, HEADER_LABELS)
    titles = {str(b.id): b.title for b in knowledge.blocks()}
    for name, rect in blocks.items():
        _text_field(
            page, name, rect, multiline=True, tooltip=f"{titles[name]}: one note per line; indent a line to go on with the note above"
        )
    for name, box in areas.items():  # each field just inside its drawn box, whose rule its white would hide
        multiline = name == "title" or name in WRAPPED_HEADER_FIELDS
        _text_field(page, name, box.inset(layout.sizes.border_width), multiline=multiline, tooltip=HEADER_LABELS.get(name, "Title"))
    return page.finish()


def _form(layout: Layout, values: dict[str, str], metadata: dict[str, str] | None = None, *, date: str = "") -> tuple[bytes, list[str]]:
    """The template with the Unicode font, the fields' /DA, the values and their appearances, and the metadata."""
    writer = PdfWriter(clone_from=_parsed_template(layout.paper))
    parts = font_parts(extra_characters(values.values()))
    form = writer.root_object["/AcroForm"]
    assert isinstance(form, DictionaryObject)
    resources = form.setdefault(NameObject("/DR"), DictionaryObject()).get_object()
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    font = fonts[NameObject(FONT_NAME)] = add_form_font(writer, parts)
    # /Helv is the name Acrobat gives the form's default font, and some fillers (PyMuPDF among them) rewrite
    # a field's /DA to it whatever it said; so /Helv is the Unicode font too, in place of reportlab's Helvetica.
    fonts[NameObject("/Helv")] = font
    form[NameObject("/DA")] = TextStringObject(_default_appearance("", layout))
    # NeedAppearances stays false for every form, blank or pre-filled: each field carries an appearance
    # (reportlab's white box, or the text drawn here, shrunk and marked as the printable is), and that is what
    # viewers that never draw fields (previews, print pipelines, qpdf) show. Set true, it would make MuPDF
    # redraw every pre-filled field in 12 pt Helvetica, clipped, and poppler drop the overflow marker. Every
    # interactive reader draws a field itself once it is edited, and pdf.js sets NeedAppearances true on
    # save; either way the field's /DA and the Unicode font in /DR let it draw any text typed.
    form[NameObject("/NeedAppearances")] = BooleanObject(False)
    notes: list[str] = []
    for annotation in writer.pages[0].get("/Annots", []):
        widget = annotation.get_object()
        name = str(widget.get("/T", ""))
        widget[NameObject("/DA")] = TextStringObject(_default_appearance(name, layout))
        if values.get(name):
            width, height = _size(widget["/Rect"])
            content, note = _appearance(name, values[name], width, height, layout, parts)
            if note:
                notes.append(note)
            widget[NameObject("/V")] = TextStringObject(values[name])
            xobject = _form_xobject(content, width, height, font)
            widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(xobject)})
    dates = ("/CreationDate", "/ModDate")
    info = {key: value for key, value in (writer.metadata or {}).items() if key not in dates}  # reportlab's dates go
    info.update(metadata or {})
    info[FIELDS_DIGEST] = field_digest(values)
    when = pdf_date(date)
    if when:
        info.update(dict.fromkeys(dates, when))
    writer.metadata = info
    out = io.BytesIO()
    writer.write(out)
    return stamp_id(out.getvalue()), notes


def _default_appearance(name: str, layout: Layout) -> str:
    """A field's /DA: the Unicode font; auto size for blocks, the printed size for the title and header fields."""
    sizes = layout.sizes
    size = sizes.title_size if name == "title" else sizes.field_size if name in HEADER_LABELS else 0
    return f"{FONT_NAME} {_number(size)} Tf {INK} rg"


def _size(rect: ArrayObject) -> tuple[float, float]:
    return abs(float(rect[2]) - float(rect[0])), abs(float(rect[3]) - float(rect[1]))


def _text_field(page: Page, name: str, rect: Rect, *, multiline: bool, tooltip: str) -> None:
    sizes = page.layout.sizes
    page.pdf.acroForm.textfield(
        name=name,
        tooltip=tooltip,
        value="",
        x=rect.x,
        y=page.y(rect.y, rect.height),
        width=rect.width,
        height=rect.height,
        maxlen=0,  # no cap on length: reportlab's default is 100 characters
        fieldFlags="multiline" if multiline else "",
        fontName="Helvetica",
        fontSize=sizes.note_size_max if multiline else sizes.field_size,
        borderWidth=0,
        fillColor=HexColor(WHITE),
        textColor=HexColor("#1f2933"),
    )


def _appearance(name: str, text: str, width: float, height: float, layout: Layout, parts: FontParts) -> tuple[bytes, str | None]:
    """A field's appearance stream drawing ``text``, and a note when it cannot show all of it.

    Text starts at the size its kind prints at (the title's, a note's, a header
    field's) and shrinks to fit, but not below the legible minimum; a block
    or the title then shows the lines that fit and a marker line saying how
    many more the field holds, Designed by the lines that fit, and another
    header field the start of its one line.
    """
    sizes = layout.sizes
    smallest = sizes.note_size_min
    font = metrics()
    inner_width, inner_height = width - 4, height - 2
    label = "Title" if name == "title" else HEADER_LABELS.get(name) or knowledge.block(BlockId(name)).title
    note = None
    if name in HEADER_LABELS and name not in WRAPPED_HEADER_FIELDS:
        lines = [text.replace("\n", " ")]
        size = sizes.field_size
        while font.width(lines[0], size) > inner_width and size > smallest:
            size = max(smallest, size - STEP)
        if font.width(lines[0], size) > inner_width:
            note = f"{label}: does not fit its form field even at {_number(size)} pt; the field holds all of it, the page shows its start"
        marker: list[str] = []
    else:
        size = sizes.title_size if name == "title" else sizes.field_size if name in HEADER_LABELS else sizes.note_size_max
        while True:
            lines = wrap(text, inner_width, size, font)
            if len(lines) * size * sizes.line_height <= inner_height or size <= smallest:
                break
            size = max(smallest, size - STEP)
        room = max(1, math.floor(inner_height / (size * sizes.line_height)))
        marker = []
        if len(lines) > room and name in WRAPPED_HEADER_FIELDS:  # no room for a marker line: the note says it
            note = (
                f"{label}: does not fit its form field even at {_number(size)} pt; "
                f"the field holds all of it, the page shows the first {room} of {len(lines)} lines"
            )
            lines = lines[:room]
        elif len(lines) > room:
            shown = room - 1
            for _ in range(3):  # the marker's length depends on the count it states
                hidden = len(lines) - shown
                words = f"… {hidden} more line{'s' if hidden != 1 else ''} in this field: scroll, or print with bmckit render"
                marker = wrap(words, inner_width, size, font)
                shown = max(0, room - len(marker))
            note = (
                f"{label}: does not fit its form field even at {_number(size)} pt; "
                f"the field holds all of it, the page shows the first {shown} of {len(lines)} lines"
            )
            lines = lines[:shown]
    bold = f"2 Tr {_number(size * 0.03)} w {INK} RG " if name == "title" else ""  # the printed title's weight
    out = [
        f"/Tx BMC q 1 g 0 0 {_number(width)} {_number(height)} re f",
        f"1 1 {_number(width - 2)} {_number(height - 2)} re W n",
        f"BT {FONT_NAME} {_number(size)} Tf {_number(size * sizes.line_height)} TL {INK} rg {bold}",
        f"2 {_number(height - 1 - font.ascent / font.units_per_em * size)} Td",
    ]
    for index, line in enumerate(lines):
        out.append(("" if index == 0 else "T* ") + f"<{_encode(line, parts)}> Tj")
    for index, line in enumerate(marker):
        out.append(("" if index == 0 and not lines else "T* ") + f"{MARKER_INK} rg <{_encode(line, parts)}> Tj")
    out.append("ET Q EMC")
    return "\n".join(out).encode("ascii"), note


def _encode(text: str, parts: FontParts) -> str:
    """Text as Identity-H codes (glyph ids) of the form font, in hex; .notdef for what it lacks."""
    glyph_of = parts.glyph_of
    return "".join(f"{glyph_of.get(ord(ch), 0):04X}" for ch in text)


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _form_xobject(content: bytes, width: float, height: float, font: IndirectObject) -> DecodedStreamObject:
    """An appearance: a form XObject drawing ``content`` with the form's own font."""
    xobject = DecodedStreamObject()
    xobject.set_data(content)
    xobject.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
            NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): font})}),
        }
    )
    return xobject


def _extra_canvas_data(canvas: Canvas) -> dict[str, object]:
    from bmckit.canvas_dicts import canvas_to_document

    document = canvas_to_document(canvas)
    extra: dict[str, object] = {key: document[key] for key in ("segments", "notes") if key in document}
    # Where each note comes from is not typed into the form: kept here, by the note's text, for the read-back.
    sources = {str(block): {i.text: i.source for i in items if i.source} for block, items in canvas.blocks.items()}
    if any(sources.values()):
        extra["sources"] = {block: kept for block, kept in sources.items() if kept}
    return extra
