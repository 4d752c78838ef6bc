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
import logging
from typing import TYPE_CHECKING, Any

from bmckit import files
from bmckit.convert import HEADER_KEYS, item_document
from bmckit.files import CanvasFileError, FileProblem
from bmckit.formtext import text_to_items
from bmckit.model import BlockId, Canvas
from bmckit.render.pdf_form import CANVAS_METADATA

if TYPE_CHECKING:
    from pathlib import Path

    from pypdf import PdfReader

NOT_A_PDF = "is not a PDF file, or is damaged"
PASSWORD = "is protected by a password; open it in a PDF reader and save a copy without one, then read that"


def read(path: str | Path) -> Canvas:
    """The canvas in a filled fillable PDF."""
    canvas, _ = read_with_notes(path)
    return canvas


def read_with_notes(path: str | Path) -> tuple[Canvas, list[str]]:
    """The canvas, and notes for the reader (tags kept as text, and the like)."""
    source = str(path)
    reader = open_pdf(path)
    with _quiet_pypdf():
        try:
            values = {name: str(field.get("/V") or "") for name, field in (reader.get_fields() or {}).items()}
            info: Any = reader.metadata or {}
        except Exception:
            raise _problem(source, NOT_A_PDF) from None
    if not set(BlockId) & set(values):
        message = "has no canvas form fields; make a fillable canvas with 'bmckit blank' or 'bmckit render --fillable'"
        raise _problem(source, message)

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


def open_pdf(path: str | Path) -> PdfReader:
    """A pypdf reader for the PDF at ``path``, decrypted if it is only protected against editing.

    Raises :class:`~bmckit.files.CanvasFileError` with one problem for a
    missing file, a file that is not a PDF or is damaged, and one that needs
    a password to open.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    source = str(path)
    with _quiet_pypdf():
        try:
            reader = PdfReader(source)
            if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens owner-only protection
                raise _problem(source, PASSWORD)
            reader.trailer["/Root"]
        except CanvasFileError:
            raise
        except FileNotFoundError:
            raise _problem(source, "no such file") from None
        except IsADirectoryError:
            raise _problem(source, "is a folder, not a PDF file") from None
        except PermissionError:
            raise _problem(source, "cannot be read: permission denied") from None
        except FileNotDecryptedError:
            raise _problem(source, PASSWORD) from None
        except DependencyError:
            raise _problem(source, 'is encrypted with AES; reading it needs the pdf extra: pip install "bmckit[pdf]"') from None
        except Exception:
            raise _problem(source, NOT_A_PDF) from None
    return reader


class _quiet_pypdf:
    """Keep pypdf's logged warnings (about damage it works around) off the terminal while reading."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("pypdf")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL + 1)

    def __exit__(self, *_: object) -> None:
        self.logger.setLevel(self.level)


def _problem(source: str, message: str) -> CanvasFileError:
    return CanvasFileError([FileProblem(source, None, "", message)])


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
