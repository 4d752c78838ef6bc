"""The case studies' relationships as tables, generated from their canvas files.

``{case-comparison}``: one row per case and segment, one column per
relationship type, each cell naming the motivations that type serves for
that segment (``:cases:`` picks some cases, in the order given).
``{case-relationships} <case>``: every item of one case's customer
relationships block, with its source, type, motivation, segments and status.
``{case-sources} <case>``: every other note of the case, block by block, with
its status and where it comes from.
``{case-type-uses}``: for each relationship type, what the five cases use it
for and where, so a lesson drawn from the comparison speaks of these cases.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bmckit import knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.knowledge import source_text
from bmckit.model import BlockId, Status
from bmckit.sphinxext.elements import bullets, paragraph, table, warn_unknown

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from bmckit.model import Canvas, Item, Motivation

NONE = "–"


def _motivation_name(motivation: Motivation | None) -> str:
    return knowledge.motivation(motivation).short if motivation else "Not stated"


def comparison_rows(names: tuple[str, ...]) -> list[list[str]]:
    """For each case and segment: ``Case: segment``, then per relationship type the motivations it serves, in order."""
    types = [t.id for t in knowledge.relationship_types()]
    order = [m.id for m in knowledge.motivations()]
    rows = []
    for name in names:
        canvas = load_case(name)
        items = canvas.blocks.get(BlockId.CUSTOMER_RELATIONSHIPS, ())
        for segment in canvas.segments:
            cells = []
            for type_id in types:
                found = {i.motivation for i in items if i.type == type_id and segment.id in i.segments}
                motivations = [_motivation_name(m) for m in order if m in found] + (["Not stated"] if None in found else [])
                cells.append(", ".join(motivations) if motivations else NONE)
            rows.append([f"{canvas.title}: {segment.name}", *cells])
    return rows


class CaseComparisonDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = {"cases": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        given = str(self.options.get("cases", "")).replace(",", " ").split()
        for name in given:
            if name not in CASE_NAMES:
                return warn_unknown(self, "case study", name, CASE_NAMES, subtype="case")
        names = tuple(given) or CASE_NAMES
        header = ["Case: segment", *(t.name for t in knowledge.relationship_types())]
        return [table(header, comparison_rows(names), classes=["bmc-case-comparison"])]


def relationship_rows(canvas: Canvas) -> list[list[str | nodes.Node]]:
    segments = {s.id: s.name for s in canvas.segments}
    rows: list[list[str | nodes.Node]] = []
    for item in canvas.blocks.get(BlockId.CUSTOMER_RELATIONSHIPS, ()):
        type_name = knowledge.relationship_type(item.type).name if item.type else "Not stated"
        names = ", ".join(segments.get(s, s) for s in item.segments) or "All segments"
        rows.append([_with_source(item), type_name, _motivation_name(item.motivation), names, _status(item)])
    return rows


def _with_source(item: Item) -> nodes.Node:
    """The note's text, then where it comes from, in the same cell: a sixth column would not fit a page's width."""
    said = nodes.inline("", "", classes=["bmc-note-source"])
    said += [nodes.Text(". Source: "), source_node(item.source, item.status)]
    return nodes.inline("", "", nodes.Text(item.text), said)


def _status(item: Item) -> str:
    return str(item.status).capitalize() if item.status else NONE


URL = re.compile(r"https?://\S+")


def source_node(source: str, status: Status | None = None) -> nodes.Node:
    """The source in a cell: an article's title (linked to the Sources page where the site has one), or the citation
    with its address as a link."""
    shown = source_text(source, status)
    found = URL.search(shown)
    if found is None:
        return nodes.inline(shown, shown)
    url = found[0].rstrip(".,;)")
    before, after = shown[: found.start()], shown[found.start() + len(url) :]
    return nodes.inline("", "", nodes.Text(before), nodes.reference(url, url, refuri=url), nodes.Text(after))


class _CaseTableDirective(SphinxDirective):
    """A table about one case study, named by its argument; a name that is no case study is a warning naming those that are."""

    has_content = False
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in CASE_NAMES:
            return warn_unknown(self, "case study", name, CASE_NAMES, subtype="case")
        return [self.case_table(load_case(name))]

    def case_table(self, canvas: Canvas) -> nodes.Node:
        raise NotImplementedError


class CaseRelationshipsDirective(_CaseTableDirective):
    """``{case-relationships}``: the case's relationship notes, each with its type, motivation, segments and status."""

    def case_table(self, canvas: Canvas) -> nodes.Node:
        header = ["Relationship and its source", "Type", "Motivation", "Segments", "Status"]
        return table(header, relationship_rows(canvas), classes=["bmc-case-relationships"])


def source_rows(canvas: Canvas) -> list[list[str | nodes.Node]]:
    """Every note outside the relationships block (whose table gives their sources): block, note, status, source."""
    rows: list[list[str | nodes.Node]] = []
    for block in knowledge.blocks():
        if block.id != BlockId.CUSTOMER_RELATIONSHIPS:
            rows += [[block.title, i.text, _status(i), source_node(i.source, i.status)] for i in canvas.blocks.get(block.id, ())]
    return rows


class CaseSourcesDirective(_CaseTableDirective):
    """``{case-sources}``: every other note of the case, with where it comes from."""

    def case_table(self, canvas: Canvas) -> nodes.Node:
        return table(["Block", "Note", "Status", "Source"], source_rows(canvas), classes=["bmc-case-sources"])


def type_uses(names: tuple[str, ...]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """For each relationship type: each motivation it serves in these cases, with the cases (by title) where it does."""
    cases = [load_case(n) for n in names]
    uses = []
    for kind in knowledge.relationship_types():
        served = []
        for motivation in knowledge.motivations():
            where = [
                c.title
                for c in cases
                if any(i.type == kind.id and i.motivation == motivation.id for i in c.blocks.get(BlockId.CUSTOMER_RELATIONSHIPS, ()))
            ]
            if where:
                served.append((motivation.short, where))
        uses.append((kind.name, served))
    return uses


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class CaseTypeUsesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        lines = []
        for kind, served in type_uses(CASE_NAMES):
            if not served:
                lines.append(f"{kind}: none of the five cases uses it.")
                continue
            parts = [f"{motivation.lower()} at {_and(where)}" for motivation, where in served]
            lines.append(f"{kind}: for {'; for '.join(parts)}.")
        return [paragraph("In these five case studies, each relationship type serves:"), bullets(lines)]


def setup_comparison_directives(app: Sphinx) -> None:
    app.add_directive("case-comparison", CaseComparisonDirective)
    app.add_directive("case-relationships", CaseRelationshipsDirective)
    app.add_directive("case-sources", CaseSourcesDirective)
    app.add_directive("case-type-uses", CaseTypeUsesDirective)
