"""The editor's app page, written from the REPL page of the jupyterlite-core the site pins, without building the site.

The page runs the editor by itself whatever URL it is opened with, hides the console around it, and leaves out the
REPL plugin that fails; notebook 02's page links to it beside "Run in your browser", other notebook pages do not. The
app in a browser is tested in tests/test_site_lite_apps.py.
"""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from sphinx.errors import ExtensionError

from bmckit.sphinxext import editor_app
from bmckit.sphinxext.config import BmcConfig
from bmckit.sphinxext.lite import KERNEL_SETTINGS
from bmckit.sphinxext.notebooks import launches, run_it_bar

jupyterlite_core = pytest.importorskip("jupyterlite_core")
SITE_SETTINGS = Path(__file__).parent.parent / "docs" / "_lite" / "jupyter-lite.json"


@pytest.fixture
def lite(tmp_path: Path) -> Path:
    """The REPL and JupyterLab app folders as ``jupyter lite build`` copies them from jupyterlite-core's own app, the
    REPL app's code, and the site's settings."""
    (app,) = Path(jupyterlite_core.__file__).parent.glob("jupyterlite-app-*.tgz")
    with tarfile.open(app) as archive:
        for member in archive.getmembers():
            path = member.name.removeprefix("package/")
            folder, _, name = path.partition("/")
            if (folder in {"repl", "lab"} and "/" not in name and member.isfile()) or path == "build/repl/bundle.js":
                target = tmp_path / path
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                target.write_bytes(source.read())
    shutil.copy2(SITE_SETTINGS, tmp_path / "jupyter-lite.json")
    return tmp_path


def test_the_app_page_runs_the_editor_alone_with_the_pinned_repl(lite: Path) -> None:
    editor_app.write_editor_app(lite, KERNEL_SETTINGS)
    page = (lite / "editor" / "index.html").read_text(encoding="utf-8")
    assert "<title>Business Model Canvas editor</title>" in page
    # The URL the REPL app reads is set before JupyterLite's code starts, whatever the page was opened with.
    assert page.index("history.replaceState") < page.index('<script id="jupyter-config-data"') < page.index("config-utils.js")
    query = page.split("location.pathname + '?", 1)[1].split("'", 1)[0]
    options = parse_qs(query)
    assert options["code"] == ["from bmckit.widgets import CanvasEditor\nCanvasEditor()"]
    assert options["kernel"] == ["python"]
    assert options["hideCodeInput"] == ["1"]
    assert options["showBanner"] == ["0"]
    assert "toolbar" not in options  # the REPL app shows its toolbar only when asked
    assert ".jp-CodeConsole-input" in page
    assert editor_app.STARTING in page
    settings = json.loads((lite / "editor" / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    assert settings["disabledExtensions"] == [editor_app.REPL_BROKEN_PLUGIN, *editor_app.UNUSED_PLUGINS]
    assert settings["settingsUrl"] == json.loads((lite / "repl" / "jupyter-lite.json").read_text())["jupyter-config-data"]["settingsUrl"]
    assert (lite / "editor" / "jupyter-lite.ipynb").is_file()


def test_the_app_leaves_out_plugins_the_repl_has_and_a_package_its_python_loads(lite: Path) -> None:
    editor_app.write_editor_app(lite, KERNEL_SETTINGS)
    repl_code = (lite / "build" / "repl" / "bundle.js").read_text(encoding="utf-8")
    assert [plugin for plugin in editor_app.UNUSED_PLUGINS if f'"{plugin}"' not in repl_code] == []
    assert {"@jupyterlab/console-extension", "@jupyterlab/rendermime-extension"}.isdisjoint(editor_app.UNUSED_PLUGINS)
    site = json.loads(SITE_SETTINGS.read_text(encoding="utf-8"))["jupyter-config-data"]["litePluginSettings"][KERNEL_SETTINGS]
    app = json.loads((lite / "editor" / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    options = app["litePluginSettings"][KERNEL_SETTINGS]["loadPyodideOptions"]
    # The kernel reads packages to know what it need not install: jedi stays named there, and is not loaded.
    assert options == {**site["loadPyodideOptions"], "packagesNotNeeded": ["jedi"]}
    assert "jedi" in options["packages"]


def test_a_repl_page_it_does_not_know_stops_the_build(lite: Path) -> None:
    page = lite / "repl" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<title>REPLite</title>", "<title>REPL</title>"), encoding="utf-8")
    with pytest.raises(ExtensionError, match="not the REPL page"):
        editor_app.write_editor_app(lite, KERNEL_SETTINGS)


def test_the_notebook_that_makes_the_students_editor_links_to_the_app() -> None:
    config = BmcConfig(lite_dir="docs/_lite")
    assert [launch.label for launch in launches(config, "02-your-own-canvas", editor=True)][:2] == [
        "Run in your browser",
        "Open the editor",
    ]
    assert "Open the editor" not in [launch.label for launch in launches(config, "03-advisor")]
    bar = run_it_bar(config, "02-your-own-canvas", editor=True)
    assert 'href="../lite/editor/index.html"' in bar
    assert "Open the editor" not in run_it_bar(BmcConfig(), "02-your-own-canvas", editor=True)  # no JupyterLite, no app
    notebooks = Path(__file__).parent.parent / "notebooks"
    making = {path.stem for path in notebooks.glob("*.ipynb") if editor_app.EDITOR_CALL in path.read_text(encoding="utf-8")}
    assert making == {"02-your-own-canvas"}
