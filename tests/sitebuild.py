"""The site, built once per test run as `make site` builds it, and served on localhost: shared by every site test.

The build is started in the background as soon as the run knows a selected test needs it, so the tests that need no
site run while it builds; a site test waits for it. When pytest-xdist runs the tests in several processes, the first
to get there starts the build in a folder they share, and the others wait for that same build (the pattern in
pytest-xdist's documentation, with a POSIX lock the build process holds while it works). The student edition is built
after the teacher's, by the same background process, when a selected test asks for it.

Run as ``python -m tests.sitebuild FOLDER EDITION:LOCK_FD ...`` it is that background process.
"""

from __future__ import annotations

import json
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

EDITIONS = {"build": "teacher", "student_build": "student"}
"""The fixture that hands each edition to the tests; the teacher's is built first."""


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


# Building in the background, once for every process of the run ---------------------------------------------------------


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder that every pytest-xdist worker shares (its own, when the run is one process)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def editions_needed(items: list[pytest.Item]) -> list[str]:
    """The editions the selected tests use, the teacher's first (``built`` and ``server`` use the teacher's)."""
    used = set().union(*(set(getattr(item, "fixturenames", ())) for item in items))
    return [edition for fixture, edition in EDITIONS.items() if fixture in used]


def start_builds(shared: Path, editions: list[str]) -> subprocess.Popen[bytes] | None:
    """Start building ``editions`` in one background process, unless another process of the run has started them.

    The process is handed an exclusive lock on each edition's lock file, which it lets go once that edition is built:
    whoever waits for an edition takes the lock and finds the build done. Returns the process, to whoever started it.
    """
    import fcntl  # POSIX: the site builds as `make site` does, on Linux or macOS

    if not editions:
        return None
    with (shared / "site-builds.lock").open("a") as election:
        fcntl.flock(election, fcntl.LOCK_EX)  # held only while this process decides
        if (shared / "site-builds.started").exists():
            return None
        locks = []
        try:
            for edition in editions:
                lock = (shared / f"{edition}.lock").open("a")
                locks.append(lock)
                fcntl.flock(lock, fcntl.LOCK_EX)
            log = (shared / "site-builds.log").open("wb")
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.sitebuild",
                    str(shared),
                    *(f"{e}:{lock.fileno()}" for e, lock in zip(editions, locks, strict=True)),
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=[lock.fileno() for lock in locks],
            )
            log.close()
        finally:
            for lock in locks:
                lock.close()  # the background process holds the locks from here on
        (shared / "site-builds.started").write_text(str(process.pid), encoding="utf-8")
        return process


def finished_build(shared: Path, edition: str) -> Build:
    """Wait until ``edition`` is built, then what the build gave."""
    import fcntl

    work = shared / edition
    with (shared / f"{edition}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)  # blocks while the background process builds this edition
    result = work / "result.json"
    if not result.exists():
        log = shared / "site-builds.log"
        said = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        return Build(work / "html", "", -1, f"the {edition} edition was not built, or its build stopped before the end:\n{said}")
    found = json.loads(result.read_text(encoding="utf-8"))
    return Build(work / "html", found["warnings"], found["returncode"], found["output"])


@pytest.fixture(scope="session", autouse=True)
def _site_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Start the builds the selected tests need as the run starts; at its end, wait for (or stop) what this process started."""
    process = start_builds(shared_folder(tmp_path_factory), editions_needed(request.session.items))
    yield
    if process is not None and process.poll() is None:
        if os.environ.get("PYTEST_XDIST_WORKER") and not request.session.shouldfail and not request.session.shouldstop:
            process.wait()  # another worker may still be waiting for it
        else:
            process.terminate()  # the run ends, or stops early: nobody is left to read it
            process.wait()


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The whole site in a temporary folder, built with `make site`'s options, and every warning it gave."""
    pytest.importorskip("sphinx")
    return finished_build(shared_folder(tmp_path_factory), "teacher")


@pytest.fixture(scope="session")
def student_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The student edition (`make site EDITION=student`): the site without the exercises' solutions."""
    pytest.importorskip("sphinx")
    return finished_build(shared_folder(tmp_path_factory), "student")


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


def _build_in_background(shared: Path, editions: list[str]) -> None:
    """Build each ``EDITION:LOCK_FD`` in turn into ``shared/EDITION``, letting go of its lock once its result is written."""
    for given in editions:
        edition, _, fd = given.partition(":")
        work = shared / edition
        work.mkdir(exist_ok=True)
        done = sphinx_build(work, BMCKIT_EDITION=edition)
        written = work / "result.json.part"
        written.write_text(json.dumps({"returncode": done.returncode, "warnings": done.warnings, "output": done.output}), encoding="utf-8")
        written.replace(work / "result.json")
        os.close(int(fd))  # the lock goes with it: whoever waits for this edition reads it now


if __name__ == "__main__":
    _build_in_background(Path(sys.argv[1]), sys.argv[2:])
