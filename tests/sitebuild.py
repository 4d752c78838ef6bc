"""The site, built once per test session as `make site` builds it, and served on localhost: shared by every site test."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.localweb import served

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


SITE_FIXTURES = {"build", "student_build", "built"}
"""What builds the whole site (minutes on two cores), ``server`` included: a test that uses any of it is marked slow, so make
test-fast leaves it out."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = [
        item.nodeid for item in items if SITE_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("slow")
    ]
    if unmarked:
        raise pytest.UsageError("these build the site, so mark them @pytest.mark.slow:\n  " + "\n  ".join(unmarked))


@dataclass
class Build:
    out: Path
    warnings: str
    returncode: int
    output: str


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The whole site in a temporary folder, built with `make site`'s options, and every warning it gave."""
    pytest.importorskip("sphinx")
    return sphinx_build(tmp_path_factory.mktemp("site"), BMCKIT_EDITION="teacher")


def sphinx_build(work: Path, **environment: str) -> Build:
    """Build the site into ``work/html`` as `make site` does, with ``environment`` added to the build's."""
    out, warnings = work / "html", work / "warnings.txt"
    options = ["-W", "--keep-going", "-n", "-q", "-c", str(ROOT), "-b", "html"]  # make site's
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", *options, "-d", str(work / "doctrees"), "-w", str(warnings), str(DOCS), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **environment},
    )
    text = warnings.read_text(encoding="utf-8") if warnings.exists() else ""
    return Build(out, text, run.returncode, run.stdout + run.stderr)


@pytest.fixture(scope="session")
def student_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The student edition (`make site EDITION=student`): the site without the exercises' solutions."""
    pytest.importorskip("sphinx")
    return sphinx_build(tmp_path_factory.mktemp("student-site"), BMCKIT_EDITION="student")


@pytest.fixture(scope="session")
def built(build: Build) -> Path:
    """The pages the build wrote: the browser tests read them even when the build warned (that test fails on its own)."""
    assert (build.out / "index.html").exists(), f"sphinx-build wrote no site:\n{build.output}"
    return build.out


@pytest.fixture(scope="session")
def server(built: Path) -> Iterator[str]:
    """The built site on a localhost server for the whole session."""
    with served(built) as address:
        yield address
