"""Fitting notes into a box: wrap, shrink to a legible minimum, and split what still does not fit.

Nothing is ever cut: a note that does not fit at the smallest size is split
between lines, and the rest comes back to the caller to continue elsewhere.
Widths come from :mod:`bmckit.fontmetrics`, so every renderer breaks lines in
the same places.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bmckit.fontmetrics import FontMetrics, metrics

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bmckit.layout import Rect, Sizes


@dataclass(frozen=True)
class Note:
    """Text to place, with an optional label line above it."""

    text: str
    label: str = ""
    key: int = 0
    """Which item of its block the note draws."""
    continued: bool = False
    """This is the rest of a note that began elsewhere."""


@dataclass(frozen=True)
class PlacedNote:
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


@dataclass(frozen=True)
class Fit:
    """Notes placed in an area, and whatever has to continue elsewhere."""

    placed: tuple[PlacedNote, ...]
    size: float
    rest: tuple[Note, ...]

    @property
    def bottom(self) -> float:
        return max((p.y + p.height for p in self.placed), default=0.0)


def wrap(text: str, width: float, size: float, font: FontMetrics | None = None) -> list[str]:
    """The lines of ``text`` wrapped to ``width`` points at ``size``."""
    return [text[start:end] for start, end in _wrap_spans(text, width, size, font or metrics())]


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


def _place_all(notes: Sequence[Note], area: Rect, sizes: Sizes, size: float, font: FontMetrics) -> tuple[PlacedNote, ...] | None:
    placed, y = [], area.y
    for note in notes:
        lines = tuple(wrap(note.text, _text_width(area, sizes), size, font))
        height = note_height(len(lines), size, sizes, labelled=bool(note.label))
        if y + height > area.bottom + 1e-6:
            return None
        placed.append(PlacedNote(note.key, note.label, lines, area.x, y, area.width, height, size, note.continued, False))
        y += height + sizes.note_gap
    return tuple(placed)


def _place_some(notes: Sequence[Note], area: Rect, sizes: Sizes, size: float, font: FontMetrics, bottom: float) -> Fit:
    placed: list[PlacedNote] = []
    y = area.y
    line_step = size * sizes.line_height
    for index, note in enumerate(notes):
        spans = _wrap_spans(note.text, _text_width(area, sizes), size, font)
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
            remainder = note.text[spans[fitting][0] :]
            label = note.label if note.continued else " · ".join(filter(None, (note.label, "continued")))
            rest[0] = Note(remainder, label, note.key, continued=True)
        return Fit(tuple(placed), size, tuple(rest))
    return Fit(tuple(placed), size, ())


def _wrap_spans(text: str, width: float, size: float, font: FontMetrics) -> list[tuple[int, int]]:
    """Line spans ``(start, end)`` into ``text``: breaks at spaces, inside words only when a word is too long."""
    prefix = _advance_prefix(text, font)
    limit = max(width, 0.0) * font.units_per_em / size

    spans: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        if start == end:
            spans.append((start, end))
            continue
        line_start, line_end, position = start, start, start
        while position < end:
            word_end = text.find(" ", position, end)
            word_end = end if word_end == -1 else word_end
            if prefix[word_end] - prefix[line_start] <= limit:
                line_end, position = word_end, word_end + 1
                continue
            if line_end > line_start:  # the word goes on a new line
                spans.append((line_start, line_end))
                line_start = line_end = position
                continue
            # A word too long for any line: break it where it must, at least one character a line.
            cut = position + 1
            while cut < word_end and prefix[cut + 1] - prefix[line_start] <= limit:
                cut += 1
            spans.append((line_start, cut))
            line_start = line_end = position = cut
        if line_end > line_start or line_start == start:
            spans.append((line_start, line_end))
    return spans


@lru_cache(maxsize=4096)
def _advance_prefix(text: str, font: FontMetrics) -> tuple[int, ...]:
    """Running sums of advance widths, so any span's width is one subtraction; kept because fitting wraps a text at several sizes."""
    widths, default = font.widths, font.default_width
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + widths.get(ord(ch), default))
    return tuple(prefix)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while True:
        newline = text.find("\n", start)
        if newline == -1:
            spans.append((start, len(text)))
            return spans
        spans.append((start, newline))
        start = newline + 1
