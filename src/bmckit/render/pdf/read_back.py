"""Back from paper: a fillable canvas PDF, typed into in any PDF reader, read as a canvas.

Each block's field holds its notes (see :mod:`bmckit.formtext`); the header
fields hold the title and the rest. What a form cannot show, the segments
and the notes of a pre-filled canvas, travels in the document information
and comes back too. The result is checked like any canvas file, so a
student's PDF can be validated, checked and graded.

Whatever goes wrong opening the file is said in bmckit's words, as one
problem: pypdf's own messages and warnings stay off the terminal.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bmckit import canvas_files
from bmckit.canvas_dicts import HEADER_KEYS, item_document
from bmckit.canvas_files import CanvasFileError, FileProblem, UnreadableFile
from bmckit.formtext import text_to_items
from bmckit.model import BlockId, Canvas, Item
from bmckit.render.pdf.forms import CANVAS_METADATA, NOT_A_PDF, PASSWORD, open_pdf, quiet_pypdf

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["LONGEST_FIELD", "NOT_A_PDF", "PASSWORD", "open_pdf", "read", "read_with_notes"]

LONGEST_FIELD = 50_000
"""Characters a form field may hold to be read as notes: a block's box shows a few thousand at most, so more was not
typed into the form, and reading a field of millions of one-letter lines would take seconds and gigabytes."""
_TOO_LONG = f"holds more than {LONGEST_FIELD:,} characters, more than a block of the form can show; not read"


def read(path: str | Path) -> Canvas:
    """The canvas in a filled fillable PDF."""
    canvas, _ = read_with_notes(path)
    return canvas


def read_with_notes(path: str | Path) -> tuple[Canvas, list[str]]:
    """The canvas, and notes for the reader (tags kept as text, and the like)."""
    source = str(path)
    reader = open_pdf(path)
    with quiet_pypdf():
        try:
            values = {name: str(field.get("/V") or "") for name, field in (reader.get_fields() or {}).items()}
            info: Any = reader.metadata or {}
        except Exception:  # any failure inside pypdf means a damaged file, said in one line
            raise UnreadableFile(source, NOT_A_PDF) from None
    if not set(BlockId) & set(values):
        message = "has no canvas form fields; make a fillable canvas with 'bmckit blank' or 'bmckit render --fillable'"
        raise CanvasFileError([FileProblem(source, None, "", message)])
    too_long = [FileProblem(source, None, name, _TOO_LONG) for name, value in values.items() if len(value) > LONGEST_FIELD]
    if too_long:
        raise CanvasFileError(too_long)

    document: dict[str, Any] = _extra(info, source)
    sources = document.pop("sources", {})
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
        kept = sources.get(str(block), {}) if isinstance(sources, dict) else {}
        blocks[block] = [item_document(_with_source(item, kept)) for item in parsed.items]
    document["blocks"] = blocks
    return canvas_files.from_document(document, source=source), notes


def _extra(info: Any, source: str) -> dict[str, Any]:
    raw = info.get(CANVAS_METADATA)
    if not raw:
        return {}
    try:
        extra = json.loads(str(raw))
    except json.JSONDecodeError:
        raise UnreadableFile(source, f"{CANVAS_METADATA[1:]}: is not valid JSON") from None
    except RecursionError:  # what is nested deeper than a canvas goes, but not too deep to read, from_document refuses
        raise UnreadableFile(source, f"{CANVAS_METADATA[1:]}: is nested too deeply for a canvas") from None
    if not isinstance(extra, dict):
        raise CanvasFileError([FileProblem(source, None, CANVAS_METADATA[1:], "expected a mapping")])
    return {key: extra[key] for key in ("segments", "notes", "sources") if key in extra}


def _with_source(item: Item, kept: Any) -> Item:
    """The note with the source the form kept for its text, if it kept one (a note typed anew has none)."""
    found = kept.get(item.text) if isinstance(kept, dict) else None
    return replace(item, source=found) if isinstance(found, str) and found else item
