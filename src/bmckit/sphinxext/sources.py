"""The articles the site draws on: a Sources page listing them, and a link to it wherever a page names one.

``{article}`<id>``` names an article by its title, linked to its entry on the Sources page.
``{article-sources}``, on the Sources page (the document ``sources``): every article of
``knowledge/articles.toml``, its title, what the site takes from it and the pages that use it.

The pages that use an article are found, not typed: wherever a page names an article by its title (or a name in
``also_named``), in its own prose or in what a bmckit directive drew into it (a relationship type's examples, the
statistics table, a case's notes and their sources), the name becomes a link to the article's entry and the page
counts as one of its users. Section titles, code and links already made are left alone. A site without a
``sources`` page keeps the names as plain text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from bmckit import knowledge
from bmckit.package_data import data_path
from bmckit.sphinxext.elements import paragraph, warn_unknown

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SOURCES_PAGE = "sources"
"""The document that holds ``{article-sources}``, and that every named article links to."""

USERS = "bmc_article_users"
"""The build environment's record: article id → the documents that name it."""


def anchor(article_id: str) -> str:
    """The id of an article's entry on the Sources page."""
    return f"article-{article_id}"


class article_ref(nodes.Inline, nodes.TextElement):  # docutils names nodes in lower case
    """An article's name in a page, to become a link to its entry on the Sources page once every page is read."""


class article_users(nodes.Inline, nodes.TextElement):
    """Where the pages that use an article are listed, on the Sources page."""


def _users(env: BuildEnvironment) -> dict[str, set[str]]:
    if not hasattr(env, USERS):
        setattr(env, USERS, {})
    found: dict[str, set[str]] = getattr(env, USERS)
    return found


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every name of every article (longest first, any run of spaces between words), and name → id."""
    by_name = {" ".join(name.split()): a.id for a in knowledge.articles() for name in a.names}
    words = sorted(by_name, key=len, reverse=True)
    pattern = re.compile("|".join(r"\s+".join(map(re.escape, name.split())) for name in words))
    return pattern, by_name


LEFT_ALONE: tuple[type, ...] = (nodes.title, nodes.subtitle, nodes.reference, addnodes.pending_xref, nodes.literal)
LEFT_ALONE = (*LEFT_ALONE, nodes.FixedTextElement, nodes.raw, nodes.comment, nodes.target, article_ref, article_users, nodes.Invisible)


def _left_alone(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, LEFT_ALONE) or "bmc-source" in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def _join_text(document: nodes.document) -> None:
    """Make each run of neighbouring text nodes one, so a name the parser cut in pieces ("[", "Guide", "]") is found."""
    for element in document.findall(nodes.Element):
        children = element.children
        index = 0
        while index < len(children) - 1:
            if isinstance(children[index], nodes.Text) and isinstance(children[index + 1], nodes.Text):
                joined = nodes.Text(children[index].astext() + children[index + 1].astext())
                element.replace(children[index], joined)
                element.remove(children[index + 1])
            else:
                index += 1


class NameArticles(SphinxTransform):
    """Turn every article name in a page's text into an ``article_ref``; note the page as a user of each."""

    default_priority = 800  # after the parser and the directives have made the page's text

    def apply(self, **kwargs: Any) -> None:
        pattern, by_name = _names()
        _join_text(self.document)
        for text in list(self.document.findall(nodes.Text)):
            if text.parent is None or _left_alone(text) or not pattern.search(text.astext()):
                continue
            text.parent.replace(text, list(_split(text.astext(), pattern, by_name)))
        users = _users(self.env)
        for ref in self.document.findall(article_ref):
            users.setdefault(ref["article"], set()).add(self.env.docname)


def _split(value: str, pattern: re.Pattern[str], by_name: dict[str, str]) -> Iterator[nodes.Node]:
    start = 0
    for match in pattern.finditer(value):
        if match.start() > start:
            yield nodes.Text(value[start : match.start()])
        yield article_ref(match[0], match[0], article=by_name[" ".join(match[0].split())])
        start = match.end()
    if start < len(value):
        yield nodes.Text(value[start:])


def article_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Inliner, options: dict[str, Any] | None = None, content: Any = ()
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{article}`<id>```: the article's title, linked to its entry on the Sources page."""
    article_id = text.strip()
    article = next((a for a in knowledge.articles() if a.id == article_id), None)
    if article is None:
        ids = ", ".join(a.id for a in knowledge.articles())
        message = inliner.reporter.error(f"unknown article {article_id!r}; choose one of {ids}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [article_ref(rawtext, article.title, article=article.id)], []


class ArticleSourcesDirective(SphinxDirective):
    """``{article-sources}``: each article, what the site takes from it, and the pages that use it."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        if self.env.docname != SOURCES_PAGE:
            return warn_unknown(self, "page for the article sources", self.env.docname, [SOURCES_PAGE], subtype="sources")
        self.env.note_dependency(str(data_path("knowledge/articles.toml")))
        entries: list[nodes.Node] = []
        for article in knowledge.articles():
            title = nodes.strong(article.title, article.title)
            users = article_users("", article=article.id)
            entries.append(
                nodes.container(
                    "",
                    paragraph(title, classes=["bmc-source-title"]),
                    paragraph(nodes.emphasis("What the site takes from it: ", "What the site takes from it: "), article.takes),
                    paragraph(nodes.emphasis("Pages that use it: ", "Pages that use it: "), users),
                    ids=[anchor(article.id)],
                    classes=["bmc-source"],
                )
            )
        return entries


def link_articles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Once every page is read: each ``article_ref`` a link to the Sources page, each ``article_users`` its pages."""
    env = app.env
    has_page = SOURCES_PAGE in env.all_docs
    for ref in list(doctree.findall(article_ref)):
        if not has_page:
            ref.replace_self(nodes.inline("", "", *ref.children))
            continue
        target = "" if docname == SOURCES_PAGE else app.builder.get_relative_uri(docname, SOURCES_PAGE)
        link = nodes.reference("", "", *ref.children, internal=True, refuri=f"{target}#{anchor(ref['article'])}")
        link["classes"].append("bmc-article")
        ref.replace_self(link)
    users = _users(env)
    for placeholder in list(doctree.findall(article_users)):
        pages = sorted(users.get(placeholder["article"], set()) - {SOURCES_PAGE}, key=_reading_order(env))
        placeholder.replace_self(_page_list(app, pages, docname) if pages else [nodes.Text("none yet.")])


def _reading_order(env: BuildEnvironment) -> Any:
    """Pages in the order a reader meets them in the table of contents; any others after, by name."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, ()):
            visit(child)

    visit(env.config.root_doc)
    return lambda docname: (order.index(docname), "") if docname in order else (len(order), docname)


def _page_list(app: Sphinx, pages: list[str], fromdoc: str) -> list[nodes.Node]:
    made: list[nodes.Node] = []
    for index, page in enumerate(pages):
        if index:
            made.append(nodes.Text(", "))
        title = app.env.titles[page].astext() if page in app.env.titles else page
        made.append(nodes.reference(title, title, internal=True, refuri=app.builder.get_relative_uri(fromdoc, page)))
    made.append(nodes.Text("."))
    return made


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for pages in _users(env).values():
        pages.discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
    users = _users(env)
    for article_id, pages in _users(other).items():
        users.setdefault(article_id, set()).update(pages & set(docnames))


def _read_sources_again(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]) -> list[str]:
    """When any page is read again, the Sources page is too: its lists of users may have changed."""
    return [SOURCES_PAGE] if (added or changed or removed) and SOURCES_PAGE in env.found_docs else []


def setup_sources(app: Sphinx) -> None:
    app.add_node(article_ref)
    app.add_node(article_users)
    app.add_role("article", article_role)
    app.add_directive("article-sources", ArticleSourcesDirective)
    app.add_transform(NameArticles)
    app.connect("doctree-resolved", link_articles)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _read_sources_again)
