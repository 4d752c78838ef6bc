"""Packaging: a built wheel works on its own, and the core installs anywhere, a browser included."""

from __future__ import annotations

import subprocess
import sys
import venv
from importlib import metadata
from typing import TYPE_CHECKING

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if TYPE_CHECKING:
    from pathlib import Path

ROOT = __import__("pathlib").Path(__file__).parents[1]


PYODIDE = {**default_environment(), "sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32"}
"""The marker environment of Python in a browser."""


def core_requirements(name: str = "bmckit", seen: set[str] | None = None, environment: dict[str, str] | None = None) -> set[str]:
    """Every distribution the core pulls in at run time in ``environment`` (Pyodide's), extras left out, recursively."""
    seen = set() if seen is None else seen
    environment = {**(environment or PYODIDE), "extra": ""}
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        if canonicalize_name(requirement.name) not in seen:
            seen.add(canonicalize_name(requirement.name))
            core_requirements(requirement.name, seen, environment)
    return seen


def test_core_dependencies_are_pure_python_wheels() -> None:
    """The core must install under Pyodide, so each dependency must come as a py3-none-any wheel."""
    requirements = core_requirements()
    assert {"ruamel-yaml", "fastjsonschema"} <= requirements
    for name in requirements:
        wheel = metadata.distribution(name).read_text("WHEEL") or ""
        tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
        assert "py3-none-any" in tags, f"{name} is not a pure-Python wheel: {tags}"


def test_libyaml_speeds_up_reading_where_it_can_be_installed() -> None:
    """On CPython, PyYAML brings libyaml's C parser; in a browser the pure-Python composer reads the same files."""
    assert "pyyaml" in core_requirements(environment=default_environment())
    assert "pyyaml" not in core_requirements()


@pytest.mark.slow
def test_built_wheel_installs_and_runs_on_its_own(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("bmckit-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    bmckit = env_dir / "bin" / "bmckit"

    cases = subprocess.run([bmckit, "cases"], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert "starbucks" in cases.stdout

    subprocess.run([bmckit, "new", "--case", "apple", "-o", "apple.yaml"], check=True, capture_output=True, cwd=tmp_path)
    checked = subprocess.run([bmckit, "check", "apple.yaml"], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "apple.yaml: no findings" in checked.stdout + checked.stderr

    starter = subprocess.run([bmckit, "new"], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert "# Customer Relationships:" in starter.stdout

    imported = subprocess.run([python, "-c", "import bmckit, sys; print(bmckit.__file__)"], check=True, capture_output=True, text=True)
    assert str(env_dir) in imported.stdout, "the test must exercise the installed wheel, not the source tree"
