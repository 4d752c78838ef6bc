"""Directives that draw the knowledge base into pages, so no fact is typed twice.

``{relationship-type} <id>``, ``{relationship-types-table}``,
``{block-questions} <block>``, ``{motivation} <id>``, ``{metric} <id>``,
``{statistics-table}`` and ``{knowledge-glossary} <part>``. Each reads
:mod:`bmckit.knowledge`; an unknown id is a ``bmckit`` warning naming the ids
that exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains.std import Glossary, make_glossary_term
from sphinx.util.docutils import SphinxDirective

from bmckit import economics, knowledge
from bmckit.sphinxext.elements import bullets, fields, paragraph, rubric, table, warn_unknown
from bmckit.sphinxext.formulas import typeset
from bmckit.sphinxext.site_links import motivation_anchor

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx


class _KnowledgeDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {}


class _ById(_KnowledgeDirective):
    required_arguments = 1
    what: ClassVar[str]
    subtype: ClassVar[str]

    def ids(self) -> list[str]:
        raise NotImplementedError

    def draw(self, given: str) -> list[nodes.Node]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        given = self.arguments[0].strip()
        if given not in self.ids():
            return warn_unknown(self, self.what, given, self.ids(), subtype=self.subtype)
        return self.draw(given)


def _card(kind: str, title: str, *body: nodes.Node) -> nodes.container:
    """A sphinx-design card (plain containers, styled when sphinx-design is loaded)."""
    header = nodes.container("", paragraph(nodes.strong(title, title)), classes=["sd-card-header"])
    content = nodes.container("", *body, classes=["sd-card-body"])
    return nodes.container("", header, content, classes=["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", f"bmc-{kind}"])


def _article_title(article_id: str) -> str:
    return next((a.title for a in knowledge.articles() if a.id == article_id), article_id)


class RelationshipTypeDirective(_ById):
    """``{relationship-type} <id>``: a card with the type's definition, costs, fit, risks and examples."""

    what, subtype = "relationship type", "relationship-type"

    def ids(self) -> list[str]:
        return [str(t.id) for t in knowledge.relationship_types()]

    def draw(self, given: str) -> list[nodes.Node]:
        info = knowledge.relationship_type(given)
        body: list[nodes.Node] = [
            paragraph(info.definition),
            fields(
                [
                    ("Personal contact", info.personal_contact),
                    ("Cost to serve", info.cost_to_serve),
                    ("Scalability", info.scalability),
                    ("Suits", info.suits_summary),
                ]
            ),
        ]
        if info.risks:
            body += [rubric("Risks"), bullets(info.risks)]
        if info.examples:
            body += [rubric("Examples"), bullets(f"{e.text} ({_article_title(e.article)})" for e in info.examples)]
        return [_card("relationship-type", info.name, *body)]


class RelationshipTypesTableDirective(_KnowledgeDirective):
    """``{relationship-types-table}``: the six types side by side."""

    def run(self) -> list[nodes.Node]:
        rows = [[t.name, t.personal_contact, t.cost_to_serve, t.scalability, t.suits_summary] for t in knowledge.relationship_types()]
        return [table(["Type", "Personal contact", "Cost to serve", "Scalability", "Suits"], rows, classes=["bmc-relationship-types"])]


class BlockQuestionsDirective(_ById):
    """``{block-questions} <block>``: what the block is for and the questions that fill it."""

    what, subtype = "block", "block"

    def ids(self) -> list[str]:
        return [str(b.id) for b in knowledge.blocks()]

    def draw(self, given: str) -> list[nodes.Node]:
        info = knowledge.block(given)
        return [_card("block-questions", info.title, paragraph(info.purpose), rubric("Guiding questions"), bullets(info.questions))]


class MotivationDirective(_ById):
    """``{motivation} <id>``: the motivation, the question it answers, and its tactics."""

    what, subtype = "motivation", "motivation"

    def ids(self) -> list[str]:
        return [str(m.id) for m in knowledge.motivations()]

    def draw(self, given: str) -> list[nodes.Node]:
        info = knowledge.motivation(given)
        card = _card(
            "motivation",
            info.name,
            paragraph(info.definition),
            fields([("Stage", info.stage), ("Question", info.question)]),
            rubric("Tactics"),
            bullets(info.tactics),
        )
        # The canvas links each relationship note's motivation here (bmckit-canvas.js opens the tab it sits in).
        card["ids"].append(motivation_anchor(str(info.id)))
        return [card]


class MetricDirective(_ById):
    """``{metric} <id>``: the metric's definition, formula (typeset from its TeX), variables, note and worked example."""

    what, subtype = "metric", "metric"

    def ids(self) -> list[str]:
        return [m.id for m in knowledge.metrics()]

    def draw(self, given: str) -> list[nodes.Node]:
        info = knowledge.metric(given)
        body: list[nodes.Node] = [
            paragraph(info.definition),
            typeset(info.tex, info.formula)
            if info.tex
            else nodes.literal_block(info.formula, info.formula, language="none", classes=["bmc-formula"]),
        ]
        if info.variables:
            body += [rubric("Where"), fields((v.symbol, v.meaning) for v in info.variables)]
        body.append(
            fields(
                [
                    ("Unit", info.unit),
                    ("Range", info.range),
                    ("Better when", "higher" if info.higher_is_better else "lower"),
                ]
            )
        )
        if info.note:
            body.append(paragraph(info.note))
        if info.example:
            body += _worked_example(info)
        return [_card("metric", f"{info.name} ({info.abbreviation})", *body)]


def _worked_example(info: knowledge.Metric) -> list[nodes.Node]:
    example = info.example
    assert example is not None
    result = knowledge.format_value(round(economics.example_result(info.id), 2), info.unit)  # worked out, never typed
    return [
        rubric("Worked example"),
        paragraph(example.scenario),
        fields((i.symbol, knowledge.format_value(i.value, i.unit)) for i in example.inputs),
        paragraph(nodes.strong("Result: ", "Result: "), f"{info.abbreviation} = {result}", classes=["bmc-example-result"]),
    ]


class StatisticsTableDirective(_KnowledgeDirective):
    """``{statistics-table}``: every cited figure, its source as the article attributes it, and where it is cited."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for stat in knowledge.statistics():
            source: str | nodes.Node = stat.source
            if stat.reference:
                source = nodes.reference(stat.source, stat.source, refuri=stat.reference)
            rows.append([stat.claim, source, "; ".join(_article_title(a) for a in stat.articles)])
        return [table(["Figure", "Source (as cited)", "Cited in"], rows, classes=["bmc-statistics"])]


class GlossaryEntry(NamedTuple):
    """One glossary entry drawn from the knowledge base: its terms (the first shown as its name) and its definition."""

    id: str
    terms: tuple[str, ...]
    definition: str


def _glossary_entries(part: str) -> list[GlossaryEntry]:
    """The entries of one part of the knowledge base, by the names a reader meets everywhere else."""
    # A short name where it differs ("Dedicated assistance", "Retention") is what labels and tables say, so it is a term too.
    if part == "relationship-types":
        return [GlossaryEntry(str(t.id), _names(t.name, t.short), t.definition) for t in knowledge.relationship_types()]
    return [GlossaryEntry(str(m.id), _names(m.name, m.short), m.definition) for m in knowledge.motivations()]


def _names(name: str, short: str) -> tuple[str, ...]:
    return (name,) if short == name else (name, short)


GLOSSARY_PARTS = ("relationship-types", "motivations")


class KnowledgeGlossaryDirective(Glossary):
    """``{knowledge-glossary} <part>``: a Sphinx glossary of the relationship types or the motivations, named and defined
    as the knowledge base has them, so ``{term}`` references reach them like any glossary term.

    The directive's content, written as a ``{glossary}``'s, comes first (a heading term such as "relationship type");
    ``:see:`` is a page for each entry, ``{id}`` standing for the entry's id (``relationships/{id}``).
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {"see": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        part = self.arguments[0].strip()
        if part not in GLOSSARY_PARTS:
            return warn_unknown(self, "glossary part", part, GLOSSARY_PARTS, subtype="glossary")
        drawn = super().run()
        glossary = next(node for node in drawn if isinstance(node, addnodes.glossary))
        listing = next(glossary.findall(nodes.definition_list))
        source, line = self.get_source_info()
        for entry in _glossary_entries(part):
            terms = [
                # anchored in lower case, as a hand-typed "personal assistance" was, whatever the name's capitals
                make_glossary_term(self.env, [nodes.Text(term)], None, source, line, f"term-{nodes.make_id(term)}", self.state.document)
                for term in entry.terms
            ]
            definition = paragraph(entry.definition)
            if "see" in self.options:
                definition += [nodes.Text(" See "), self._page_link(self.options["see"].format(id=entry.id)), nodes.Text(".")]
            listing += nodes.definition_list_item("", *terms, nodes.definition("", definition))
        return drawn

    def _page_link(self, docname: str) -> addnodes.pending_xref:
        """A link to a page, titled as the page is, as the ``{doc}`` role makes one."""
        return addnodes.pending_xref(
            "",
            nodes.inline(docname, docname, classes=["xref", "std", "std-doc"]),
            refdomain="std",
            reftype="doc",
            reftarget=docname,
            refexplicit=False,
            refwarn=True,
            refdoc=self.env.docname,
        )


def setup_knowledge_directives(app: Sphinx) -> None:
    app.add_directive("relationship-type", RelationshipTypeDirective)
    app.add_directive("relationship-types-table", RelationshipTypesTableDirective)
    app.add_directive("block-questions", BlockQuestionsDirective)
    app.add_directive("motivation", MotivationDirective)
    app.add_directive("metric", MetricDirective)
    app.add_directive("statistics-table", StatisticsTableDirective)
    app.add_directive("knowledge-glossary", KnowledgeGlossaryDirective)
