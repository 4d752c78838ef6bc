"""The class tools' rows of `make bench`: `bmckit batch` for 30 and 300 teams, `bmckit review` of 300 hand-ins.

Whole processes, as a teacher runs them, each into a fresh folder. Beside
batch, the Typst peer typesets the same number of team canvases (the same
header, an empty canvas) in one Python process, so the ratio shows. The
hand-ins are what a class returns: half canvas files, half fillable PDFs each
typed into (a field changed after bmckit made it), spread over folders per
team as a learning platform's bulk download lays them out.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typst_peer
from pypdf import PdfReader, PdfWriter

from bmckit import canvas_files
from bmckit.cases import CASE_NAMES, load_case
from bmckit.classroom.batch import team_canvas
from bmckit.classroom.roster import Team
from bmckit.render import fillable_pdf

if TYPE_CHECKING:
    from collections.abc import Callable

BMCKIT = str(Path(sys.executable).with_name("bmckit"))


def roster(folder: Path, teams: int) -> Path:
    path = folder / f"roster-{teams}.csv"
    rows = "".join(f"Team {n},Student {n}a; Student {n}b; Student {n}c,{CASE_NAMES[n % 5] if n % 2 else ''}\n" for n in range(teams))
    path.write_text("team,members,case\n" + rows, encoding="utf-8")
    return path


def timed_runs(make_command: Callable[[int], list[str]], runs: int) -> float:
    """The median seconds of whole processes, each given a fresh output by ``make_command(run)``; one untimed warm-up."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(make_command(-1), check=True, capture_output=True, env=env)
    times = []
    for run in range(runs):
        command = make_command(run)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peer_command(folder: Path, teams: int) -> list[str]:
    """One Python process that has Typst typeset ``teams`` team canvases, each from its own data."""
    sources = []
    for n in range(teams):
        team = folder / f"typst-{teams}" / str(n)
        team.mkdir(parents=True, exist_ok=True)
        canvas = team_canvas(Team(f"Team {n}", (f"Student {n}a", f"Student {n}b", f"Student {n}c")))
        sources.append(str(typst_peer.write(canvas, team)))
    code = (
        "import typst, sys\n"
        f"for source in {sources!r}:\n"
        f"    typst.compile(source, output=source[:-4] + '.pdf', font_paths=[{typst_peer.FONTS!r}], ignore_system_fonts=True)\n"
    )
    return [sys.executable, "-c", code]


def hand_ins(folder: Path, count: int) -> Path:
    """``count`` submissions: canvas files and typed-into forms, one folder per team."""
    root = folder / "hand-ins"
    cases = [load_case(name) for name in CASE_NAMES]
    forms = {name: fillable_pdf.render_fillable(case) for name, case in zip(CASE_NAMES, cases, strict=True)}
    for n in range(count):
        team = root / f"Team {n}_{1000 + n}_assignsubmission_file"
        team.mkdir(parents=True)
        if n % 2:
            canvas_files.save(cases[n % 5], team / "canvas.yaml")
            continue
        writer = PdfWriter(clone_from=io.BytesIO(forms[CASE_NAMES[n % 5]]))
        writer.update_page_form_field_values(writer.pages[0], {"title": f"Team {n}"}, auto_regenerate=False)
        out = io.BytesIO()
        writer.write(out)
        (team / f"Team {n}.pdf").write_bytes(out.getvalue())
    assert len(list(root.rglob("*.*"))) == count
    assert PdfReader(root / "Team 0_1000_assignsubmission_file" / "Team 0.pdf").get_fields()["title"]["/V"] == "Team 0"
    return root


def measure(row: Callable[..., None]) -> None:
    print("class tools: whole processes, fresh output folders", file=sys.stderr)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for teams, target, runs in ((30, 2, 7), (300, 12, 3)):
            source = roster(folder, teams)
            batch = timed_runs(lambda run, s=source, t=teams: [BMCKIT, "batch", str(s), "-o", str(folder / f"batch-{t}-{run}")], runs)
            peer = timed_runs(lambda run, t=teams: peer_command(folder, t), runs)
            row(f"`bmckit batch` for {teams} teams (fillable A4 per team, zip, index)", batch, target, unit=" s")
            row(f"Typst peer: {teams} team canvases typeset in one process", peer, None, unit=" s")
            row(f"`bmckit batch` for {teams} teams, times the Typst peer", batch / peer, None, unit="×")
        submissions = hand_ins(folder, 300)
        review = timed_runs(lambda run: [BMCKIT, "review", str(submissions), "-o", str(folder / f"report-{run}.html")], 3)
        row("`bmckit review` of 300 hand-ins (half filled PDFs, half YAML)", review, 8, unit=" s")
