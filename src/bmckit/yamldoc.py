"""YAML text to a plain document (dicts, lists, text, numbers), knowing the line of every value.

A canvas file needs only a little of YAML: mappings, lists and scalars. So
the text is *composed* into a tree of nodes, which carry the text exactly as
written and where it stood, and the document is built from that tree here,
by rules of our own:

- Scalars follow the YAML 1.2 core schema (``yes`` is text, ``0755`` and
  ``1e3`` are numbers), and a date or a version number in the header is the
  text as written: ``2024-01-01 10:00:00`` stays just that, and
  ``version: 2.0`` is ``"2.0"``, in block and flow style alike. What a plain
  scalar is, is decided here, never by the composer's guess at its tag
  (libyaml guesses by YAML 1.1, ruamel.yaml by 1.2); only a tag written in
  the file (``!!str 017``) counts.
- Tags that ask for anything but plain data (``!!python/object``,
  ``!!binary``, ``!custom``) are refused, and so are aliases: a canvas never
  needs them, and a few nested aliases can otherwise expand into gigabytes.
- Nesting deeper than a canvas ever goes is refused before it can exhaust the
  stack.

Composing uses libyaml's C parser through PyYAML where it is installed, and
ruamel.yaml's pure-Python composer elsewhere, such as in a browser; the rules
above are the same for both, and a test holds them to the same documents and
errors. libyaml earns its place in ``bmckit review``: a class of 300 canvases
is scored in 1.8 s with it and 11.4 s without (a case study composes in
0.6 ms against 39 ms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]

MAX_DEPTH = 16
"""How deep lists and mappings may nest; a canvas needs six levels."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; a canvas file needs six at most"

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value")}
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_INT_BASE = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_WRITTEN_TAG = re.compile(r"![^\s,\[\]{}]")
"""The start of a tag other than the bare ``!``."""
_AS_WRITTEN = {("date",), ("version",)}
"""Where a number is kept as the text written: ``version: 1.10`` is "1.10", not 1.1."""


class YamlSyntaxError(ValueError):
    """The text is not YAML a canvas file can hold; ``line`` is 1-based, where known."""

    def __init__(self, message: str, line: int | None, path: Path | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line
        self.path = path
        """Where in the document, for what is valid YAML but not allowed in a canvas file; None for a syntax error."""


@dataclass
class Parsed:
    """A document and what is needed to say where its parts stood."""

    document: Any
    root: Any
    """The composed node tree, for :func:`line_of`."""
    hints: dict[Path, str] = field(default_factory=dict)
    """Better messages for values that are not what the author meant, e.g. a colour a ``#`` turned into a comment."""


def parse(text: str) -> Parsed:
    """The document in ``text``, or :class:`YamlSyntaxError` naming the line."""
    root = compose(text)
    parsed = Parsed(None, root)
    if root is not None:
        parsed.document = _Builder(text, parsed.hints).build(root, (), 0)
    return parsed


def compose(text: str) -> Any:
    """The node tree of ``text`` (None for an empty document), composed by libyaml where PyYAML offers it."""
    try:
        return _compose_with_libyaml(text)
    except ImportError:
        return _compose_with_ruamel(text)
    except RecursionError:
        raise YamlSyntaxError("nested too deeply for a canvas file", None) from None


def line_of(root: Any, path: Path) -> int | None:
    """The 1-based line of the value at ``path`` (its key's line, in a mapping), or of its nearest parent."""
    if root is None:
        return None
    node, line = root, int(root.start_mark.line)
    for part in path:
        if node.id == "mapping":
            entry = next(((k, v) for k, v in node.value if k.id == "scalar" and k.value == part), None)
            if entry is None:
                break
            line, node = int(entry[0].start_mark.line), entry[1]
        elif node.id == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = int(node.start_mark.line)
        else:
            break
    return line + 1


def _compose_with_libyaml(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        raise ImportError("PyYAML without libyaml")
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if error.problem == "second occurrence" and mark is not None:  # libyaml's words for an anchor defined twice
            anchor = re.match(r"&([^\s,\[\]{}]+)", text.splitlines()[mark.line][mark.column :])
            raise YamlSyntaxError(_REUSED_ANCHOR.format(anchor=anchor[1] if anchor else ""), mark.line + 1) from None
        raise _syntax_error(error.problem, error.problem_mark or error.context_mark, error) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error), None) from None


def _compose_with_ruamel(text: str) -> Any:
    import warnings

    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError

    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", ReusedAnchorWarning)  # libyaml refuses an anchor defined twice
                root = YAML(typ="safe", pure=True).compose(text)
            break
        except ReusedAnchorWarning as warning:  # its only record of where is its text
            found = re.search(r"duplicate anchor '(.*?)'.*second occurrence.*?line (\d+)", str(warning), re.DOTALL)
            raise YamlSyntaxError(_REUSED_ANCHOR.format(anchor=found[1] if found else ""), int(found[2]) if found else None) from None
        except MarkedYAMLError as error:
            tab = _tab_kind(text, error.problem, error.problem_mark)
            if tab == "separator":
                text = text[: error.problem_mark.index] + " " + text[error.problem_mark.index + 1 :]
                continue
            if tab == "in text":
                raise YamlSyntaxError(_TAB_IN_TEXT, error.problem_mark.line + 1) from None
            raise _syntax_error(error.problem, error.problem_mark or error.context_mark, error) from None
        except YAMLError as error:
            raise YamlSyntaxError(str(error), None) from None
    return root


def _tab_kind(text: str, problem: str | None, mark: Any) -> str | None:
    """What the tab ruamel.yaml's scanner stopped at is: ``"separator"``, ``"in text"``, or None (no tab, or indentation).

    YAML allows a tab as a space between tokens (after a key's colon, at the end of a line), and libyaml reads it so;
    ruamel.yaml stops there ("found character '\\t' that cannot start any token"), so such a tab is read as a space.
    A tab inside unquoted text ruamel.yaml cannot read at all, so neither reader takes it (see :data:`_TAB_IN_TEXT`).
    A tab with only blanks before it on its line, or after a list's dash, is indentation, which libyaml refuses: an error for both.
    """
    if mark is None or "cannot start any token" not in (problem or "") or text[mark.index : mark.index + 1] != "\t":
        return None
    line_start, line_end = text.rfind("\n", 0, mark.index) + 1, text.find("\n", mark.index)
    before = text[line_start : mark.index].rstrip(" \t")
    after = text[mark.index + 1 : line_end if line_end >= 0 else None].lstrip(" \t")
    if not before:
        return None
    return "separator" if not after or after.startswith("#") or before.endswith(":") else "in text"


_TAB_IN_TEXT = "a tab inside unquoted text, which YAML readers read differently; put the text in quotes, or use spaces"
_REUSED_ANCHOR = "the anchor &{anchor} is defined twice; a canvas file needs no anchors"


def _syntax_error(problem: str | None, mark: Any, error: Exception) -> YamlSyntaxError:
    message = (problem or str(error)).strip()
    if "maximum nesting depth" in message:
        message = "nested too deeply for a canvas file"
    return YamlSyntaxError(message, mark.line + 1 if mark is not None else None)


def _tag(node: Any) -> str:
    tag = node.tag
    return tag if isinstance(tag, str) else str(getattr(tag, "value", tag))  # ruamel wraps tags in a Tag object


class _Builder:
    """Builds plain values from nodes, visiting each node once: a node met twice is an alias."""

    def __init__(self, text: str, hints: dict[Path, str]) -> None:
        self.lines = text.splitlines()
        self.hints = hints
        self.seen: set[int] = set()

    def build(self, node: Any, path: Path, depth: int, at: int | None = None) -> Any:
        """The value of ``node``; ``at`` is the line it is written on, which for an alias is not where its anchor stands."""
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise YamlSyntaxError("aliases (*name) are not allowed in a canvas file; write the text out in full", at or line, path)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(TOO_DEEP, line, path)
        tag = _tag(node)
        if tag not in _PLAIN_TAGS:
            shown = tag.replace(_TAG, "!!")
            raise YamlSyntaxError(f"the YAML tag {shown} is not allowed in a canvas file; write plain text, lists and mappings", line, path)
        if node.id == "mapping":
            return self._mapping(node, path, depth)
        if node.id == "sequence":
            return [self.build(child, (*path, index), depth + 1) for index, child in enumerate(node.value)]
        if node.style in (None, "") and "\t" in node.value:  # libyaml reads it, ruamel.yaml cannot: refused by both
            raise YamlSyntaxError(_TAB_IN_TEXT, line)
        return _scalar(node, tag, as_written=path in _AS_WRITTEN, tagged=self._tag_written(node))

    def _mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar":
                raise YamlSyntaxError("a key must be a single word or text, not a list or mapping", key_node.start_mark.line + 1)
            key = str(key_node.value)
            if key in mapping:
                raise YamlSyntaxError(f'duplicate key "{key}"', key_node.start_mark.line + 1)
            mapping[key] = value = self.build(value_node, (*path, key), depth + 1, key_node.start_mark.line + 1)
            if value is None and self._comment_follows(key_node.end_mark):
                self.hints[(*path, key)] = (
                    f"the value starts with '#', which YAML reads as the start of a comment; put it in quotes, as in {key}: \"#8ecae6\""
                )
        return mapping

    def _tag_written(self, node: Any) -> bool:
        """True when the file gives ``node`` a tag (``!!str 017``, ``&a !!str no``), rather than the composer guessing it.

        A node starts at its properties: an anchor, then a tag; a plain scalar cannot start with ``&`` or ``!``.
        The bare non-specific tag ``!`` names no type, and the two composers read it differently: it counts as none.
        """
        mark = node.start_mark
        start = self.lines[mark.line][mark.column :] if mark.line < len(self.lines) else ""
        if start.startswith("&"):
            start = start.partition(" ")[2].lstrip()
        return _WRITTEN_TAG.match(start) is not None

    def _comment_follows(self, mark: Any) -> bool:
        """True when the key at ``mark`` is followed on its line by ``:`` and a comment, and nothing else."""
        if mark.line >= len(self.lines):
            return False
        rest: str = self.lines[mark.line][mark.column :].lstrip()
        return rest.startswith(":") and rest[1:].lstrip().startswith("#")


def _scalar(node: Any, tag: str, *, as_written: bool, tagged: bool) -> Any:
    value: str = node.value
    if node.style not in (None, "") or (tagged and tag == f"{_TAG}str"):
        return value  # quoted, a block scalar, or tagged !!str: text as written
    if _NULL.fullmatch(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    number: int | float | None = None
    if _INT.fullmatch(value):
        number = int(value)
    elif _INT_BASE.fullmatch(value):
        number = int(value[2:], 8 if value[1] == "o" else 16)
    elif _FLOAT.fullmatch(value):
        number = float(value)
    elif value.lower() in _SPECIAL_FLOAT:
        number = _SPECIAL_FLOAT[value.lower()]
    if number is None or as_written:
        return value
    return number
