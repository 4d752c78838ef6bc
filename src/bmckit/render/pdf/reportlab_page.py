"""reportlab's page for the fillable forms, whose fields only reportlab makes here; and its fonts.

reportlab draws with the origin at the bottom left; the layout measures from
the top left. :class:`Page` hides the turn so the drawing code reads like
the layout, through the interface the printable canvas's pure-Python page
shares (:class:`bmckit.render.pdf.page.LayoutPage`). Output is byte-stable
for snapshot tests, yet each document is told apart from the others:
reportlab's invariant mode writes the same /ID and a 2000-01-01 date into
every file, so :meth:`Page.finish` stamps an /ID made from the file's own
bytes, and the dates are the canvas's own (see
:func:`bmckit.render.pdf.page.pdf_date`).

reportlab reads a TrueType font in pure Python, some ten milliseconds a
weight, more than the drawing takes; so what it reads is kept in a cache
(:func:`_cached_font`) keyed by the font's bytes and the versions that read
it, and each later run loads it in a fraction of that.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from bmckit.fontmetrics import font_path
from bmckit.render.pdf.page import INK, RULE, LayoutPage, pdf_date, stamp_id

try:
    from reportlab import Version as REPORTLAB_VERSION
    from reportlab.lib.colors import Color, HexColor
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas as PdfCanvas
except ImportError as error:  # pragma: no cover - exercised by the missing-extra test in a bare venv
    raise ImportError('fillable PDF forms need the pdf extra: pip install "bmckit[pdf]"') from error

if TYPE_CHECKING:
    from bmckit.layout import Layout, Rect

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@cache
def _colour(hex_colour: str) -> Color:
    """A ``#rrggbb`` colour as reportlab's."""
    return HexColor(hex_colour)


@cache
def register_fonts() -> None:
    """Embed DejaVu Sans so Greek, Cyrillic and accented Latin print, whatever the reader has installed."""
    pdfmetrics.registerFont(_cached_font(REGULAR, font_path("regular")))
    pdfmetrics.registerFont(_cached_font(BOLD, font_path("bold")))


_FONT_CACHE_FORMAT = 1
"""Part of every cache key: raised when what is cached, or how, changes."""


def _cached_font(name: str, path: str) -> TTFont:
    """``TTFont(name, path)``, from the cache when reportlab has read these very bytes before.

    The key is the font's SHA-256 with the versions of reportlab, Python and
    this format, so a cached font is never another font's, nor read by
    another reportlab. The cache is written atomically (a whole file or
    none), only read if it belongs to the user, and is an optimisation only:
    when it cannot be read or written, the font is read from the TTF.
    """
    import pickle

    with open(path, "rb") as stream:
        data = stream.read()
    key = hashlib.sha256(data).hexdigest()[:32]
    version = f"{_FONT_CACHE_FORMAT}-rl{REPORTLAB_VERSION}-py{sys.version_info[0]}.{sys.version_info[1]}"
    folder = _cache_folder()
    cached = os.path.join(folder, f"{name}-{version}-{key}.pickle") if folder else None
    if cached:
        try:
            with open(cached, "rb") as stream:
                if _owned_by_user(stream.fileno()):
                    return _font_from_state(pickle.load(stream), name, data)
        except Exception:  # missing, damaged or unreadable: read the TTF instead
            pass
    font = TTFont(name, path)
    if cached:
        _write_atomically(cached, lambda stream: pickle.dump(_font_state(font), stream, protocol=pickle.HIGHEST_PROTOCOL))
    return font


def _font_state(font: TTFont) -> dict[str, Any]:
    """What ``TTFont`` holds once it has read a font, without the font's bytes (read from the TTF) and what cannot be pickled."""
    import copy
    import operator
    from functools import partial

    face = copy.copy(font.face)
    del face._ttf_data
    face._pdfScale = partial(operator.mul, 1000 / face.unitsPerEm)  # reportlab's own is a lambda: the same product
    state = {key: value for key, value in vars(font).items() if key != "state"}  # per-document state, empty now
    return {**state, "face": face}


def _font_from_state(state: dict[str, Any], name: str, data: bytes) -> TTFont:
    from weakref import WeakKeyDictionary

    font: TTFont = TTFont.__new__(TTFont)
    vars(font).update(state)
    font.state = WeakKeyDictionary()
    font.face._ttf_data = data
    if font.fontName != name:
        raise ValueError(f"cached font is {font.fontName}, not {name}")
    return font


def _cache_folder() -> str | None:
    """The user's cache folder for bmckit, or None if there is no home to keep one in."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME", "") or os.path.expanduser("~/.cache")
    return os.path.join(base, "bmckit") if os.path.isabs(base) else None


def _owned_by_user(descriptor: int) -> bool:
    """A cache file is loaded only if the user wrote it: never one another user could have placed."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or os.fstat(descriptor).st_uid == getuid()


def _write_atomically(path: str, write: Any) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed over it); a folder that cannot be written is no error."""
    import tempfile

    temporary = None
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except Exception:  # an unwritable or full cache folder, or a font reportlab holds differently
        if temporary is not None:
            import contextlib

            with contextlib.suppress(OSError):
                os.unlink(temporary)


class Page(LayoutPage):
    """A reportlab canvas addressed in layout coordinates (top-left origin, points)."""

    def __init__(self, layout: Layout, *, title: str, subject: str, date: str = "") -> None:
        """A page for ``layout``; ``date`` is the canvas header's date, which dates the document when it is ISO."""
        register_fonts()
        self.layout = layout
        self.buffer = io.BytesIO()
        self.pdf = PdfCanvas(self.buffer, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
        _date_info(self.pdf, pdf_date(date))
        self.pdf.setTitle(title)
        self.pdf.setSubject(subject)
        self.pdf.setCreator("bmckit")
        self.pdf.setAuthor("")

    def text_at(
        self, x: float, baseline: float, text: str, size: float, *, bold: bool = False, colour: str = INK, right: bool = False
    ) -> None:
        self.pdf.setFillColor(_colour(colour))
        self.pdf.setFont(BOLD if bold else REGULAR, size)
        if right:
            self.pdf.drawRightString(x, self.y(baseline), text)
        else:
            self.pdf.drawString(x, self.y(baseline), text)

    def rect(
        self,
        rect: Rect,
        *,
        stroke: str | None = RULE,
        fill: str | None = None,
        width: float = 0.8,
        radius: float = 0.0,
        dash: tuple[float, ...] = (),
    ) -> None:
        self.pdf.saveState()
        self.pdf.setLineWidth(width)
        if stroke is not None:
            self.pdf.setStrokeColor(_colour(stroke))
        if fill is not None:
            self.pdf.setFillColor(_colour(fill))
        if dash:
            self.pdf.setDash(list(dash))
        args = (rect.x, self.y(rect.y, rect.height), rect.width, rect.height)
        draw = {"stroke": int(stroke is not None), "fill": int(fill is not None)}
        if radius:
            self.pdf.roundRect(*args, radius, **draw)
        else:
            self.pdf.rect(*args, **draw)
        self.pdf.restoreState()

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str = RULE, width: float = 0.8) -> None:
        self.pdf.setStrokeColor(_colour(colour))
        self.pdf.setLineWidth(width)
        self.pdf.line(x1, self.y(y1), x2, self.y(y2))

    def finish(self) -> bytes:
        self.pdf.save()
        return stamp_id(self.buffer.getvalue())


_DATE_ENTRY = re.compile(rb"/(CreationDate|ModDate) \((?:[^()\\]|\\.)*\)\s*")
"""A date in reportlab's document information: 2000-01-01 in invariant mode, or its reading of SOURCE_DATE_EPOCH."""


def _date_info(pdf: PdfCanvas, date: str | None) -> None:
    """Have reportlab write ``date`` as the document's dates, or no dates at all, instead of its own."""
    info = pdf._doc.info
    formatter = info.format

    def format_with_date(document: object) -> bytes:
        formatted: bytes = formatter(document)
        return _DATE_ENTRY.sub(lambda m: b"/%s (%s) " % (m.group(1), date.encode("ascii")) if date else b"", formatted)

    info.format = format_with_date
