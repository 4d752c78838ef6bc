"""Renderers: one module per output format, each with ``render(canvas, *, paper=...)``.

:func:`format_for` picks a format from a file name; the modules themselves
are imported only when used, so the PDF extra is needed only for PDFs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = {
    ".svg": "svg",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
"""Output formats by file suffix."""

TEXT_FORMATS = frozenset({"svg", "markdown", "yaml", "json"})
"""Formats that can be written to standard output."""


FORMAT_NAMES = {**{suffix[1:]: fmt for suffix, fmt in FORMATS.items()}, **{fmt: fmt for fmt in FORMATS.values()}}
"""Output formats by the names ``--format`` takes: each format's own name and its suffixes without the dot."""


class UnknownFormatError(ValueError):
    def __str__(self) -> str:
        return f"cannot tell the format from {self.args[0]!r}; use one of {', '.join(sorted(FORMATS))} or --format"


class UnknownFormatNameError(ValueError):
    def __str__(self) -> str:
        return f"unknown format {self.args[0]!r}; use one of {', '.join(sorted(FORMAT_NAMES))}"


def format_for(path: str | Path) -> str:
    """The output format for a file name, from its suffix."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in FORMATS:
        raise UnknownFormatError(str(path))
    return FORMATS[suffix]


def format_named(name: str) -> str:
    """The output format for a name given to ``--format``: ``md``, ``Markdown``, ``.PDF``, ``yml`` and the like."""
    key = name.strip().lower().removeprefix(".")
    if key not in FORMAT_NAMES:
        raise UnknownFormatNameError(name)
    return FORMAT_NAMES[key]
