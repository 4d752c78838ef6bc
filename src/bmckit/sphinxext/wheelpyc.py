"""Wheels with their modules compiled ahead, so the browser's Python does not compile them each time a page opens.

Pyodide writes no bytecode (its files live in memory and are gone on reload), so every module a kernel imports from
a wheel of sources alone is compiled again in the reader's browser at every start: IPython, jedi and the rest cost
seconds that way. Pyodide's own distribution serves its wheels compiled; the ones this site takes from PyPI are
not. This module compiles them with the Python it runs in, and bytecode belongs to one Python version, so it runs
inside the browser's own Python: Pyodide, in Node.js, started by :mod:`bmckit.sphinxext.lite` through
``wheelpyc.mjs``. It uses the standard library only, for that reason.

A wheel compiled ``sourceless`` has each ``module.py`` replaced by ``module.pyc``, as Pyodide's distribution does (a
traceback through it shows no source lines); otherwise the sources stay and each gains a ``__pycache__`` entry that
Python trusts without checking the source (``UNCHECKED_HASH``: nothing edits an installed wheel in the browser). The
wheel's ``RECORD`` is rewritten to list what it now holds.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import py_compile
import tempfile
import warnings
import zipfile
from pathlib import Path, PurePosixPath

UNCHECKED = py_compile.PycInvalidationMode.UNCHECKED_HASH


def compile_wheel(source: str, target: str, *, sourceless: bool) -> int:
    """Write ``target``: the wheel (or zip of modules, as Pyodide's standard library) ``source`` with its modules
    compiled; returns how many were."""
    compiled = 0
    written: list[tuple[str, bytes]] = []
    with (
        zipfile.ZipFile(source) as wheel,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
        tempfile.TemporaryDirectory() as scratch,
    ):
        record = next((name for name in wheel.namelist() if name.endswith(".dist-info/RECORD")), None)
        for info in wheel.infolist():
            if info.filename == record:
                continue
            data = wheel.read(info)
            pyc = _compiled(info.filename, data, Path(scratch))
            if pyc is None or not sourceless:
                _write(out, info, info.filename, data, written)
            if pyc is not None:
                name = info.filename + "c" if sourceless else importlib.util.cache_from_source(info.filename)
                _write(out, info, name, pyc, written)
                compiled += 1
        if record is not None:
            lines = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in written] + [f"{record},,"]
            _write(out, wheel.getinfo(record), record, ("\n".join(lines) + "\n").encode(), written)
    return compiled


def compile_wheels(jobs: str) -> str:
    """Compile each wheel of ``jobs`` (JSON: a list of ``[source, target, sourceless]``); a line for each, as JSON."""
    return json.dumps([[target, compile_wheel(source, target, sourceless=sourceless)] for source, target, sourceless in json.loads(jobs)])


def _compiled(name: str, data: bytes, scratch: Path) -> bytes | None:
    """The .pyc of a module in the wheel, or None: not a module (scripts, data) or not this Python's syntax."""
    path = PurePosixPath(name)
    if path.suffix != ".py" or any(part.endswith(".data") for part in path.parts):
        return None
    module, pyc = scratch / "module.py", scratch / "module.pyc"
    module.write_bytes(data)
    try:
        with warnings.catch_warnings(action="ignore"):  # a library's own SyntaxWarnings are not the site's to show
            py_compile.compile(str(module), cfile=str(pyc), dfile=name, doraise=True, invalidation_mode=UNCHECKED)
    except py_compile.PyCompileError:
        return None  # a file no import loads (a template, another Python's syntax): kept as it was
    return pyc.read_bytes()


def _write(out: zipfile.ZipFile, like: zipfile.ZipInfo, name: str, data: bytes, written: list[tuple[str, bytes]]) -> None:
    info = zipfile.ZipInfo(name, date_time=like.date_time)
    info.external_attr = like.external_attr
    info.compress_type = zipfile.ZIP_DEFLATED
    out.writestr(info, data)
    written.append((name, data))


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
