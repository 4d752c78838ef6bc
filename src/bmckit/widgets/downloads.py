"""Files a widget makes, written beside the notebook and offered as a download link.

The link carries the file itself (a ``data:`` URL with a ``download`` name), so
it works the same in JupyterLab, Notebook 7, Binder and JupyterLite, where the
server's file URLs differ or there is no server at all. The copy on disk is
there for the file browser and for the next cell.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from html import escape
from pathlib import Path
from typing import NamedTuple

EXPORT_FOLDER = "bmckit-exports"
"""Where saved canvases and exports go, relative to the notebook's working folder."""

MIME_TYPES = {
    ".yaml": "application/yaml",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}


class Offered(NamedTuple):
    """A file written to disk and the HTML link that downloads it."""

    path: Path
    link: str


def file_stem(title: str) -> str:
    """A file name from a canvas title: ``"Café Olé: 2025"`` → ``"cafe-ole-2025"``; never empty."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()
    return stem[:60].rstrip("-") or "canvas"


def offer(name: str, content: str | bytes, folder: Path | None = None) -> Offered:
    """Write ``content`` to ``folder/name`` (``bmckit-exports`` by default) and make its download link."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target_folder = folder if folder is not None else Path.cwd() / EXPORT_FOLDER
    target_folder.mkdir(parents=True, exist_ok=True)
    path = target_folder / name
    path.write_bytes(data)
    return Offered(path, download_link(name, data))


def download_link(name: str, data: bytes) -> str:
    """An ``<a download>`` that carries ``data`` itself, labelled with the name and size."""
    mime = MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{escape(name)}" href="data:{mime};base64,{encoded}" class="bmc-download">'
        f"Download {escape(name)}</a> ({_size(len(data))})"
    )


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"
