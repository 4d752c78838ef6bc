"""The teacher's commands end to end: `bmckit batch` from a roster, `bmckit review` of what comes back.

Forms are read back with pypdf and filled as a student would, with PyMuPDF;
the report is parsed and opened in Chromium with every request watched.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pymupdf
import pytest
from pypdf import PdfReader

from bmckit import canvas_files, knowledge
from bmckit.cases import load_case
from bmckit.classroom.batch import team_canvas
from bmckit.classroom.roster import Team
from bmckit.classroom.score import assess
from bmckit.cli import main
from bmckit.model import BlockId, RelationshipType

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROSTERS = Path(__file__).parent / "rosters"


def fields(path: Path) -> dict[str, str]:
    return {name: str(field.get("/V") or "") for name, field in (PdfReader(path).get_fields() or {}).items()}


def fill(path: Path, values: dict[str, str]) -> None:
    """Type into a form as a desktop reader does (MuPDF), and save."""
    doc = pymupdf.open(path)
    for widget in doc[0].widgets():
        if widget.field_name in values:
            widget.field_value = values[widget.field_name]
            widget.update()
    data = doc.tobytes()
    doc.close()
    path.write_bytes(data)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        self.sources += [value or "" for name, value in attrs if name in {"src", "srcset"} or (name == "href" and tag == "link")]


def parsed(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


# bmckit batch ---------------------------------------------------------------------------------------------------------


def test_batch_writes_one_personalised_form_per_team_a_zip_and_an_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "class"
    assert main(["batch", str(ROSTERS / "excel-utf8-per-student.csv"), "-o", str(out), "--paper", "a3"]) == 0
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == ["Blue Whales.pdf", "blue whales (2).pdf", "Équipe Été.pdf"]  # 'blue whales' is a team too
    blue = fields(out / "Blue Whales.pdf")
    assert blue["title"] == "Blue Whales"
    assert blue["designed_by"] == "Ana Ruiz, Ben Ng"
    assert set(map(str, BlockId)) <= set(blue)  # every block is a field to type into
    assert PdfReader(out / "Blue Whales.pdf").pages[0].mediabox.width == pytest.approx(1190.55, abs=1)  # A3 landscape
    with zipfile.ZipFile(out / "all-teams.zip") as archive:
        assert sorted(archive.namelist()) == ["Blue Whales.pdf", "blue whales (2).pdf", "index.html", "Équipe Été.pdf"]
        assert archive.read("Blue Whales.pdf") == (out / "Blue Whales.pdf").read_bytes()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert [unquote(href) for href in parsed(index).hrefs] == ["all-teams.zip", "Blue Whales.pdf", "Équipe Été.pdf", "blue whales (2).pdf"]
    assert "Ana Ruiz, Ben Ng" in index
    err = capsys.readouterr().err
    assert "not used: column 'Email'" in err
    assert "excel-utf8-per-student.csv:6: warning: team 'blue whales' and team 'Blue Whales' (line 2) differ only in case" in err
    assert f"wrote 3 fillable canvases (A3) to {out}, with index.html and all-teams.zip" in err


def test_teams_whose_names_make_the_same_file_name_never_overwrite_each_other(tmp_path: Path) -> None:
    out = tmp_path / "class"
    assert main(["batch", str(ROSTERS / "colliding-names.csv"), "-o", str(out)]) == 0
    titles = {path.name: fields(path)["title"] for path in out.glob("*.pdf")}
    assert titles == {"A-B.pdf": "A/B", "A-B (2).pdf": "A:B", "a-b (3).pdf": "a/b", "team.pdf": "???"}
    index = (out / "index.html").read_text(encoding="utf-8")
    for real, file in (("A/B", "A-B.pdf"), ("A:B", "A-B%20%282%29.pdf"), ("a/b", "a-b%20%283%29.pdf"), ("???", "team.pdf")):
        assert re.search(rf'<th scope="row">{re.escape(real)}</th>.*?href="{re.escape(file)}"', index, re.S), real


def test_roster_cases_and_segments_start_the_canvas(tmp_path: Path) -> None:
    out = tmp_path / "class"
    assert main(["batch", str(ROSTERS / "excel-unicode-text.txt"), "-o", str(out)]) == 0
    from bmckit.render.pdf.read_back import read as read_form

    team = read_form(out / "Команда А.pdf")
    netflix = load_case("netflix")
    assert team.title == f"Команда А: {netflix.title}"
    assert team.header.designed_by == "Иван Петров, Мария Иванова"
    assert [item.text for item in team.items(BlockId.CUSTOMER_RELATIONSHIPS)] == [
        item.text for item in netflix.items(BlockId.CUSTOMER_RELATIONSHIPS)
    ]
    with_segment = team_canvas(Team("Rot", ("Ana",), segment="Studierende"))
    assert [s.name for s in with_segment.segments] == ["Studierende"]
    assert with_segment.items(BlockId.CUSTOMER_SEGMENTS)[0].segments == (with_segment.segments[0].id,)
    canvas_files.loads(canvas_files.dumps(with_segment), source="x")  # valid as a canvas file (segment ids follow the format)


def test_a_default_case_applies_to_teams_the_roster_gives_none(tmp_path: Path) -> None:
    out = tmp_path / "class"
    assert main(["batch", str(ROSTERS / "sheets-multiline.csv"), "-o", str(out), "--case", "Apple"]) == 0
    assert fields(out / "Red, White & Blue.pdf")["title"].endswith("Zappos")  # the roster's own case wins
    assert fields(out / "CON-team.pdf")["title"] == "CON: Apple"


def test_a_class_of_sixty_is_made_on_both_cores_in_roster_order(tmp_path: Path) -> None:
    roster = tmp_path / "big.csv"
    roster.write_text("team,members\n" + "".join(f"Team {n},Student {n}\n" for n in range(60)), encoding="utf-8")
    assert main(["batch", str(roster), "-o", str(tmp_path / "out")]) == 0
    made = sorted((tmp_path / "out").glob("*.pdf"), key=lambda p: int(p.stem.split()[1]))
    assert len(made) == 60
    assert [fields(p)["designed_by"] for p in made[::20]] == ["Student 0", "Student 20", "Student 40"]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert [unquote(h) for h in parsed(index).hrefs][1:4] == ["Team 0.pdf", "Team 1.pdf", "Team 2.pdf"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "-o", "{out}"], "bmckit: missing.csv: no such file\n"),
        (
            ["{roster}", "-o", "{out}", "--case", "netflx"],
            "bmckit: --case: no case study 'netflx'; bmckit has amazon, apple, netflix, starbucks, zappos\n",
        ),
        (["{roster}", "-o", "{out}", "--paper", "a7"], "bmckit: unknown paper size 'a7'"),
        (["{bad}", "-o", "{out}"], "bmckit: {bad}:1: no team column; the headers are 'name'; name the team column 'team' or 'group'\n"),
        (["{roster}", "-o", "{full}"], "bmckit: {full}: is not empty; choose a new folder, or add --force"),
        (["{roster}", "-o", ""], "bmckit: -o: names no folder; give the folder to write the team canvases into (-o . for this one)\n"),
        (["{roster}", "-o", " "], "bmckit: -o: names no folder"),
        (["{roster}", "-o", "{file}"], "bmckit: {file}: is a file; -o names the folder"),
        (["{roster}", "-o", "{file}/class"], "bmckit: {file}/class: cannot make this folder: {file} is a file\n"),
    ],
)
def test_batch_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    names = {
        "roster": str(ROSTERS / "moodle-groups.csv"),
        "out": str(tmp_path / "out"),
        "bad": str(tmp_path / "bad.csv"),
        "full": str(tmp_path / "full"),
        "file": str(tmp_path / "bad.csv"),
    }
    (tmp_path / "bad.csv").write_text("name\nAna\n", encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["batch", *(arg.format(**names) for arg in args)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message.format(**names))
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert (tmp_path / "full" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_folder_that_takes_no_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "locked"
    out.mkdir()

    def refused(*args: object, dir: Path, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(Path(dir) / "tmpx"))

    monkeypatch.setattr("tempfile.TemporaryFile", refused)  # what a read-only folder does, whoever runs the tests
    assert main(["batch", str(ROSTERS / "moodle-groups.csv"), "-o", str(out)]) == 2  # its unused columns go unsaid
    assert capsys.readouterr().err == f"bmckit: {out / 'tmpx'}: cannot write: permission denied\n"
    assert not list(out.iterdir())


def test_one_team_is_one_canvas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("team\nSolo\n", encoding="utf-8")
    assert main(["batch", str(roster), "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == f"wrote 1 fillable canvas (A4) to {tmp_path / 'out'}, with index.html and all-teams.zip\n"
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<title>Team canvases (1 team, A4)</title>" in index
    assert "1 fillable canvas, A4" in index


def test_the_progress_bar_counts_teams_a_second(tmp_path: Path) -> None:
    """On a terminal the bar reads "12.5 teams/s", never tqdm's upturned "2.96s/ teams" for a slow class."""
    roster = tmp_path / "r.csv"
    roster.write_text("team\n" + "".join(f"Team {n}\n" for n in range(20)), encoding="utf-8")
    terminal, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    command = [sys.executable, "-m", "bmckit", "batch", str(roster), "-o", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=child, stderr=child)
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the program has ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert process.wait() == 0
    text = shown.decode("utf-8")
    assert re.search(r"\d+/20 teams \[[^\]]*, +\d+\.\d+ teams/s\]", text), text
    assert "s/ teams" not in text
    assert "s/teams" not in text


FOUR = ("Alexandra Fitzgerald", "Benjamin Rodriguez", "Christina Papadopoulos", "Dmitri Alexandrovich")
"""A team of four with names of about twenty letters."""


def test_a_team_of_four_fits_designed_by_on_a4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bmckit.render import render

    roster = tmp_path / "r.csv"
    roster.write_text(f'team,members\nAlpha,"{"; ".join(FOUR)}"\nBeta,"Ana Ruiz; Ben Ng; Chloé Dubois; Dan Wu"\n', encoding="utf-8")
    assert main(["batch", str(roster), "-o", str(tmp_path / "out"), "--paper", "a4"]) == 0
    err = capsys.readouterr().err
    assert "note:" not in err
    assert err.count("\n") == 1
    form = tmp_path / "out" / "Alpha.pdf"
    assert fields(form)["designed_by"] == ", ".join(FOUR)
    field = (PdfReader(form).get_fields() or {})["designed_by"]
    assert int(field.get("/Ff", 0)) & 4096, "Designed by is a field of several lines in every reader"
    doc = pymupdf.open(form)
    (widget,) = (w for w in doc[0].widgets() if w.field_name == "designed_by")
    area = widget.rect
    doc.bake()  # the fields' appearances become the page's text, as a flattened print shows them
    shown = doc[0].get_text(clip=area)
    assert " ".join(shown.split()) == ", ".join(FOUR), "every name drawn, none cut"
    assert len(shown.strip().splitlines()) >= 2
    canvas = team_canvas(Team("Alpha", FOUR))
    for fmt in ("svg", "pdf"):  # the drawing, printable or on screen, takes the team without continuing the header
        assert render(canvas, fmt, paper="a4").notes == ()


def test_characters_the_pdf_cannot_draw_are_named_for_each_team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("team,members\n东京队,Ana\nRockets 🚀,Ben\nPlain,Chloé\n", encoding="utf-8")
    assert main(["batch", str(roster), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "glyph" in line] == [
        "warning: 东京队: the PDF font has no glyphs for 东 (U+4E1C), 京 (U+4EAC), 队 (U+961F); they print as empty boxes",
        "warning: Rockets 🚀: the PDF font has no glyph for 🚀 (U+1F680); it prints as an empty box",
    ]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "the PDF font has no glyph for 🚀 (U+1F680); it prints as an empty box" in index
    assert index.count("empty box") == 2


def test_a_long_team_name_wraps_on_the_index_page(tmp_path: Path, browser: Browser) -> None:
    roster = tmp_path / "r.csv"
    word = "Team" + "x" * 296  # one word of 300 letters
    words = " ".join(["Longname"] * 34)[:300]
    roster.write_text(f"team,members\n{word},{'Ana' * 100}\n{words},Ben\nShort,Chloé\n", encoding="utf-8")
    assert main(["batch", str(roster), "-o", str(tmp_path / "out")]) == 0
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((tmp_path / "out" / "index.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "no scrolling sideways"
    assert page.locator("th[scope=row]").first.inner_text() == word  # wrapped, not cut
    page.close()


# bmckit review --------------------------------------------------------------------------------------------------------


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    """A class's hand-ins as they arrive: good, incomplete, invalid, not a canvas, filled and untouched forms, in folders."""
    folder = tmp_path / "hand-ins"
    assert main(["batch", str(ROSTERS / "moodle-groups.csv"), "-o", str(tmp_path / "made")]) == 0
    (folder / "Alpha_1234_assignsubmission_file").mkdir(parents=True)
    filled = folder / "Alpha_1234_assignsubmission_file" / "Alpha.pdf"
    shutil.copy(tmp_path / "made" / "Alpha.pdf", filled)
    fill(
        filled,
        {
            "customer_segments": "Commuters",
            "value_propositions": "Breakfast in two minutes",
            "channels": "Kiosk at the station",
            "customer_relationships": "• Order kiosk [automated-services, retention]\n• Regulars' club [communities, expansion]",
            "revenue_streams": "Card payments; we track churn and NPS",
        },
    )
    shutil.copy(tmp_path / "made" / "Beta.pdf", folder / "Beta.pdf")  # handed back untouched
    canvas_files.save(load_case("starbucks"), folder / "gamma.yaml")
    (folder / "delta.json").write_text('{"title": "Delta", "blocks": {"channels": ["Web"]}}', encoding="utf-8")  # incomplete
    (folder / "epsilon.yaml").write_text("title: Epsilon\nblocks:\n  channel: [Web]\n", encoding="utf-8")  # invalid
    (folder / "essay.docx").write_bytes(b"PK\x03\x04 not a canvas")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4\nnot really\n")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


def test_review_scores_what_it_can_and_lists_the_rest_with_reasons(
    submissions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.html"
    assert main(["review", str(submissions), "-o", str(report)]) == 1  # some files could not be scored
    err = capsys.readouterr().err
    assert "scored 3 of 7 files; skipped 1 entry" in err
    for name, status in (
        ("Beta.pdf", "not scored: the form is as it was handed out: nothing has been typed into it"),
        ("epsilon.yaml", "not scored: line 3: blocks.channel"),
        ("essay.docx", "not scored: not a canvas file (.docx)"),
        ("notes.pdf", "could not be read: is not a PDF file, or is damaged"),
    ):
        assert f"{submissions / name}: {status}" in err, name
    assert ".DS_Store" not in err  # hidden files are counted, not listed one by one

    rows = list(csv.DictReader(io.StringIO((tmp_path / "report.csv").read_text(encoding="utf-8-sig"))))
    by_file = {row["file"]: row for row in rows}
    assert len(rows) == 7
    assert ".DS_Store" not in by_file
    alpha = by_file["Alpha_1234_assignsubmission_file/Alpha.pdf"]
    assert (alpha["team"], alpha["members"], alpha["status"]) == ("Alpha", "Kofi Mensah, Lea Schmidt", "scored")
    assert alpha["completeness"] == "1"  # 5 of 9 blocks: more than a third, less than two thirds
    assert alpha["metrics"] == "2"  # churn and NPS
    assert alpha["specificity"] == ""  # the teacher's
    assert by_file["gamma.yaml"]["completeness"] == "3"
    assert by_file["delta.json"]["completeness"] == "0"
    assert by_file["delta.json"]["segment_coverage"] == "0"
    assert by_file["Beta.pdf"]["status"].startswith("not scored: the form is as it was handed out")
    assert by_file["notes.pdf"]["status"] == "could not be read: is not a PDF file, or is damaged"

    html = report.read_text(encoding="utf-8")
    links = parsed(html)
    assert not links.sources  # self-contained
    assert not ({"script", "link", "img", "iframe"} & links.tags)
    assert all(href.startswith("#") for href in links.hrefs)
    assert re.search(r'<th scope="row">\.DS_Store</th><td>skipped: a hidden or system file</td>', html)
    for file in [*by_file, ".DS_Store"]:  # every entry of the folder, with what was done with it
        assert file in html


def test_the_report_chart_counts_the_types_the_class_chose(submissions: Path, tmp_path: Path) -> None:
    main(["review", str(submissions), "-o", str(tmp_path / "r.html")])
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    used = [assess(load_case("starbucks")).types_used, (RelationshipType.AUTOMATED_SERVICES, RelationshipType.COMMUNITIES)]  # gamma, Alpha
    for kind in RelationshipType:
        name, count = knowledge.relationship_type(kind).name, sum(kind in types for types in used)
        assert re.search(rf"<th scope=\"row\">{name}</th><td class=\"number\">{count}</td>", html), name
    assert re.search(r"<svg[^>]*role=\"img\"", html)


def test_the_report_opens_offline_in_chromium_with_no_request(submissions: Path, tmp_path: Path, browser: Browser) -> None:
    main(["review", str(submissions), "-o", str(tmp_path / "r.html")])
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((tmp_path / "r.html").as_uri())
    assert requests == [(tmp_path / "r.html").as_uri()]
    assert page.locator("h1").inner_text() == f"Class review: {submissions.name}"
    assert page.locator("svg[role=img] text").count() >= 6
    page.close()


def test_review_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    cases = [
        (["review", str(tmp_path / "nope"), "-o", "r.html"], f"{tmp_path / 'nope'}: no such folder"),
        (["review", str(tmp_path / "empty"), "-o", str(tmp_path / "r.txt")], "the report is an HTML page; end the name in .html"),
        (["review", str(tmp_path / "empty"), "-o", str(tmp_path / "r.html")], f"{tmp_path / 'empty'}: holds no files to review"),
    ]
    for args, message in cases:
        assert main(args) == 2
        err = capsys.readouterr().err
        assert message in err
        assert err.count("\n") == 1


def test_a_spreadsheet_formula_in_a_team_name_stays_text_in_the_grade_book(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    canvas = load_case("zappos")
    from dataclasses import replace

    canvas_files.save(replace(canvas, header=replace(canvas.header, title='=HYPERLINK("http://example.com")')), folder / "z.yaml")
    assert main(["review", str(folder), "-o", str(tmp_path / "r.html")]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://example.com")'


def test_an_empty_canvas_scores_nothing_not_even_for_coherence() -> None:
    from bmckit.model import Canvas, Header

    empty = assess(Canvas(Header(title="Nothing yet")))
    assert empty.points == 0
    coherence = next(score for score in empty.scores if score.criterion.id == "coherence")
    assert (coherence.points, coherence.detail) == (0, "nothing is written on the canvas, so there is no story to judge")
    one_note = assess(canvas_files.loads('{"title": "T", "blocks": {"channels": ["Web"]}}', fmt="json"))
    assert next(score.points for score in one_note.scores if score.criterion.id == "coherence") == 3  # no finding: as before


def test_a_long_team_name_wraps_in_the_report_and_the_points_stay_in_view(tmp_path: Path, browser: Browser) -> None:
    from dataclasses import replace

    folder = tmp_path / "in"
    folder.mkdir()
    word = "Team" + "x" * 296  # one word of 300 letters
    for name, title in (("long.yaml", word), ("words.yaml", " ".join(["Longname"] * 34)[:300]), ("short.yaml", "Short")):
        canvas = load_case("zappos")
        canvas_files.save(replace(canvas, header=replace(canvas.header, title=title, designed_by="Ana" * 100)), folder / name)
    (folder / ("y" * 200 + ".docx")).write_bytes(b"not a canvas")  # a long file name in the table of files not scored
    main(["review", str(folder), "-o", str(tmp_path / "r.html")])
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((tmp_path / "r.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "no scrolling sideways"
    summary = page.locator("table").first
    assert summary.locator("th[scope=row]").first.inner_text() == word  # wrapped, not cut
    points = summary.locator("thead th").nth(-2)
    assert points.inner_text() == "Points"
    for cell in (points, summary.locator("tbody tr").first.locator("td").nth(-2)):
        box = cell.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 1280, "the points column is in view"
    page.close()
