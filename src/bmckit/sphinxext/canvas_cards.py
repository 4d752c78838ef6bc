"""A canvas figure's cards: the same notes as its drawing, as nine cards a phone reads (``bmckit-cards.css`` shows them).

The ``{canvas}`` directive adds them to its figure; they link each block, relationship type and motivation to the
page that explains it (:mod:`bmckit.sphinxext.site_links`), and end with a link to the figure's SVG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bmckit.model import BlockId, Motivation, RelationshipType
from bmckit.sphinxext.raw_links import FULL_SHEET, doc_link, linked_html
from bmckit.sphinxext.site_links import MOTIVATIONS_PAGE, block_page, motivation_anchor, type_page

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    from bmckit.model import Canvas


def canvas_cards(directive: SphinxDirective, canvas: Canvas, paper: str) -> nodes.raw:
    """The cards of ``canvas`` drawn on ``paper``; their block titles become headings one level below the page's section."""
    from bmckit.plan import plan
    from bmckit.render.cards import CardLinks, cards

    pages = directive.env.found_docs  # a site without this site's pages (a teacher's own) gets the words unlinked
    links = CardLinks(
        full_sheet=FULL_SHEET,
        blocks={block: doc_link(block_page(block)) for block in BlockId if block_page(block) in pages},
        types={kind: doc_link(type_page(kind)) for kind in RelationshipType if type_page(kind) in pages},
        motivations={m: doc_link(MOTIVATIONS_PAGE, motivation_anchor(m)) for m in Motivation if MOTIVATIONS_PAGE in pages},
    )
    return linked_html(cards(plan(canvas, paper, for_screen=True), links, heading_level=1))  # the plan the drawing on screen draws
