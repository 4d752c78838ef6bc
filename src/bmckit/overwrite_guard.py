"""Is a file an earlier output of bmckit's, safe to draw again?

Drawings are made again at will, so ``bmckit render`` and ``bmckit blank``
replace their own earlier outputs without asking, and ``bmckit review`` its
earlier report and a grade book nobody has typed into. Anything else at the
output path (a canvas file, a form a student typed into, a PDF a reader
annotated, a grade book with a teacher's marks, a file of someone else's) is
someone's work: the command line refuses to replace it without ``--force``.
This module tells the two apart by looking at the file, defensively: a file
it cannot read, or cannot be sure of, or that is not a regular file, is not
an earlier output.

A printable PDF of bmckit's, untouched, is known from its own /ID (see
:func:`_is_untouched_printable`); any doubt goes to pypdf, which says why
not. Asking pypdf every time would make drawing over one's last PDF take
0.42 s rather than 0.30 s (importing pypdf alone takes 0.2 s), a delay a
person notices on every run.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

KINDS = {
    "svg": "an SVG drawn by bmckit",
    "markdown": "a Markdown outline written by bmckit",
    "pdf": "a printable PDF made by bmckit",
    "fillable": "a fillable PDF made by bmckit",
    "report": "a class report written by bmckit review",
    "grade-book": "a grade book written by bmckit review with nothing typed into it since",
}
"""The kinds of output bmckit may replace, with what each must be to be replaced."""

_SVG_ROOT = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?<svg\b(?P<attributes>[^>]*)>\s*<title id=\"bmc-title\">")
_SVG_HEAD = 64 * 1024
"""The root element and its title come first; no need to read a large drawing whole."""
_LARGEST_TEXT = 64 * 1024 * 1024
"""A Markdown outline is read whole to find its last line, a grade book to see it untouched; a larger file is neither."""
_HTML_HEAD = 64 * 1024
"""A class report says who wrote it in its head."""
_LARGEST_SCANNED_PDF = 64 * 1024 * 1024
"""A printable PDF is read whole to check its /ID against its bytes; a larger one goes to pypdf."""


def why_not_replaceable(path: str | Path, kind: str) -> str | None:
    """Why the existing file at ``path`` must not be replaced by a new output of ``kind``, or None if it may be.

    ``kind`` is ``"svg"``, ``"markdown"``, ``"pdf"`` (printable), ``"fillable"`` (a form or a blank), or
    ``"report"`` and ``"grade-book"`` (``bmckit review``'s: :mod:`bmckit.classroom.report` says how each is
    known); any other kind (canvas files, YAML and JSON) is never replaced without asking.
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        return "is a folder"
    if not os.path.isfile(path):  # a named pipe or a device: reading it to look would wait, or never end
        return "is not a regular file"
    if kind not in KINDS:
        return "might be someone's work"
    try:
        if kind == "svg":
            ours = _is_bmckit_svg(path)
        elif kind == "markdown":
            ours = _is_bmckit_markdown(path)
        elif kind in {"report", "grade-book"}:
            ours = _is_bmckit_review_output(path, kind)
        else:
            return _pdf_reason(path, fillable=kind == "fillable")
    except (OSError, ValueError):
        ours = False
    return None if ours else f"is not {KINDS[kind]}"


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def _is_bmckit_svg(path: str) -> bool:
    with open(path, "rb") as stream:
        head = stream.read(_SVG_HEAD).decode("utf-8", errors="replace")
    match = _SVG_ROOT.match(head)
    return match is not None and 'aria-labelledby="bmc-title bmc-desc"' in match["attributes"]


def _is_bmckit_markdown(path: str) -> bool:
    from bmckit.plan import ATTRIBUTION

    if os.path.getsize(path) > _LARGEST_TEXT:
        return False
    text = _read_bytes(path).decode("utf-8")  # a UnicodeDecodeError is a ValueError: not an outline of ours
    lines = text.rstrip().splitlines()
    return bool(lines) and lines[-1] == f"*{ATTRIBUTION}.*"


def _is_bmckit_review_output(path: str, kind: str) -> bool:
    from bmckit.classroom import report

    if kind == "report":
        with open(path, "rb") as stream:
            return report.is_report_head(stream.read(_HTML_HEAD).decode("utf-8", errors="replace"))
    return os.path.getsize(path) <= _LARGEST_TEXT and report.is_untouched_grade_book(_read_bytes(path))


def _pdf_reason(path: str, *, fillable: bool) -> str | None:
    kind = KINDS["fillable" if fillable else "pdf"]
    with open(path, "rb") as stream:
        if b"%PDF-" not in stream.read(1024):
            return f"is not {kind}"
    if not fillable and os.path.getsize(path) <= _LARGEST_SCANNED_PDF and _is_untouched_printable(_read_bytes(path)):
        return None
    try:
        creator, fields, annotations = _read_pdf(path)
    except Exception:  # pypdf raises many kinds of error on a damaged file; any of them means "not ours"
        return f"is not {kind}"
    if creator != "bmckit":
        return f"is not {kind}"
    if not fillable:
        if fields:
            return "is a fillable PDF, not a printable one"
        return "has annotations added in a PDF reader" if annotations else None
    from bmckit.model import BlockId

    if not set(BlockId) <= set(fields):
        return f"is not {kind}"
    if annotations > len(fields):
        return "has annotations added in a PDF reader"
    return _typed_into(path)


def _is_untouched_printable(data: bytes) -> bool:
    """True when ``data`` is plainly a printable PDF of bmckit's, byte for byte as written; False when in any doubt.

    bmckit's PDFs carry an /ID made from their own bytes, which any reader's
    save changes; a printable one has no form and says /Creator (bmckit). In
    any doubt the answer is False and pypdf decides.
    """
    from bmckit.render.pdf.page import carries_its_own_id

    return b"/Creator (bmckit)" in data and b"/AcroForm" not in data and carries_its_own_id(data)


def _read_pdf(path: str) -> tuple[str, dict[str, Any], int]:
    """The document's creator, its form fields and the number of annotations (form fields' widgets included)."""
    import warnings

    from pypdf import PdfReader

    from bmckit.render.pdf.forms import quiet_pypdf

    with quiet_pypdf(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ValueError("encrypted")
        fields = reader.get_fields() or {}
        annotations = sum(len(page.get("/Annots", None) or ()) for page in reader.pages)
        info: Any = reader.metadata or {}
        creator = str(info.get("/Creator", ""))
    return creator, dict(fields), annotations


def _typed_into(path: str) -> str | None:
    """Why a fillable PDF of bmckit's looks typed into, or None if its fields hold what bmckit wrote."""
    from bmckit.render.pdf.forms import form_is_untouched

    try:
        return None if form_is_untouched(path) else "is a form someone has typed into"
    except Exception:  # a form that cannot be judged is not replaced
        return "is a form that may have been typed into"
