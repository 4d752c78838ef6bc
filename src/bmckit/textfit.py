"""Fitting notes into a box: wrap, shrink to a legible minimum, and split what still does not fit.

Nothing is ever cut: a note that does not fit at the smallest size is split
between lines, and the rest comes back to the caller to continue elsewhere.
Widths come from :mod:`bmckit.fontmetrics`, so every renderer breaks lines in
the same places.

Fitting takes time and memory in proportion to the text, however long a note
is: lines are wrapped lazily, only as far as the area holds; the rest of a
split note is its item's text with an offset, never a copy; and each text's
advance widths are summed once, compactly, and shared by every size tried and
every column its rest flows through.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, islice, repeat
from typing import TYPE_CHECKING, NamedTuple

from bmckit.fontmetrics import FontMetrics, metrics

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from bmckit.layout import Rect, Sizes


class Note(NamedTuple):
    """Text to place, with an optional label line above it."""

    text: str
    """The item's text; the note places it from ``start`` on."""
    label: str = ""
    key: int = 0
    """Which item of its block the note draws."""
    continued: bool = False
    """This is the rest of a note that began elsewhere."""
    start: int = 0
    """Where in ``text`` the note begins: the rest of a split note keeps the whole text and this offset, so splitting copies nothing."""

    @property
    def remaining(self) -> str:
        """The text this note places: ``text`` from ``start``."""
        return self.text[self.start :] if self.start else self.text


class PlacedNote(NamedTuple):
    key: int
    label: str
    lines: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    size: float
    continued: bool
    """The note began elsewhere."""
    continues: bool
    """The note goes on elsewhere."""


class Fit(NamedTuple):
    """Notes placed in an area, and whatever has to continue elsewhere."""

    placed: tuple[PlacedNote, ...]
    size: float
    rest: tuple[Note, ...]

    @property
    def bottom(self) -> float:
        return max((p.y + p.height for p in self.placed), default=0.0)


def wrap(text: str, width: float, size: float, font: FontMetrics | None = None) -> list[str]:
    """The lines of ``text`` wrapped to ``width`` points at ``size``."""
    return [text[start:end] for start, end in _spans(text, 0, width, size, font or metrics())]


def fit(notes: Sequence[Note], area: Rect, sizes: Sizes, *, marker_height: float = 0.0, shrink: bool = True) -> Fit:
    """Place ``notes`` top to bottom in ``area``, as large as they fit.

    Sizes run from ``note_size_max`` down to ``note_size_min``; when even the
    smallest leaves notes over, ``marker_height`` is kept free at the bottom
    for a "continued on …" line and the notes that did not fit are returned
    in ``rest`` (the one cut between lines as a note with ``continued``).
    """
    font = metrics()
    size = sizes.note_size_max
    while shrink and size > sizes.note_size_min:
        placed = _place_all(notes, area, sizes, size, font)
        if placed is not None:
            return Fit(placed, size, ())
        size = max(sizes.note_size_min, size - sizes.note_size_step)
    placed = _place_all(notes, area, sizes, size, font)
    if placed is not None:
        return Fit(placed, size, ())
    return _place_some(notes, area, sizes, size, font, area.bottom - marker_height)


def note_height(line_count: int, size: float, sizes: Sizes, *, labelled: bool) -> float:
    label = sizes.note_label_size * sizes.line_height if labelled else 0.0
    return 2 * sizes.note_padding + label + line_count * size * sizes.line_height


def _text_width(area: Rect, sizes: Sizes) -> float:
    return area.width - 2 * sizes.note_padding


def _first_spans(note: Note, area: Rect, sizes: Sizes, size: float, font: FontMetrics, room: float) -> list[tuple[int, int]]:
    """The spans of the note's first lines, one more than ``room`` points could hold: enough to tell whether it fits and where to split it.

    Wrapping stops there, so a long note costs only what its area shows.
    """
    free = room - note_height(0, size, sizes, labelled=bool(note.label))
    most = max(0, math.floor(free / (size * sizes.line_height))) + 2
    return list(islice(_spans(note.text, note.start, _text_width(area, sizes), size, font), most))


def _place_all(notes: Sequence[Note], area: Rect, sizes: Sizes, size: float, font: FontMetrics) -> tuple[PlacedNote, ...] | None:
    placed, y = [], area.y
    for note in notes:
        spans = _first_spans(note, area, sizes, size, font, area.bottom - y)
        height = note_height(len(spans), size, sizes, labelled=bool(note.label))
        if y + height > area.bottom + 1e-6:
            return None
        lines = tuple(note.text[s:e] for s, e in spans)
        placed.append(PlacedNote(note.key, note.label, lines, area.x, y, area.width, height, size, note.continued, False))
        y += height + sizes.note_gap
    return tuple(placed)


def _place_some(notes: Sequence[Note], area: Rect, sizes: Sizes, size: float, font: FontMetrics, bottom: float) -> Fit:
    placed: list[PlacedNote] = []
    y = area.y
    line_step = size * sizes.line_height
    for index, note in enumerate(notes):
        spans = _first_spans(note, area, sizes, size, font, bottom - y)
        height = note_height(len(spans), size, sizes, labelled=bool(note.label))
        if y + height <= bottom + 1e-6:
            lines = tuple(note.text[s:e] for s, e in spans)
            placed.append(PlacedNote(note.key, note.label, lines, area.x, y, area.width, height, size, note.continued, False))
            y += height + sizes.note_gap
            continue
        room = bottom - y - note_height(0, size, sizes, labelled=bool(note.label))
        fitting = max(0, math.floor(room / line_step + 1e-6))
        rest: list[Note] = list(notes[index:])
        if fitting >= 1:
            lines = tuple(note.text[s:e] for s, e in spans[:fitting])
            height = note_height(fitting, size, sizes, labelled=bool(note.label))
            placed.append(PlacedNote(note.key, note.label, lines, area.x, y, area.width, height, size, note.continued, True))
            label = note.label if note.continued else " · ".join(filter(None, (note.label, "continued")))
            rest[0] = Note(note.text, label, note.key, continued=True, start=spans[fitting][0])
        return Fit(tuple(placed), size, tuple(rest))
    return Fit(tuple(placed), size, ())


def _spans(text: str, start: int, width: float, size: float, font: FontMetrics) -> Iterator[tuple[int, int]]:
    """Line spans ``(start, end)`` into ``text`` from ``start`` on: breaks at spaces, inside words only when a word is too long.

    One line at a time, so callers wrap only as many lines as they can use; each line costs one bisection for how far
    it can reach and one search back for the last space there, however many words it holds.
    """
    prefix = _advance_prefix(text, font)
    # In whole font units: advances are whole numbers, so a span fits when it is at most the limit's whole part.
    limit = math.floor(max(width, 0.0) * font.units_per_em / size)

    for first, end in _paragraphs(text, start):
        if first == end:
            yield first, end
            continue
        line_start = first
        while line_start < end:
            reach = bisect_right(prefix, prefix[line_start] + limit, line_start, end + 1) - 1
            if reach == end:  # the rest of the paragraph fits, less a space it ends with
                line_end = end - 1 if text[end - 1] == " " else end
                if line_end > line_start or line_start == first:
                    yield line_start, line_end
                break
            space = text.rfind(" ", line_start, reach + 1)
            if space > line_start:  # the line ends with the last word that fits
                yield line_start, space
                line_start = space + 1
                continue
            # No word fits (a space the line starts with does not count): cut the first where it must, at least one
            # character a line.
            word = line_start + 1 if space == line_start else line_start
            if word == end:
                if line_start == first:
                    yield line_start, line_start
                break
            word_end = text.find(" ", word, end)
            cut = max(word + 1, min(reach, end if word_end == -1 else word_end))
            yield line_start, cut
            line_start = cut


@lru_cache(maxsize=64)
def _advance_prefix(text: str, font: FontMetrics) -> array[int]:
    """Running sums of advance widths, so any span's width is one subtraction and the widest that fits one bisection.

    Eight bytes a character, summed in C. Cached for a few texts: fitting
    wraps a note at several sizes, and a long note's rest in column after column.
    The sums pass through a list on their way into the array, which takes a list
    whole but an iterator one item at a time (twice as slow for a note's words).
    """
    return array("q", list(accumulate(map(font.widths.get, map(ord, text), repeat(font.default_width)), initial=0)))


def _paragraphs(text: str, start: int) -> Iterator[tuple[int, int]]:
    while True:
        newline = text.find("\n", start)
        if newline == -1:
            yield start, len(text)
            return
        yield start, newline
        start = newline + 1
