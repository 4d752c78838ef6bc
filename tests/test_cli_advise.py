"""`bmckit advise`: rankings with reasons per segment, as text or JSON, and one-line errors for bad input."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from bmckit.cli import main

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def test_every_segment_is_advised_with_reasons(netflix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", str(netflix), "--contact", "none", "--budget", "low"]) == 0
    out, err = capsys.readouterr()
    assert "Entertainment seekers (viewers; mass market, low value)" in out
    assert "Households sharing an account (households" in out
    viewers = out.split("Households")[0]
    first = viewers.splitlines()[1]
    assert first.strip() in {"1. Self-service", "1. Automated services"}
    assert "       - " in out  # reasons against
    assert "       + " in out  # reasons for
    assert "Not answered, so not weighed: --complexity." in err
    assert "you decide" in err


def test_one_segment_as_json(netflix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", str(netflix), "--segment", "households", "--format", "json", "--complexity", "moderate"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["answers"] == {"contact": None, "complexity": "moderate", "budget": None}
    [households] = document["segments"]
    assert households["id"] == "households"
    assert [entry["rank"] for entry in households["ranking"]] == [1, 2, 3, 4, 5, 6]
    assert all({"text", "for"} == set(reason) for entry in households["ranking"] for reason in entry["reasons"])


def test_a_canvas_without_segments_has_nothing_to_advise(write: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", str(write("title: A canvas with no segments yet\nblocks: {}\n"))]) == 0
    assert "declares no customer segments" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--segment", "robots"], "no segment 'robots' in customer_segments; its segments are viewers, households"),
        (["--contact", "lots"], "invalid choice: 'lots'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(netflix: Path, arguments: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["advise", str(netflix), *arguments]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err


def test_an_unreadable_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [", encoding="utf-8")
    assert main(["advise", str(broken)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bmckit: ")
    assert str(broken) in err
    assert len(err.splitlines()) == 1
