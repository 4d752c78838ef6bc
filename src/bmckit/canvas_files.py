"""Canvas files in and out: YAML and JSON, with a clear line for every problem.

Reading goes text → document (plain dicts and lists) → checked against the
schema → :class:`~bmckit.model.Canvas`. YAML is read by :mod:`bmckit.yamldoc`,
which builds plain data only (so it is safe) and remembers where every key
and item stood, so each problem can name its line; JSON is read by the
standard library and composed the same way for its lines. Writing YAML uses
ruamel.yaml, which quotes whatever needs quoting.
"""

from __future__ import annotations

import codecs
import json
import os
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
        raise CanvasFileError([FileProblem(source, None, "", "is a folder, not a canvas file")])
    fmt = format_for(path)
    text = read_text(path)
    document, root = _parse(text, fmt, source)
    return Located(from_document(document, source=source, lines=root), source, root)


def read_text(path: str | Path) -> str:
    """A file's text as UTF-8 (a byte-order mark allowed), or one clear line saying why it cannot be read."""
    if os.path.isdir(path):
        raise CanvasFileError([FileProblem(str(path), None, "", "is a folder, not a canvas file")])
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        raise CanvasFileError([FileProblem(str(path), None, "", "no such file")]) from None
    except OSError as error:
        raise CanvasFileError([FileProblem(str(path), None, "", error.strerror or str(error))]) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and b"\x00" in data[:2]):
        encoding = "UTF-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "UTF-16"
        raise CanvasFileError([FileProblem(str(path), None, "", f"is {encoding} text; save it as UTF-8")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CanvasFileError([FileProblem(str(path), None, "", f"not UTF-8 text ({error.reason} at byte {error.start})")]) from None


def loads(text: str, *, fmt: str = "yaml", source: str = "<canvas>") -> Canvas:
    """Read a canvas from text in ``fmt`` (``"yaml"`` or ``"json"``)."""
    document, root = _parse(text.removeprefix("\ufeff"), fmt, source)
    return from_document(document, source=source, lines=root)


def from_document(document: Any, *, source: str = "<canvas>", lines: Any = None) -> Canvas:
    """A canvas from a parsed document (plain dicts and lists), checked like a file.

    ``lines`` is what the document was parsed from, if anything: the parsed YAML (which also knows better messages
    for some values) or a composed node tree, so that problems name their lines.
    """
    found = schema.find_problems(document)
    problems = [*found, *_reference_problems(document)]
    if problems:
        hints: dict[schema.Path, str] = getattr(lines, "hints", {})
        root = getattr(lines, "root", lines)
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
        raise CanvasFileError([FileProblem(source, error.line, "", f"not valid YAML: {error.message}")]) from None
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
        raise CanvasFileError([FileProblem(source, error.lineno, "", f"not valid JSON: {error.msg}")]) from None
    except RecursionError:
        raise CanvasFileError([FileProblem(source, None, "", "not valid JSON: nested too deeply for a canvas file")]) from None
    except ValueError as error:
        raise CanvasFileError([FileProblem(source, None, "", f"not valid JSON: {error}")]) from None


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
