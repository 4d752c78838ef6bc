"""Class rosters as spreadsheets and learning platforms really export them (tests/rosters/), and the mistakes in them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bmckit.classroom.filenames import safe_stem, unique_stems
from bmckit.classroom.roster import RosterError, Team, parse_roster, read_roster
from bmckit.cli import main

ROSTERS = Path(__file__).parent / "rosters"


def teams(name: str) -> list[tuple[str, tuple[str, ...], str, str]]:
    return [(t.name, t.members, t.segment, t.case) for t in read_roster(ROSTERS / name).teams]


def batch(roster: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """``bmckit batch ROSTER -o OUT``: the exit status and the lines on standard error."""
    status = main(["batch", str(roster), "-o", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err.splitlines()


def warnings(lines: list[str], roster: Path) -> list[str]:
    """The warnings about the roster, each from its line number on."""
    return [line.removeprefix(f"{roster}:") for line in lines if line.startswith(f"{roster}:") and ": warning: " in line]


def test_excel_utf8_with_bom_one_row_per_student() -> None:
    # BOM, CRLF, a blank row, trailing spaces, a team typed again in another case (another team, and said), accented names
    assert teams("excel-utf8-per-student.csv") == [
        ("Blue Whales", ("Ana Ruiz", "Ben Ng"), "", ""),
        ("Équipe Été", ("Zoë Ünal",), "", ""),
        ("blue whales", ("Chloé Dubois",), "", ""),
    ]
    roster = read_roster(ROSTERS / "excel-utf8-per-student.csv")
    assert roster.ignored_columns == ("Email",)
    assert [(w.line, w.message.split(";")[0]) for w in roster.warnings] == [
        (6, "team 'blue whales' and team 'Blue Whales' (line 2) differ only in case, accents or letter forms")
    ]


def test_excel_semicolons_in_windows_1252_with_a_german_header() -> None:
    assert teams("excel-semicolon-cp1252.csv") == [
        ("Rot", ("Jürgen Maß", "Ana Søren"), "Studierende", ""),
        ("Grün", ("Élodie Brasseur", "François Côté"), "Familien", ""),
    ]


def test_excel_unicode_text_is_utf16_with_tabs_and_cases_in_any_case() -> None:
    assert teams("excel-unicode-text.txt") == [
        ("Команда А", ("Иван Петров", "Мария Иванова"), "", "netflix"),
        ("東京チーム", ("山田太郎",), "", "apple"),
    ]


def test_canvas_lms_export_keeps_surname_comma_names_whole() -> None:
    roster = read_roster(ROSTERS / "canvas-lms-groups.csv")
    assert [(t.name, t.members) for t in roster.teams] == [("Team 1/2", ("Ruiz, Ana", "Ng, Ben")), ("Team 3", ("O'Neil, Sam",))]
    assert "canvas_group_id" in roster.ignored_columns


def test_moodle_export_joins_first_and_last_names() -> None:
    roster = read_roster(ROSTERS / "moodle-groups.csv")
    assert [(t.name, t.members) for t in roster.teams] == [("Alpha", ("Kofi Mensah", "Lea Schmidt")), ("Beta", ("Nadia El-Amin",))]
    assert roster.ignored_columns == ("Grouping name", "Email address")


def test_quoted_cells_with_commas_and_new_lines_and_headers_in_any_order_and_case() -> None:
    roster = read_roster(ROSTERS / "sheets-multiline.csv")
    assert roster.teams == (
        Team("Red, White & Blue", ("Priya Patel", "Tom Brown"), "", "zappos", 2),
        Team("CON", ("Ana", "Ben", "Chloé"), "", "", 4),
        Team("con", ("Dan",), "", "", 5),
    )
    assert [w.line for w in roster.warnings] == [5]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "r.csv: is empty; a roster needs a header row with a 'team' column"),
        ("\n\n", "r.csv: is empty"),
        ("name,email\nAna,a@x\n", "r.csv:1: no team column; the headers are 'name', 'email'; name the team column 'team' or 'group'"),
        ("team,name\n", "r.csv:1: has a header but no teams"),
        ("team,name\nBlue,Ana\n,Ben\n", "r.csv:3: no team for 'Ben' in column 'team'; give every row a team"),
        (
            "Team,Case\nBlue,Netflx\n",
            "r.csv:2: column 'Case': no case study 'Netflx'; bmckit has amazon, apple, netflix, starbucks, zappos",
        ),
        (
            "team,member,case\nBlue,Ana,netflix\nRed,Ben,\nBlue,Chloé,apple\n",
            "r.csv:4: team 'Blue' has case 'apple' here but 'netflix' on line 2; give each team one case",
        ),
    ],
)
def test_a_roster_that_cannot_be_read_as_meant_says_where_and_why(text: str, message: str) -> None:
    with pytest.raises(RosterError) as raised:
        parse_roster(text, source="r.csv")
    assert str(raised.value).startswith(message)


def test_a_quoted_multiline_record_reports_the_line_it_starts_on() -> None:
    with pytest.raises(RosterError, match=r"^r\.csv:4: no team"):
        parse_roster('team,members\nBlue,"Ana\nBen"\n,Chloé\n', source="r.csv")


def test_one_row_per_team_splits_members_and_one_row_per_student_does_not() -> None:
    per_team = parse_roster('team,members\nBlue,"Ana, Ben; Chloé"\nRed,Dan\n').teams
    assert [t.members for t in per_team] == [("Ana, Ben", "Chloé"), ("Dan",)]  # ';' wins over ',' when both appear
    per_student = parse_roster('team,student\nBlue,"Smith, Jo"\nBlue,Ana\n').teams
    assert per_student[0].members == ("Smith, Jo", "Ana")


def test_a_student_listed_twice_is_one_member() -> None:
    assert parse_roster("team,name\nBlue,Ana\nBlue,Ana\n").teams[0].members == ("Ana",)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Blue Whales", "Blue Whales"),
        ("Team 1/2", "Team 1-2"),
        ('a<b>c:"d"|e?*', "a-b-c-d-e"),
        ("CON", "CON-team"),
        ("nul.txt", "nul.txt-team"),
        ("  ..hidden.. ", "hidden"),
        ("???", "team"),
        ("Команда А", "Команда А"),
        ("東京" * 40, "東京" * 20),  # cut at 120 bytes, never inside a character
    ],
)
def test_file_names_are_safe_on_every_system(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_names_that_clash_once_made_safe_or_compared_without_case_get_their_own_files() -> None:
    assert unique_stems(["A/B", "A:B", "a-b", "Blue", "blue", "Blue (2)"]) == [
        "A-B",
        "A-B (2)",
        "a-b (3)",
        "Blue",
        "blue (2)",
        "Blue (2) (2)",
    ]


# bmckit batch, as a teacher means the roster -----------------------------------------------------------------------


def test_teams_whose_names_only_look_alike_stay_apart_and_are_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = ROSTERS / "look-alike-teams.csv"
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 0
    made = read_roster(roster).teams
    nfc_equipe = unicodedata.normalize("NFC", "Équipe")
    assert [(t.name, t.members) for t in made] == [
        ("Blue", ("Ana Ruiz",)),
        ("blue", ("Ben Ng",)),
        (nfc_equipe, ("Chloé Dubois", "Eve Stone")),  # the same letters typed on a Mac (NFD) are the same team
        ("Equipe", ("Dan Wu",)),
        ("Ｔｅａｍ 1", ("Fay Li",)),
        ("Team 1", ("Gus Moe",)),
    ]
    said = warnings(err, roster)
    assert [line.split(":")[0] for line in said] == ["3", "5", "8"]
    assert said[0] == (
        "3: warning: team 'blue' and team 'Blue' (line 2) differ only in case, accents or letter forms; "
        "they are made as two teams: spell them the same if they are one"
    )
    assert "team 'Equipe' and team 'Équipe' (line 4)" in said[1]
    files = sorted(path.name for path in (tmp_path / "out").glob("*.pdf"))
    assert len(files) == 6
    assert len({unicodedata.normalize("NFC", name).casefold() for name in files}) == 6, "no two files the same on any file system"
    assert f"{nfc_equipe}.pdf" in files
    assert "blue (2).pdf" in files


def test_look_alike_teams_may_have_segments_of_their_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("team,members,segment\nBlue,Ana,Commuters\nblue,Ben,Students\n", encoding="utf-8")
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 0
    assert [(t.name, t.segment) for t in read_roster(roster).teams] == [("Blue", "Commuters"), ("blue", "Students")]
    assert [line.split(":")[0] for line in warnings(err, roster)] == ["3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'team,members\nAlpha,"Ana Ruiz, Ben Ng\nBeta,Chloé Dubois\nGamma,Dan Wu\n',
            'r.csv:2: a quote (") opens a cell here and is never closed, so every line after it would be read into that cell; '
            "close it, or remove it",
        ),
        (
            'team,members\nAlpha,"Ana Ruiz, Ben Ng\nBeta,Chloé Dubois\nGamma,"Dan Wu, Eve Stone"\n',
            'r.csv:2: a quote (") opens a cell here and closes only on line 4, taking in the lines between; close it on line 2, or remove it',
        ),
        ('team,members\n\nBlue,Ana\n"Red,Ben\n', 'r.csv:4: a quote (") opens a cell here and is never closed'),
    ],
)
def test_a_quote_left_open_is_an_error_at_the_line_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(text, encoding="utf-8")
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 2
    assert len(err) == 1
    assert err[0].startswith(f"bmckit: {tmp_path / message}")
    assert not (tmp_path / "out").exists()


def test_the_sample_with_a_quote_left_open(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = batch(ROSTERS / "unclosed-quote.csv", tmp_path / "out", capsys)
    assert (status, len(err)) == (2, 1)
    assert err[0].startswith(f"bmckit: {ROSTERS / 'unclosed-quote.csv'}:2: a quote")


def test_quotes_that_close_where_the_cell_ends_are_read_as_csv_reads_them() -> None:
    roster = parse_roster('team,members\nAlpha,"Ana" Ruiz\nBeta,"Ben ""the"" Ng\nChloé Dubois"\nGamma,Dan "D" Wu\n')
    assert [t.members for t in roster.teams] == [("Ana Ruiz",), ('Ben "the" Ng', "Chloé Dubois"), ('Dan "D" Wu',)]


def test_cells_past_the_header_are_said_with_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("team,members,\nBlue,Ana,,\nRed,Ben,Chloé\nGreen,Dan,,Eve,Fay\n", encoding="utf-8")
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 0
    assert warnings(err, roster) == [
        "3: warning: not read: 'Chloé', under no header; give the column a header to use it",
        "4: warning: not read: 'Eve', 'Fay', past the header's last column; give the column a header to use it",
    ]  # empty cells after the last one (as spreadsheets write them) are no loss


def test_a_utf8_roster_with_one_stray_windows_1252_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = ROSTERS / "utf8-one-stray-byte.csv"
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 0
    assert teams("utf8-one-stray-byte.csv") == [
        ("Blue Whales", ("Zoë Ünal", "Ana Ruiz"), "", ""),  # not "ZoÃ« Ãœnal"
        ("Red Kites", ("Noël Brun", "Ben Ng"), "", ""),
        ("Équipe Été", ("Chloé Dubois",), "", ""),
    ]
    assert warnings(err, roster) == [
        "3: warning: not UTF-8 like the rest of the file: byte 0xEB read as 'ë' (Windows-1252, as older Excel saves CSV files); "
        "check the names on this line"
    ]


def test_a_windows_1252_roster_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = ROSTERS / "excel-semicolon-cp1252.csv"
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 0
    assert warnings(err, roster) == [
        "2: warning: not UTF-8 from this line on; read the whole file as Windows-1252, as older Excel saves CSV files"
    ]


def test_moodle_groupname_excel_sep_line_and_utf16_without_a_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert teams("moodle-groupname.csv") == [("Alpha", ("Kofi Mensah", "Lea Schmidt"), "", ""), ("Beta", ("Nadia El-Amin",), "", "")]
    assert teams("excel-sep-line.csv") == [
        ("Rot", ("Jürgen Maß", "Ana Søren"), "Studierende, Eltern", ""),
        ("Grün", ("Élodie Brasseur",), "Familien", ""),
    ]
    assert teams("unicode-text-no-bom.txt") == [("Команда А", ("Иван Петров", "Мария Иванова"), "", ""), ("Blue", ("Ana Ruiz",), "", "")]
    assert read_roster(ROSTERS / "excel-sep-line.csv").teams[0].line == 3  # lines count from the file's first, the sep= line
    for name in ("moodle-groupname.csv", "excel-sep-line.csv", "unicode-text-no-bom.txt"):
        status, err = batch(ROSTERS / name, tmp_path / name, capsys)
        assert status == 0, err
        assert not warnings(err, ROSTERS / name)
        assert len(list((tmp_path / name).glob("*.pdf"))) == 2


def test_a_student_in_two_teams_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("team,student\nBlue,Ana Ruiz\nBlue,Ben Ng\nRed,ana ruiz\nRed,Chloé\nRed,Chloé\n", encoding="utf-8")
    status, err = batch(roster, tmp_path / "out", capsys)
    assert status == 0
    assert warnings(err, roster) == [
        "4: warning: student 'ana ruiz' is in team 'Red' here and in team 'Blue' on line 2",
        "6: warning: 'Chloé' is in team 'Red' on line 5 too; listed once",
    ]
    assert [t.members for t in read_roster(roster).teams] == [("Ana Ruiz", "Ben Ng"), ("ana ruiz", "Chloé")]
