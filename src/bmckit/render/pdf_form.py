"""Fillable PDF canvases: a blank template to type into, and one pre-filled from a canvas file.

reportlab draws the page and creates empty form fields: one multiline field
per block, under the block's guiding questions, and one per header field.
Fields are white so the template prints clean, and the form asks readers to
draw what users type. Form fields only know the standard PDF fonts, which
have no Greek or Cyrillic, so a pre-filled form gets appearance streams of
its own, drawn in the embedded DejaVu Sans; the values stay plain Unicode
text that any reader edits and :mod:`bmckit.render.pdf_read` reads back.
"""

from __future__ import annotations

import io
import json
from functools import cache
from typing import TYPE_CHECKING

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, TextStringObject
from reportlab.lib.colors import HexColor

from bmckit import knowledge
from bmckit.convert import HEADER_KEYS
from bmckit.fontmetrics import metrics
from bmckit.formtext import items_to_text
from bmckit.layout import Layout, Rect, layout_for
from bmckit.model import BlockId
from bmckit.render.pdfkit import FAINT, REGULAR, WHITE, Page, below_heading, draw_boxes, draw_footer, draw_header_labels
from bmckit.textfit import wrap

if TYPE_CHECKING:
    from bmckit.model import Canvas

HEADER_FIELDS = {"designed_for": "Designed for", "designed_by": "Designed by", "date": "Date", "version": "Version"}
CANVAS_METADATA = "/BmckitCanvas"
"""Document-information key holding what the form fields cannot: segments and notes, as JSON."""
SMALLEST_APPEARANCE = 3.0
"""Pre-filled text shrinks this far to show whole in its field; the value itself is never shortened."""


def render_blank(*, paper: str = "a4", title: str = "") -> bytes:
    """A blank fillable canvas: guiding questions printed faintly, a form field under each, and an optional title."""
    blank = _blank_template(layout_for(paper))
    return _with_values(blank, layout_for(paper), {"title": title}) if title else blank


def render_fillable(canvas: Canvas, *, paper: str = "a4") -> bytes:
    """A fillable canvas with the canvas's text already in its fields, for students to go on editing."""
    layout = layout_for(paper)
    values = {key: getattr(canvas.header, key) for key in HEADER_KEYS if key != "notes"}
    values.update({str(block): items_to_text(items) for block, items in canvas.blocks.items()})
    metadata = {
        CANVAS_METADATA: json.dumps(_extra_canvas_data(canvas), ensure_ascii=True, sort_keys=True),
        "/Title": f"Business Model Canvas: {canvas.title}",
    }
    return _with_values(_blank_template(layout), layout, values, metadata)


def _blank_template(layout: Layout) -> bytes:
    page = Page(layout, title="Business Model Canvas", subject="A fillable Business Model Canvas")
    areas = draw_header_labels(page, HEADER_FIELDS)
    titles = {str(b.id): b.title for b in knowledge.blocks()}
    draw_boxes(page, titles)
    for name, rect in _block_fields(page, layout).items():
        _text_field(page, name, rect, multiline=True, tooltip=f"{titles[name]}: one note per line")
    for name, rect in areas.items():
        _text_field(page, name, rect, multiline=name == "title", tooltip=HEADER_FIELDS.get(name, "Title"))
    draw_footer(page)
    # Ask readers to draw field text themselves, so what a user types shows and prints.
    page.pdf.acroForm.extras["NeedAppearances"] = "true"  # reportlab writes str values as they are
    return page.finish()


def _with_values(template: bytes, layout: Layout, values: dict[str, str], metadata: dict[str, str] | None = None) -> bytes:
    """The template with text in its fields, each drawn by an appearance of its own in DejaVu Sans.

    reportlab's fields take Latin-1 only, and readers draw values in the
    form's standard font, which has no Greek or Cyrillic; so the values are
    set with pypdf and their appearances drawn here.
    """
    writer = PdfWriter(clone_from=io.BytesIO(template))
    widgets = [annotation.get_object() for annotation in writer.pages[0].get("/Annots", [])]
    widgets = [w for w in widgets if values.get(w.get("/T", ""))]
    appearances = PdfReader(io.BytesIO(_appearances(layout, [(w["/Rect"], values[w["/T"]], str(w["/T"])) for w in widgets])))
    for widget, drawn in zip(widgets, appearances.pages, strict=True):
        widget[NameObject("/V")] = TextStringObject(values[widget["/T"]])
        widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(_as_form_xobject(drawn, writer))})
    form = writer._root_object["/AcroForm"]
    assert isinstance(form, DictionaryObject)
    form[NameObject("/NeedAppearances")] = BooleanObject(False)  # show the DejaVu appearances drawn here
    if metadata:
        writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _block_fields(page: Page, layout: Layout) -> dict[str, Rect]:
    """Each block's field: under its faint guiding questions, to the foot of the box."""
    sizes = layout.sizes
    fields = {}
    for block, rect in layout.boxes.items():
        top = below_heading(page, rect) - sizes.box_padding
        for line in _question_lines(layout.paper, block):
            page.text(rect.x + sizes.box_padding, top, line, sizes.question_size, colour=FAINT)
            top += sizes.question_size * sizes.line_height
        top += sizes.box_padding / 2
        fields[str(block)] = Rect(
            rect.x + sizes.box_padding / 2, top, rect.width - sizes.box_padding, rect.bottom - top - sizes.box_padding / 2
        )
    return fields


@cache
def _question_lines(paper: str, block: BlockId) -> tuple[str, ...]:
    """A block's guiding questions wrapped to its box: the same for every template of a paper size."""
    layout = layout_for(paper)
    width = layout.boxes[block].width - 2 * layout.sizes.box_padding
    return tuple(line for question in knowledge.block(block).questions for line in wrap(question, width, layout.sizes.question_size))


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
        fillColor=WHITE,
        textColor=HexColor("#1f2933"),
    )


def _appearances(layout: Layout, fields: list[tuple[ArrayObject, str, str]]) -> bytes:
    """One page per field, its size, with the field's text wrapped and shrunk to show whole.

    Each field starts at the size its kind is printed at: the title's, a note's, or a header field's.
    """
    from reportlab.pdfgen.canvas import Canvas as PdfCanvas

    from bmckit.render.pdfkit import ASCENT, BOLD, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    pdf = PdfCanvas(buffer, invariant=1)
    starting_sizes = {"title": layout.sizes.title_size, **dict.fromkeys(map(str, BlockId), layout.sizes.note_size_max)}
    for rect, text, name in fields:
        width, height = float(rect[2]) - float(rect[0]), float(rect[3]) - float(rect[1])
        pdf.setPageSize((width, height))
        bold = name == "title"
        size = starting_sizes.get(name, layout.sizes.field_size)
        font = metrics("bold" if bold else "regular")
        while True:
            lines = wrap(text, width - 4, size, font)
            if len(lines) * size * layout.sizes.line_height <= height - 2 or size <= SMALLEST_APPEARANCE:
                break
            size = max(SMALLEST_APPEARANCE, size - 0.25)
        pdf.setFont(BOLD if bold else REGULAR, size)
        pdf.setFillColor(HexColor("#1f2933"))
        y = height - 1 - ASCENT * size
        for line in lines:
            pdf.drawString(2, y, line)
            y -= size * layout.sizes.line_height
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _as_form_xobject(page: PageObject, writer: PdfWriter) -> DecodedStreamObject:
    """A page of the appearances PDF as a form XObject the widget can show."""
    box = page.mediabox
    contents = page.get_contents()  # a stream with no keys is falsy: compare with None
    xobject = DecodedStreamObject()
    xobject.set_data(contents.get_data() if contents is not None else b"")
    xobject.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(box.width), FloatObject(box.height)]),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return xobject


def _extra_canvas_data(canvas: Canvas) -> dict[str, object]:
    from bmckit.convert import canvas_to_document

    document = canvas_to_document(canvas)
    return {key: document[key] for key in ("segments", "notes") if key in document}
