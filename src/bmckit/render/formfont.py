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

import hashlib
import struct
import zlib
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
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
"""Hinting (cvt, fpgm, prep and glyph instructions) is left out: it is half the size, and screens at reading sizes do without."""


class TrueType:
    """The few tables of a TrueType file the subset needs, read with :mod:`struct`."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        count = struct.unpack_from(">H", data, 4)[0]
        self.tables = {}
        for index in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            self.tables[tag] = data[offset : offset + length]
        head = self.tables[b"head"]
        self.units_per_em = struct.unpack_from(">H", head, 18)[0]
        self.bbox = struct.unpack_from(">hhhh", head, 36)
        long_loca = struct.unpack_from(">h", head, 50)[0] == 1
        self.glyph_count = struct.unpack_from(">H", self.tables[b"maxp"], 4)[0]
        loca = self.tables[b"loca"]
        self.loca = (
            list(struct.unpack_from(f">{self.glyph_count + 1}I", loca))
            if long_loca
            else [2 * v for v in struct.unpack_from(f">{self.glyph_count + 1}H", loca)]
        )
        hhea = self.tables[b"hhea"]
        self.ascent, self.descent = struct.unpack_from(">hh", hhea, 4)
        metrics_count = struct.unpack_from(">H", hhea, 34)[0]
        advances = struct.unpack_from(f">{2 * metrics_count}H", self.tables[b"hmtx"])[::2]
        self.advances = list(advances) + [advances[-1]] * (self.glyph_count - metrics_count)
        os2 = self.tables[b"OS/2"]
        self.cap_height = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else self.ascent

    @cached_property
    def cmap(self) -> dict[int, int]:
        """Character to glyph id, from the Unicode subtables: BMP (format 4) and beyond (format 12)."""
        table = self.tables[b"cmap"]
        count = struct.unpack_from(">H", table, 2)[0]
        mapping: dict[int, int] = {}
        for index in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * index)
            kind = struct.unpack_from(">H", table, offset)[0]
            if (platform, encoding) in {(3, 1), (0, 3)} and kind == 4:
                mapping.update(_read_format_4(table, offset))
            elif (platform, encoding) in {(3, 10), (0, 4)} and kind == 12:
                groups = struct.unpack_from(">I", table, offset + 12)[0]
                for group in range(groups):
                    first, last, glyph = struct.unpack_from(">III", table, offset + 16 + 12 * group)
                    mapping.update(zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True))
        if not mapping:
            raise ValueError("the font has no Unicode cmap")
        return mapping

    def glyph(self, gid: int) -> bytes:
        return self.tables[b"glyf"][self.loca[gid] : self.loca[gid + 1]]

    def components(self, gid: int) -> list[int]:
        """The glyphs a composite glyph is built from."""
        data = self.glyph(gid)
        if len(data) < 10 or struct.unpack_from(">h", data, 0)[0] >= 0:
            return []
        found, offset = [], 10
        while True:
            flags, component = struct.unpack_from(">HH", data, offset)
            found.append(component)
            offset += 4 + (4 if flags & 0x0001 else 2)  # ARG_1_AND_2_ARE_WORDS
            offset += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
            if not flags & 0x0020:  # MORE_COMPONENTS
                return found


def _read_format_4(table: bytes, offset: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", table, offset + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", table, offset + 14)
    starts = struct.unpack_from(f">{segments}H", table, offset + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", table, offset + 16 + 4 * segments)
    range_at = offset + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", table, range_at)
    mapping: dict[int, int] = {}
    for index, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, ranges, strict=True)):
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset:
                at = range_at + 2 * index + range_offset + 2 * (code - start)
                gid = struct.unpack_from(">H", table, at)[0]
                gid = (gid + delta) & 0xFFFF if gid else 0
            else:
                gid = (code + delta) & 0xFFFF
            if gid:
                mapping[code] = gid
    return mapping


@cache
def _font() -> TrueType:
    return TrueType(Path(font_path("regular")).read_bytes())


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
    keep = {0, *chars.values()}
    todo = list(keep)
    while todo:
        for component in font.components(todo.pop()):
            if component not in keep:
                keep.add(component)
                todo.append(component)
    return font, chars, _subset_file(font, keep, chars)


def _subset_file(font: TrueType, keep: set[int], chars: dict[int, int]) -> bytes:
    """The font with every glyph not kept emptied, glyph ids unchanged, and a cmap for the kept characters."""
    glyf, loca = bytearray(), []
    for gid in range(font.glyph_count):
        loca.append(len(glyf))
        if gid in keep:
            glyf += _without_instructions(font.glyph(gid))
            glyf += b"\0" * (-len(glyf) % 4)
    loca.append(len(glyf))
    tables = {tag: font.tables[tag] for tag in _KEPT_TABLES if tag in font.tables}
    head = bytearray(tables[b"head"])
    struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
    struct.pack_into(">h", head, 50, 1)  # long loca
    tables[b"head"] = bytes(head)
    tables[b"glyf"] = bytes(glyf)
    tables[b"loca"] = struct.pack(f">{len(loca)}I", *loca)
    tables[b"cmap"] = _cmap_table(chars)
    tables[b"post"] = struct.pack(">IIhhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0)  # version 3: no glyph names
    data = _assemble(tables)
    adjustment = (0xB1B0AFBA - _checksum(data)) & 0xFFFFFFFF
    head_at = data.index(b"head") + 8
    offset = struct.unpack_from(">I", data, head_at)[0]
    return data[: offset + 8] + struct.pack(">I", adjustment) + data[offset + 12 :]


def _without_instructions(glyph: bytes) -> bytes:
    if len(glyph) < 10:
        return glyph
    contours = struct.unpack_from(">h", glyph, 0)[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack_from(">H", glyph, at)[0]
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    offset = 10
    while True:  # a composite: clear WE_HAVE_INSTRUCTIONS and cut what follows the last component
        flags = struct.unpack_from(">H", glyph, offset)[0]
        end = offset + 4 + (4 if flags & 0x0001 else 2) + (2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0)
        if not flags & 0x0020:
            return glyph[:offset] + struct.pack(">H", flags & ~0x0100) + glyph[offset + 2 : end]
        offset = end


def _cmap_table(chars: dict[int, int]) -> bytes:
    """A cmap table: a (3, 1) subtable for the BMP, and a (3, 10) one as well when there are characters beyond it."""
    bmp = _format_4({code: gid for code, gid in chars.items() if code <= 0xFFFF})
    if max(chars, default=0) <= 0xFFFF:
        return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + bmp
    groups = b"".join(struct.pack(">III", code, code, chars[code]) for code in sorted(chars))
    full = struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, len(chars)) + groups
    return struct.pack(">HHHHIHHI", 0, 2, 3, 1, 20, 3, 10, 20 + len(bmp)) + bmp + full


def _format_4(chars: dict[int, int]) -> bytes:
    """A format 4 cmap subtable, one segment per run of consecutive characters."""
    runs: list[list[int]] = []
    for code in sorted(chars):
        if runs and runs[-1][-1] == code - 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    runs.append([0xFFFF])
    count = len(runs)
    ends = [run[-1] for run in runs]
    starts = [run[0] for run in runs]
    deltas: list[int] = []
    offsets: list[int] = []
    glyph_ids: list[int] = []
    for index, run in enumerate(runs):
        if run == [0xFFFF]:
            deltas.append(1)
            offsets.append(0)
            continue
        deltas.append(0)
        offsets.append(2 * (count - index) + 2 * len(glyph_ids))
        glyph_ids.extend(chars[code] for code in run)
    search = 2 ** (count.bit_length() - 1)
    body = struct.pack(">HHHH", 2 * count, 2 * search, search.bit_length() - 1, 2 * count - 2 * search)
    body += struct.pack(f">{count}H", *ends) + b"\0\0" + struct.pack(f">{count}H", *starts)
    body += struct.pack(f">{count}h", *deltas) + struct.pack(f">{count}H", *offsets) + struct.pack(f">{len(glyph_ids)}H", *glyph_ids)
    return struct.pack(">HHH", 4, 6 + len(body), 0) + body


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def _assemble(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    search = 2 ** (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, 16 * search, search.bit_length() - 1, 16 * (count - search))
    offset = 12 + 16 * count
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return header + directory + body


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
    digest = hashlib.sha256(data).digest()
    return FontParts(
        tag="".join(chr(ord("A") + byte % 26) for byte in digest[:6]),
        font_file=zlib.compress(data, 9),
        length=len(data),
        to_unicode=zlib.compress(_to_unicode(unicode_of).encode("ascii"), 9),
        glyph_of=glyph_of,
        widths=tuple((gid, round(font.advances[gid] * scale)) for gid in sorted(unicode_of)),
        ascent=round(font.ascent * scale),
        descent=round(font.descent * scale),
        cap_height=round(font.cap_height * scale),
        bbox=(round(font.bbox[0] * scale), round(font.bbox[1] * scale), round(font.bbox[2] * scale), round(font.bbox[3] * scale)),
    )


def _to_unicode(unicode_of: dict[int, int]) -> str:
    entries = [f"<{gid:04X}> <{_utf16_hex(code)}>" for gid, code in sorted(unicode_of.items())]
    chunks = [entries[start : start + 100] for start in range(0, len(entries), 100)]
    body = "\n".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar" for chunk in chunks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def add_form_font(writer: PdfWriter, parts: FontParts) -> IndirectObject:
    """The Type0 font, added to ``writer``'s objects."""
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
    from pypdf.generic import EncodedStreamObject

    stream = EncodedStreamObject()
    stream._data = data  # already compressed, once per process: set_data would compress again
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    for key, value in extra.items():
        stream[NameObject(key)] = value
    return stream
