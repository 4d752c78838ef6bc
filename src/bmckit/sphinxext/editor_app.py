"""The canvas editor as an app: one click from the site to the editor, running in the browser, with no notebook around it.

A student who came to fill in a canvas needs neither the notebook's prose and code nor Jupyter's menus. JupyterLite's
REPL app (a single console, built with the other apps by :mod:`bmckit.sphinxext.lite`) runs code given in its URL as
it starts and can hide what it ran. ``lite/editor/`` is that app with the editor's start fixed in the page, so it is
a place of its own, and its URL, a bookmark or a link, always opens the editor: the Python kernel chosen without a
dialog, no banner, toolbar, prompts or input line, and a line saying what is starting until the editor shows.
``CanvasEditor()`` keeps the student's canvas where notebook 02's editor keeps it (``bmckit-kept/`` in the browser's
storage), so the two offer back the same canvas.

voici, the usual way to show a notebook as an app, does not fit: voici-core 0.10 needs jupyterlite-core older than
0.8 (the site pins 0.8.6) and runs the xeus Python kernel, not the Pyodide kernel the site ships offline.
"""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from pathlib import Path

FOLDER = "editor"
"""Where the app is, in the JupyterLite site."""
EDITOR_CALL = "CanvasEditor()"
"""The student's own editor (kept as ``my-canvas``): a notebook that makes it offers the app beside it."""
STARTUP = f"from bmckit.widgets import CanvasEditor\n{EDITOR_CALL}"
"""What the app runs as it starts."""
REPL_OPTIONS = {"kernel": "python", "showBanner": "0", "hideCodeInput": "1", "code": STARTUP}
"""The REPL app's URL parameters (jupyterlite-core 0.8.6): the kernel, no banner, no code shown, the code to run. With
no ``toolbar`` parameter it shows no toolbar."""
REPL_BROKEN_PLUGIN = "@jupyterlab/codemirror-extension:commands"
"""A plugin the REPL app loads though it needs the Notebook app's notebooks: left out, it fails with an error in the console."""
UNUSED_PLUGINS = (
    *(
        f"@jupyterlab/{name}-extension"
        for name in (
            "audio", "cell-toolbar", "celltags", "csvviewer", "documentsearch", "fileeditor", "help", "htmlviewer",
            "imageviewer", "inspector", "json", "launcher", "logconsole", "markdownviewer", "mathjax", "mermaid",
            "metadataform", "notebook", "pdf", "running", "settingeditor", "statusbar", "terminal",
            "theme-dark", "theme-dark-high-contrast", "toc", "tooltip", "vega5", "video", "workspaces",
        )
    ),
    *(f"@jupyter-notebook/{name}-extension" for name in ("help", "notebook", "tree")),
)  # fmt: skip
"""What the REPL app brings that the editor alone never shows or runs (viewers of other files, the Notebook app's parts,
the dark themes, help and the launcher): left out, the app starts Python about 0.2 s sooner on a two-core machine."""
NOT_NEEDED = ("jedi",)
"""Packages the kernel's Python loads that the app has no use for (``packagesNotNeeded``, read by the site's
``warm-start.mjs``): jedi completes code, and the app has no code to complete."""
STARTING = "Starting Python and the canvas editor in this browser…"
STYLE = (
    ".jp-CodeConsole-input, .jp-CodeConsole .lm-SplitPanel-handle, .jp-CodeConsole .jp-OutputPrompt { display: none; }\n"
    ".jp-CodeConsole-split > .jp-CodeConsole-content { top: 0 !important; height: 100% !important; }\n"
    f".jp-CodeConsole-content:not(:has(.bmc-editor))::before {{ content: '{STARTING}'; display: block; padding: 2em; }}\n"
    ".jp-CodeConsole-content { overflow: hidden !important; }\n"
    ".jp-CodeConsole-content > .jp-CodeCell, .jp-CodeConsole-content .jp-Cell-outputWrapper { height: 100%; }\n"
    ".jp-CodeConsole-content .jp-Cell-outputArea { overflow-y: auto; }\n"
)
"""The console's input line, the resize handle above it and the output's prompt hidden, and the space the split panel keeps
for the input given to the output: the page shows the editor alone. The console scrolls itself to its end whenever it
updates, which would open the app on the drawing at the editor's foot: the editor's own output scrolls instead, and
opens at its top, where the title is."""


def write_editor_app(lite: Path, kernel_plugin: str) -> None:
    """Write ``lite/editor/`` from the REPL app that ``jupyter lite build`` wrote into ``lite``, whose kernel's settings
    are ``kernel_plugin``'s in ``lite/jupyter-lite.json``."""
    repl, app = lite / "repl", lite / FOLDER
    page = (repl / "index.html").read_text(encoding="utf-8")
    config_tag = '<script id="jupyter-config-data"'
    if page.count(config_tag) != 1 or page.count("<title>REPLite</title>") != 1:
        raise ExtensionError(f"{repl / 'index.html'} is not the REPL page of jupyterlite-core 0.8.6 that the editor's app is made from")
    own_start = (
        # The REPL app reads what to run, and how, from the URL: whatever this page was opened with, it opens the editor.
        f"<script>history.replaceState(history.state, '', location.pathname + '?{urlencode(REPL_OPTIONS)}' + location.hash);</script>\n"
        f"<style>{STYLE}</style>\n"
    )
    page = page.replace("<title>REPLite</title>", "<title>Business Model Canvas editor</title>")
    page = page.replace(config_tag, own_start + config_tag)
    app.mkdir()
    (app / "index.html").write_text(page, encoding="utf-8")
    settings = json.loads((repl / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings["jupyter-config-data"]["disabledExtensions"] = [REPL_BROKEN_PLUGIN, *UNUSED_PLUGINS]
    site = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    options = site["jupyter-config-data"]["litePluginSettings"][kernel_plugin]["loadPyodideOptions"]
    # A page's settings replace the site's loadPyodideOptions whole: the site's, with what the app leaves out.
    kernel = {"loadPyodideOptions": {**options, "packagesNotNeeded": list(NOT_NEEDED)}}
    settings["jupyter-config-data"]["litePluginSettings"] = {kernel_plugin: kernel}
    (app / "jupyter-lite.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    shutil.copy2(repl / "jupyter-lite.ipynb", app / "jupyter-lite.ipynb")
