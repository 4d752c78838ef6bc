"""What the commands write: outputs, never over the input and never over someone's work without ``--force``."""

from __future__ import annotations

import os

from bmckit.cli.errors import UserError


def same_file(output: str, source: str) -> bool:
    try:
        return os.path.realpath(output) == os.path.realpath(source) or os.path.samefile(output, source)
    except OSError:
        return False


def write_output(path: str, output: str | bytes, *, force: bool, kind: str | None = None) -> None:
    """Write ``output`` to ``path``; an existing file is replaced only with ``force`` or if it is an earlier output of ``kind``."""
    if os.path.isdir(path):
        raise UserError(f"{path}: is a folder; name a file to write")
    if os.path.exists(path) and not force:
        if kind is None:
            raise UserError(f"{path}: already exists; use --force to overwrite it")
        from bmckit.overwrite_guard import why_not_replaceable

        reason = why_not_replaceable(path, kind)
        if reason:
            raise UserError(f"{path}: already exists and {reason}; use --force to overwrite it")
    data = output.encode("utf-8") if isinstance(output, str) else output
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror or error}") from None
