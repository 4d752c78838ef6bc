"""What a fillable canvas form holds besides its fields, and opening any PDF quietly, in bmckit's words.

The fillable renderer (:mod:`bmckit.render.fillable_pdf`) stores in the
document information what fields cannot hold (segments and notes) and a
digest of the values it wrote; the read-back (:mod:`bmckit.render.pdf.read_back`)
and the overwrite guard read them. A file pypdf cannot open becomes one
:class:`~bmckit.canvas_files.CanvasFileError` with a reason a person can act on.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import warnings
from typing import TYPE_CHECKING

from pypdf import PdfReader

from bmckit.canvas_files import CanvasFileError, UnreadableFile, read_file
from bmckit.model import BlockId

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path


CANVAS_METADATA = "/BmckitCanvas"
"""Document-information key holding what the form fields cannot: segments and notes, as JSON."""
FIELDS_DIGEST = "/BmckitFields"
"""Document-information key holding :func:`field_digest` of the values bmckit wrote into the fields."""
NOT_A_PDF = "is not a PDF file, or is damaged"
LARGEST_PDF = 20_000_000
"""Bytes a PDF form may hold to be read. bmckit's forms are about 180 KB, fonts included, and a reader that embeds
more fonts on saving adds a few MB; pypdf holds the whole file in memory and parses what it needs on demand."""
PASSWORD = "is protected by a password; open it in a PDF reader and save a copy without one, then read that"


def field_digest(values: Mapping[str, str]) -> str:
    """A digest of a form's field values: sha256 of canonical JSON of the non-empty ones."""
    canonical = json.dumps({k: v for k, v in values.items() if v}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def form_is_untouched(path: str | Path) -> bool:
    """True when nobody has typed into the fillable PDF at ``path`` since bmckit wrote it.

    That is, its fields hold what bmckit wrote (their digest is the one stored),
    or, for a form without a stored digest (an older bmckit's), it has the
    canvas fields and every field is empty. A PDF that is no canvas form is
    not called untouched: it is not bmckit's to overwrite. Raises
    :class:`bmckit.canvas_files.CanvasFileError` for a file that cannot be read.
    """
    reader = open_pdf(path)
    with quiet_pypdf():
        try:
            values = {name: str(field.get("/V") or "") for name, field in (reader.get_fields() or {}).items()}
            stored = reader.metadata.get(FIELDS_DIGEST) if reader.metadata else None
        except Exception:  # a /Parent chain that loops, an information dictionary that is not one, …: damage
            raise _problem(str(path), NOT_A_PDF) from None
    if stored is None:
        return set(map(str, BlockId)) <= set(values) and not any(values.values())
    return str(stored) == field_digest(values)


def open_pdf(path: str | Path) -> PdfReader:
    """A pypdf reader for the PDF at ``path``, decrypted if it is only protected against editing.

    Raises :class:`~bmckit.canvas_files.CanvasFileError` with one problem for a
    missing file, a file that is not a PDF or is damaged, and one that needs
    a password to open.
    """
    from pypdf.errors import DependencyError, FileNotDecryptedError

    source = str(path)
    data = read_file(path, largest=LARGEST_PDF, kind="PDF file")
    with quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):  # an empty user password opens owner-only protection
                raise _problem(source, PASSWORD)
            reader.trailer["/Root"]  # reach the catalogue now, so damage shows here and not later
        except CanvasFileError:
            raise
        except FileNotDecryptedError:
            raise _problem(source, PASSWORD) from None
        except DependencyError:
            raise _problem(source, 'is encrypted with AES; reading it needs the pdf extra: pip install "bmckit[pdf]"') from None
        except Exception:  # pypdf raises many kinds for a damaged file; all mean the same to the user
            raise _problem(source, NOT_A_PDF) from None
    return reader


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's log lines and warnings ("EOF marker not found" and the like) off the terminal: a damaged file gets one line of ours."""
    logger = logging.getLogger("pypdf")
    handler, propagate = logging.NullHandler(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="pypdf")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _problem(source: str, message: str) -> CanvasFileError:
    return UnreadableFile(source, message)
