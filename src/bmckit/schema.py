"""The canvas schema: one JSON Schema that validates files, prints for editors and documents the format.

fastjsonschema (pure Python, so it runs in a browser too) does the checking.
It stops at the first error of whatever it is given, and a person fixing a
file wants every problem at once, so :func:`find_problems` walks the document
alongside the schema and asks fastjsonschema about one node at a time, with
that node's children cut away. Each node then yields at most one problem of
its own, and the problems of siblings are all reported.

Most documents have no problem at all, and compiling a validator for every
node costs more than reading the file. So a document is first checked whole
by :mod:`bmckit.canvas_validator`, the code fastjsonschema generates for the
schema, kept beside it (``python -m bmckit.schema`` writes it with the
fastjsonschema named in :data:`GENERATOR_VERSION`; a test checks it is
current); the walk runs only when that check fails. Compiling the schema at
import instead would add 0.14 s (importing fastjsonschema and compiling) to
every command that reads a canvas file, against 0.02 s to import the
generated module.
"""

from __future__ import annotations

import difflib
import json
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from bmckit.package_data import read_data

if TYPE_CHECKING:
    import fastjsonschema

Path = tuple[str | int, ...]
"""Where a value sits in a document: mapping keys and list indices from the root."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at one place."""

    path: Path
    message: str


@cache
def schema_text() -> str:
    """The schema as shipped, for ``bmckit schema``."""
    return read_data("canvas.schema.json")


@cache
def canvas_schema() -> dict[str, Any]:
    """The canvas JSON Schema as a dictionary."""
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


def format_path(path: Path) -> str:
    """``blocks.channels[2].text`` for ``("blocks", "channels", 2, "text")``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def enum_values(*pointer: str) -> tuple[str, ...]:
    """The allowed values of an enum in the schema, e.g. ``enum_values("$defs", "status")``."""
    node: Any = canvas_schema()
    for key in pointer:
        node = node[key]
    return tuple(node["enum"])


def find_problems(document: Any) -> list[Problem]:
    """Every problem in a parsed canvas document, in document order."""
    if _passes_whole(document):
        return []
    return list(_walk(document, canvas_schema(), ()))


def _passes_whole(document: Any) -> bool:
    """True when the document passes the whole schema at once; False sends it to the walk, which says what is wrong."""
    from bmckit import canvas_validator

    validate: Any = canvas_validator.validate  # generated code, untyped
    try:
        validate(document)
    except Exception:  # a problem, or a document the generated code cannot judge: the walk will say
        return False
    return True


def _walk(value: Any, node: dict[str, Any], path: Path) -> Any:
    node = _resolve(node)
    if "anyOf" in node:
        branch = next((b for b in map(_resolve, node["anyOf"]) if _json_type_matches(value, b)), None)
        if branch is None:
            wanted = " or ".join(_describe_type(_resolve(b)) for b in node["anyOf"])
            yield Problem(path, _type_message(wanted, value))
            return
        node = branch

    problem, wrong_kind = _check_shallow(value, node, path)
    if problem is not None:
        yield problem
        if wrong_kind:
            return  # its children mean nothing when the value is of the wrong kind

    if isinstance(value, dict):
        properties = node.get("properties", {})
        if node.get("additionalProperties") is False:
            for key in value:
                if key not in properties:
                    yield Problem((*path, key), _unknown_key_message(key, properties))
        for key, child in value.items():
            if key in properties:
                yield from _walk(child, properties[key], (*path, key))
    elif isinstance(value, list) and "items" in node:
        for index, child in enumerate(value):
            yield from _walk(child, node["items"], (*path, index))


def _check_shallow(value: Any, node: dict[str, Any], path: Path) -> tuple[Problem | None, bool]:
    """Ask fastjsonschema about this node alone, its children cut away; say if the kind was wrong."""
    import fastjsonschema

    try:
        _shallow_validator(json.dumps(node, sort_keys=True))(value)
    except fastjsonschema.JsonSchemaValueException as error:
        return Problem(path, _message(error, value, node)), error.rule == "type"
    return None, False


@cache
def _shallow_validator(node_json: str) -> Any:
    import fastjsonschema

    node = json.loads(node_json)
    shallow = {key: val for key, val in node.items() if key not in {"properties", "items", "anyOf", "description"}}
    # Unknown keys are reported by the walker with a suggestion; keep them out of fastjsonschema's way.
    shallow.pop("additionalProperties", None)
    return fastjsonschema.compile(shallow)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = canvas_schema()
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target[key]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _message(error: fastjsonschema.JsonSchemaValueException, value: Any, node: dict[str, Any]) -> str:
    rule = error.rule
    if rule == "type":
        return _type_message(_describe_type(node), value)
    if rule == "enum":
        allowed = [str(v) for v in node["enum"]]
        hint = _suggest(str(value), allowed)
        shown = repr(value) if isinstance(value, str) else json.dumps(value)
        return f"expected one of {', '.join(allowed)}; got {shown}{hint}"
    if rule == "required":
        missing = [key for key in node["required"] if key not in value]
        return f"missing required key {', '.join(repr(k) for k in missing)}"
    if rule == "minLength":
        return "expected some text, found an empty string"
    if rule == "pattern":
        description = node.get("description") or f"text matching {node['pattern']}"
        message = f"{value!r} is not valid here: {description[0].lower()}{description[1:].rstrip('.')}"
        return message + (_id_hint(value) if node["pattern"] == ID_PATTERN else "")
    if rule == "uniqueItems":
        return "lists the same value twice"
    return error.message.replace("data", "value", 1)


ID_PATTERN = "^[a-z][a-z0-9_-]*$"
"""Segment ids: plain enough to type in a form's brackets and to use in a file name."""


def _id_hint(value: str) -> str:
    """Which characters an id may not have, and the id it could be."""
    allowed = set(string.ascii_lowercase + string.digits + "_-")
    wrong = sorted({ch for ch in value if ch not in allowed})
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[^a-z0-9_-]+", "_", folded).strip("_-")
    folded = re.sub(r"^[^a-z]+", "", folded)
    shown = ", ".join(repr(ch) for ch in wrong)
    suggestion = f"; try {folded!r}" if folded and folded != value else ""
    return f"; {shown} {'is' if len(wrong) == 1 else 'are'} not allowed{suggestion}" if wrong else suggestion


def _type_message(wanted: str, value: Any) -> str:
    found = _json_type_name(value)
    if "text" in wanted and isinstance(value, (int, float, bool)):
        return f"expected {wanted}, found {found} {json.dumps(value)}; put it in quotes to make it text"
    return f"expected {wanted}, found {found}"


def _describe_type(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind is None and "enum" in node:
        return "one of " + ", ".join(map(str, node["enum"]))
    return {"string": "text", "object": "a mapping", "array": "a list"}.get(str(kind), f"a {kind}")


def _json_type_matches(value: Any, node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return {
        "string": isinstance(value, str),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
    }.get(str(kind), True)


def _json_type_name(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def _unknown_key_message(key: str, allowed: dict[str, Any]) -> str:
    hint = _suggest(str(key), list(allowed))
    return f"unknown key {key!r}{hint or '; allowed here: ' + ', '.join(allowed)}"


def _suggest(word: str, allowed: list[str]) -> str:
    """``; did you mean 'self-service'?`` for a near miss, else nothing."""
    normalised = {a.replace("-", " ").replace("_", " ").lower(): a for a in allowed}
    plain = word.replace("-", " ").replace("_", " ").lower().strip()
    if plain in normalised:
        return f"; did you mean {normalised[plain]!r}?"
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


VALIDATOR_MODULE = "canvas_validator.py"
"""The generated whole-document validator, beside this module."""
GENERATOR_VERSION = "2.22.3"
"""The fastjsonschema that writes :mod:`bmckit.canvas_validator`: another may write other code, so review its output first."""


def generate_validator() -> str:
    """The source of :mod:`bmckit.canvas_validator`: fastjsonschema's code for the schema, standing on its own.

    fastjsonschema's generated code imports its exception classes from
    fastjsonschema; here they are replaced by one of the module's own, since
    the walk, not this code, explains a failure. So checking a document
    imports neither fastjsonschema nor :mod:`decimal` (which nothing in the
    schema needs). Each change is checked to have been made, so a
    fastjsonschema that writes its code differently stops here.
    """
    import fastjsonschema

    code = fastjsonschema.compile_to_code(json.loads(schema_text()))  # a copy: fastjsonschema rewrites the $refs it is given
    entry = re.search(r"^def (validate\w*)\(", code, re.MULTILINE)
    if entry is None:
        raise ValueError("fastjsonschema's code has no validate function")
    if code.count("Decimal") == 1:
        code = _replaced(code, "from decimal import Decimal\n", "")
    code = _replaced(
        code,
        "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n",
        "\n\nclass JsonSchemaValueException(ValueError):\n"
        '    """The document does not pass the schema; bmckit.schema\'s walk says where and why."""\n\n'
        "    def __init__(self, message, value=None, name=None, definition=None, rule=None):\n"
        "        super().__init__(message)\n"
        "        self.rule = rule\n\n\n"
        "JsonSchemaValuesException = JsonSchemaValueException\n",
    )
    if "fastjsonschema" in code.replace("fastjsonschema's", ""):
        raise ValueError("the generated code still refers to fastjsonschema")
    header = (
        '"""The canvas schema as code: fastjsonschema\'s validator for ``data/canvas.schema.json``, for :mod:`bmckit.schema`.\n\n'
        "Generated by ``python -m bmckit.schema``; do not edit. A test checks that it matches the schema.\n"
        '"""\n\n'
        "# ruff: noqa\n"
        "# fmt: off\n"
        "# mypy: ignore-errors\n"
    )
    return f"{header}{code}\n\nvalidate = {entry[1]}\n"


def _replaced(code: str, old: str, new: str) -> str:
    """``code`` with ``old`` (which must be there, once) made ``new``."""
    if code.count(old) != 1:
        raise ValueError(f"fastjsonschema's code has {code.count(old)} of {old!r}, not one: review generate_validator")
    return code.replace(old, new)


if __name__ == "__main__":
    import os
    import sys

    import fastjsonschema

    if fastjsonschema.VERSION != GENERATOR_VERSION:
        sys.exit(
            f"fastjsonschema {fastjsonschema.VERSION} is installed; the validator is written with {GENERATOR_VERSION}: "
            f"pip install fastjsonschema=={GENERATOR_VERSION}, or change GENERATOR_VERSION after reviewing the new code"
        )
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), VALIDATOR_MODULE)
    with open(str(target), "w", encoding="utf-8") as stream:
        stream.write(generate_validator())
    print(f"wrote {target}")
