"""Back from paper: a fillable canvas PDF, typed into in any PDF reader, read as a canvas.

Each block's field holds one note per line (see :mod:`bmckit.formtext`); the
header fields hold the title and the rest. What a form cannot show, the
segments and the notes of a pre-filled canvas, travels in the document
information and comes back too. The result is checked like any canvas file,
so a student's PDF can be validated, checked and graded.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bmckit import files
from bmckit.convert import HEADER_KEYS, item_document
from bmckit.files import CanvasFileError, FileProblem
from bmckit.formtext import text_to_items
from bmckit.model import BlockId, Canvas
from bmckit.render.pdf_form import CANVAS_METADATA

if TYPE_CHECKING:
    from pathlib import Path


def read(path: str | Path) -> Canvas:
    """The canvas in a filled fillable PDF."""
    canvas, _ = read_with_notes(path)
    return canvas


def read_with_notes(path: str | Path) -> tuple[Canvas, list[str]]:
    """The canvas, and notes for the reader (tags kept as text, and the like)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    source = str(path)
    try:
        reader = PdfReader(source)
        fields = reader.get_fields() or {}
        info: Any = reader.metadata or {}
    except FileNotFoundError:
        raise CanvasFileError([FileProblem(source, None, "", "no such file")]) from None
    except (PyPdfError, ValueError, OSError) as error:
        raise CanvasFileError([FileProblem(source, None, "", f"not a readable PDF: {error}")]) from None
    values = {name: str(field.get("/V") or "") for name, field in fields.items()}
    if not set(BlockId) & set(values):
        message = "has no canvas form fields; make a fillable canvas with 'bmckit blank' or 'bmckit render --fillable'"
        raise CanvasFileError([FileProblem(source, None, "", message)])

    document: dict[str, Any] = _extra(info, source)
    for key in HEADER_KEYS:
        if values.get(key, "").strip():
            document[key] = values[key].strip()
    document.setdefault("title", "Untitled canvas")
    segment_ids = tuple(str(s["id"]) for s in document.get("segments", []) if isinstance(s, dict) and "id" in s)
    notes: list[str] = []
    blocks: dict[str, Any] = {}
    for block in BlockId:
        parsed = text_to_items(values.get(block, ""), block, segment_ids)
        notes.extend(parsed.notes)
        blocks[block] = [item_document(item) for item in parsed.items]
    document["blocks"] = blocks
    return files.from_document(document, source=source), notes


def _extra(info: Any, source: str) -> dict[str, Any]:
    raw = info.get(CANVAS_METADATA)
    if not raw:
        return {}
    try:
        extra = json.loads(str(raw))
    except json.JSONDecodeError:
        raise CanvasFileError([FileProblem(source, None, CANVAS_METADATA[1:], "is not valid JSON")]) from None
    if not isinstance(extra, dict):
        raise CanvasFileError([FileProblem(source, None, CANVAS_METADATA[1:], "expected a mapping")])
    return {key: extra[key] for key in ("segments", "notes") if key in extra}
