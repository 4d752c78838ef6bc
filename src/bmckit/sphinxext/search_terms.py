"""Search that finds a page by the other ways people write its terms: "cocreation", "selfservice", "lifetime value".

Sphinx's search index holds the words a page contains, split at hyphens: "co-creation" is indexed as "co" and
"creation", so a reader who types "cocreation" found nothing. Each page here gains, as search keywords (Sphinx indexes
a page's ``keywords`` meta), the other spellings of the terms it uses: every hyphenated word written whole, and for
each term of the knowledge base its other names (a metric's abbreviation, name and the names it is also called; a
relationship type's or a motivation's name, short name and id), all read from bmckit's data, so a term added there
is found by all its names.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from docutils import nodes

from bmckit import knowledge

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")

COMMON = (
    ("CRM", "customer relationship management"),
    ("BMC", "Business Model Canvas"),
    ("e-mail", "email"),
)
"""Names for things the site speaks of that its knowledge base does not list."""


NOT_ABBREVIATIONS = frozenset({"CLI"})
"""Letters that on this site mean something else (the command line), so a page using them is not about the metric."""


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Each knowledge-base term with its other names, lower case."""
    groups: list[tuple[str, ...]] = [tuple(name.lower() for name in group) for group in COMMON]
    seen: set[str] = set()
    for metric in knowledge.metrics():
        if metric.abbreviation in seen:  # a variant of a metric already listed ("CLV with retention") adds no name
            continue
        seen.add(metric.abbreviation)
        names = {metric.name, *metric.also_called, *([metric.abbreviation] if metric.abbreviation not in NOT_ABBREVIATIONS else [])}
        groups.append(tuple({name.lower() for name in names}))
    named: list[tuple[str, str, str]] = [(t.name, t.short, str(t.id)) for t in knowledge.relationship_types()]
    named += [(m.name, m.short, str(m.id)) for m in knowledge.motivations()]
    for name, short, ident in named:
        groups.append(tuple({name.lower(), short.lower(), ident.replace("_", "-").lower()}))
    return tuple(sorted(tuple(sorted(group)) for group in groups if len(group) > 1))


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def other_spellings(text: str) -> list[str]:
    """The words, not in ``text``, by which a reader may look for what ``text`` speaks of."""
    lowered = text.lower()
    found: set[str] = {"".join(word.split("-")) for word in _HYPHENATED.findall(lowered)}
    for group in synonym_groups():
        if any(_mentions(lowered, name) for name in group):
            for name in group:
                found.update(re.findall(r"[^\W_]+", name.replace("-", "")))
                found.update(re.findall(r"[^\W_]+", name))
    present = set(re.findall(r"[^\W_]+", lowered))
    return sorted(found - present)


def page_keywords(doctree: nodes.Node) -> list[str]:
    """The other spellings of what a page says in words: its text, not the markup of its drawings (raw SVG or HTML)."""
    said = (text.astext() for text in doctree.findall(nodes.Text) if not isinstance(text.parent, nodes.raw | nodes.comment))
    return other_spellings(" ".join(said))


def _add_keywords(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    words = page_keywords(doctree)
    if words:
        doctree.insert(0, nodes.meta(name="keywords", content=", ".join(words)))


def setup_search_terms(app: Sphinx) -> None:
    app.connect("doctree-resolved", _add_keywords)
