"""A block's notes as the plain text of one form field, and back.

A fillable PDF has one text box per block, so the notes of a block share one
text. Each note starts at the left margin with a bullet; its second and later
lines hang under the bullet, indented by two spaces (an empty line inside a
note is written as an indented empty line); what the model knows about a
note goes in square brackets at the end of its last line::

    • Personalised suggestions [automated-services, retention, viewers, validated]
    • Help centre with live chat,
      open all night

So the rule for reading is about the left margin, not the bullet: every line
that starts at the left margin, with a bullet (``•``, ``-``, ``*``, ``–``) or
without, starts a new note; an indented line goes on with the note above it.
The natural act in a reader, typing a new line to add a note, adds a note,
and a note's own line that begins with ``- `` stays inside it. Tags are
looked for at the end of the note's last line, and then of its first, so a
continuation typed under a tagged note does not orphan its tags; people may
type the bracket themselves (``[self service, retention]`` works too). A
bracket whose words are not all recognised is kept as text, and an empty
``[]`` closes a note whose own text ends in a bracket: nothing typed is ever
dropped, and every note written here reads back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bmckit.model import BlockId, Item, Motivation, RelationshipType, Status

BULLET = "•"
BULLETS = ("•", "-", "*", "–")
INDENT = "  "
"""How a note's second and later lines hang under its bullet."""
_TAGS = re.compile(r" ?\[([^\[\]]*)\]\s*$")


def items_to_text(items: tuple[Item, ...]) -> str:
    """The field text for a block's items."""
    return "\n".join(_note_text(item) for item in items)


def _note_text(item: Item) -> str:
    lines = item.text.split("\n")
    lines[-1] += _tag_suffix(item, lines)
    return "\n".join([f"{BULLET} {lines[0]}", *(INDENT + line for line in lines[1:])])


@dataclass
class ParsedBlock:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader should know: tags kept as text, segments not declared."""


def text_to_items(text: str, block: BlockId, segment_ids: tuple[str, ...] = ()) -> ParsedBlock:
    """Items from a field's text: a note per line at the left margin, indented lines continuing it."""
    result = ParsedBlock()
    for lines in _notes(text):
        result.items.append(_item(lines, block, segment_ids, result.notes))
    return result


def _notes(text: str) -> list[list[str]]:
    """The lines of each note, bullets and hanging indents taken off."""
    notes: list[list[str]] = []
    empty = 0  # empty lines seen since the last line of text: kept only inside a note
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line:
            empty += 1
        elif line[0] in " \t" and notes:
            notes[-1].extend([""] * empty)
            notes[-1].append(line[2:] if line.startswith(INDENT) else line[1:])
            empty = 0
        elif line.strip():
            notes.append([_without_bullet(line.strip() if line[0] in " \t" else line)])
            empty = 0
    return notes


def _without_bullet(line: str) -> str:
    for bullet in BULLETS:
        if line.startswith(bullet + " "):
            return line[len(bullet) + 1 :]
    return "" if line in BULLETS else line


def _split_tags(lines: list[str]) -> tuple[str, str | None]:
    """The note's text and the words of its tag bracket: at the end of its last line, else of its first."""
    match = _TAGS.search(lines[-1])
    if match:
        return "\n".join([*lines[:-1], lines[-1][: match.start()]]), match.group(1)
    match = _TAGS.search(lines[0]) if len(lines) > 1 else None
    if match and lines[0][: match.start()]:
        return "\n".join([lines[0][: match.start()], *lines[1:]]), match.group(1)
    return "\n".join(lines), None


def _item(lines: list[str], block: BlockId, segment_ids: tuple[str, ...], notes: list[str]) -> Item:
    raw = "\n".join(lines)
    text, words = _split_tags(lines)
    if words is None or not text:
        return Item(raw)
    segments: list[str] = []
    kind: RelationshipType | None = None
    motivation: Motivation | None = None
    status: Status | None = None
    for word in (w.strip() for w in words.split(",")):
        if not word:
            continue
        value = _recognise(word, segment_ids, relationship=block is BlockId.CUSTOMER_RELATIONSHIPS)
        if isinstance(value, RelationshipType) and kind is None:
            kind = value
        elif isinstance(value, Motivation) and motivation is None:
            motivation = value
        elif isinstance(value, Status) and status is None:
            status = value
        elif type(value) is str and value not in segments:
            segments.append(value)
        else:
            if value is None and not segment_ids and re.fullmatch(r"[a-z][a-z0-9_-]*", word):
                notes.append(f"{block}: [{word}] looks like a segment id, but the form declares no segments; kept as text")
            return Item(raw)
    return Item(text, tuple(segments), status, kind, motivation)


def _recognise(word: str, segment_ids: tuple[str, ...], *, relationship: bool) -> RelationshipType | Motivation | Status | str | None:
    """What a bracketed word names: a relationship type, a motivation, a status or a declared segment id."""
    plain = word.lower().replace("_", "-").replace(" ", "-").rstrip("✓").strip("-")
    if relationship:
        for kind in RelationshipType:
            if plain in {kind.value, kind.value.removesuffix("s")}:
                return kind
        for motivation in Motivation:
            if plain == motivation.value:
                return motivation
    for status in Status:
        if plain == status.value:
            return status
    return word if word in segment_ids else None


def _tag_suffix(item: Item, lines: list[str]) -> str:
    tags = [str(t) for t in (item.type, item.motivation) if t] + list(item.segments) + ([str(item.status)] if item.status else [])
    if tags:
        return f" [{', '.join(tags)}]"
    # A note whose own text ends a line in a bracket where tags are looked for gets an empty one,
    # so the bracket stays text on the way back.
    ends_in_bracket = _TAGS.search(lines[-1]) or (len(lines) > 1 and _TAGS.search(lines[0]))
    return " []" if ends_in_bracket else ""
