"""Pyodide's lock file, made to name the wheels the site ships, so the kernel loads them all at once as it starts.

Pyodide installs a package named in its lock file (``pyodide-lock.json``) straight from the file the entry names,
with the packages it depends on, fetched side by side; a package found only in a package index goes through
micropip instead, one resolution after another. The site's kernel starts with every package its notebooks use
already loaded (``loadPyodideOptions.packages`` in ``docs/_lite/jupyter-lite.json``), so each wheel gets an entry:
an entry Pyodide has already (IPython, jedi, ruamel.yaml) is pointed at the site's file, and any other (bmckit,
ipywidgets, the kernel's own wheels) is made from the wheel's metadata.
"""

from __future__ import annotations

import hashlib
import zipfile
from email.parser import HeaderParser
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

BROWSER: dict[str, str] = {name: str(value) for name, value in default_environment().items()} | {
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "extra": "",
}
"""The marker environment of Python in a browser: a dependency for another platform or an extra is left out."""


def ship(lock: dict[str, Any], wheels: list[Path]) -> None:
    """Give ``lock`` an entry for each of ``wheels`` (files beside the lock file), each depending only on what the lock has."""
    packages: dict[str, dict[str, Any]] = lock["packages"]
    by_name = {canonicalize_name(entry["name"]): key for key, entry in packages.items()}
    found = {canonicalize_name(wheel.name.split("-")[0]): wheel for wheel in wheels}
    known = by_name.keys() | found.keys()
    for name, wheel in found.items():
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if name in by_name:
            packages[by_name[name]].update(file_name=wheel.name, sha256=digest)
        else:
            packages[name] = _entry(wheel, digest, known)


def missing(lock: dict[str, Any], names: list[str]) -> list[str]:
    """Those of ``names`` the lock has no entry for."""
    keys = {canonicalize_name(entry["name"]): entry for entry in lock["packages"].values()}
    return [name for name in names if canonicalize_name(name) not in keys]


def _entry(wheel: Path, digest: str, known: AbstractSet[str]) -> dict[str, Any]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(name for name in names if name.endswith(".dist-info/METADATA"))
        meta = HeaderParser().parsestr(archive.read(info).decode("utf-8"))
    depends = []
    for line in meta.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        if name in known and (requirement.marker is None or requirement.marker.evaluate(BROWSER)):
            depends.append(name)
    return {
        "name": canonicalize_name(meta["Name"]),
        "version": meta["Version"],
        "file_name": wheel.name,
        "sha256": digest,
        "install_dir": "site",
        "package_type": "package",
        "imports": _top_level(names),
        "depends": sorted(set(depends)),
        "unvendored_tests": False,
    }


def _top_level(names: list[str]) -> list[str]:
    """The names a wheel can be imported by: its top-level packages and modules."""
    tops = set()
    for name in names:
        path = PurePosixPath(name)
        if path.parts[0].endswith((".dist-info", ".data")):
            continue
        if len(path.parts) == 1 and path.suffix in {".py", ".pyc"}:
            tops.add(path.stem)
        elif len(path.parts) == 2 and path.name in {"__init__.py", "__init__.pyc"}:
            tops.add(path.parts[0])
    return sorted(tops)
