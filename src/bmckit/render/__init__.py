"""One way to render a canvas: ``render(canvas, "pdf", paper="a3")`` gives the bytes and what the user should be told.

Every front end (the command line, the notebooks' editor, the Sphinx
extension) renders through :func:`render`, which picks the renderer from
one table, :data:`FORMATS`, and returns a :class:`Rendered`: the output and
its :class:`~bmckit.render.notes.RenderNote` notes (text that continues on
another page, text set smaller to fit, characters the PDF's font cannot
draw). Each front end shows the notes its own way: on standard error, in the
editor's message line, as a build warning.

The renderer modules are imported only when used, so the PDF extra is needed
only for the fillable form.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bmckit.render.notes import FIELD, RenderNote, missing_glyph_notes, plan_notes, printed_texts

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from bmckit.model import Canvas

__all__ = [
    "FORMATS",
    "Format",
    "MissingPdfExtraError",
    "RenderNote",
    "Rendered",
    "UnknownFormatError",
    "UnknownFormatNameError",
    "format_for",
    "format_named",
    "render",
]


Made = tuple[str | bytes, list["RenderNote"]]
"""What a renderer gives: its output, and its notes."""


def _svg(canvas: Canvas, paper: str) -> Made:
    return _drawn_svg(canvas, paper, for_screen=False)


def _svg_for_screen(canvas: Canvas, paper: str) -> Made:
    return _drawn_svg(canvas, paper, for_screen=True)


def _drawn_svg(canvas: Canvas, paper: str, *, for_screen: bool, links: Mapping[str, str] | None = None) -> Made:
    from bmckit.plan import plan
    from bmckit.render import svg

    laid_out = plan(canvas, paper, for_screen=for_screen)
    return svg.draw(laid_out, responsive=for_screen, links=links), plan_notes(laid_out, continued_where="below the canvas")


def _printable_pdf(canvas: Canvas, paper: str) -> Made:
    from bmckit.plan import plan
    from bmckit.render import printable_pdf  # pure Python: a printable PDF needs no extra, in a browser too

    laid_out = plan(canvas, paper)
    return printable_pdf.draw(laid_out), plan_notes(laid_out) + missing_glyph_notes(printed_texts(canvas))


def _fillable_pdf(canvas: Canvas, paper: str) -> Made:
    try:
        from bmckit.render import fillable_pdf
    except ImportError as error:
        raise MissingPdfExtraError from error
    made, said = fillable_pdf.render_fillable_with_notes(canvas, paper=paper)
    return made, [RenderNote(FIELD, text) for text in said] + missing_glyph_notes(printed_texts(canvas))


def _markdown(canvas: Canvas, paper: str) -> Made:
    from bmckit.render import markdown

    return markdown.render(canvas), []


def _canvas_file(fmt: str) -> Callable[[Canvas, str], Made]:
    def write(canvas: Canvas, paper: str) -> Made:
        from bmckit.canvas_files import dumps

        return dumps(canvas, fmt), []

    return write


@dataclass(frozen=True)
class Format:
    """An output format: how it is named, what it is, and the function that makes it."""

    name: str
    """The format's own name, as ``--format`` takes it: ``svg``, ``pdf``, ``markdown`` …"""
    suffixes: tuple[str, ...]
    """File suffixes that mean this format, the usual one first."""
    media_type: str
    text: bool
    """Text (UTF-8), which can go to standard output; else binary."""
    drawing: bool
    """A drawing of the canvas, made again at will (unlike a canvas file, which is someone's work)."""
    make: Callable[[Canvas, str], Made]
    """``make(canvas, paper)``."""
    variants: Mapping[str, Callable[[Canvas, str], Made]] = field(default_factory=dict)
    """Other makes of the format, by what :func:`render` asks for: ``fillable`` (a PDF whose text can still be
    edited), ``for_screen`` (an SVG as wide as the page it is shown in)."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("svg", (".svg",), "image/svg+xml", text=True, drawing=True, make=_svg, variants={"for_screen": _svg_for_screen}),
        Format("pdf", (".pdf",), "application/pdf", text=False, drawing=True, make=_printable_pdf, variants={"fillable": _fillable_pdf}),
        Format("markdown", (".md", ".markdown"), "text/markdown", text=True, drawing=True, make=_markdown),
        Format("yaml", (".yaml", ".yml"), "application/yaml", text=True, drawing=False, make=_canvas_file("yaml")),
        Format("json", (".json",), "application/json", text=True, drawing=False, make=_canvas_file("json")),
    )
}
"""Every output format, by name: the one table every front end renders from."""

SUFFIXES = {suffix: f.name for f in FORMATS.values() for suffix in f.suffixes}
"""Output formats by file suffix."""

NAMES = {**{suffix[1:]: name for suffix, name in SUFFIXES.items()}, **{name: name for name in FORMATS}}
"""Output formats by the names ``--format`` takes: each format's own name and its suffixes without the dot."""

PDF_EXTRA = 'pip install "bmckit[pdf]"'


@dataclass(frozen=True)
class Rendered:
    """A rendered canvas: the output, and what the user should be told about it."""

    data: bytes
    format: Format
    notes: tuple[RenderNote, ...] = ()

    @property
    def text(self) -> str:
        """The output as text (for the text formats)."""
        return self.data.decode("utf-8")

    @property
    def suffix(self) -> str:
        """The suffix a file of it takes: ``.svg``, ``.pdf`` …"""
        return self.format.suffixes[0]


class UnknownFormatError(ValueError):
    def __str__(self) -> str:
        return f"cannot tell the format from {self.args[0]!r}; use one of {', '.join(sorted(SUFFIXES))} or --format"


class UnknownFormatNameError(ValueError):
    def __str__(self) -> str:
        return f"unknown format {self.args[0]!r}; use one of {', '.join(sorted(NAMES))}"


class MissingPdfExtraError(ImportError):
    """The fillable form needs reportlab and pypdf, the PDF extra, which is not installed (or cannot be, in a browser)."""

    def __str__(self) -> str:
        return f"fillable PDF forms need the pdf extra: {PDF_EXTRA}"


def format_for(path: str | Path) -> str:
    """The output format for a file name, from its suffix."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in SUFFIXES:
        raise UnknownFormatError(str(path))
    return SUFFIXES[suffix]


def format_named(name: str) -> str:
    """The output format for a name given to ``--format``: ``md``, ``Markdown``, ``.PDF``, ``yml`` and the like."""
    key = name.strip().lower().removeprefix(".")
    if key not in NAMES:
        raise UnknownFormatNameError(name)
    return NAMES[key]


def render(
    canvas: Canvas,
    fmt: str,
    *,
    paper: str = "a4",
    fillable: bool = False,
    for_screen: bool = False,
    links: Mapping[str, str] | None = None,
) -> Rendered:
    """``canvas`` in format ``fmt`` (a name in :data:`FORMATS`) on ``paper``, with its notes.

    ``fillable`` asks for a PDF whose text is in form fields that can still be edited; ``for_screen`` for an SVG
    as wide as the page it is shown in, with no fixed size, set in the screen's type sizes with its boxes as tall as
    their notes (no paper, so nothing shrinks or continues). ``links``, for an SVG, says where its block headings,
    relationship types and motivations link, by ``block:<block id>``, ``type:<type id>`` and ``motivation:<id>``
    (the core knows no site's addresses; a front end that has pages for them passes them in).

    Raises :class:`MissingPdfExtraError` when the fillable form needs the PDF extra and it is missing,
    :class:`UnknownFormatNameError` for a format not in the table, and :class:`ValueError` for a variant the format
    does not have, or links for anything but an SVG for a screen.
    """
    if fmt not in FORMATS:
        raise UnknownFormatNameError(fmt)
    spec = FORMATS[fmt]
    make = spec.make
    for variant, asked in (("fillable", fillable), ("for_screen", for_screen)):
        if asked:
            if variant not in spec.variants:
                raise ValueError(f"{variant.replace('_', ' ')} is not a variant of {fmt.upper()}")
            make = spec.variants[variant]
    if links:
        if fmt != "svg" or not for_screen:
            raise ValueError("links are for an SVG drawn for a screen (for_screen=True)")
        made, notes = _drawn_svg(canvas, paper, for_screen=for_screen, links=links)
    else:
        made, notes = make(canvas, paper)
    data = made.encode("utf-8") if isinstance(made, str) else made
    return Rendered(data, spec, tuple(notes))
