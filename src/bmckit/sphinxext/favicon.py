"""``/favicon.ico`` at the site's root, drawn at build time from the site's SVG icon (``html_favicon``).

Every page names the SVG icon, and browsers that read it ask for nothing else;
a browser, a feed reader or a crawler that asks the root for ``/favicon.ico``
anyway (as Chromium does for a page that names no icon, a PDF or a notebook
file) finds it there instead of a 404. The icon is drawn on a grid of whole
pixels, rectangles only, so it is copied pixel for pixel into PNG images of 16,
32 and 64 px inside one ICO file, with nothing but the standard library. An
icon that is not such an SVG gets no ICO (and a warning says why).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from bmckit.sphinxext.elements import logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SVG = "{http://www.w3.org/2000/svg}"
SIZES = (16, 32, 64)
Pixel = tuple[int, int, int, int]


class NotPixelArt(ValueError):
    """The SVG is not rectangles on whole pixels, so it cannot be copied pixel for pixel."""


def rasterise(svg: str) -> list[list[Pixel]]:
    """The SVG's pixels (RGBA rows, at the size of its viewBox), from its ``<rect>`` elements painted in order."""
    root = ElementTree.fromstring(svg)
    left, top, width, height = (_whole(value) for value in root.get("viewBox", "").split())
    if (left, top) != (0, 0):
        raise NotPixelArt("the viewBox does not start at 0 0")
    pixels: list[list[Pixel]] = [[(0, 0, 0, 0)] * width for _ in range(height)]
    for element in root.iter():
        if element.tag in {f"{SVG}svg", f"{SVG}title", f"{SVG}desc"} or not isinstance(element.tag, str):
            continue
        if element.tag != f"{SVG}rect":
            raise NotPixelArt(f"<{element.tag.removeprefix(SVG)}> is not a rectangle")
        x, y, w, h = (_whole(element.get(name, "0")) for name in ("x", "y", "width", "height"))
        colour = _colour(element.get("fill", "#000000"))
        for row in pixels[y : y + h]:
            row[x : x + w] = [colour] * len(row[x : x + w])
    return pixels


def _whole(value: str) -> int:
    number = float(value)
    if not number.is_integer():
        raise NotPixelArt(f"{value} is not a whole number of pixels")
    return int(number)


def _colour(value: str) -> Pixel:
    if len(value) != 7 or not value.startswith("#"):
        raise NotPixelArt(f"fill {value!r} is not #rrggbb")
    red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
    return (red, green, blue, 255)


def scaled(pixels: list[list[Pixel]], size: int) -> list[list[Pixel]]:
    """``pixels`` (square) at ``size``: each pixel repeated when larger, each block of pixels averaged when smaller."""
    source = len(pixels)
    if size >= source:
        factor = size // source
        return [[pixel for pixel in row for _ in range(factor)] for row in pixels for _ in range(factor)]
    factor = source // size
    return [
        [
            tuple(
                round(sum(pixels[y * factor + dy][x * factor + dx][channel] for dy in range(factor) for dx in range(factor)) / factor**2)
                for channel in range(4)
            )  # type: ignore[misc]
            for x in range(size)
        ]
        for y in range(size)
    ]


def png(pixels: list[list[Pixel]]) -> bytes:
    """An RGBA PNG of ``pixels``."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    height, width = len(pixels), len(pixels[0])
    rows = b"".join(b"\x00" + bytes(channel for pixel in row for channel in pixel) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file holding a PNG per size (as every browser since 2007 reads them)."""
    offset = 6 + 16 * len(images)
    directory, data = b"", b""
    for size, image in sorted(images.items()):
        directory += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset + len(data))
        data += image
    return struct.pack("<HHH", 0, 1, len(images)) + directory + data


def favicon_ico(svg: str) -> bytes:
    pixels = rasterise(svg)
    if len(pixels) != len(pixels[0]) or any(size % len(pixels) and len(pixels) % size for size in SIZES):
        raise NotPixelArt("the icon is not a square that scales to 16, 32 and 64 px by whole factors")
    return ico({size: png(scaled(pixels, size)) for size in SIZES})


def write_favicon_ico(app: Sphinx, exception: Exception | None) -> None:
    """Write ``favicon.ico`` at the root of an HTML site whose ``html_favicon`` is such an SVG."""
    icon = getattr(app.config, "html_favicon", None)
    if exception is not None or app.builder.format != "html" or not icon or not str(icon).endswith(".svg"):
        return
    source = Path(app.confdir) / icon
    if not source.is_file():
        return
    try:
        data = favicon_ico(source.read_text(encoding="utf-8"))
    except NotPixelArt as problem:
        logger.warning(f"no favicon.ico made from {icon}: {problem}", type="bmckit", subtype="favicon")
        return
    target = Path(app.outdir) / "favicon.ico"
    if not target.is_file() or target.read_bytes() != data:
        target.write_bytes(data)


def setup_favicon(app: Sphinx) -> None:
    app.connect("build-finished", write_favicon_ico)
