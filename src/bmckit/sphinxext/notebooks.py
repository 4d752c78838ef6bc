"""Notebook pages: a bar that says the page is a snapshot and offers the ways to run it, and each notebook at a stable URL.

A notebook's page shows the widgets as they were when the site was built;
nothing runs when a reader types in them. The bar at the top of the page says
so and links to the live versions: Binder (and Colab, for a GitHub repository)
open the notebook from the repository named by ``bmc_repository`` and
``bmc_branch`` in ``conf.py``, so a fork or a teacher's copy publishes its own
working links; "Run in your browser" opens it in the site's own JupyterLite
(:mod:`bmckit.sphinxext.lite`), where Python runs in the reader's browser, and on the page of the notebook that makes the
student's own editor, "Open the editor" opens that editor alone (:mod:`bmckit.sphinxext.editor_app`); the ``.ipynb`` (as
stored, without outputs) downloads from ``/notebooks/<name>.ipynb`` beside the page.
"""

from __future__ import annotations

import os
import shutil
from html import escape
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, urlsplit

from docutils import nodes

from bmckit.sphinxext import editor_app
from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.freshness import code_digest as code_digest  # also read from here by lite.py
from bmckit.sphinxext.freshness import depend_on_bmckit

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from bmckit.sphinxext.config import BmcConfig

BROWSER_HINT = (
    "Python runs in this browser: no account, no server, nothing to install; the first start takes a few seconds. "
    "Your changes stay in this browser's storage, on this computer, until you clear the site's data: "
    "save the canvas to a file to keep it or to move it"
)
EDITOR_HINT = (
    "the canvas editor alone, in this browser, without the notebook's text and code; it keeps your canvas where the notebook's editor does"
)
FOLDER = "notebooks"
"""Where the notebooks live in the repository, and where their pages and files are in the site."""
LITE = "lite"
"""Where the notebooks in the browser (JupyterLite, see :mod:`bmckit.sphinxext.lite`) are, from the site's root."""


def notebook_url(name: str) -> str:
    """The path, from the site's root, that opens notebook ``name`` (``02-your-own-canvas``) in JupyterLite."""
    return f"{LITE}/notebooks/index.html?path={name}.ipynb"


def editor_app_url() -> str:
    """The path, from the site's root, of the canvas editor as an app of its own (:mod:`bmckit.sphinxext.editor_app`)."""
    return f"{LITE}/{editor_app.FOLDER}/index.html"


class Launch(NamedTuple):
    label: str
    href: str
    hint: str


def launches(config: BmcConfig, name: str, *, editor: bool = False) -> list[Launch]:
    """The places a notebook (``notebooks/<name>.ipynb`` in the repository) can be opened live; with ``editor``, the notebook
    makes the student's own editor, which also opens alone."""
    repository = config.repository.rstrip("/").removesuffix(".git")
    path = f"{FOLDER}/{name}.ipynb"
    parts = urlsplit(repository)
    hub = config.binderhub.rstrip("/")
    found = []
    if config.lite_dir:
        found.append(Launch("Run in your browser", f"../{notebook_url(name)}", BROWSER_HINT))
        if editor:
            found.append(Launch("Open the editor", f"../{editor_app_url()}", EDITOR_HINT))
    if parts.netloc == "github.com":
        owner, repo = parts.path.strip("/").split("/")[:2]
        binder = f"{hub}/v2/gh/{owner}/{repo}/{quote(config.branch, safe='')}?urlpath={quote(f'lab/tree/{path}', safe='')}"
        found.append(Launch("Launch on Binder", binder, "a free server with Python; starts in a minute or two"))
        colab = f"https://colab.research.google.com/github/{owner}/{repo}/blob/{config.branch}/{path}"
        found.append(Launch("Open in Colab", colab, "needs a Google account"))
    else:
        binder = f"{hub}/v2/git/{quote(repository, safe='')}/{quote(config.branch, safe='')}?urlpath={quote(f'lab/tree/{path}', safe='')}"
        found.append(Launch("Launch on Binder", binder, "a free server with Python; starts in a minute or two"))
    return found


def run_it_bar(config: BmcConfig, name: str, *, widgets: bool = True, editor: bool = False) -> str:
    links = "".join(
        f'<li><a class="bmc-launch" href="{escape(launch.href)}" rel="noopener">{escape(launch.label)}</a> '
        f'<span class="bmc-launch-hint">({escape(launch.hint)})</span></li>'
        for launch in launches(config, name, editor=editor)
    )
    download = f'<li><a class="bmc-launch" href="{escape(name)}.ipynb" download>Download the notebook (.ipynb)</a> <span class="bmc-launch-hint">(for JupyterLab or Notebook on your computer)</span></li>'
    return (
        '<aside class="bmc-run-it" aria-label="Run this notebook">'
        "<p><strong>This page is a snapshot.</strong> It shows the notebook as it ran when the site was built"
        + (
            ": the widgets below are drawn from their saved state, and typing in them changes nothing. "
            if widgets
            else ", and nothing on it runs. "
        )
        + "To work on your own canvas, run the notebook:</p>"
        f"<ul>{links}{download}</ul></aside>"
    )


def is_notebook(app: Sphinx, docname: str) -> bool:
    return docname.startswith(f"{FOLDER}/") and str(app.env.doc2path(docname)).endswith(".ipynb")


def _add_bar(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not is_notebook(app, docname):
        return
    name = docname.split("/", 1)[1]
    source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    bar = nodes.raw(
        "",
        run_it_bar(bmc_config(app.config), name, widgets="bmckit.widgets" in source, editor=editor_app.EDITOR_CALL in source),
        format="html",
    )
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, bar)
        return
    title_at = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title_at + 1, bar)


def _copy_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for docname in app.env.found_docs:
        if is_notebook(app, docname):
            target = Path(app.outdir) / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(app.env.doc2path(docname), target)


def _cache_by_code(app: Sphinx) -> None:
    """Keep executed notebooks per version of bmckit's code (unless conf.py names its own cache)."""
    config = getattr(app.env, "mystnb_config", None)
    if config is None or app.config.nb_execution_cache_path:
        return
    app.env.mystnb_config = config.copy(execution_cache_path=str(Path(app.outdir).parent / ".jupyter_cache" / code_digest()))  # type: ignore[attr-defined]


def _depend_on_bmckit(app: Sphinx, doctree: nodes.document) -> None:
    """A notebook's page is read (and the notebook run) again whenever bmckit's code or data, which it imports, change."""
    if is_notebook(app, app.env.docname):
        depend_on_bmckit(app.env)


KERNEL_PROVISIONER = "bmckit-ipc"
"""The kernel provisioner that starts the notebooks' kernels over IPC (:mod:`bmckit.sphinxext.kernels`)."""


def run_kernels_over_ipc(app: Sphinx) -> None:
    """Start the notebooks' kernels with bmckit's IPC provisioner, unless the builder chose a provisioner of its own: the
    kernels then have no TCP port, and ipykernel no reason to warn that their traffic could be read."""
    installed = entry_points(group="jupyter_client.kernel_provisioners", name=KERNEL_PROVISIONER)
    if installed and os.name == "posix":
        os.environ.setdefault("JUPYTER_DEFAULT_PROVISIONER_NAME", KERNEL_PROVISIONER)


def setup_notebook_pages(app: Sphinx) -> None:
    app.connect("builder-inited", run_kernels_over_ipc)
    app.connect("builder-inited", _cache_by_code, priority=900)  # after myst-nb has read its settings
    app.connect("doctree-read", _add_bar)
    app.connect("doctree-read", _depend_on_bmckit)
    app.connect("build-finished", _copy_notebooks)
