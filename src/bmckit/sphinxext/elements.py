"""Small docutils builders the directives share: paragraphs, lists, tables, links to downloads, and warnings.

A link to a download is a plain reference carrying its target as a path from
the site's root (``bmc_download``); :func:`resolve_download_links` turns it
into a relative URL once the page's own URL is known, so links are right from
any depth and with any HTML builder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger("bmckit.sphinxext")

Cell: TypeAlias = "str | nodes.Node"


def paragraph(*children: Cell, classes: Sequence[str] = ()) -> nodes.paragraph:
    node = nodes.paragraph(classes=list(classes))
    node.extend(nodes.Text(child) if isinstance(child, str) else child for child in children)
    return node


def bullets(items: Iterable[Cell]) -> nodes.bullet_list:
    listing = nodes.bullet_list()
    for item in items:
        listing += nodes.list_item("", paragraph(item))
    return listing


def fields(pairs: Iterable[tuple[str, Cell]]) -> nodes.field_list:
    listing = nodes.field_list()
    for name, value in pairs:
        listing += nodes.field("", nodes.field_name("", name), nodes.field_body("", paragraph(value)))
    return listing


def rubric(text: str) -> nodes.rubric:
    return nodes.rubric(text, text)


def table(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, classes: Sequence[str] = ()) -> nodes.table:
    """A simple table with a header row; each cell holds one paragraph."""
    group = nodes.tgroup(cols=len(header))
    group.extend(nodes.colspec(colwidth=1) for _ in header)
    group += nodes.thead("", _row(header))
    body = nodes.tbody()
    body.extend(_row(row) for row in rows)
    group += body
    return nodes.table("", group, classes=["bmc-table", *classes])


def _row(cells: Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    row.extend(nodes.entry("", paragraph(cell)) for cell in cells)
    return row


def download_link(text: str, target: str) -> nodes.reference:
    """A link to a file the extension writes into the site, ``target`` being its path from the site's root."""
    return nodes.reference(text, text, refuri=target, bmc_download=target, classes=["bmc-download"])


def resolve_download_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make every download link relative to the page it is on."""
    page = app.builder.get_target_uri(docname)
    for node in doctree.findall(nodes.reference):
        target = node.get("bmc_download")
        if target:
            node["refuri"] = relative_uri(page, target)


def warn_unknown(directive: SphinxDirective, what: str, given: str, allowed: Iterable[str], *, subtype: str) -> list[nodes.Node]:
    """Warn (type ``bmckit``) that ``given`` names no known ``what``, listing the ones that exist; nothing is drawn."""
    choices = ", ".join(allowed)
    logger.warning(
        f"unknown {what} {given!r}; choose one of {choices}",
        type="bmckit",
        subtype=subtype,
        location=(directive.env.docname, directive.lineno),
    )
    return []
