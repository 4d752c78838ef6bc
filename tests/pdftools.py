"""The Debian tools the PDF tests read bmckit's output with (poppler's pdftotext and pdftoppm, qpdf), in one place."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

needs = {
    tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} is not installed") for tool in ("pdftotext", "qpdf", "pdftoppm")
}
"""``@needs["qpdf"]``: skip, with the reason, where the tool is missing (``make test`` installs them)."""


def pdftotext(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], check=True, capture_output=True, text=True).stdout


def qpdf_check(path: Path) -> None:
    run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
