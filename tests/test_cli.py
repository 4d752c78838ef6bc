"""The command line, called as `main([...])`: output, files written and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from bmckit import __version__, canvas_files
from bmckit.cases import CASE_NAMES, load_case
from bmckit.cli import main
from tests.conftest import MINIMAL

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bmckit {__version__}"


@pytest.mark.parametrize("command", [[], ["new"], ["cases"], ["validate"], ["check"], ["schema"]])
def test_help_on_every_command(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "usage: bmckit" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["check"]) == 2
    assert "usage: bmckit" in capsys.readouterr().err


def test_cases_lists_all_five(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases"]) == 0
    out = capsys.readouterr().out
    for name in CASE_NAMES:
        assert f"{name} " in out
    assert "Netflix: Entertainment seekers" in out


def test_new_copies_a_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my.yaml"
    assert main(["new", "--case", "netflix", "-o", str(target)]) == 0
    assert canvas_files.load(target) == load_case("netflix")
    assert f"wrote {target}" in capsys.readouterr().err
    as_json = tmp_path / "my.json"
    assert main(["new", "--case", "Netflix", "-o", str(as_json)]) == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["title"] == "Netflix"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my.yaml"
    target.write_text("keep me", encoding="utf-8")
    assert main(["new", "-o", str(target)]) == 2
    assert capsys.readouterr().err == f"bmckit: {target}: already exists; use --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    assert main(["new", "-o", str(target), "--force"]) == 0
    assert canvas_files.load(target).title == "My business model"


def test_new_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--case", "ikea"]) == 2
    assert capsys.readouterr().err == "bmckit: no case study named 'ikea'; choose one of amazon, apple, netflix, starbucks, zappos\n"
    assert main(["new", "-o", str(tmp_path / "canvas.txt")]) == 2
    assert "unknown canvas file suffix" in capsys.readouterr().err
    assert main(["new", "-o", str(tmp_path / "no-such-folder" / "x.yaml")]) == 2
    assert "cannot write: No such file or directory" in capsys.readouterr().err


def test_new_starter_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--title", "Bike repair café"]) == 0
    text = capsys.readouterr().out
    assert "title: Bike repair café" in text
    assert canvas_files.loads(text).title == "Bike repair café"


def test_validate(write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(MINIMAL, "good.yaml")
    bad = write("title: T\nblocks:\n  channel: []\n", "bad.yaml")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr() == ("", f"{good}: valid\n"), "a confirmation goes to stderr: stdout is for problems"
    assert main(["validate", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{bad}:3: blocks.channel: unknown key 'channel'; did you mean 'channels'?\n"
    assert captured.err == f"{good}: valid\n1 problem in 1 file\n"
    assert main(["validate", str(tmp_path / "gone.yaml")]) == 2
    assert capsys.readouterr() == ("", f"bmckit: {tmp_path / 'gone.yaml'}: no such file\n")


def test_check_exit_codes(write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    good = write(MINIMAL, "good.yaml")
    assert main(["check", str(good)]) == 0
    assert capsys.readouterr() == ("", f"{good}: no findings\n")

    flawed = write(
        MINIMAL.replace("type: personal-assistance", "").replace("  channels:\n    - text: The shop\n      segments: [readers]\n", "")
    )
    assert main(["check", str(flawed)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{flawed}:3: channels: no channel serves segment 'readers' (Local readers); add a channels note tagged with it [segment-without-channel]",
        f"{flawed}:10: customer_relationships[0] 'Staff recommend books': has no type; say which kind of relationship it is [relationship-without-type]",
    ]
    assert captured.err == "2 findings in 1 file\n"


def test_check_bad_input_is_one_line_per_problem_and_exit_2(write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    bad = write("title: T\nblocks:\n  customer_relationships:\n    - text: Forum\n      type: community\n")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bmckit: {bad}:5: blocks.customer_relationships[0].type: expected one of")
    assert err.rstrip().endswith("did you mean 'communities'?")
    assert "Traceback" not in err


def test_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$schema"].endswith("2020-12/schema")
    assert "customer_relationships" in printed["properties"]["blocks"]["properties"]


def test_python_dash_m_and_no_traceback(write: Callable[..., Path]) -> None:
    bad = write("- a list\n")
    run = subprocess.run([sys.executable, "-m", "bmckit", "check", str(bad)], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert run.stderr == f"bmckit: {bad}:1: (top level): expected a mapping, found a list\n"


def test_help_does_not_import_the_heavy_parts() -> None:
    code = "import sys; from bmckit.cli import main; main(['--help']); print(sorted(m for m in sys.modules if m.split('.')[0] in {'ruamel', 'fastjsonschema', 'reportlab', 'pypdf'}))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_names_imported_on_first_use_are_listed_for_completion() -> None:
    code = "import sys, bmckit; print(sorted(set(bmckit.__all__) - set(dir(bmckit)))); print('bmckit.model' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["[]", "False"]  # every public name completes, and listing them imports nothing
