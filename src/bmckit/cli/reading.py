"""What the commands read: canvas files and filled forms, with the lines their parts stood on."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bmckit.cli.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable

    from bmckit.check import Finding
    from bmckit.model import Canvas


def unreadable_input(name: str, *, pdf: bool) -> str | None:
    """Why ``name`` cannot be read as a canvas at all (missing, a folder, an unknown suffix), or None."""
    import os

    from bmckit.canvas_files import FORMATS, why_not_a_file

    if os.path.isdir(name):
        return f"{name}: is a folder, not a canvas file"
    suffix = os.path.splitext(name)[1].lower()
    if os.path.lexists(name) and suffix not in FORMATS and not (pdf and suffix == ".pdf"):
        known = ".yaml, .yml, .json or a filled fillable .pdf" if pdf else ".yaml, .yml or .json"
        return f"{name}: unknown canvas file suffix {suffix or '(none)'!r}; use {known}"
    why = why_not_a_file(name)  # looked at, not opened: opening a named pipe would wait for a writer
    if why is None and not os.access(name, os.R_OK):
        why = "cannot be read: permission denied"
    return f"{name}: {why}" if why else None


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
    try:
        from bmckit.render.pdf.read_back import read_with_notes
    except ImportError:
        raise UserError('reading a PDF form needs the pdf extra: pip install "bmckit[pdf]"') from None
    try:
        canvas, notes = read_with_notes(name)
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


def paper_size(name: str) -> str:
    from bmckit.layout import UnknownPaperError, layout_for

    try:
        return layout_for(name).paper
    except UnknownPaperError as error:
        raise UserError(str(error)) from None
