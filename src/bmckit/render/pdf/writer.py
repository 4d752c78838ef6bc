"""A small PDF writer in pure Python: pages of rectangles, lines and text in DejaVu Sans.

The printable canvas needs a dozen operators, two fonts and a document
information dictionary; reportlab, which did this before, costs more to
import than bmckit takes to lay out and draw a canvas, and needs Pillow, so
it cannot run in a browser. This writer uses the standard library only.

Coordinates are PDF's own (points, origin at the bottom left). Text is set
in Type 0 fonts with Identity-H encoding: each character is drawn by a
two-byte glyph id of a subset made for the document (see
:class:`EmbeddedFont`), with /W widths for layout and a /ToUnicode CMap so
that the text can be extracted, searched and copied.

Output is byte-stable: the same drawing gives the same bytes, with an /ID
made from the file's own content (:func:`bmckit.render.pdf.page.stamp_id`).
Every dictionary is written out plainly, one cross-reference table and one
trailer, as :func:`bmckit.overwrite_guard._is_untouched_printable` expects.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache

from bmckit.fontmetrics import FONTS, font_path, metrics
from bmckit.render.pdf.page import stamp_id
from bmckit.render.pdf.truetype import compact_subset, load, subset_tag, to_unicode_cmap

COMPRESSION = 6
"""zlib's level for streams: 9 makes files a few per cent smaller and takes three times as long."""


def number(value: float) -> str:
    """A number as PDF writes it: at most four decimals, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


@cache
def rgb(colour: str) -> str:
    """``#rrggbb`` as PDF's three components from 0 to 1."""
    return " ".join(number(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))


def literal(text: str) -> bytes:
    """A PDF text string: PDFDocEncoding's ASCII where it suffices, else UTF-16 with its byte-order mark, escaped."""
    data = text.encode("ascii") if text.isascii() else b"\xfe\xff" + text.encode("utf-16-be")
    escaped = bytearray(b"(")
    for byte in data:
        if byte in b"()\\":
            escaped += b"\\%c" % byte
        elif 32 <= byte < 127:
            escaped.append(byte)
        else:
            escaped += b"\\%03o" % byte
    return bytes(escaped + b")")


class EmbeddedFont:
    """One weight of DejaVu Sans in a document: the glyphs drawn so far, numbered in the order first drawn.

    Numbering glyphs as they are drawn lets the content stream name them
    before the subset is cut; 0 is .notdef, drawn for a character the font
    does not have.
    """

    def __init__(self, resource: str, weight: str) -> None:
        self.resource = resource
        self.weight = weight
        self.base_name = "DejaVuSans-Bold" if weight == "bold" else "DejaVuSans"
        self.glyph_ids = metrics(weight).glyph_ids
        self.codes: dict[int, int] = {0: 0}
        """Glyph id in the font to the code (new glyph id) in the document."""
        self.glyphs: list[int] = [0]
        self.unicode_of: dict[int, int] = {}

    def encode(self, text: str) -> str:
        """``text`` as a hex string of two-byte codes."""
        codes, glyph_ids = self.codes, self.glyph_ids
        encoded = []
        for character in text:
            gid = glyph_ids.get(ord(character), 0)
            code = codes.get(gid)
            if code is None:
                code = codes[gid] = len(self.glyphs)
                self.glyphs.append(gid)
                self.unicode_of[code] = ord(character)
            encoded.append(code)
        return struct.pack(f">{len(encoded)}H", *encoded).hex()

    def objects(self, first: int) -> list[bytes]:
        """The font's five objects, numbered from ``first``: Type 0 font, CID font, descriptor, font file, ToUnicode."""
        font = load(font_path(self.weight))
        data = compact_subset(font, self.glyphs)
        name = f"/{subset_tag(data)}+{self.base_name}"
        widths = " ".join(number(font.scaled(font.advance(gid))) for gid in self.glyphs)
        bbox = " ".join(number(font.scaled(v)) for v in font.bbox)
        flags = 4 | (1 << 18 if self.weight == "bold" else 0)  # symbolic (glyphs not in the standard Latin set), bold
        stem = 50 + int((font.weight_class / 65) ** 2)  # the usual estimate from the weight class
        cid_font, descriptor, font_file, to_unicode = first + 1, first + 2, first + 3, first + 4
        return [
            b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
            % (name.encode("ascii"), cid_font, to_unicode),
            (
                f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {name} "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [0 [{widths}]] /CIDToGIDMap /Identity >>"
            ).encode("ascii"),
            (
                f"<< /Type /FontDescriptor /FontName {name} /Flags {flags} /FontBBox [{bbox}] /ItalicAngle 0 "
                f"/Ascent {number(font.scaled(font.ascent))} /Descent {number(font.scaled(font.descent))} "
                f"/CapHeight {number(font.scaled(font.cap_height))} /StemV {stem} /FontFile2 {font_file} 0 R >>"
            ).encode("ascii"),
            stream(data, b"/Length1 %d" % len(data)),
            stream(to_unicode_cmap(self.unicode_of)),
        ]


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object's body, compressed."""
    packed = zlib.compress(data, COMPRESSION)
    return b"<< /Filter /FlateDecode /Length %d%s >>\nstream\n%s\nendstream" % (len(packed), b" " + extra if extra else b"", packed)


class Content:
    """One page's content stream, in PDF coordinates."""

    def __init__(self) -> None:
        self.operators: list[str] = []
        self.fill = "0 0 0"
        """The fill colour outside any saved state, so text of one colour sets it once."""

    def text(self, x: float, y: float, font: EmbeddedFont, size: float, text: str, colour: str) -> None:
        """``text`` with its baseline starting at (``x``, ``y``)."""
        fill = rgb(colour)
        if fill != self.fill:
            self.operators.append(f"{fill} rg")
            self.fill = fill
        self.operators.append(f"BT /{font.resource} {number(size)} Tf {number(x)} {number(y)} Td <{font.encode(text)}> Tj ET")

    def rect(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        stroke: str | None,
        fill: str | None,
        line_width: float,
        radius: float = 0.0,
        dash: tuple[float, ...] = (),
    ) -> None:
        """A rectangle from (``x``, ``y``) up and to the right, with corners rounded by ``radius`` if given."""
        ops = self.operators
        ops.append(f"q {number(line_width)} w")
        if stroke is not None:
            ops.append(f"{rgb(stroke)} RG")
        if fill is not None:
            ops.append(f"{rgb(fill)} rg")
        if dash:
            ops.append(f"[{' '.join(map(number, dash))}] 0 d")
        ops.append(_rounded(x, y, width, height, radius) if radius else f"{number(x)} {number(y)} {number(width)} {number(height)} re")
        ops.append(("B*" if fill is not None else "S") if stroke is not None else "f*" if fill is not None else "n")
        ops.append("Q")

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float) -> None:
        self.operators.append(f"q {number(width)} w {rgb(colour)} RG {number(x1)} {number(y1)} m {number(x2)} {number(y2)} l S Q")


def _rounded(x: float, y: float, width: float, height: float, radius: float) -> str:
    """A rounded rectangle's path: four Bézier quadrants, with reportlab's control points (0.4472 r in from each end)."""
    t = 0.4472 * radius
    x0, x1, x2, x3, x4, x5 = (number(v) for v in (x, x + t, x + radius, x + width - radius, x + width - t, x + width))
    y0, y1, y2, y3, y4, y5 = (number(v) for v in (y, y + t, y + radius, y + height - radius, y + height - t, y + height))
    return (
        f"{x2} {y0} m {x3} {y0} l {x4} {y0} {x5} {y1} {x5} {y2} c {x5} {y3} l {x5} {y4} {x4} {y5} {x3} {y5} c "
        f"{x2} {y5} l {x1} {y5} {x0} {y4} {x0} {y3} c {x0} {y2} l {x0} {y1} {x1} {y0} {x2} {y0} c h"
    )


class Document:
    """Pages of one size, two fonts, and the document information."""

    def __init__(self, width: float, height: float, info: dict[str, str]) -> None:
        self.width, self.height = width, height
        self.info = info
        """Title, Subject, Creator and the like, and CreationDate and ModDate as PDF dates."""
        self.pages: list[Content] = []
        self.fonts = {weight: EmbeddedFont(f"F{index}", weight) for index, weight in enumerate(FONTS, start=1)}

    def new_page(self) -> Content:
        page = Content()
        self.pages.append(page)
        return page

    def font(self, *, bold: bool) -> EmbeddedFont:
        return self.fonts["bold" if bold else "regular"]

    def finish(self) -> bytes:
        """The document as the bytes of a PDF file."""
        fonts = [font for font in self.fonts.values() if len(font.glyphs) > 1]
        info = b"".join(b"/%s %s " % (key.encode("ascii"), literal(value)) for key, value in self.info.items())
        objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< %s>>" % info]
        font_refs = []
        first_font = 4 + 2 * len(self.pages)
        for index, font in enumerate(fonts):
            font_refs.append(f"/{font.resource} {first_font + 5 * index} 0 R")
        resources = f"<< /Font << {' '.join(font_refs)} >> >>"
        media = f"[0 0 {number(self.width)} {number(self.height)}]"
        kids = []
        for page in self.pages:
            number_of_page = len(objects) + 1
            kids.append(f"{number_of_page} 0 R")
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox {media} /Resources {resources} /Contents {number_of_page + 1} 0 R >>".encode(
                    "ascii"
                )
            )
            objects.append(stream("\n".join(page.operators).encode("ascii")))
        objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")
        for font in fonts:
            objects.extend(font.objects(len(objects) + 1))
        return stamp_id(_file(objects))


def _file(objects: list[bytes]) -> bytes:
    """Objects numbered from 1, the catalog first and the information third, as a PDF file with a zero /ID to stamp."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (index, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    zero = b"0" * 32
    out += b"trailer\n<<\n/Size %d\n/Root 1 0 R\n/Info 3 0 R\n/ID [<%s><%s>]\n>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        zero,
        zero,
        xref,
    )
    return bytes(out)
