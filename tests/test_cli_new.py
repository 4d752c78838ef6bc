"""`bmckit new`: every file it writes passes `bmckit validate`, and a blank title is refused."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bmckit.cases import CASE_NAMES
from bmckit.cli import main


@pytest.mark.parametrize("title", ["", " ", "\t\n ", "\u3000"])
def test_a_blank_title_is_refused(title: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my.yaml"
    assert main(["new", "--title", title, "-o", str(target)]) == 2
    assert capsys.readouterr() == ("", "bmckit: --title: a canvas needs a title; give one that is not blank\n")
    assert not target.exists()
    assert main(["new", "--title", title]) == 2, "nor written to standard output"
    assert capsys.readouterr().out == ""


def test_a_case_keeps_its_own_title(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--case", "netflix", "--title", "Mine"]) == 2
    assert capsys.readouterr() == ("", "bmckit: --title is for the starter; a case study keeps its own title (change it in the file)\n")


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
@pytest.mark.parametrize("case", [None, *CASE_NAMES])
def test_every_file_new_writes_is_valid(case: str | None, suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"canvas{suffix}"
    assert main(["new", "-o", str(target), *(["--case", case] if case else [])]) == 0
    assert main(["validate", str(target)]) == 0
    assert main(["check", str(target)]) in {0, 1}


@given(title=st.text(min_size=1, max_size=40), suffix=st.sampled_from([".yaml", ".json"]))
def test_any_title_new_accepts_gives_a_valid_file(title: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stderr(io.StringIO()) as err:
        target = Path(folder) / f"canvas{suffix}"
        status = main(["new", f"--title={title}", "-o", str(target)])  # = so that a title may start with a dash
        if status == 0:
            assert main(["validate", str(target)]) == 0, err.getvalue()
        else:
            assert status == 2
            assert not target.exists()
            assert err.getvalue().count("\n") == 1, "refused with one line"
            assert err.getvalue().startswith("bmckit: --title: ")
