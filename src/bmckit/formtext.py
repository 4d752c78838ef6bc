"""A block's notes as the plain text of one form field, and back.

A fillable PDF has one text box per block, so the notes of a block are
written one per line, each starting with a bullet, with what the model knows
about a note in square brackets at its end::

    • Personalised suggestions [automated-services, retention, viewers, validated]
    • Help centre with live chat

A person typing into the form may write notes one per line with or without
bullets, and may add the bracket themselves (``[self service, retention]``
works too). A bracket whose words are not all recognised is kept as text:
nothing typed is ever dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bmckit.model import BlockId, Item, Motivation, RelationshipType, Status

BULLET = "•"
BULLETS = ("•", "-", "*", "–")
_TAGS = re.compile(r"\s*\[([^\[\]]*)\]\s*$")


def items_to_text(items: tuple[Item, ...]) -> str:
    """The field text for a block's items."""
    return "\n".join(f"{BULLET} {item.text}{_tag_suffix(item)}" for item in items)


@dataclass
class ParsedBlock:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader should know: tags kept as text, segments not declared."""


def text_to_items(text: str, block: BlockId, segment_ids: tuple[str, ...] = ()) -> ParsedBlock:
    """Items from a field's text, one per bulleted (or, without bullets, per non-empty) line."""
    result = ParsedBlock()
    for raw in _notes(text):
        result.items.append(_item(raw, block, segment_ids, result.notes))
    return result


def _notes(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    bulleted = any(_strip_bullet(line) is not None for line in lines)
    notes: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        content = _strip_bullet(line)
        if not bulleted:
            notes.append(line.strip())
        elif content is not None:
            notes.append(content)
        elif notes:  # a line without a bullet goes on with the note above it
            notes[-1] += "\n" + line
        else:
            notes.append(line.strip())
    return notes


def _strip_bullet(line: str) -> str | None:
    stripped = line.lstrip()
    for bullet in BULLETS:
        if stripped.startswith(bullet + " "):
            return stripped[len(bullet) + 1 :]
    return None


def _item(raw: str, block: BlockId, segment_ids: tuple[str, ...], notes: list[str]) -> Item:
    match = _TAGS.search(raw)
    text = raw[: match.start()] if match else raw
    if not match or not text.strip():
        return Item(raw)
    segments: list[str] = []
    kind: RelationshipType | None = None
    motivation: Motivation | None = None
    status: Status | None = None
    for word in (w.strip() for w in match.group(1).split(",")):
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


def _tag_suffix(item: Item) -> str:
    tags = [str(t) for t in (item.type, item.motivation) if t] + list(item.segments) + ([str(item.status)] if item.status else [])
    if tags:
        return f" [{', '.join(tags)}]"
    # A note whose own text ends in a bracket gets an empty one, so the bracket stays text on the way back.
    return " []" if _TAGS.search(item.text) else ""
