"""Colours: the ink a canvas is drawn in, segment colours resolved and chosen, and text that stays readable on them.

A canvas file may give a segment's colour as ``#rrggbb``, ``#rgb`` or a CSS
colour name, or leave it out; the renderers only ever see ``#rrggbb``. The
palette and the names are data (``data/colours.toml``). Text on a note is
black or white, whichever contrasts more with the note's colour, so it always
meets WCAG AA (4.5:1) whatever colour the author picked.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from bmckit.package_data import read_data

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bmckit.model import Segment

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
BLACK, WHITE = "#000000", "#ffffff"


def css_names() -> dict[str, str]:
    """The CSS colour names and their ``#rrggbb`` values."""
    names: dict[str, str] = _data()["css"]
    return names


class Ink(NamedTuple):
    """The colours a drawing of a canvas is made in, as ``#rrggbb`` (``data/colours.toml``'s ``[ink]``)."""

    text: str
    muted: str
    faint: str
    paper: str


@cache
def ink() -> Ink:
    """The drawing's own colours, on its white paper."""
    return Ink(**_data()["ink"])


def palette() -> tuple[str, ...]:
    """The colours given, in order, to segments that have none of their own."""
    return tuple(_data()["palette"])


def is_colour(value: str) -> bool:
    """True for ``#rrggbb``, ``#rgb`` and CSS colour names (any case)."""
    return bool(_HEX.fullmatch(value)) or value.lower() in css_names()


def to_hex(value: str) -> str:
    """``#rrggbb`` in lower case for any colour :func:`is_colour` accepts."""
    if _HEX.fullmatch(value):
        digits = value[1:].lower()
        return "#" + ("".join(ch * 2 for ch in digits) if len(digits) == 3 else digits)
    return css_names()[value.lower()]


def segment_colours(segments: Sequence[Segment]) -> dict[str, str]:
    """Each segment's colour as ``#rrggbb``: its own, or the next palette colour no other segment has taken."""
    return dict(_segment_colours(tuple(segments)))


@lru_cache(maxsize=32)
def _segment_colours(segments: tuple[Segment, ...]) -> dict[str, str]:
    # Asked once per note while a canvas is drawn, and again at each keystroke in the editor: worked out once per set of segments.
    own = {s.id: to_hex(s.colour) for s in segments if s.colour and is_colour(s.colour)}
    free = [c for c in palette() if c not in own.values()] or list(palette())
    chosen: dict[str, str] = {}
    for index, segment in enumerate(s for s in segments if s.id not in own):
        chosen[segment.id] = free[index % len(free)]
    return {s.id: own.get(s.id) or chosen[s.id] for s in segments}


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=256)  # asked for every line of every note as a canvas is drawn, of a handful of colours
def ink_on(fill: str, preferred: str = BLACK) -> str:
    """The colour for text on ``fill``: ``preferred`` where it reaches WCAG AA (4.5:1), else black or white, whichever contrasts more.

    One of black and white always reaches at least 4.58:1, so the text is always readable.
    """
    if contrast(preferred, fill) >= 4.5:
        return preferred
    return BLACK if contrast(BLACK, fill) >= contrast(WHITE, fill) else WHITE


@cache
def _data() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(read_data("colours.toml"))
