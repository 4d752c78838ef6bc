"""Canvas files in and out: YAML and JSON, with a clear line for every problem.

Reading goes text → document (plain dicts and lists) → checked against the
schema → :class:`~bmckit.model.Canvas`. YAML is read by :mod:`bmckit.yamldoc`,
which builds plain data only (so it is safe) and remembers where every key
and item stood, so each problem can name its line; JSON is read by the
standard library and composed the same way for its lines. Writing YAML uses
ruamel.yaml, which quotes whatever needs quoting.

Only a regular file is read, and only up to a size (:func:`read_file`): a
named pipe would wait for a writer for ever and ``/dev/zero`` never ends, so
neither is opened for reading, and whatever a front end is handed, reading it
ends quickly with the canvas or one line saying why not.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import unicodedata
from dataclasses import dataclass
from io import StringIO
from typing import TYPE_CHECKING, Any

from bmckit import colours, schema, yamldoc
from bmckit.canvas_dicts import canvas_to_document, document_to_canvas

if TYPE_CHECKING:
    from pathlib import Path

    from ruamel.yaml import YAML

    from bmckit.model import Canvas

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
"""Canvas file formats by suffix."""

LARGEST_CANVAS_FILE = 1_000_000
"""Bytes a canvas file may hold. A case study is about 5 KB, so this is two hundred of them; the worst a million
bytes can do (a list of one-letter notes) takes about 3 s and 130 MB to read, and ten million took 48 s and 1.1 GB,
so a larger file is refused before it is read."""


@dataclass(frozen=True)
class FileProblem:
    """One problem in one file, where it was found."""

    source: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CanvasFileError(ValueError):
    """A canvas file could not be read; ``problems`` holds one entry per problem."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class UnreadableFile(CanvasFileError):
    """The file could not be read at all: missing, not a regular file, too large, damaged, not UTF-8, not valid YAML or JSON.

    As against a file that was read and holds no valid canvas; ``bmckit review`` says the one "could not be read"
    and the other "not scored".
    """

    def __init__(self, source: str, message: str, *, line: int | None = None) -> None:
        super().__init__([FileProblem(source, line, "", message)])


def format_for(path: str | Path) -> str:
    """``"yaml"`` or ``"json"`` from a file name, or a clear error."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise CanvasFileError([FileProblem(str(path), None, "", f"unknown canvas file suffix {suffix or '(none)'!r}; use {known}")])
    return FORMATS[suffix]


@dataclass(frozen=True)
class Located:
    """A canvas read from a file, with the line each part of it stood on."""

    canvas: Canvas
    source: str
    _lines: Any = None

    def line(self, *path: str | int) -> int | None:
        """The 1-based line of ``("blocks", "channels", 2)`` and the like, where the file has lines (YAML and JSON)."""
        return yamldoc.line_of(getattr(self._lines, "root", self._lines), path)


def load(path: str | Path) -> Canvas:
    """Read a canvas file (YAML or JSON, by suffix)."""
    return load_located(path).canvas


def load_located(path: str | Path) -> Located:
    """Read a canvas file, keeping where each block, item and segment stood, for messages that name lines."""
    source = str(path)
    if os.path.isdir(path):
        raise UnreadableFile(source, "is a folder, not a canvas file")
    fmt = format_for(path)
    text = read_text(path)
    document, root = _parse(text, fmt, source)
    return Located(from_document(document, source=source, lines=root), source, root)


def read_text(path: str | Path) -> str:
    """A file's text as UTF-8 (a byte-order mark allowed), or one clear line saying why it cannot be read."""
    data = read_file(path, largest=LARGEST_CANVAS_FILE, kind="canvas file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and b"\x00" in data[:2]):
        encoding = "UTF-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        raise UnreadableFile(str(path), f"is {encoding} text; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(str(path), f"not UTF-8 text ({error.reason} at byte {error.start})") from None


def read_file(path: str | Path, *, largest: int, kind: str) -> bytes:
    """The bytes of the regular file at ``path``, if it holds at most ``largest``; else :class:`UnreadableFile` saying why.

    ``kind`` names what the file should be, for the messages ("is a folder, not a PDF file"). The file is looked at
    before it is opened and again once open, so a named pipe, a device or a socket is never read, even one put in
    the file's place meanwhile; it is opened without waiting (``O_NONBLOCK``), which for a regular file changes nothing.
    """
    source = str(path)
    why = why_not_a_file(path, kind=kind)
    if why:
        raise UnreadableFile(source, why)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnreadableFile(source, _os_reason(error)) from None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(source, f"is {_file_type(status.st_mode)}, not a file")
        if status.st_size > largest:
            raise UnreadableFile(source, _too_large(status.st_size, largest, kind))
        try:
            data = stream.read(largest + 1)
        except OSError as error:
            raise UnreadableFile(source, _os_reason(error)) from None
    if len(data) > largest:  # it grew since it was looked at
        raise UnreadableFile(source, _too_large(len(data), largest, kind))
    return data


def why_not_a_file(path: str | Path, *, kind: str = "canvas file") -> str | None:
    """Why ``path`` is not a regular file that can be read (missing, a folder, a named pipe, a device…), or None.

    Looks without opening: opening a named pipe waits for a writer, and opening a device may do something.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return "is a link to a file that does not exist" if os.path.islink(path) else "no such file"
    except OSError as error:
        return _os_reason(error)
    if stat.S_ISDIR(status.st_mode):
        return f"is a folder, not a {kind}"
    if not stat.S_ISREG(status.st_mode):
        what = _file_type(status.st_mode)
        return f"is a link to {os.path.realpath(path)}, {what}, not a file" if os.path.islink(path) else f"is {what}, not a file"
    return None


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _too_large(size: int, largest: int, kind: str) -> str:
    return f"is {_megabytes(size)}; a {kind} bmckit reads is at most {_megabytes(largest)}"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def _os_reason(error: OSError) -> str:
    """The system's reason, in the words the rest of bmckit's messages use."""
    import errno

    if error.errno == errno.ELOOP:
        return "is a link that leads round in a circle"
    if isinstance(error, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {(error.strerror or str(error)).lower()}"


def loads(text: str, *, fmt: str = "yaml", source: str = "<canvas>") -> Canvas:
    """Read a canvas from text in ``fmt`` (``"yaml"`` or ``"json"``)."""
    document, root = _parse(text.removeprefix("\ufeff"), fmt, source)
    return from_document(document, source=source, lines=root)


def from_document(document: Any, *, source: str = "<canvas>", lines: Any = None) -> Canvas:
    """A canvas from a parsed document (plain dicts and lists), checked like a file.

    ``lines`` is what the document was parsed from, if anything: the parsed YAML (which also knows better messages
    for some values) or a composed node tree, so that problems name their lines.
    """
    root = getattr(lines, "root", lines)
    deep = _too_deep(document)
    if deep is not None:  # YAML is refused this deep as it is read; JSON, and what a PDF form stores, here
        raise CanvasFileError([FileProblem(source, yamldoc.line_of(root, deep), schema.format_path(deep), yamldoc.TOO_DEEP)])
    found = schema.find_problems(document)
    problems = [*found, *_reference_problems(document)]
    if problems:
        hints: dict[schema.Path, str] = getattr(lines, "hints", {})
        located = [
            FileProblem(source, yamldoc.line_of(root, p.path), schema.format_path(p.path), hints.get(p.path, p.message)) for p in problems
        ]
        raise CanvasFileError(sorted(located, key=lambda problem: problem.line or 0))
    return document_to_canvas(document)


def dumps(canvas: Canvas, fmt: str = "yaml") -> str:
    """Write a canvas as YAML or JSON text; reading it back gives the same canvas."""
    document = canvas_to_document(canvas)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    stream = StringIO()
    _yaml_writer().dump(_styled(document), stream)
    return stream.getvalue()


def save(canvas: Canvas, path: str | Path) -> None:
    """Write a canvas file, YAML or JSON by suffix."""
    text = dumps(canvas, format_for(path))
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)


def _parse(text: str, fmt: str, source: str) -> tuple[Any, Any]:
    """The document, and what can tell its lines: the parsed YAML, or for JSON the same text composed as YAML."""
    if not text.strip():
        raise CanvasFileError([FileProblem(source, None, "", "the file is empty; a canvas needs at least a title and blocks")])
    if fmt == "json":
        document = _parse_json(text, source)
        try:
            return document, yamldoc.compose(text)  # JSON is YAML: its nodes know their lines
        except yamldoc.YamlSyntaxError:
            return document, None
    try:
        parsed = yamldoc.parse(text)
    except yamldoc.YamlSyntaxError as error:
        if error.path is not None:  # valid YAML, but not what a canvas file may hold
            raise CanvasFileError([FileProblem(source, error.line, schema.format_path(error.path), error.message)]) from None
        raise UnreadableFile(source, f"not valid YAML: {error.message}", line=error.line) from None
    return parsed.document, parsed


def _parse_json(text: str, source: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen[key] = value
        return seen

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise UnreadableFile(source, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except RecursionError:
        raise UnreadableFile(source, "not valid JSON: nested too deeply for a canvas file") from None
    except ValueError as error:
        raise UnreadableFile(source, f"not valid JSON: {error}") from None


def _too_deep(document: Any) -> schema.Path | None:
    """Where the document first nests lists and mappings deeper than a canvas file may (:data:`yamldoc.MAX_DEPTH`), or None.

    Walked with a list rather than by recursion, so no document can exhaust the stack here.
    """
    pending: list[tuple[Any, schema.Path]] = [(document, ())]
    while pending:
        value, path = pending.pop()
        if len(path) > yamldoc.MAX_DEPTH:
            return path
        if isinstance(value, dict):
            pending.extend((child, (*path, key)) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend((child, (*path, index)) for index, child in reversed(list(enumerate(value))))
    return None


def _reference_problems(document: Any) -> list[schema.Problem]:
    """What the schema cannot say: colour names, duplicate segment ids and references to undeclared ones.

    Run alongside the schema, so every problem is reported at once; whatever is malformed is the schema's to report.
    """
    problems: list[schema.Problem] = []
    if not isinstance(document, dict):
        return problems
    segments = document.get("segments")
    declared: dict[str, int] = {}
    for index, segment in enumerate(segments if isinstance(segments, list) else []):
        if not isinstance(segment, dict):
            continue
        colour = segment.get("colour")
        if isinstance(colour, str) and colour.isalpha() and not colours.is_colour(colour):
            hint = schema._suggest(colour.lower(), list(colours.css_names()))
            problems.append(
                schema.Problem(
                    ("segments", index, "colour"), f"{colour!r} is not a colour name; use #rrggbb, #rgb or a CSS colour name{hint}"
                )
            )
        segment_id = segment.get("id")
        if not isinstance(segment_id, str):
            continue
        if segment_id in declared:
            first = declared[segment_id]
            problems.append(
                schema.Problem(("segments", index, "id"), f"segment id {segment_id!r} is declared twice (first as segments[{first}])")
            )
        declared.setdefault(segment_id, index)
    blocks = document.get("blocks")
    for block, items in (blocks if isinstance(blocks, dict) else {}).items():
        for index, item in enumerate(items if isinstance(items, list) else []):
            refs = item.get("segments") if isinstance(item, dict) else None
            for position, ref in enumerate(refs if isinstance(refs, list) else []):
                if isinstance(ref, str) and ref not in declared:
                    problems.append(
                        schema.Problem(("blocks", block, index, "segments", position), _undeclared_message(ref, list(declared)))
                    )
    return problems


def _undeclared_message(ref: str, declared: list[str]) -> str:
    if not declared:
        return f"segment {ref!r} is not declared; add it under 'segments' with an id and a name"
    hint = schema._suggest(ref, declared)
    return f"segment {ref!r} is not declared under 'segments'{hint or '; declared: ' + ', '.join(declared)}"


def _yaml_writer() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # one item, one line: long text is not folded
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def _styled(node: Any) -> Any:
    """Segment-id lists inline (``segments: [viewers, kids]``); text YAML would fold, double-quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(node, dict):
        out = CommentedMap()
        for key, value in node.items():
            if key == "segments" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                seq = CommentedSeq(value)
                seq.fa.set_flow_style()
                out[key] = seq
            else:
                out[key] = _styled(value)
        return out
    if isinstance(node, list):
        return [_styled(v) for v in node]
    if isinstance(node, str) and any(_needs_escape(ch) for ch in node):
        return DoubleQuotedScalarString(node)
    return node


def _needs_escape(ch: str) -> bool:
    # YAML reads NEL and the Unicode line and paragraph separators as line breaks, and
    # drops or refuses control and format characters in plain and single-quoted text.
    return ch != "\n" and unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Co", "Cn"}
