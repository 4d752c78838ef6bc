"""Class rosters as spreadsheets and learning platforms really export them (tests/rosters/), and the mistakes in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bmckit.classroom.filenames import safe_stem, unique_stems
from bmckit.classroom.roster import RosterError, Team, parse_roster, read_roster

ROSTERS = Path(__file__).parent / "rosters"


def teams(name: str) -> list[tuple[str, tuple[str, ...], str, str]]:
    return [(t.name, t.members, t.segment, t.case) for t in read_roster(ROSTERS / name).teams]


def test_excel_utf8_with_bom_one_row_per_student() -> None:
    # BOM, CRLF, a blank row, trailing spaces, a team typed twice in different case, accented names
    assert teams("excel-utf8-per-student.csv") == [
        ("Blue Whales", ("Ana Ruiz", "Ben Ng", "Chloé Dubois"), "", ""),
        ("Équipe Été", ("Zoë Ünal",), "", ""),
    ]
    assert read_roster(ROSTERS / "excel-utf8-per-student.csv").ignored_columns == ("Email",)


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
        Team("CON", ("Ana", "Ben", "Chloé", "Dan"), "", "", 4),
    )


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
            "team,member,case\nBlue,Ana,netflix\nRed,Ben,\nblue,Chloé,apple\n",
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
