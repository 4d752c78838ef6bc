"""Each page's ``<meta name="description">``, from its own summary, for search engines and link previews.

A search engine shows a page's description under its title, and a chat or a learning platform shows it in the card a
pasted link becomes; without one they pick any text of the page (the theme's buttons, say). A page's description is
the ``description`` of its front matter where it has one, and otherwise its summary: the text of its first paragraphs
(a page's lead, or a notebook's first Markdown cell), cut at a word to at most :data:`LENGTH` characters. Pages with no
text of their own, the index and the search page, are described by what they are for. A page that already names a
description (MyST's ``html_meta``) keeps its own.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LENGTH = 155
"""What search engines show of a description before they cut it, in characters."""
ASIDE = (
    nodes.Admonition, nodes.footnote, nodes.citation, nodes.sidebar, nodes.topic, nodes.table, nodes.field_list,
    nodes.container, nodes.bullet_list, nodes.enumerated_list, nodes.definition_list,
)  # fmt: skip
"""Paragraphs inside these (notes, footnotes, tables, cards and other boxes, lists) are not the page's own lead."""
SHORT = 80
"""A lead shorter than this many characters says too little alone: the page's title goes before it."""
_GENERATED = {
    "genindex": "Index of every term, block, relationship type and metric on {project}'s site, each linked to where it is explained.",
    "search": "Search {project}'s site: the Business Model Canvas's blocks, customer relationships, metrics, case studies and notebooks.",
}


def summary(doctree: nodes.document, length: int = LENGTH) -> str:
    """The page's lead: its first paragraph outside asides and lists, and the paragraphs right after it while there is
    room, cut at a sentence or a word to ``length`` characters. A lead too short to say what the page is about (a quiz's
    one line under its questions) follows the page's title."""
    paragraphs = doctree.findall(nodes.paragraph)
    first = next((node for node in paragraphs if not any(isinstance(parent, ASIDE) for parent in _ancestors(node))), None)
    text = ""
    if first is not None:
        for node in first.parent.children[first.parent.index(first) :]:
            if not isinstance(node, nodes.paragraph) or len(text) >= length:
                break
            text = f"{text} {_plain(node)}".strip()
    if len(text) < SHORT:
        title = next(iter(doctree.findall(nodes.title)), None)
        if title is not None:
            text = f"{title.astext().rstrip('.')}. {text}".strip()
    return shorten(text, length)


def shorten(text: str, length: int = LENGTH) -> str:
    """``text`` with its whitespace collapsed and, when longer than ``length``, cut after its last whole sentence that
    fits, or, where that would leave too little, at its last whole word, with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= length:
        return f"{text[:-1]}…" if text.endswith(":") else text  # a lead that introduces a list the description leaves out
    sentences = text[: length + 1].rsplit(". ", 1)
    if len(sentences) == 2 and len(sentences[0]) >= length * 2 // 3:
        return f"{sentences[0]}."
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-(")
    return f"{cut}…"


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _plain(paragraph: nodes.paragraph) -> str:
    # Footnote and citation marks are numbers in the text, not words of it.
    kept = paragraph.deepcopy()
    for mark in list(kept.findall(lambda node: isinstance(node, nodes.footnote_reference | nodes.citation_reference))):
        mark.parent.remove(mark)
    return kept.astext()


def description(app: Sphinx, pagename: str, doctree: nodes.document | None) -> str:
    """The description of ``pagename``: its front matter's, its summary, or for a generated page what it is for."""
    given = app.env.metadata.get(pagename, {}).get("description")
    if given:
        return shorten(str(given))
    if doctree is not None:
        return summary(doctree)
    template = _GENERATED.get(pagename)
    return template.format(project=app.config.project) if template else ""


def _add_description(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None) -> None:
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    text = description(app, pagename, doctree)
    if text:
        context["metatags"] = f'{metatags}<meta name="description" content="{html.escape(text)}" />\n'


def setup_meta(app: Sphinx) -> None:
    app.connect("html-page-context", _add_description)
