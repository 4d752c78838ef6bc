"""TrueType fonts read and cut down in pure Python, for every PDF bmckit embeds DejaVu Sans in.

Standard library only (:mod:`struct`), so it runs wherever the core does, a
browser included. Two kinds of subset are made from one reader:

* :func:`compact_subset`, for the printable canvas: only the glyphs a
  document draws (and the glyphs composite ones are built from), numbered
  afresh from 1 in the order they were first drawn, so the content stream can
  name each glyph before the font is cut.
* :func:`subset_keeping_ids`, for the forms' font: glyph ids unchanged
  (a reader typing into a field finds them through the cmap), the glyphs not
  kept emptied.

Hinting (cvt, fpgm, prep and glyph instructions) is left out of both: it is
half the size, and screens at reading sizes do without.
"""

from __future__ import annotations

import hashlib
import struct
from functools import cache, cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

ARG_1_AND_2_ARE_WORDS, WE_HAVE_A_SCALE, MORE_COMPONENTS, WE_HAVE_AN_X_AND_Y_SCALE, WE_HAVE_A_TWO_BY_TWO, WE_HAVE_INSTRUCTIONS = (
    0x0001,
    0x0008,
    0x0020,
    0x0040,
    0x0080,
    0x0100,
)
"""The flags of a composite glyph's component record that say how long it is."""


class TrueType:
    """The few tables of a TrueType file a subset needs, read with :mod:`struct`."""

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
            struct.unpack_from(f">{self.glyph_count + 1}I", loca)
            if long_loca
            else tuple(2 * v for v in struct.unpack_from(f">{self.glyph_count + 1}H", loca))
        )
        hhea = self.tables[b"hhea"]
        self.ascent, self.descent = struct.unpack_from(">hh", hhea, 4)
        self.metrics_count = struct.unpack_from(">H", hhea, 34)[0]
        os2 = self.tables[b"OS/2"]
        self.cap_height = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else self.ascent
        self.weight_class = struct.unpack_from(">H", os2, 4)[0]

    @cached_property
    def advances(self) -> list[int]:
        """The advance width of every glyph, in font units."""
        advances = struct.unpack_from(f">{2 * self.metrics_count}H", self.tables[b"hmtx"])[::2]
        return list(advances) + [advances[-1]] * (self.glyph_count - self.metrics_count)

    def advance(self, gid: int) -> int:
        return int(struct.unpack_from(">H", self.tables[b"hmtx"], 4 * min(gid, self.metrics_count - 1))[0])

    def horizontal_metric(self, gid: int) -> bytes:
        """The glyph's advance width and left side bearing, as a long hmtx entry."""
        hmtx = self.tables[b"hmtx"]
        if gid < self.metrics_count:
            return hmtx[4 * gid : 4 * gid + 4]
        at = 4 * self.metrics_count + 2 * (gid - self.metrics_count)
        return hmtx[4 * (self.metrics_count - 1) : 4 * self.metrics_count - 2] + hmtx[at : at + 2]

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
        return [component for _, component in _component_records(self.glyph(gid))]

    def scaled(self, value: float) -> float:
        """A length in font units, in the 1/1000 em of PDF font dictionaries."""
        return value * 1000 / int(self.units_per_em)


@cache
def load(path: str) -> TrueType:
    """The font at ``path``, read once per process."""
    with open(path, "rb") as stream:
        return TrueType(stream.read())


def _component_records(glyph: bytes) -> list[tuple[int, int]]:
    """(offset, glyph id) of each component of a composite glyph; none for a simple one."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    found, offset = [], 10
    while True:
        flags, component = struct.unpack_from(">HH", glyph, offset)
        found.append((offset, component))
        if not flags & MORE_COMPONENTS:
            return found
        offset += _component_length(flags)


def _component_length(flags: int) -> int:
    scale = 2 if flags & WE_HAVE_A_SCALE else 4 if flags & WE_HAVE_AN_X_AND_Y_SCALE else 8 if flags & WE_HAVE_A_TWO_BY_TWO else 0
    return 4 + (4 if flags & ARG_1_AND_2_ARE_WORDS else 2) + scale


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


def without_instructions(glyph: bytes) -> bytes:
    """A glyph without its hinting instructions."""
    if len(glyph) < 10:
        return glyph
    contours = struct.unpack_from(">h", glyph, 0)[0]
    if contours >= 0:
        at = 10 + 2 * contours
        length = struct.unpack_from(">H", glyph, at)[0]
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    offset = _component_records(glyph)[-1][0]
    flags = struct.unpack_from(">H", glyph, offset)[0]  # the last component: clear WE_HAVE_INSTRUCTIONS and cut what follows it
    return glyph[:offset] + struct.pack(">H", flags & ~WE_HAVE_INSTRUCTIONS) + glyph[offset + 2 : offset + _component_length(flags)]


def closure(font: TrueType, glyphs: Iterable[int]) -> list[int]:
    """``glyphs`` in their order, then every glyph their composites are built from, each once."""
    order = list(dict.fromkeys(glyphs))
    seen = set(order)
    index = 0
    while index < len(order):
        for component in font.components(order[index]):
            if component not in seen:
                seen.add(component)
                order.append(component)
        index += 1
    return order


def compact_subset(font: TrueType, order: Sequence[int], chars: dict[int, int] | None = None) -> bytes:
    """A TrueType file of the glyphs ``order`` names (its closure under :func:`closure`), the n-th numbered n.

    ``order[0]`` should be 0, the .notdef glyph. ``chars`` (character to new
    glyph id), when given, becomes the subset's cmap.
    """
    order = closure(font, order)
    new_id = {gid: index for index, gid in enumerate(order)}
    glyf, loca = bytearray(), []
    for gid in order:
        loca.append(len(glyf))
        glyph = without_instructions(font.glyph(gid))
        records = _component_records(glyph)
        if records:
            renumbered = bytearray(glyph)
            for offset, component in records:
                struct.pack_into(">H", renumbered, offset + 2, new_id[component])
            glyph = bytes(renumbered)
        glyf += glyph
        glyf += b"\0" * (-len(glyf) % 4)
    loca.append(len(glyf))
    count = len(order)
    maxp = bytearray(font.tables[b"maxp"])
    struct.pack_into(">H", maxp, 4, count)
    hhea = bytearray(font.tables[b"hhea"])
    struct.pack_into(">H", hhea, 34, count)
    tables = {
        b"OS/2": font.tables[b"OS/2"],
        b"head": font.tables[b"head"],
        b"hhea": bytes(hhea),
        b"maxp": bytes(maxp),
        b"hmtx": b"".join(font.horizontal_metric(gid) for gid in order),
        b"glyf": bytes(glyf),
        b"loca": struct.pack(f">{len(loca)}I", *loca),
    }
    if chars:
        tables[b"cmap"] = cmap_table(chars)
    return font_file(tables)


def subset_keeping_ids(font: TrueType, keep: set[int], chars: dict[int, int], kept_tables: Iterable[bytes]) -> bytes:
    """The font with every glyph not kept emptied, glyph ids unchanged, and a cmap for ``chars``."""
    glyf, loca = bytearray(), []
    for gid in range(font.glyph_count):
        loca.append(len(glyf))
        if gid in keep:
            glyf += without_instructions(font.glyph(gid))
            glyf += b"\0" * (-len(glyf) % 4)
    loca.append(len(glyf))
    tables = {tag: font.tables[tag] for tag in kept_tables if tag in font.tables}
    tables[b"glyf"] = bytes(glyf)
    tables[b"loca"] = struct.pack(f">{len(loca)}I", *loca)
    tables[b"cmap"] = cmap_table(chars)
    return font_file(tables)


def font_file(tables: dict[bytes, bytes]) -> bytes:
    """A TrueType file of ``tables``: long loca, no glyph names, and its checksums right."""
    head = bytearray(tables[b"head"])
    struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
    struct.pack_into(">h", head, 50, 1)  # long loca
    tables = {**tables, b"head": bytes(head)}
    tables[b"post"] = struct.pack(">IIhhIIIII", 0x00030000, 0, 0, 0, 0, 0, 0, 0, 0)  # version 3: no glyph names
    data = _assemble(tables)
    adjustment = (0xB1B0AFBA - _checksum(data)) & 0xFFFFFFFF
    head_at = data.index(b"head") + 8
    offset = struct.unpack_from(">I", data, head_at)[0]
    return data[: offset + 8] + struct.pack(">I", adjustment) + data[offset + 12 :]


def cmap_table(chars: dict[int, int]) -> bytes:
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


def subset_tag(data: bytes) -> str:
    """Six capital letters naming a subset, as PDF asks of embedded subsets: the same for the same glyphs."""
    return "".join(chr(ord("A") + byte % 26) for byte in hashlib.md5(data, usedforsecurity=False).digest()[:6])


def to_unicode_cmap(unicode_of: dict[int, int]) -> bytes:
    """A ToUnicode CMap for two-byte codes: how pdftotext, copy and paste and search read each glyph back."""
    entries = [f"<{gid:04X}> <{chr(code).encode('utf-16-be', 'surrogatepass').hex().upper()}>" for gid, code in sorted(unicode_of.items())]
    chunks = [entries[start : start + 100] for start in range(0, len(entries), 100)]
    body = "\n".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar" for chunk in chunks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")
