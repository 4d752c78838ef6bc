"""What the commands read: canvas files and filled forms, with the lines their parts stood on; and notes about a drawing."""

from __future__ import annotations

import sys

from bmckit.cli.errors import UserError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING, to keep `bmckit --version` as quick as Python's start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from bmckit.check import Finding
    from bmckit.model import Canvas
    from bmckit.plan import Plan


_NEEDS_PDF_EXTRA = {"fillable_pdf": "fillable PDF forms need", "pdf.read_back": "reading a PDF form needs"}


def pdf_module(name: str) -> Any:
    """``bmckit.render.fillable_pdf`` or ``bmckit.render.pdf.read_back``, or the install line when the pdf extra is missing."""
    import importlib

    try:
        return importlib.import_module(f"bmckit.render.{name}")
    except ImportError:
        raise UserError(f'{_NEEDS_PDF_EXTRA[name]} the pdf extra: pip install "bmckit[pdf]"') from None


def unreadable_input(name: str, *, pdf: bool) -> str | None:
    """Why ``name`` cannot be read as a canvas at all (missing, a folder, an unknown suffix), or None."""
    import os

    from bmckit.canvas_files import FORMATS

    if not os.path.exists(name):
        return f"{name}: no such file"
    if os.path.isdir(name):
        return f"{name}: is a folder, not a canvas file"
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in FORMATS and not (pdf and suffix == ".pdf"):
        known = ".yaml, .yml, .json or a filled fillable .pdf" if pdf else ".yaml, .yml or .json"
        return f"{name}: unknown canvas file suffix {suffix or '(none)'!r}; use {known}"
    try:
        open(name, "rb").close()
    except OSError as error:
        return f"{name}: cannot read: {error.strerror or error}"
    return None


def read_canvas(name: str) -> Canvas:
    canvas, _ = read_located(name)
    return canvas


def read_located(name: str) -> tuple[Canvas, Callable[..., int | None]]:
    """A canvas file or a filled form, and a function giving the line a part of it stood on (None where unknown)."""
    from bmckit.canvas_files import CanvasFileError

    why = unreadable_input(name, pdf=True)
    if why:
        raise UserError(why)
    if not name.lower().endswith(".pdf"):
        from bmckit import canvas_files

        try:
            located = canvas_files.load_located(name)
        except CanvasFileError as error:
            raise UserError(str(error).replace("\n", "\nbmckit: ")) from None
        return located.canvas, located.line
    reader = pdf_module("pdf.read_back")
    try:
        canvas, notes = reader.read_with_notes(name)
    except CanvasFileError as error:
        raise UserError(str(error).replace("\n", "\nbmckit: ")) from None
    for note in notes:
        print(f"bmckit: note: {name}: {note}", file=sys.stderr)
    return canvas, _no_lines


def _no_lines(*path: str | int) -> int | None:
    return None


def finding_line(canvas: Canvas, finding: Finding, line_of: Callable[..., int | None]) -> int | None:
    """The line a finding is about: its item's, its block's, or its segment's."""
    from bmckit.model import BlockId

    if finding.block is not None and finding.index is not None:
        return line_of("blocks", str(finding.block), finding.index)
    if finding.block is not None and finding.block is not BlockId.CUSTOMER_SEGMENTS and canvas.items(finding.block):
        return line_of("blocks", str(finding.block))
    index = next((i for i, segment in enumerate(canvas.segments) if segment.id == finding.segment), None)
    return line_of("segments", index) if index is not None else None


def canvas_texts(canvas: Canvas) -> list[str]:
    """Every text a PDF of the canvas prints."""
    header = canvas.header
    texts = [header.title, header.designed_for, header.designed_by, header.date, header.version]
    texts += [segment.name for segment in canvas.segments]
    texts += [item.text for _, _, item in canvas.all_items()]
    return texts


def missing_glyph_notes(texts: list[str]) -> list[str]:
    """One note naming the characters the PDF font cannot draw, if there are any."""
    from bmckit.fontmetrics import missing_glyphs

    missing = missing_glyphs(texts)
    if not missing:
        return []
    named = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:10])
    if len(missing) > 10:
        named += f" and {len(missing) - 10} more"
    if len(missing) == 1:
        return [f"the PDF font has no glyph for {named}; it prints as an empty box"]
    return [f"the PDF font has no glyphs for {named}; they print as empty boxes"]


def overflow_notes(laid_out: Plan, where: str | None) -> list[str]:
    """A note for each part of the canvas that continues elsewhere: on a page of its own, or ``where``."""
    from bmckit import knowledge

    block_titles = {info.title for info in knowledge.blocks()}
    notes = []
    for what, page in laid_out.continued:
        place = where or f"on page {page}"
        room = "the canvas page" if what == "the segment legend" else "its box" if what in block_titles else "the header"
        notes.append(f"{what} does not fit {room} even at the smallest type size; it continues {place}")
    return notes


def paper_size(name: str) -> str:
    from bmckit.layout import UnknownPaperError, layout_for

    try:
        return layout_for(name).paper
    except UnknownPaperError as error:
        raise UserError(str(error)) from None
