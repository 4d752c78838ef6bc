"""``{canvas-map}``: the nine blocks in their places on the canvas, each a link to its page; the site's map.

The home page opens with it, ``:focus: customer_relationships`` marking the
block the site is about; each block page shows it small (``:compact:``) with
``:current: <its block>``, so a reader sees where they are
(``aria-current="page"``). It is a ``<nav>`` of links laid on a CSS grid
written from ``layout.toml``'s ``[grid]``, the grid the drawings use, the
links in the order a person reads the blocks (``bmckit-cards.css`` styles it).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bmckit import knowledge
from bmckit.layout import block_grid, reading_order
from bmckit.model import BlockId
from bmckit.sphinxext.elements import warn_unknown
from bmckit.sphinxext.raw_links import doc_link, linked_html
from bmckit.sphinxext.site_links import block_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

FOCUS_WORDS = "this site's focus"
SUFFIXES = ("ships", "tions", "ities")
"""Where a long word of a block's title may break, with a hyphen, on a phone's narrow map (Chromium has no
hyphenation dictionary for ``hyphens: auto`` on every system): Relation-ships, Proposi-tions, Activ-ities."""
LABEL = "The Business Model Canvas: its nine blocks"


class CanvasMapDirective(SphinxDirective):
    """``{canvas-map}`` with ``:current:`` (the block whose page this is), ``:focus:`` (a block to mark) and ``:compact:``."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {
        "current": directives.unchanged_required,
        "focus": directives.unchanged_required,
        "compact": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        chosen: dict[str, BlockId | None] = {}
        for option in ("current", "focus"):
            given = str(self.options.get(option, "")).strip().replace("-", "_")
            if given and given not in BlockId.__members__.values():
                return warn_unknown(self, f"block for :{option}:", given, [str(b) for b in BlockId], subtype="canvas-map")
            chosen[option] = BlockId(given) if given else None
        return [linked_html(canvas_map(chosen["current"], chosen["focus"], compact="compact" in self.options))]


def canvas_map(current: BlockId | None = None, focus: BlockId | None = None, *, compact: bool = False) -> str:
    """The map as HTML, its links to block pages written as :func:`~bmckit.sphinxext.raw_links.doc_link`."""
    areas = " ".join(f'"{" ".join(row)}"' for row in block_grid())
    classes = "bmc-map bmc-map-compact" if compact else "bmc-map"
    parts = [f'<nav class="{classes}" aria-label="{escape(LABEL)}">', f"<ul style='grid-template-areas: {areas}'>"]
    for block in reading_order():
        title = " ".join(_breakable(word) for word in escape(knowledge.block(block).title).split())
        item_classes = ["bmc-map-block"] + (["bmc-map-focus"] if block is focus else []) + (["bmc-map-current"] if block is current else [])
        here = ' aria-current="page"' if block is current else ""
        marked = f' <span class="bmc-map-mark">({FOCUS_WORDS})</span>' if block is focus else ""
        parts.append(
            f'<li class="{" ".join(item_classes)}" style="grid-area: {block}">'
            f'<a href="{doc_link(block_page(block))}"{here}>{title}{marked}</a></li>'
        )
    parts.append("</ul></nav>")
    return "".join(parts)


def _breakable(word: str) -> str:
    """The word with a soft hyphen before its suffix, when it is long enough to need one."""
    suffix = next((s for s in SUFFIXES if word.endswith(s) and len(word) >= 10), None)
    return word[: -len(suffix)] + "&shy;" + suffix if suffix else word


def setup_canvas_map(app: Sphinx) -> None:
    app.add_directive("canvas-map", CanvasMapDirective)
