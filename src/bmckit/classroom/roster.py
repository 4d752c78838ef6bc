"""Class rosters as spreadsheets and learning platforms export them, read into teams.

A roster is a CSV file with a team column and, optionally, members, segment
and case columns, in any order and any case of header. Real exports differ
(see :mod:`~bmckit.classroom.csv_records` for encodings, separators and
quotes): learning platforms write one row per student with first and last
names apart; teachers type one row per team with the members in one cell.
All of these read the same. A row that cannot be placed (no team) or names a
case bmckit does not have is an error with its line and column, never a
silent skip; what is read but may not be what the teacher meant (teams whose
names differ only in case or accents, a student in two teams, cells past the
header) is a warning with its line.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bmckit.cases import CASE_NAMES
from bmckit.classroom.csv_records import Problem, UnreadableError, decode, records

if TYPE_CHECKING:
    from collections.abc import Iterable


class Team(NamedTuple):
    """One team of a class, as the roster gives it."""

    name: str
    members: tuple[str, ...] = ()
    segment: str = ""
    """The customer segment the team designs for, if the roster assigns one."""
    case: str = ""
    """The case study the team starts from (a bmckit case name), if the roster assigns one."""
    line: int = 0
    """The roster line the team first appears on."""


class Roster(NamedTuple):
    teams: tuple[Team, ...]
    ignored_columns: tuple[str, ...]
    """Headers of columns the roster has but bmckit does not use (e-mail, ID number…), so the teacher can see them."""
    warnings: tuple[Problem, ...] = ()
    """What was read but may not be what the teacher meant, each at its line: a guessed encoding, teams whose names
    look alike, a student in two teams, cells past the header."""


class RosterError(ValueError):
    """A roster bmckit cannot read as the teacher meant it: the file, the line where known, and what is wrong."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source, self.line, self.message = source, line, message
        super().__init__(f"{source}:{line}: {message}" if line else f"{source}: {message}")


# Header names as exports spell them, compared after normalising (lower case, single spaces, no punctuation).
# A few other languages' words too, as European platforms and spreadsheets export them.
TEAM_HEADERS = frozenset(
    {"team", "teams", "team name", "group", "groups", "group name", "team group", "project group", "project team", "syndicate"}
    | {"groupname"}  # Moodle's groups export and import
    | {"gruppe", "gruppenname", "groupe", "équipe", "equipe", "grupo", "equipo", "gruppo", "squadra", "groep"}
)
MEMBERS_HEADERS = frozenset(
    {"members", "students", "names", "team members", "group members", "participants"}
    | {"mitglieder", "membres", "miembros", "integrantes", "membri", "leden"}
)
"""Headers of a cell that may list several people."""
MEMBER_HEADERS = frozenset({"member", "student", "name", "full name", "student name", "participant", "person"})
"""Headers of a cell that holds one person (one row per student)."""
FIRST_NAME_HEADERS = frozenset({"first name", "firstname", "given name", "given names", "forename", "first"})
LAST_NAME_HEADERS = frozenset({"last name", "lastname", "surname", "family name", "last"})
SEGMENT_HEADERS = frozenset({"segment", "segments", "customer segment", "target segment"})
CASE_HEADERS = frozenset({"case", "cases", "case study", "company"})


def read_roster(path: str | Path) -> Roster:
    """The teams in the roster file at ``path``."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise RosterError(source, "no such file") from None
    except IsADirectoryError:
        raise RosterError(source, "is a folder, not a roster file") from None
    except OSError as error:
        raise RosterError(source, f"cannot read: {error.strerror or error}") from None
    try:
        text, guessed = decode(data)
    except UnreadableError as error:
        raise RosterError(source, error.problem.message, error.problem.line) from None
    roster = parse_roster(text, source=source)
    return roster._replace(warnings=(*guessed, *roster.warnings))


def parse_roster(text: str, *, source: str = "<roster>") -> Roster:
    """The teams in a roster's text; ``source`` names it in errors."""
    try:
        rows = records(text).rows
    except UnreadableError as error:
        raise RosterError(source, error.problem.message, error.problem.line) from None
    header_line, header = next(((line, cells) for line, cells in rows if any(cells)), (0, []))
    if not header:
        raise RosterError(source, "is empty; a roster needs a header row with a 'team' column and one row per team or student")
    columns = _columns(header, source, header_line)
    ignored = tuple(name for index, name in enumerate(header) if name.strip() and index not in columns.values())
    plural = "members" in columns and _normal(header[columns["members"]]) in MEMBERS_HEADERS
    warnings: list[Problem] = []
    teams: dict[str, _TeamBuilder] = {}
    for line, cells in rows:
        if line <= header_line or not any(cell.strip() for cell in cells):
            continue
        unread = [cell.strip() for index, cell in enumerate(cells) if cell.strip() and not _header(header, index)]
        if unread:
            where = "past the header's last column" if len(cells) > len(header) else "under no header"
            warnings.append(Problem(line, f"not read: {', '.join(map(repr, unread))}, {where}; give the column a header to use it"))
        row = {role: _cell(cells, index) for role, index in columns.items()}
        people = _people(row, plural=plural)
        name = _text(row.get("team", ""))
        if not name:
            who = f" for {', '.join(people)!r}" if people else ""
            raise RosterError(source, f"no team{who} in column {header[columns['team']].strip()!r}; give every row a team", line)
        builder = teams.setdefault(name, _TeamBuilder(name, line))
        warnings += builder.add(people, line)
        for role in ("segment", "case"):
            value = _text(row.get(role, ""))
            if value:
                if role == "case":
                    value = _case_name(value, source, line, header[columns["case"]].strip())
                builder.set(role, value, source, line)
    if not teams:
        raise RosterError(source, "has a header but no teams; add one row per team or per student", header_line)
    warnings += _look_alike_teams(teams.values()) + _students_in_two_teams(teams.values())
    warnings.sort(key=lambda problem: problem.line or 0)
    return Roster(tuple(builder.team() for builder in teams.values()), ignored, tuple(warnings))


class _TeamBuilder:
    def __init__(self, name: str, line: int) -> None:
        self.name, self.line = name, line
        self.members: dict[str, tuple[str, int]] = {}
        """Each member as first spelled, and the line, by the name without case."""
        self.values: dict[str, tuple[str, int]] = {}

    def add(self, people: list[str], line: int) -> list[Problem]:
        """Add the people a row names; a student named twice in the team is one member, and said."""
        problems = []
        for person in people:
            key = person.casefold()
            if key not in self.members:
                self.members[key] = (person, line)
                continue
            spelled, first = self.members[key]
            where = "on this line" if first == line else f"on line {first}"
            spelling = "" if spelled == person else f" as {spelled!r}"
            problems.append(Problem(line, f"{person!r} is in team {self.name!r}{spelling} {where} too; listed once"))
        return problems

    def set(self, role: str, value: str, source: str, line: int) -> None:
        earlier = self.values.get(role)
        if earlier and earlier[0].casefold() != value.casefold():
            raise RosterError(
                source,
                f"team {self.name!r} has {role} {value!r} here but {earlier[0]!r} on line {earlier[1]}; give each team one {role}",
                line,
            )
        self.values.setdefault(role, (value, line))

    def team(self) -> Team:
        segment = self.values.get("segment", ("", 0))[0]
        case = self.values.get("case", ("", 0))[0]
        return Team(self.name, tuple(spelled for spelled, _ in self.members.values()), segment, case, self.line)


def _text(cell: str) -> str:
    """A cell's text as compared and shown: single spaces, and one Unicode form (NFC), so "é" typed on a Mac is "é"."""
    return unicodedata.normalize("NFC", " ".join(cell.split()))


def _looks(name: str) -> str:
    """What a name looks like to a reader: no case, no accents, one form of each letter ("Ｂｌｕｅ", "Blüe" and "blue" alike)."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    return unicodedata.normalize("NFKC", "".join(c for c in letters if not unicodedata.combining(c))).casefold()


def _look_alike_teams(teams: Iterable[_TeamBuilder]) -> list[Problem]:
    """Teams whose names differ only in case, accents or the form of a letter: kept apart, as the roster spells them, and said."""
    first_like: dict[str, _TeamBuilder] = {}
    problems = []
    for team in teams:
        earlier = first_like.setdefault(_looks(team.name), team)
        if earlier is not team:
            problems.append(
                Problem(
                    team.line,
                    f"team {team.name!r} and team {earlier.name!r} (line {earlier.line}) differ only in case, accents or letter forms; "
                    "they are made as two teams: spell them the same if they are one",
                )
            )
    return problems


def _students_in_two_teams(teams: Iterable[_TeamBuilder]) -> list[Problem]:
    """A student the roster puts in more than one team: each team's canvas names them, and it is said where."""
    seen: dict[str, tuple[_TeamBuilder, int]] = {}
    problems = []
    for team in teams:
        for person, line in team.members.values():
            other, other_line = seen.setdefault(person.casefold(), (team, line))
            if other is not team:
                problems.append(
                    Problem(line, f"student {person!r} is in team {team.name!r} here and in team {other.name!r} on line {other_line}")
                )
    return problems


def _normal(header: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", header.replace("\ufeff", ""))).casefold().split())


def _header(header: list[str], index: int) -> str:
    return header[index].strip() if index < len(header) else ""


def _columns(header: list[str], source: str, line: int) -> dict[str, int]:
    """Which column plays which role; the first column whose header names a role takes it."""
    roles = (
        ("team", TEAM_HEADERS),
        ("members", MEMBERS_HEADERS | MEMBER_HEADERS),
        ("first", FIRST_NAME_HEADERS),
        ("last", LAST_NAME_HEADERS),
        ("segment", SEGMENT_HEADERS),
        ("case", CASE_HEADERS),
    )
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        normal = _normal(name)
        role = next((role for role, names in roles if normal in names and role not in columns), None)
        if role:
            columns[role] = index
    if "team" not in columns:
        found = ", ".join(repr(name.strip()) for name in header if name.strip()) or "none"
        raise RosterError(source, f"no team column; the headers are {found}; name the team column 'team' or 'group'", line)
    return columns


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _people(row: dict[str, str], *, plural: bool) -> list[str]:
    """The people a row names: a members cell (several when it lists them), else first and last name together."""
    cell = row.get("members", "")
    if cell:
        if re.search(r"[;\n]", cell):
            parts = re.split(r"\s*[;\n]\s*", cell)
        elif plural:  # "Ana, Ben, Chloé" under a plural header; one person's "Smith, John" stays whole under "Name"
            parts = cell.split(",")
        else:
            parts = [cell]
        return [_text(part) for part in parts if part.strip()]
    full = _text(" ".join(row.get(part, "") for part in ("first", "last")))
    return [full] if full else []


def _case_name(value: str, source: str, line: int, column: str) -> str:
    name = value.strip().casefold()
    if name not in CASE_NAMES:
        raise RosterError(source, f"column {column!r}: no case study {value!r}; bmckit has {', '.join(CASE_NAMES)}", line)
    return name
