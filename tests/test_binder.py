"""Binder: binder/ holds what repo2docker needs and nothing more, in step with pyproject.toml, and it works.

The reproduction does what Binder does, without Docker: a fresh virtual environment, ``pip install -r
binder/requirements.txt``, then ``binder/postBuild`` from the repository's root, then every notebook run top to bottom
with nbclient in that environment, its widgets created (each widget output names a model in the saved widget state).
``jupyter-repo2docker --no-build --debug .`` prints the Dockerfile Binder would build: it must install from binder/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).parent.parent
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirements_of(extra: str | None) -> set[str]:
    """bmckit's own requirements with one extra, the extras it names in turn expanded, as normalised strings."""
    found = {str(Requirement(r)) for r in PYPROJECT["dependencies"]}
    pending = [extra] if extra else []
    while pending:
        for line in PYPROJECT["optional-dependencies"][pending.pop()]:
            requirement = Requirement(line)
            if requirement.name == "bmckit":
                pending.extend(requirement.extras)
            else:
                found.add(str(requirement))
    return found


def binder_requirements() -> set[str]:
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return {str(Requirement(line)) for line in lines if line.strip() and not line.lstrip().startswith("#")}


def test_binder_holds_what_repo2docker_needs_and_nothing_more() -> None:
    assert sorted(p.name for p in BINDER.iterdir()) == ["postBuild", "requirements.txt", "runtime.txt"]
    assert not (ROOT / ".binder").exists()  # repo2docker reads one of the two


def test_binder_requirements_are_bmckit_with_its_notebooks_extra() -> None:
    assert binder_requirements() == requirements_of("notebooks")


def test_binder_python_is_one_bmckit_supports() -> None:
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime.startswith("python-")
    assert runtime.removeprefix("python-") + ".0" in SpecifierSet(PYPROJECT["requires-python"])


def test_post_build_stops_on_error_and_installs_bmckit_from_the_repository() -> None:
    script = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert script.startswith("#!/bin/bash\n")
    assert "\nset -e\n" in script
    assert "pip install --no-deps --no-cache-dir ." in script
    assert os.access(BINDER / "postBuild", os.X_OK)


@pytest.mark.slow
def test_repo2docker_builds_from_binder() -> None:
    tool = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("jupyter-repo2docker is not installed (pip install -e '.[test]')")
    run = subprocess.run([tool, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, check=False, timeout=300)
    dockerfile = run.stdout + run.stderr
    assert run.returncode == 0, dockerfile[-3000:]
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip().removeprefix("python-")
    assert f"environment for python={runtime}" in dockerfile  # runtime.txt chose the image's Python


RUN_NOTEBOOKS = r"""
import json, sys
import nbformat
from nbclient import NotebookClient

report = {}
for path in sys.argv[1:]:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    views = [
        output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    errors = [output.get("ename") for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs if output.output_type == "error"]
    report[path] = {"views": views, "models": sorted(state), "names": sorted({m["model_name"] for m in state.values()}), "errors": errors}
print(json.dumps(report))
"""


@pytest.mark.slow
def test_binder_reproduced_every_notebook_runs_with_its_widgets(tmp_path: Path) -> None:
    """A fresh environment from binder/ alone runs every notebook and creates its widgets (needs PyPI)."""
    assert NOTEBOOKS, "no notebooks in notebooks/"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)

    def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=900)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        return done

    # repo2docker's base environment brings Jupyter; the rest comes from binder/ alone.
    run(python, "-m", "pip", "install", "--quiet", "-r", str(BINDER / "requirements.txt"), "nbclient", "ipykernel")
    repository = tmp_path / "repository"  # postBuild runs in a clean copy, as in the image
    shutil.copytree(ROOT, repository, ignore=shutil.ignore_patterns(".venv", "_build", "node_modules", ".git", "*.egg-info", "__pycache__"))
    run("bash", str(repository / "binder" / "postBuild"), cwd=repository)
    assert "site-packages" in run(python, "-c", "import bmckit; print(bmckit.__file__)", cwd=tmp_path).stdout
    copies = [shutil.copy(path, tmp_path / path.name) for path in NOTEBOOKS]
    report = json.loads(run(python, "-c", RUN_NOTEBOOKS, *map(str, copies), cwd=tmp_path).stdout.splitlines()[-1])
    for path, found in report.items():
        name = Path(path).name
        assert found["errors"] == [], f"{name}: {found['errors']}"
        if "bmckit.widgets" in Path(path).read_text(encoding="utf-8"):
            assert found["views"], f"{name} uses bmckit's widgets but shows none"
        assert set(found["views"]) <= set(found["models"]), f"{name}: a widget view names no saved model"
