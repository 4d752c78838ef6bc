"""The browser's wheels: compiled ahead (bmckit.sphinxext.wheelpyc) and named in Pyodide's lock (bmckit.sphinxext.pyodidelock).

The compiler runs here in this machine's Python, which makes this Python's bytecode: what matters is the same, that
the compiled wheel imports with no source to compile (or with its sources kept), that its RECORD lists exactly what
it holds, and that a file that is not this Python's syntax is kept as it was. The built site's wheels, compiled by
the browser's own Python, are checked in tests/test_site_lite.py and run in tests of the site in Chromium.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

from bmckit.sphinxext import pyodidelock, wheelpyc

if TYPE_CHECKING:
    from pathlib import Path

MODULE = 'GREETING = "hello from the wheel"\n\ndef shout() -> str:\n    return GREETING.upper()\n'

pytestmark = pytest.mark.slow  # builds and compiles wheels


def make_wheel(folder: Path, name: str = "demo", requires: tuple[str, ...] = ()) -> Path:
    wheel = folder / f"{name}-1.0-py3-none-any.whl"
    files = {
        f"{name}/__init__.py": "from .core import shout\n",
        f"{name}/core.py": MODULE,
        f"{name}/template.py": "{% if ready %}hello{% endif %}\n",  # shipped as data by some libraries
        f"{name}/data.txt": "plain data\n",
        f"{name}-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: "
        + name
        + "\nVersion: 1.0\n"
        + "".join(f"Requires-Dist: {line}\n" for line in requires),
    }
    record = "".join(f"{path},,\n" for path in files) + f"{name}-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        archive.writestr(f"{name}-1.0.dist-info/RECORD", record)
    return wheel


def unpacked(wheel: Path, folder: Path) -> Path:
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(folder)
    return folder


def imports_and_shouts(site: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-B", "-c", "import demo, demo.core; print(demo.shout(), demo.core.__spec__.loader.__class__.__name__)"],
        cwd=site,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_a_sourceless_wheel_imports_from_its_bytecode_alone(tmp_path: Path) -> None:
    source = make_wheel(tmp_path)
    target = tmp_path / "out" / source.name
    target.parent.mkdir()
    assert wheelpyc.compile_wheel(str(source), str(target), sourceless=True) == 2  # __init__ and core; not the template
    site = unpacked(target, tmp_path / "site")
    assert not (site / "demo" / "core.py").exists()
    assert (site / "demo" / "core.pyc").is_file()
    assert (site / "demo" / "template.py").read_text() == "{% if ready %}hello{% endif %}\n"  # not Python: kept as it was
    assert (site / "demo" / "data.txt").read_text() == "plain data\n"
    assert imports_and_shouts(site) == "HELLO FROM THE WHEEL SourcelessFileLoader"


def test_a_wheel_keeping_its_sources_gains_bytecode_python_trusts(tmp_path: Path) -> None:
    source = make_wheel(tmp_path)
    target = tmp_path / "out" / source.name
    target.parent.mkdir()
    wheelpyc.compile_wheel(str(source), str(target), sourceless=False)
    site = unpacked(target, tmp_path / "site")
    cached = site / "demo" / "__pycache__" / f"core.{sys.implementation.cache_tag}.pyc"
    assert (site / "demo" / "core.py").read_text() == MODULE
    assert int.from_bytes(cached.read_bytes()[4:8], "little") == 0b01  # hash-based, unchecked: no stat of the source
    # The source is not what runs: proof that the bytecode is used as it is.
    (site / "demo" / "core.py").write_text(MODULE.replace("hello", "changed"))
    assert imports_and_shouts(site) == "HELLO FROM THE WHEEL SourceFileLoader"


@pytest.mark.parametrize("sourceless", [True, False])
def test_the_record_lists_exactly_what_the_wheel_holds(tmp_path: Path, sourceless: bool) -> None:
    source = make_wheel(tmp_path)
    target = tmp_path / "out" / source.name
    target.parent.mkdir()
    wheelpyc.compile_wheel(str(source), str(target), sourceless=sourceless)
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        rows = list(csv.reader(io.StringIO(archive.read("demo-1.0.dist-info/RECORD").decode())))
        for path, digest, size in rows:
            if path.endswith("RECORD"):
                assert digest == size == ""
                continue
            data = archive.read(path)
            assert digest == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert int(size) == len(data)
    assert {row[0] for row in rows} == names


def test_the_lock_gains_an_entry_for_a_new_wheel_and_points_an_old_one_at_the_sites_file(tmp_path: Path) -> None:
    lock = {
        "packages": {
            "traitlets": {"name": "traitlets", "version": "5.14.3", "file_name": "traitlets-old.whl", "sha256": "0", "depends": []},
        }
    }
    ours = make_wheel(tmp_path, "demo", ("traitlets>=5", "colorama; sys_platform == 'win32'", "pytest; extra == 'test'", "absent"))
    theirs = make_wheel(tmp_path, "traitlets")
    pyodidelock.ship(lock, [ours, theirs])
    entry = lock["packages"]["demo"]
    assert entry["file_name"] == ours.name
    assert entry["sha256"] == hashlib.sha256(ours.read_bytes()).hexdigest()
    assert entry["imports"] == ["demo"]
    # Only what the browser's Python needs and the lock can load: not Windows', not an extra's, not one never shipped.
    assert entry["depends"] == ["traitlets"]
    assert lock["packages"]["traitlets"]["file_name"] == theirs.name
    assert lock["packages"]["traitlets"]["sha256"] == hashlib.sha256(theirs.read_bytes()).hexdigest()
    assert pyodidelock.missing(lock, ["demo", "Traitlets", "ipywidgets"]) == ["ipywidgets"]
