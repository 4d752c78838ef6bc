"""The notebooks in the reader's browser: a JupyterLite site under ``lite/``, with Python and bmckit inside it, offline.

JupyterLite runs a Python kernel (Pyodide, CPython compiled to WebAssembly) in
the browser, so the notebooks run with no server: the static site scales to
any number of readers. Out of the box it fetches Pyodide and every package
from CDNs; here everything comes with the site instead, fetched at build time
from the registries and checked against pinned hashes:

* Pyodide's core from the npm package ``pyodide`` (its version is the one the
  pinned ``jupyterlite-pyodide-kernel`` expects), copied where JupyterLite's
  Pyodide add-on looks (``static/pyodide``);
* the wheels the kernel loads as it starts (``docs/_lite/boot.txt``) beside it,
  and Pyodide's lock file given their hashes, since the npm package does not
  ship them;
* the wheels the notebooks install with ``%pip`` (``docs/_lite/packages.txt``,
  and bmckit's own, built from the working tree) in the site's package index,
  with the fallback to PyPI switched off (``docs/_lite/jupyter-lite.json``).

``jupyter lite build`` (jupyterlite-core) then writes the site. It is run here
rather than through jupyterlite-sphinx, which runs it again on every Sphinx
build (six seconds and more, past the warm-build target, even when nothing
changed) and whose stylesheet asks for a web font from a third party: this
module builds only when what goes in changed, and the pages link to the
notebooks with a button of their own (:mod:`bmckit.sphinxext.notebooks`).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError
from sphinx.util import logging

from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.notebooks import LITE, code_digest
from bmckit.sphinxext.widgetjs import NpmFile, vendored

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

STAMP = ".bmckit-lite"
PYODIDE = NpmFile(
    package="pyodide",
    version="314.0.6",
    integrity="sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ==",
    files={
        f"package/{name}": f"pyodide/{name}"
        for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "package.json")
    },
)
KERNEL = "jupyterlite-pyodide-kernel"
KERNEL_VERSION = "0.8.6"
"""The kernel release that loads ``PYODIDE``'s version; the build stops if another is installed."""
BROWSER_PYTHON = "3.14"
"""Pyodide 314's Python: the wheels are chosen for it."""


def build_lite(app: Sphinx, exception: Exception | None) -> None:
    """Write the JupyterLite site into the built site, unless the one there was made from the same inputs."""
    config = bmc_config(app.config)
    if exception is not None or app.builder.format != "html" or not config.lite_dir:
        return
    sources = Path(app.confdir) / config.lite_dir
    notebooks = Path(app.confdir) / config.lite_notebooks
    output = Path(app.outdir) / LITE
    fingerprint = _fingerprint(sources, notebooks)
    if (output / STAMP).is_file() and (output / STAMP).read_text() == fingerprint:
        return
    _check_kernel()
    logger.info("bmckit: building the notebooks for the browser (JupyterLite, Pyodide %s)", PYODIDE.version)
    work = Path(app.doctreedir) / "bmckit-lite"
    shutil.rmtree(work, ignore_errors=True)
    lite_dir = _prepare(sources, work, Path(app.confdir))
    shutil.rmtree(output, ignore_errors=True)
    command = [
        sys.executable, "-m", "jupyter", "lite", "build",
        "--lite-dir", str(lite_dir), "--output-dir", str(output), "--contents", str(notebooks),
        "--no-sourcemaps", "--apps", "notebooks", "--apps", "lab",
    ]  # fmt: skip
    run = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise ExtensionError(f"jupyter lite build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    (output / STAMP).write_text(fingerprint)


def _prepare(sources: Path, work: Path, project: Path) -> Path:
    """The lite folder ``jupyter lite build`` reads: Pyodide with its boot wheels, the package index, the settings."""
    lite_dir = work / "lite"
    pyodide = lite_dir / "static" / "pyodide"
    packages = lite_dir / "pypi"
    pyodide.mkdir(parents=True)
    packages.mkdir()
    core = vendored(PYODIDE) / "pyodide"
    for path in core.iterdir():
        shutil.copy2(path, pyodide / path.name)
    boot = _wheels(sources / "boot.txt")
    shipped = _wheels(sources / "packages.txt")
    for wheel in boot:
        shutil.copy2(wheel, pyodide / wheel.name)
    for wheel in [*shipped, _bmckit_wheel(project, work / "bmckit-wheel")]:
        shutil.copy2(wheel, packages / wheel.name)
    # A package the notebooks need that Pyodide's lock file also names (ruamel.yaml) is loaded by the lock's entry: it
    # goes beside Pyodide too, so the lock can point at a file the site has.
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    by_name = {_normal(entry["name"]): entry for entry in lock["packages"].values()}
    for wheel in [*boot, *shipped]:
        entry = by_name.get(_normal(wheel.name.split("-")[0]))
        if entry is None:
            continue
        if wheel.parent != pyodide:
            shutil.copy2(wheel, pyodide / wheel.name)
        entry["file_name"] = wheel.name
        entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    missing = [name for name in ("micropip", "ipython", "jedi") if not (pyodide / by_name[name]["file_name"]).is_file()]
    if missing:
        raise ExtensionError(f"the Pyodide kernel needs {', '.join(missing)} to start; add them to {sources / 'boot.txt'}")
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    shutil.copy2(sources / "jupyter-lite.json", lite_dir / "jupyter-lite.json")
    return lite_dir


def _wheels(requirements: Path) -> list[Path]:
    """The pinned wheels of ``requirements``, downloaded from PyPI for the browser's Python and checked against their hashes."""
    cache = _cache() / "wheels"
    wanted = [line.split()[0] for line in requirements.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    found = [next(iter(cache.glob(f"{_file_stem(spec)}-*.whl")), None) for spec in wanted]
    if None in found:
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
            "--platform", "any", "--python-version", BROWSER_PYTHON, "--require-hashes", "-r", str(requirements), "-d", str(cache),
        ]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise ExtensionError(f"could not fetch the browser's wheels listed in {requirements}:\n{run.stderr[-2000:]}")
        found = [next(iter(cache.glob(f"{_file_stem(spec)}-*.whl")), None) for spec in wanted]
    return [Path(path) for path in found if path is not None]


def _bmckit_wheel(project: Path, folder: Path) -> Path:
    """bmckit's wheel, built from the working tree (the project ``conf.py`` is in), so the browser runs the code the site shows."""
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(folder), str(project)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise ExtensionError(f"could not build bmckit's wheel for the browser:\n{run.stderr[-2000:]}")
    return next(folder.glob("bmckit-*.whl"))


def _check_kernel() -> None:
    try:
        installed = metadata.version(KERNEL)
    except metadata.PackageNotFoundError:
        raise ExtensionError(f'the notebooks in the browser need {KERNEL}=={KERNEL_VERSION}: pip install -e ".[docs]"') from None
    if installed != KERNEL_VERSION:
        raise ExtensionError(
            f"{KERNEL} {installed} is installed, but Pyodide {PYODIDE.version} goes with {KERNEL_VERSION}; update both together"
        )


def _fingerprint(sources: Path, notebooks: Path) -> str:
    """Everything the JupyterLite site is made from: the pinned inputs, bmckit's code and data, and the notebooks."""
    digest = hashlib.sha256(f"{PYODIDE}|{KERNEL_VERSION}|{code_digest()}".encode())
    for path in sorted([*sources.glob("*"), *notebooks.glob("*.ipynb")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _cache() -> Path:
    from bmckit.sphinxext.widgetjs import cache_folder

    return cache_folder().parent / "lite"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _file_stem(spec: str) -> str:
    """The start of a wheel's file name for ``name==version``: the name as wheels spell it, and the version."""
    name, _, version = spec.partition("==")
    return f"{re.sub(r'[-.]+', '_', name)}-{version}"


def setup_lite(app: Sphinx) -> None:
    app.connect("build-finished", build_lite)
