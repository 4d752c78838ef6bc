"""One personalised fillable canvas per team, a zip of them all and an index page.

Each team's PDF carries its name as the title and its members under
"designed by"; a team the roster gives a segment finds it declared and
written in Customer Segments; a team the roster gives a case starts from that
case study's canvas. The forms are made on every core: a class of 300 is a
few seconds' work, and one of 20 is not slowed by starting processes.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bmckit.cases import load_case
from bmckit.classroom.filenames import unique_stems
from bmckit.classroom.pages import render_page
from bmckit.classroom.parallel import each_done
from bmckit.model import BlockId, Canvas, Header, Item, Segment

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bmckit.classroom.roster import Team
    from bmckit.render.notes import RenderNote

INDEX = "index.html"
ZIP_NAME = "all-teams.zip"


class Made(NamedTuple):
    """One team's PDF, and what the render said of it: text its page could not show whole, characters it cannot print."""

    team: Team
    file: str
    notes: tuple[RenderNote, ...]


class Batch(NamedTuple):
    made: tuple[Made, ...]
    zip_file: Path
    index_page: Path


def team_canvas(team: Team, *, date: str = "") -> Canvas:
    """The canvas a team starts from: its case study or a blank one, with the team in the header."""
    members = ", ".join(team.members)
    if team.case:
        case = load_case(team.case)
        canvas = replace(case, header=replace(case.header, title=f"{team.name}: {case.title}", designed_by=members, date=date, version=""))
    else:
        canvas = Canvas(Header(title=team.name, designed_by=members, date=date))
    if not team.segment:
        return canvas
    segment = Segment(id=_segment_id(team.segment, canvas), name=team.segment)
    blocks = dict(canvas.blocks)
    blocks[BlockId.CUSTOMER_SEGMENTS] = (*blocks[BlockId.CUSTOMER_SEGMENTS], Item(team.segment, segments=(segment.id,)))
    return replace(canvas, segments=(*canvas.segments, segment), blocks=blocks)


def make_batch(
    teams: Sequence[Team], folder: str | Path, *, paper: str = "a4", case: str = "", progress: Callable[[int, int], None] | None = None
) -> Batch:
    """Write a fillable PDF per team into ``folder``, then the index page and the zip; ``case`` is for teams the roster gives none."""
    folder = writable_folder(folder)
    teams = [team if team.case or not case else team._replace(case=case) for team in teams]
    stems = unique_stems(team.name for team in teams)
    date = datetime.date.today().isoformat()
    jobs = [(team, str(folder / f"{stem}.pdf"), paper, date) for team, stem in zip(teams, stems, strict=True)]
    made = []
    for job, notes in zip(jobs, each_done(_make_one, jobs), strict=True):
        made.append(Made(job[0], Path(job[1]).name, notes))
        if progress:
            progress(len(made), len(jobs))
    index = folder / INDEX
    index.write_text(render_page("batch-index.html", made=made, paper=paper.upper(), date=date, zip_name=ZIP_NAME), encoding="utf-8")
    zip_file = folder / ZIP_NAME
    with zipfile.ZipFile(zip_file, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        for item in made:
            archive.write(folder / item.file, item.file)
        archive.write(index, INDEX)
    return Batch(tuple(made), zip_file, index)


def writable_folder(folder: str | Path) -> Path:
    """``folder``, made if it is new, once it has taken a file: one that cannot raises :class:`OSError` now, not after the forms are made."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=folder):
        pass
    return folder


def _make_one(job: tuple[Team, str, str, str]) -> tuple[RenderNote, ...]:
    from bmckit.render import render

    team, path, paper, date = job
    rendered = render(team_canvas(team, date=date), "pdf", paper=paper, fillable=True)
    Path(path).write_bytes(rendered.data)
    return rendered.notes


def _segment_id(name: str, canvas: Canvas) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    base = base if base[:1].isalpha() else f"segment-{base}".rstrip("-")  # the format's ids start with a letter a to z
    taken = {segment.id for segment in canvas.segments}
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
