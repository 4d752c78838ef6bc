"""How wide text is in DejaVu Sans, in pure Python.

The SVG renderer must wrap text exactly where the PDF does, but reportlab
(which reads the TTF) is an optional extra and does not run in a browser. So
the advance widths of the shipped fonts are kept as a small table in
``data/fonts/metrics.json``, generated from the TTF files by
``python -m bmckit.fontmetrics`` (which needs the pdf extra); a test checks
that the table and reportlab agree. The table also holds each character's
glyph id, so the PDF writer need not read the font's cmap on every run.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import repeat
from typing import TYPE_CHECKING, Any

from bmckit.package_data import data_path, read_data

if TYPE_CHECKING:
    from collections.abc import Iterable

FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
"""The shipped fonts by weight."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one instance per font, usable as a cache key
class FontMetrics:
    units_per_em: int
    default_width: int
    ascent: int
    descent: int
    widths: dict[int, int]
    glyph_runs: tuple[tuple[int, int, int], ...] = ()
    """(first character, its glyph id, count): runs of consecutive characters drawn by consecutive glyphs."""

    @cached_property
    def glyph_ids(self) -> dict[int, int]:
        """The glyph id of each character the font has."""
        ids: dict[int, int] = {}
        for code, gid, count in self.glyph_runs:
            ids.update(zip(range(code, code + count), range(gid, gid + count), strict=True))
        return ids

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` points."""
        return sum(map(self.widths.get, map(ord, text), repeat(self.default_width))) * size / self.units_per_em


@cache
def metrics(weight: str = "regular") -> FontMetrics:
    raw = _table()[weight]
    widths: dict[int, int] = {}
    for start, run in raw["runs"]:
        widths.update(zip(range(start, start + len(run)), run, strict=True))
    runs = tuple((code, gid, count) for code, gid, count in raw["glyphs"])
    return FontMetrics(raw["units_per_em"], raw["default_width"], raw["ascent"], raw["descent"], widths, runs)


@cache
def _table() -> dict[str, Any]:
    """``data/fonts/metrics.json``, read once for both weights."""
    table: dict[str, Any] = json.loads(read_data("fonts/metrics.json"))
    return table


def missing_glyphs(texts: Iterable[str]) -> list[str]:
    """The distinct characters of ``texts`` that DejaVu Sans cannot draw, sorted: they print as empty boxes.

    Control characters (newlines, tabs) are not drawn at all, so they are not
    reported. Coverage is that of the regular weight, in which notes are set.
    """
    widths = metrics().widths
    return sorted({ch for text in texts for ch in text if ord(ch) not in widths and unicodedata.category(ch) not in _UNDRAWN})


_UNDRAWN = {"Cc", "Cs"}
"""Control characters and lone surrogates: never drawn, so never missing."""


def font_path(weight: str = "regular") -> str:
    """The file of a shipped font, for renderers that embed it."""
    return data_path(f"fonts/{FONTS[weight]}")


def _generate() -> dict[str, object]:
    """The metrics table, read from the TTF files with reportlab: widths and glyph ids by character."""
    from reportlab.pdfbase.ttfonts import TTFont

    table: dict[str, object] = {}
    for weight in FONTS:
        face = TTFont(f"DejaVuSans-{weight}", font_path(weight)).face
        scale = 2048 / 1000  # reportlab reports widths per 1000 em; DejaVu is drawn on 2048
        runs: list[tuple[int, list[int]]] = []
        for code in sorted(face.charWidths):
            width = round(face.charWidths[code] * scale)
            if runs and runs[-1][0] + len(runs[-1][1]) == code:
                runs[-1][1].append(width)
            else:
                runs.append((code, [width]))
        glyphs: list[list[int]] = []
        for code in sorted(face.charToGlyph):
            gid = face.charToGlyph[code]
            if glyphs and glyphs[-1][0] + glyphs[-1][2] == code and glyphs[-1][1] + glyphs[-1][2] == gid:
                glyphs[-1][2] += 1
            else:
                glyphs.append([code, gid, 1])
        table[weight] = {
            "units_per_em": 2048,
            "default_width": round(face.defaultWidth * scale),
            "ascent": round(face.ascent * scale),
            "descent": round(face.descent * scale),
            "runs": runs,
            "glyphs": glyphs,
        }
    return table


if __name__ == "__main__":
    target = data_path("fonts/metrics.json")
    with open(str(target), "w", encoding="utf-8") as stream:
        json.dump(_generate(), stream, separators=(",", ":"))
        stream.write("\n")
    print(f"wrote {target}")
