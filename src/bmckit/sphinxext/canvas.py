"""``{canvas}``: a canvas drawn into the page as accessible SVG, in a figure, with its downloads under it.

The argument is a case study's name (``netflix``) or a canvas file's path,
relative to the page's source file. A case study links to its stable
downloads under ``cases/``; a page's own file gets its downloads made beside
the others, under ``_canvases/<its path from the source folder>``.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bmckit.sphinxext.canvas_cards import canvas_cards
from bmckit.sphinxext.config import bmc_config
from bmckit.sphinxext.downloads import case_paths, drawn_canvas, site_files, write_file
from bmckit.sphinxext.elements import download_link, logger, paragraph
from bmckit.sphinxext.raw_links import doc_link, linked_html
from bmckit.sphinxext.site_links import MOTIVATIONS_PAGE, block_page, motivation_anchor, type_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from bmckit.model import Canvas


class CanvasDirective(SphinxDirective):
    """``{canvas} <case or path>`` with ``:paper:`` (default ``bmc_paper``) and ``:caption:``."""

    has_content = False
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "paper": directives.unchanged_required,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from bmckit.cases import CASE_NAMES
        from bmckit.layout import paper_sizes

        config = bmc_config(self.config)
        paper = str(self.options.get("paper", config.paper)).lower()
        if paper not in paper_sizes():
            return self._warn(f"unknown paper size {paper!r}; choose one of {', '.join(paper_sizes())}")
        source = self.arguments[0].strip()
        if source in CASE_NAMES:
            canvas, links = self._case(source)
        elif "/" in source or "." in source:
            found = self._file(source, paper)
            if found is None:
                return []
            canvas, links = found
        else:
            names = ", ".join(CASE_NAMES)
            return self._warn(f"no case study named {source!r} and no canvas file given; choose one of {names}, or a path to a canvas file")
        # sphinx-book-theme's full-width layout takes the figure beyond the text column; the downloads stay with it.
        return [nodes.container("", self._figure(canvas, paper), self._links(links), classes=["full-width", "bmc-canvas-wide"])]

    def _case(self, name: str) -> tuple[Canvas, dict[str, str]]:
        from bmckit.cases import load_case

        return load_case(name), case_paths(name)

    def _file(self, source: str, paper: str) -> tuple[Canvas, dict[str, str]] | None:
        from bmckit import canvas_files

        relative, absolute = self.env.relfn2path(source, self.env.docname)
        path = Path(absolute)
        if not path.is_file():
            self._warn(f"no canvas file at {source!r} (looked for {path})")
            return None
        self.env.note_dependency(absolute)
        try:
            canvas = canvas_files.load(path)
        except (OSError, ValueError) as error:
            self._warn(f"cannot read the canvas file {source!r}: {error}")
            return None
        stem = PurePosixPath("_canvases", *PurePosixPath(relative).parts).with_suffix("")
        made: dict[str, tuple[str, Callable[[], bytes]]] = {
            "PDF": (f"{stem}.pdf", lambda: drawn_canvas(canvas, "pdf", paper, source=absolute)),
            "fillable PDF": (f"{stem}-fillable.pdf", lambda: drawn_canvas(canvas, "pdf", paper, fillable=True, source=absolute)),
            "SVG": (f"{stem}.svg", lambda: drawn_canvas(canvas, "svg", paper, source=absolute)),
            "YAML": (f"{stem}.yaml", lambda: path.read_bytes()),
        }
        for target, make in made.values():
            write_file(site_files(self.env.doctreedir) / target, make())
        return canvas, {label: target for label, (target, _) in made.items()}

    def _figure(self, canvas: Canvas, paper: str) -> nodes.figure:
        from bmckit.render import render

        figure = nodes.figure(classes=["bmc-canvas"])
        prefix = f"canvas{self.env.new_serialno('bmc-canvas')}-"
        # On screen: drawn for the screen, its boxes as tall as their notes, with links to the pages that explain it.
        screen = render(canvas, "svg", paper=paper, for_screen=True, links=self._drawing_links()).text
        figure += linked_html(unique_ids(screen, prefix))
        # On paper (the page printed from the browser): drawn exactly as the PDF, for a landscape sheet.
        printed = render(canvas, "svg", paper=paper).text.replace("<svg ", '<svg class="bmc-canvas-print" aria-hidden="true" ', 1)
        figure += nodes.raw("", unique_ids(printed, f"{prefix}print-"), format="html")
        figure += canvas_cards(self, canvas, paper)  # the same notes as cards, which a phone shows instead of the drawing
        caption = self.options.get("caption") or canvas.title
        if caption:
            text_nodes, messages = self.parse_inline(caption, lineno=self.lineno)
            figure += nodes.caption(caption, "", *text_nodes)
            figure += messages
        return figure

    def _drawing_links(self) -> dict[str, str]:
        """Where the drawing's block headings, relationship types and motivations link: the pages of this site that explain them."""
        from bmckit import knowledge
        from bmckit.model import BlockId

        found = self.env.found_docs
        links = {f"block:{b}": doc_link(block_page(b)) for b in BlockId if block_page(b) in found}
        types = (str(t.id) for t in knowledge.relationship_types())
        links |= {f"type:{t}": doc_link(type_page(t)) for t in types if type_page(t) in found}
        if MOTIVATIONS_PAGE in found:
            links |= {f"motivation:{m.id}": doc_link(MOTIVATIONS_PAGE, motivation_anchor(str(m.id))) for m in knowledge.motivations()}
        return links

    def _links(self, links: dict[str, str]) -> nodes.paragraph:
        parts: list[str | nodes.Node] = ["Download: "]
        for index, (label, target) in enumerate(links.items()):
            if index:
                parts.append(" · ")
            parts.append(download_link(label, target))
        return paragraph(*parts, classes=["bmc-canvas-downloads"])

    def _warn(self, message: str) -> list[nodes.Node]:
        logger.warning(message, type="bmckit", subtype="canvas", location=(self.env.docname, self.lineno))
        return []


def unique_ids(drawing: str, prefix: str) -> str:
    """The SVG with every id (and the references to them) prefixed, so two canvases on one page never share an id."""
    drawing = re.sub(r'\bid="', f'id="{prefix}', drawing)
    return re.sub(
        r'aria-(labelledby|describedby)="([^"]*)"', lambda m: f'aria-{m[1]}="' + " ".join(prefix + i for i in m[2].split()) + '"', drawing
    )


def setup_canvas_directive(app: Sphinx) -> None:
    app.add_directive("canvas", CanvasDirective)
