"""Links inside HTML a directive writes whole (the phone's cards, the canvas map), made relative to their page.

Such HTML is written while Sphinx reads a page, before anyone knows the
page's URL or how the builder names pages. So it names a page by its docname,
``href="bmc-doc:canvas/channels#anchor"``, and the figure's SVG download by
``href="bmc-full-sheet:"``; once the page is resolved, :func:`resolve_raw_links`
writes the real, relative addresses, and warns of a page that does not exist.
Its headings, written from ``h1``, go one level below the section they stand in.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.osutil import relative_uri

from bmckit.sphinxext.elements import logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DOC = "bmc-doc:"
FULL_SHEET = "bmc-full-sheet:"
_LINK = re.compile(r'href="(bmc-doc:|bmc-full-sheet:)([^"#]*)(#[^"]*)?"')
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def doc_link(docname: str, anchor: str = "") -> str:
    """Where a link to the page ``docname`` (and an id on it) points until the page it is on is resolved."""
    return f"{DOC}{docname}" + (f"#{anchor}" if anchor else "")


def linked_html(html: str) -> nodes.raw:
    """A raw HTML node whose ``bmc-doc:`` and ``bmc-full-sheet:`` links are resolved with the page, its headings
    (``h1`` for its top level) set below the section it stands in."""
    raw = nodes.raw("", html, format="html")
    raw["bmc_links"] = True
    return raw


def section_depth(node: nodes.Node | None) -> int:
    """How many sections hold ``node``: a heading written under it takes the level one deeper."""
    depth = 0
    while node is not None:
        depth += isinstance(node, nodes.section)
        node = node.parent
    return depth


def resolve_raw_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    page = app.builder.get_target_uri(docname)
    for raw in list(doctree.findall(nodes.raw)):
        if not raw.get("bmc_links"):
            continue
        sheet = _full_sheet(raw)

        def address(match: re.Match[str], raw: nodes.raw = raw, sheet: str | None = sheet) -> str:
            kind, target, anchor = match[1], match[2], match[3] or ""
            if kind == FULL_SHEET:
                if sheet is None:
                    _warn(raw, docname, "a canvas's cards link to its SVG download, and this canvas has none")
                    return 'href=""'
                return f'href="{relative_uri(page, sheet)}"'
            if target not in app.env.all_docs:
                _warn(raw, docname, f"a link to the page {target!r}, which does not exist")
            # a page linking to itself (a block page's map) names its own file, where Sphinx would give ""
            here = app.builder.get_relative_uri(docname, target) or posixpath.basename(app.builder.get_target_uri(target)) or "./"
            return f'href="{here}{anchor}"'

        html = _below_sections(_LINK.sub(address, raw.astext()), section_depth(raw))
        resolved = nodes.raw("", html, format="html", classes=raw["classes"])
        raw.replace_self(resolved)


def _below_sections(html: str, depth: int) -> str:
    return _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + depth, 6)}", html)


def _full_sheet(raw: nodes.raw) -> str | None:
    """The SVG download listed under the figure holding ``raw``, as a path from the site's root."""
    figure = raw.parent
    if not isinstance(figure, nodes.figure) or figure.parent is None:
        return None
    after = figure.parent.index(figure) + 1
    for sibling in figure.parent.children[after : after + 1]:
        for reference in sibling.findall(nodes.reference):
            target = reference.get("bmc_download", "")
            if target.endswith(".svg"):
                return str(target)
    return None


def _warn(raw: nodes.raw, docname: str, message: str) -> None:
    logger.warning(message, type="bmckit", subtype="links", location=(docname, raw.line))


def setup_raw_links(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_raw_links)
