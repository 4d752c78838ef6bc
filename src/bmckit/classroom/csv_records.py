"""CSV files as spreadsheets and learning platforms write them, read into records with the line each starts on.

They agree on little. The text is UTF-8 with or without a byte-order mark,
Windows-1252 from older Excel, or UTF-16 ("Unicode text") with or without a
mark; the separator is ``,``, ``;`` where ``,`` is the decimal mark, or tab,
and Excel may name it on a first line of its own (``sep=;``). Whatever is
guessed is said: a line that is not in the file's encoding is a
:class:`Problem` naming the line and what it was read as. A quote left open
would quietly take every row after it into one cell, so it is an error at the
line where it opens.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import NamedTuple

SEPARATORS = (",", ";", "\t")
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A character UTF-8 writes in more than one byte: evidence that a file is UTF-8, as Windows-1252 text almost never holds one."""
SEPARATOR_LINE = re.compile(r'\A"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|\Z)', re.IGNORECASE)
"""Excel's first line naming the separator, as it writes it (and as it reads back a file saved again, quoted)."""
WINDOWS_1252 = "Windows-1252, as older Excel saves CSV files"


class Problem(NamedTuple):
    """Something about a file worth saying, at its line (None for the whole file)."""

    line: int | None
    message: str


class UnreadableError(ValueError):
    """Text that cannot be read as its writer meant: the :class:`Problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.message)


class Records(NamedTuple):
    rows: list[tuple[int, list[str]]]
    """Each record with the line it starts on; a quoted cell may hold separators and new lines."""
    separator: str


def decode(data: bytes) -> tuple[str, list[Problem]]:
    """The text of a CSV file, and what was guessed to read it.

    UTF-16 is known by its byte-order mark, or without one by its NUL bytes (UTF-8 and Windows-1252 text has none).
    Otherwise UTF-8; a file that is not is Windows-1252 when most of its non-ASCII bytes say so, and else UTF-8 with
    its few stray bytes read as Windows-1252, each line with one said.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        return _utf16(data), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    data = data.removeprefix(codecs.BOM_UTF8)
    text, stray = _utf8_with_stray_bytes(data)
    if len(UTF8_SEQUENCE.findall(data)) < len(stray):
        first = _line_at(data, stray[0][0])
        return data.decode("cp1252", errors="replace"), [
            Problem(first, f"not UTF-8 from this line on; read the whole file as {WINDOWS_1252}")
        ]
    by_line: dict[int, list[tuple[bytes, str]]] = {}
    for position, byte, read_as in stray:
        by_line.setdefault(_line_at(data, position), []).append((byte, read_as))
    problems = [
        Problem(
            line,
            f"not UTF-8 like the rest of the file: {_plural('byte', len(found))} {', '.join(f'0x{b.hex().upper()}' for b, _ in found)} "
            f"read as {', '.join(repr(r) for _, r in found)} ({WINDOWS_1252}); check the names on this line",
        )
        for line, found in by_line.items()
    ]
    return text, problems


def records(text: str) -> Records:
    """Each record with its line, in the separator Excel's ``sep=`` line names, else the one the header uses most.

    Raises :class:`UnreadableError` for a quote that opens a cell and is not closed where the cell should end.
    """
    named = SEPARATOR_LINE.match(text.lstrip("\ufeff"))
    separator = named.group(1) if named else _separator(text)
    _check_quotes(text, separator)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, skipinitialspace=True)
    rows, line = [], 1
    for cells in reader:
        rows.append((line, cells))
        line = reader.line_num + 1
    return Records(rows[1:] if named else rows, separator)


def _utf16(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:  # Latin letters in UTF-16 are one byte and a NUL: little-endian puts the NUL second
        encoding = "utf-16-le" if data[1::2].count(0) >= data[0::2].count(0) else "utf-16-be"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        raise UnreadableError(
            Problem(line, f"is not text: it holds NUL bytes as UTF-16 does, but is not UTF-16 ({error.reason})")
        ) from None


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, list[tuple[int, bytes, str]]]:
    """The text read as UTF-8, each byte that is not read as Windows-1252; and those bytes: where, which, read as what."""
    parts, stray, position = [], [], 0
    while position < len(data):
        try:
            parts.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            parts.append(data[position : position + error.start].decode("utf-8"))
            byte = data[position + error.start : position + error.start + 1]
            read_as = byte.decode("cp1252", errors="replace")
            parts.append(read_as)
            stray.append((position + error.start, byte, read_as))
            position += error.start + 1
    return "".join(parts), stray


def _line_at(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _separator(text: str) -> str:
    """The separator the header line uses most: ',' in most of the world, ';' where ',' is the decimal mark, tab from "Unicode text"."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", header)
    return max(SEPARATORS, key=unquoted.count) if any(s in unquoted for s in SEPARATORS) else ","


def _check_quotes(text: str, separator: str) -> None:
    """Read the quotes as :mod:`csv` does; a quoted cell still open at the end, or closed lines later with text after it, is an error.

    Either way a quote was left open and the rows after it would be read into one cell. A cell closed on its own
    line with text after it (``"Ana" Smith``) is read as csv reads it (``Ana Smith``).
    """
    line, opened, state = 1, 0, "start"
    for index, char in enumerate(text):
        end = char == "\n" or (char == "\r" and text[index + 1 : index + 2] != "\n")  # where csv ends a line
        if state == "start":  # a cell begins: a quote here quotes it
            if char == '"':
                state, opened = "quoted", line
            elif char not in (separator, " ", "\r", "\n"):
                state = "plain"
        elif state == "plain":
            if char in (separator, "\r", "\n"):
                state = "start"
        elif state == "quoted":
            if char == '"':
                state = "closing"
        elif char == '"':  # a quote after a quote is one quote in the cell
            state = "quoted"
        elif char in (separator, "\r", "\n"):
            state = "start"
        elif line > opened:
            message = f'a quote (") opens a cell here and closes only on line {line}, taking in the lines between; close it on line {opened}, or remove it'
            raise UnreadableError(Problem(opened, message))
        else:
            state = "plain"
        line += end
    if state == "quoted":
        message = (
            'a quote (") opens a cell here and is never closed, so every line after it would be read into that cell; close it, or remove it'
        )
        raise UnreadableError(Problem(opened, message))


def _plural(word: str, count: int) -> str:
    return word if count == 1 else f"{word}s"
