"""DejaVu Sans as a font that PDF readers can type into: a Type0 font for the form's /DR.

When a reader draws a form field itself (because the user edits it, or
because /NeedAppearances is set, as pdf.js does on every save), it sets the
text in the font named by the field's /DA, taken from the form's /DR
resources. The standard fonts there have no Greek or Cyrillic, so typed text
vanishes. This module builds the font readers need instead: DejaVu Sans as a
Type0 font with Identity-H encoding (a character code is a glyph id), a
/ToUnicode CMap (poppler and pdf.js find the code to write for a typed
character by reading it backwards), /W widths (to measure lines), and an
embedded TrueType subset with a cmap table of its own (MuPDF asks the font).

The subset keeps Latin, Greek, Cyrillic, punctuation and common symbols, at
their original glyph ids, and drops the rest (CJK, Arabic and the like are
not in DejaVu Sans anyway). It is built once per process.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from bmckit.fontmetrics import font_path
from bmckit.render.pdf.truetype import TrueType, closure, load, subset_keeping_ids, subset_tag, to_unicode_cmap

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pypdf import PdfWriter

FONT_NAME = "/DejaVuSans"
"""The font's name in the form's /DR resources, as fields' /DA name it."""

SUBSET_RANGES = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B
    (0x02B0, 0x036F),  # spacing modifiers and combining accents
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x1E00, 0x1FFF),  # Latin Extended Additional (Vietnamese, Welsh), Greek Extended (polytonic)
    (0x2000, 0x206F),  # punctuation: dashes, quotes, bullet, ellipsis
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x215F),  # letterlike symbols and number forms (№, ™, ½)
    (0x2190, 0x2199),  # arrows
    (0x2212, 0x2212),  # minus
    (0x221E, 0x221E),  # infinity
    (0x2248, 0x2248),  # almost equal
    (0x2260, 0x2265),  # not equal, less and greater or equal
    (0x25A0, 0x25FF),  # geometric shapes: squares, triangles, circles
    (0x2713, 0x2718),  # check and cross marks
)
"""The characters readers can type in a field; sorted, inclusive."""

_KEPT_TABLES = (b"OS/2", b"head", b"hhea", b"hmtx", b"maxp", b"name")
"""The tables the forms' font keeps besides glyf, loca and cmap (hinting is left out, see :mod:`bmckit.render.pdf.truetype`)."""


def _font() -> TrueType:
    return load(font_path("regular"))


@lru_cache(maxsize=8)
def subset(extra: frozenset[int] = frozenset()) -> tuple[TrueType, dict[int, int], bytes]:
    """The font, the characters kept (to glyph ids) and the subset TrueType file.

    ``extra`` adds characters outside :data:`SUBSET_RANGES` that the font has,
    for a form whose text needs them.
    """
    font = _font()
    cmap = font.cmap
    chars = {code: cmap[code] for lo, hi in SUBSET_RANGES for code in range(lo, hi + 1) if code in cmap}
    chars.update({code: cmap[code] for code in extra if code in cmap})
    keep = set(closure(font, [0, *chars.values()]))
    return font, chars, subset_keeping_ids(font, keep, chars, _KEPT_TABLES)


def extra_characters(texts: Iterable[str]) -> frozenset[int]:
    """The characters of ``texts`` beyond the usual subset that DejaVu Sans has, to add to a form's font."""
    usual, cmap = subset()[1], _font().cmap
    return frozenset(code for code in {ord(ch) for text in texts for ch in text} if code not in usual and code in cmap)


@dataclass(frozen=True, eq=False)
class FontParts:
    """What the PDF font objects are made of, lengths in 1/1000 em."""

    tag: str
    """Six capital letters naming the subset, as PDF asks of embedded subsets; the same for the same glyphs."""
    font_file: bytes
    """The subset TrueType file, zlib-compressed."""
    length: int
    """The subset's length before compression."""
    glyph_of: dict[int, int]
    """The glyph id (which is the character code, in Identity-H) of each character the subset has."""
    to_unicode: bytes
    """The ToUnicode CMap, zlib-compressed."""
    widths: tuple[tuple[int, int], ...]
    """(glyph id, advance width) for every glyph a character maps to."""
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]


@lru_cache(maxsize=8)
def font_parts(extra: frozenset[int] = frozenset()) -> FontParts:
    """The parts, built and compressed once per process (and once more per set of ``extra`` characters)."""
    font, chars, data = subset(extra)
    unicode_of: dict[int, int] = {}
    glyph_of = dict(sorted(chars.items()))
    for code in sorted(chars):
        unicode_of.setdefault(chars[code], code)  # a glyph shared by two characters answers to the first
    scale = 1000 / font.units_per_em
    return FontParts(
        tag=subset_tag(data),
        font_file=zlib.compress(data, 9),
        length=len(data),
        to_unicode=zlib.compress(to_unicode_cmap(unicode_of), 9),
        glyph_of=glyph_of,
        widths=tuple((gid, round(font.advances[gid] * scale)) for gid in sorted(unicode_of)),
        ascent=round(font.ascent * scale),
        descent=round(font.descent * scale),
        cap_height=round(font.cap_height * scale),
        bbox=(round(font.bbox[0] * scale), round(font.bbox[1] * scale), round(font.bbox[2] * scale), round(font.bbox[3] * scale)),
    )


def add_form_font(writer: PdfWriter, parts: FontParts) -> IndirectObject:
    """The Type0 font, added to ``writer``'s objects (through ``_add_object``: pypdf 7.1 has no public way to add one)."""
    name = NameObject(f"/{parts.tag}+DejaVuSans")
    font_file = _compressed_stream(parts.font_file, {"/Length1": NumberObject(parts.length)})
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): name,
            NameObject("/Flags"): NumberObject(32),  # non-symbolic: Latin text
            NameObject("/FontBBox"): ArrayObject([NumberObject(v) for v in parts.bbox]),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(parts.ascent),
            NameObject("/Descent"): NumberObject(parts.descent),
            NameObject("/CapHeight"): NumberObject(parts.cap_height),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): writer._add_object(font_file),
        }
    )
    widths = ArrayObject()
    for gid, width in parts.widths:  # runs of consecutive glyphs: "first [w1 w2 ...]"
        if widths and int(widths[-2]) + len(widths[-1]) == gid:
            widths[-1].append(NumberObject(width))
        else:
            widths.extend([NumberObject(gid), ArrayObject([NumberObject(width)])])
    cid_font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): name,
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
            NameObject("/DW"): NumberObject(1000),
            NameObject("/W"): widths,
            NameObject("/CIDToGIDMap"): NameObject("/Identity"),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): name,
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
            NameObject("/ToUnicode"): writer._add_object(_compressed_stream(parts.to_unicode, {})),
        }
    )
    return writer._add_object(font)


def _compressed_stream(data: bytes, extra: dict[str, NumberObject]) -> StreamObject:
    """A stream of ``data`` compressed once per process (:func:`font_parts`): a plain StreamObject keeps it as given."""
    stream = StreamObject()
    stream.set_data(data)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    for key, value in extra.items():
        stream[NameObject(key)] = value
    return stream
