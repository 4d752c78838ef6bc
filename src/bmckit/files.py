"""Canvas files in and out: YAML and JSON, with a clear line for every problem.

Reading goes text → document (plain dicts and lists) → checked against the
schema → :class:`~bmckit.model.Canvas`. YAML is read with ruamel.yaml's
round-trip loader, which constructs no Python objects from tags (so it is
safe) and remembers where every key and item stood, so each problem can name
its line.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bmckit import schema
from bmckit.convert import canvas_to_document, document_to_canvas

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bmckit.model import Canvas

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
"""Canvas file formats by suffix."""

_TEXT_HEADER_KEYS = ("date", "version")
"""Header keys whose YAML numbers and dates are read as the text the author wrote."""


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


def format_for(path: str | Path) -> str:
    """``"yaml"`` or ``"json"`` from a file name, or a clear error."""
    suffix = Path(path).suffix.lower()
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
        return _line_of(self._lines, path)


def load(path: str | Path) -> Canvas:
    """Read a canvas file (YAML or JSON, by suffix)."""
    return load_located(path).canvas


def load_located(path: str | Path) -> Located:
    """Read a canvas file, keeping where each block, item and segment stood, for messages that name lines."""
    fmt = format_for(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CanvasFileError([FileProblem(str(path), None, "", "no such file")]) from None
    except IsADirectoryError:
        raise CanvasFileError([FileProblem(str(path), None, "", "is a folder, not a canvas file")]) from None
    except UnicodeDecodeError as error:
        raise CanvasFileError([FileProblem(str(path), None, "", f"not UTF-8 text ({error.reason} at byte {error.start})")]) from None
    except OSError as error:
        raise CanvasFileError([FileProblem(str(path), None, "", error.strerror or str(error))]) from None
    if fmt == "json":
        return Located(loads(text, fmt=fmt, source=str(path)), str(path))
    raw = _parse_yaml(text, str(path)) if text.strip() else None
    return Located(loads(text, fmt=fmt, source=str(path)), str(path), raw)


def loads(text: str, *, fmt: str = "yaml", source: str = "<canvas>") -> Canvas:
    """Read a canvas from text in ``fmt`` (``"yaml"`` or ``"json"``)."""
    if not text.strip():
        raise CanvasFileError([FileProblem(source, None, "", "the file is empty; a canvas needs at least a title and blocks")])
    if fmt == "json":
        document, lines = _parse_json(text, source), None
    else:
        raw = _parse_yaml(text, source)
        document, lines = _plain(raw, text), raw
        tags = list(_foreign_tags(raw, ()))
        if tags:
            raise CanvasFileError([FileProblem(source, _line_of(raw, p.path), schema.format_path(p.path), p.message) for p in tags])
    return from_document(document, source=source, lines=lines)


def from_document(document: Any, *, source: str = "<canvas>", lines: Any = None) -> Canvas:
    """A canvas from a parsed document (plain dicts and lists), checked like a file."""
    problems = schema.find_problems(document) or _reference_problems(document)
    if problems:
        raise CanvasFileError([FileProblem(source, _line_of(lines, p.path), schema.format_path(p.path), p.message) for p in problems])
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
    Path(path).write_text(dumps(canvas, format_for(path)), encoding="utf-8")


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = (error.problem or "").strip()
        if "duplicate key" in (error.problem or ""):
            problem = problem.replace("found duplicate key", "duplicate key").split(" with value")[0]
        raise CanvasFileError([FileProblem(source, line, "", f"not valid YAML: {problem or error}")]) from None
    except YAMLError as error:
        raise CanvasFileError([FileProblem(source, None, "", f"not valid YAML: {error}")]) from None


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
        raise CanvasFileError([FileProblem(source, error.lineno, "", f"not valid JSON: {error.msg}")]) from None
    except ValueError as error:
        raise CanvasFileError([FileProblem(source, None, "", f"not valid JSON: {error}")]) from None


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


def _foreign_tags(node: Any, path: schema.Path) -> Iterator[schema.Problem]:
    """Tags that would ask for Python objects (or anything but plain data) are refused, not guessed at."""
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag is not None and tag not in _PLAIN_TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        yield schema.Problem(path, f"the YAML tag {shown} is not allowed in a canvas file; write plain text, lists and mappings")
        return
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from _foreign_tags(value, (*path, key))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            yield from _foreign_tags(value, (*path, index))


def _plain(node: Any, text: str, key: Any = None, parent: Any = None) -> Any:
    """ruamel's round-trip nodes as plain Python values, dates and header numbers as the text written."""
    if isinstance(node, CommentedMap):
        return {str(k) if not isinstance(k, str) else k: _plain(v, text, k, node) for k, v in node.items()}
    if isinstance(node, CommentedSeq):
        return [_plain(v, text) for v in node]
    if isinstance(node, TaggedScalar):
        return node.value  # an explicit !!str and the like: the text as written
    if isinstance(node, (dt.date, dt.datetime)):
        return node.isoformat()
    if key in _TEXT_HEADER_KEYS and parent is not None and isinstance(node, (int, float)) and not isinstance(node, bool):
        return _source_scalar(text, parent, key) or str(node)
    if isinstance(node, str):
        return str(node)  # drop ruamel's scalar-string subclasses
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def _source_scalar(text: str, mapping: CommentedMap, key: Any) -> str | None:
    """The scalar exactly as written after ``key:``, e.g. ``1.10`` rather than ``1.1``."""
    try:
        line, column = mapping.lc.value(key)
    except (KeyError, AttributeError, TypeError):
        return None
    written = text.splitlines()[line][column:].split(" #")[0].strip()
    return written or None


def _line_of(root: Any, path: schema.Path) -> int | None:
    """The 1-based line of the value at ``path`` in a ruamel document, or of its nearest parent."""
    if root is None:
        return None
    node, line = root, getattr(getattr(root, "lc", None), "line", None)
    for part in path:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0]
            else:
                break
            node = node[part]
        except (KeyError, AttributeError, TypeError):
            break
    return line + 1 if line is not None else None


def _reference_problems(document: dict[str, Any]) -> list[schema.Problem]:
    """What the schema cannot say: duplicate segment ids and references to undeclared ones."""
    problems: list[schema.Problem] = []
    declared: dict[str, int] = {}
    for index, segment in enumerate(document.get("segments", [])):
        if segment["id"] in declared:
            first = declared[segment["id"]]
            problems.append(
                schema.Problem(("segments", index, "id"), f"segment id {segment['id']!r} is declared twice (first as segments[{first}])")
            )
        declared.setdefault(segment["id"], index)
    for block, items in document.get("blocks", {}).items():
        for index, item in enumerate(items):
            for position, ref in enumerate(item.get("segments", []) if isinstance(item, dict) else []):
                if ref not in declared:
                    problems.append(
                        schema.Problem(("blocks", block, index, "segments", position), _undeclared_message(ref, list(declared)))
                    )
    return problems


def _undeclared_message(ref: str, declared: list[str]) -> str:
    if not declared:
        return f"segment {ref!r} is not declared; add it under 'segments' with an id, a name and a colour"
    hint = schema._suggest(ref, declared)
    return f"segment {ref!r} is not declared under 'segments'{hint or '; declared: ' + ', '.join(declared)}"


def _yaml_writer() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 4096  # one item, one line: long text is not folded
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def _styled(node: Any) -> Any:
    """Segment-id lists inline (``segments: [viewers, kids]``); text YAML would fold, double-quoted."""
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
