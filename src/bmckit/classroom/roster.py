"""Class rosters as spreadsheets and learning platforms export them, read into teams.

A roster is a CSV file with a team column and, optionally, members, segment
and case columns, in any order and any case of header. Real exports differ:
Excel writes a byte-order mark, ``;`` as the separator in much of Europe, or
UTF-16 with tabs ("Unicode text"); learning platforms write one row per
student with first and last names apart; teachers type one row per team with
the members in one cell. All of these read the same. A row that cannot be
placed (no team) or names a case bmckit does not have is an error with its
line and column, never a silent skip.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

from bmckit.cases import CASE_NAMES


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


class RosterError(ValueError):
    """A roster bmckit cannot read as the teacher meant it: the file, the line where known, and what is wrong."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source, self.line, self.message = source, line, message
        super().__init__(f"{source}:{line}: {message}" if line else f"{source}: {message}")


# Header names as exports spell them, compared after normalising (lower case, single spaces, no punctuation).
# A few other languages' words too, as European platforms and spreadsheets export them.
TEAM_HEADERS = frozenset(
    {"team", "teams", "team name", "group", "groups", "group name", "team group", "project group", "project team", "syndicate"}
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
SEPARATORS = (",", ";", "\t")


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
    return parse_roster(decode(data), source=source)


def decode(data: bytes) -> str:
    """The text of a roster file: UTF-8 or UTF-16 with or without a byte-order mark, else Windows-1252 as older Excel writes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_roster(text: str, *, source: str = "<roster>") -> Roster:
    """The teams in a roster's text; ``source`` names it in errors."""
    rows = _records(text)
    header_line, header = next(((line, cells) for line, cells in rows if any(cells)), (0, []))
    if not header:
        raise RosterError(source, "is empty; a roster needs a header row with a 'team' column and one row per team or student")
    columns = _columns(header, source, header_line)
    ignored = tuple(name for index, name in enumerate(header) if name.strip() and index not in columns.values())
    teams: dict[str, _TeamBuilder] = {}
    for line, cells in rows:
        if line <= header_line or not any(cell.strip() for cell in cells):
            continue
        row = {role: _cell(cells, index) for role, index in columns.items()}
        people = _people(row, plural="members" in columns and header[columns["members"]].strip().casefold() in MEMBERS_HEADERS)
        name = " ".join(row.get("team", "").split())
        if not name:
            who = f" for {', '.join(people)!r}" if people else ""
            raise RosterError(source, f"no team{who} in column {header[columns['team']].strip()!r}; give every row a team", line)
        key = name.casefold()
        builder = teams.setdefault(key, _TeamBuilder(name, line))
        builder.add(people)
        for role in ("segment", "case"):
            value = " ".join(row.get(role, "").split())
            if value:
                if role == "case":
                    value = _case_name(value, source, line, header[columns["case"]].strip())
                builder.set(role, value, source, line)
    if not teams:
        raise RosterError(source, "has a header but no teams; add one row per team or per student", header_line)
    return Roster(tuple(builder.team() for builder in teams.values()), ignored)


class _TeamBuilder:
    def __init__(self, name: str, line: int) -> None:
        self.name, self.line = name, line
        self.members: dict[str, None] = {}  # a dict keeps the order and drops a student listed twice
        self.values: dict[str, tuple[str, int]] = {}

    def add(self, people: list[str]) -> None:
        self.members.update(dict.fromkeys(people))

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
        return Team(self.name, tuple(self.members), segment, case, self.line)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Each record with the line it starts on; quoted fields may hold separators and new lines."""
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, skipinitialspace=True)
    records, line = [], 1
    for cells in reader:
        records.append((line, cells))
        line = reader.line_num + 1
    return records


def _separator(text: str) -> str:
    """The separator the header line uses most: ',' in most of the world, ';' where ',' is the decimal mark, tab from "Unicode text"."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", header)
    return max(SEPARATORS, key=unquoted.count) if any(s in unquoted for s in SEPARATORS) else ","


def _normal(header: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", header.replace("\ufeff", "")).casefold().split())


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
        return [" ".join(part.split()) for part in parts if part.strip()]
    full = " ".join(" ".join(row.get(part, "").split()) for part in ("first", "last")).strip()
    return [full] if full else []


def _case_name(value: str, source: str, line: int, column: str) -> str:
    name = value.strip().casefold()
    if name not in CASE_NAMES:
        raise RosterError(source, f"column {column!r}: no case study {value!r}; bmckit has {', '.join(CASE_NAMES)}", line)
    return name
