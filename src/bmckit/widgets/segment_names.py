"""Which segments a reader means by what they type in a note's "Serves" box.

A canvas file names segments by id (``households``); a student thinks of them by
name ("Households", "households", "Coffee drinkers (coffee-lovers)"). The box
takes either, several separated by commas, and reads each as the id it names. What
names no declared segment is kept as it was typed, never dropped, and the box
says why, so a typo or a segment not yet declared stays in view until the student
mends it. Pure text in, ids and words out: the note's row (:mod:`bmckit.widgets.items`)
does the showing.
"""

from __future__ import annotations

import difflib
from html import escape
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bmckit.model import Segment

SEPARATOR = ","
"""Between two segments in the box."""


class Reading(NamedTuple):
    """What a Serves box says, read against the canvas's segments."""

    ids: tuple[str, ...]
    """Every segment named, in the order typed: declared ones by their id, the rest as typed."""
    unknown: tuple[str, ...]
    """What names no declared segment, as typed (also in ``ids``, so nothing typed is lost)."""


def read(text: str, segments: Sequence[Segment]) -> Reading:
    """The segments ``text`` names. A segment whose name holds a comma is read whole, as long as it matches whole."""
    declared = {segment.id for segment in _named(segments)}
    lookup = _lookup(segments)
    parts = text.split(SEPARATOR)
    ids: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):  # the longest run of parts that names a segment
            words = SEPARATOR.join(parts[start:end])
            found = words.strip() if words.strip() in declared else lookup.get(_key(words))
            if found is not None:
                ids.append(found)
                start = end
                break
        else:
            typed = parts[start].strip()
            if typed:
                ids.append(typed)
                unknown.append(typed)
            start += 1
    return Reading(tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(unknown)))


def shown(ids: Sequence[str], segments: Sequence[Segment]) -> str:
    """The box's text for these ids: each declared segment by its name (with its id when the name alone is ambiguous)."""
    names = _names(segments)
    return f"{SEPARATOR} ".join(names.get(segment_id, segment_id) for segment_id in ids)


def choices(text: str, segments: Sequence[Segment]) -> list[str]:
    """What a box saying ``text`` offers to complete: each segment on its own, and each one it does not name yet added to it.

    A browser completes the whole text of a box, so a second segment is offered as "first, second".
    """
    offered = [_choice(segment) for segment in _named(segments)]
    so_far = text.strip().rstrip(SEPARATOR).strip()
    if not so_far:
        return offered
    named = read(so_far, segments).ids
    more = [f"{so_far}{SEPARATOR} {_choice(segment)}" for segment in _named(segments) if segment.id not in named]
    return [*more, *offered]


def why_not(unknown: Sequence[str], segments: Sequence[Segment]) -> str:
    """Why the box keeps text that names no segment, and what to do, as a short HTML paragraph ("" when all is well)."""
    if not unknown:
        return ""
    quoted = ", ".join(f"“{escape(typed)}”" for typed in unknown)
    noun, it = ("Not a segment", "it") if len(unknown) == 1 else ("Not segments", "them")
    said = f"{noun} of this canvas yet: {quoted}. Kept as you typed {it}."
    segments = _named(segments)
    if not segments:
        return f"<p>{said} Declare {it} under Customer segments, and this note serves {it}.</p>"
    names = _names(segments)
    guesses = [guess for typed in unknown if (guess := _closest(typed, segments))]
    hint = f" Did you mean {' or '.join(f'“{escape(names[guess])}”' for guess in dict.fromkeys(guesses))}?" if guesses else ""
    declared = ", ".join(f"“{escape(names[segment.id])}”" for segment in segments)
    return f"<p>{said}{hint} Declared segments: {declared}. Separate several with commas, or declare a new one under Customer segments.</p>"


def _key(text: str) -> str:
    """Text as the box compares it: case and runs of spaces do not matter."""
    return " ".join(text.split()).casefold()


def _choice(segment: Segment) -> str:
    """A segment as the box offers it: its name and its id, so typing either finds it."""
    if not segment.name or _key(segment.name) == _key(segment.id):
        return segment.name or segment.id
    return f"{segment.name} ({segment.id})"


def _names(segments: Sequence[Segment]) -> dict[str, str]:
    """Each segment's id → how the box shows it: its name, unless another segment answers to the same words."""
    lookup = _lookup(segments)
    return {
        segment.id: segment.name if segment.name and lookup.get(_key(segment.name)) == segment.id else _choice(segment)
        for segment in segments
    }


def _lookup(segments: Sequence[Segment]) -> dict[str, str]:
    """Every way of naming a segment the box understands → its id; words that could mean two segments mean neither."""
    ways: dict[str, set[str]] = {}
    for segment in _named(segments):
        for words in {segment.id, segment.name, _choice(segment), f"{segment.name} ({segment.id})"}:
            if words.strip():
                ways.setdefault(_key(words), set()).add(segment.id)
    lookup = {words: ids.pop() for words, ids in ways.items() if len(ids) == 1}
    for segment in _named(segments):  # an id, whatever its case, means a segment with that id before one with that name
        lookup[_key(segment.id)] = lookup.get(_key(segment.id), segment.id)
    return lookup


def _named(segments: Sequence[Segment]) -> list[Segment]:
    """The segments a note can name: those with an id (a segment row being filled in may have only a name so far)."""
    return [segment for segment in segments if segment.id.strip()]


def _closest(typed: str, segments: Sequence[Segment]) -> str | None:
    """The id of the segment ``typed`` looks like a slip for, if one is close."""
    candidates = {_key(words): segment.id for segment in _named(segments) for words in (segment.name, segment.id) if words.strip()}
    close = difflib.get_close_matches(_key(typed), list(candidates), n=1, cutoff=0.6)
    return candidates[close[0]] if close else None
