"""The notebooks as stored: they open anywhere with no conversion step, and they teach, not only compute.

They are stored without outputs (Binder, Colab and JupyterLab open the ``.ipynb`` as it is; outputs would go stale and
bloat the repository), with a Python 3 kernel, a first code cell that installs bmckit only where it is missing, and
more words of explanation than lines of code. They run top to bottom in the site build (which fails on any error) and
in tests/test_binder.py's reproduction of Binder; here, each runs in this environment and its widgets are created.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WANTED = ["getting-started", "your-own-canvas", "advisor", "economics", "compare"]
"""The notebooks the site promises, by the words their file names carry."""


def cells(path: Path) -> list[dict[str, object]]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict[str, object]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def test_the_promised_notebooks_are_there_in_reading_order() -> None:
    names = [path.stem for path in NOTEBOOKS]
    assert len(names) >= len(WANTED)
    for index, word in enumerate(WANTED):
        assert word in names[index], f"notebook {index + 1} should be about {word}: {names}"
    assert names == sorted(names)
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+", name) for name in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path) -> None:
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a cell keeps its outputs"
            assert cell["execution_count"] is None, f"{path.name}: a cell keeps its execution count"
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in metadata, f"{path.name} keeps saved widget state"
    assert metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_a_title_and_installs_bmckit_only_where_missing(path: Path) -> None:
    found = cells(path)
    assert found[0]["cell_type"] == "markdown"
    assert text(found[0]).startswith("# ")
    first_code = next(cell for cell in found if cell["cell_type"] == "code")
    assert 'find_spec("bmckit") is None' in text(first_code)
    assert "%pip install" in text(first_code)
    assert 'sys.platform == "emscripten"' in text(first_code)  # in the browser, from the site's own wheels
    # Pyodide loads the package behind every import statement it sees before running a cell: Colab's would be a request
    # for a package the site does not ship.
    assert "from google" not in text(first_code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_explains_what_the_reader_does_and_why(path: Path) -> None:
    found = cells(path)
    words = sum(len(text(cell).split()) for cell in found if cell["cell_type"] == "markdown")
    code_lines = sum(len(text(cell).splitlines()) for cell in found if cell["cell_type"] == "code")
    assert words >= 2 * code_lines, f"{path.name}: {words} words of explanation for {code_lines} lines of code"
    kinds = [cell["cell_type"] for cell in found]
    assert "code\ncode\ncode\ncode" not in "\n".join(kinds), f"{path.name}: four code cells in a row with no word between them"


STUDENTS_EDITOR = re.compile(r"^(\w+) = CanvasEditor\((?:\)|keep=(?!None))", re.MULTILINE)
"""An editor that keeps the student's canvas: one made with no canvas, or with a name to keep it under."""
READ_ONLY = r"(?!canvas\b|save\(|export\(|on_change\()"
"""What a cell may do with the student's editor: read its canvas, save or export it, follow it."""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_cell_replaces_what_the_student_typed(path: Path) -> None:
    """Run All runs every cell again: none may load, add to or change the canvas in the student's editor (they work on
    an editor of their own, made with ``keep=None``)."""
    code = [text(cell) for cell in cells(path) if cell["cell_type"] == "code"]
    students = {match[1] for source in code for match in STUDENTS_EDITOR.finditer(source)}
    for name in students:
        changing = [line for source in code for line in source.splitlines() if re.search(rf"\b{name}\.{READ_ONLY}", line)]
        assert changing == [], f"{path.name} changes the student's canvas in {name!r}"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom_and_creates_its_widgets(path: Path, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    views = [
        o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    if "bmckit.widgets" in path.read_text(encoding="utf-8"):
        assert views, f"{path.name} uses bmckit's widgets but shows none"
    assert set(views) <= set(state), "a widget on the page has no saved state to draw it from"
