"""The case studies' relationships as tables, generated from their canvas files.

``{case-comparison}``: one row per case and segment, one column per
relationship type, each cell naming the motivations that type serves for
that segment (``:cases:`` picks some cases, in the order given).
``{case-relationships} <case>``: every item of one case's customer
relationships block, with its type, motivation, segments and status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bmckit import knowledge
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId
from bmckit.sphinxext.elements import table, warn_unknown

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx

    from bmckit.model import Canvas, Motivation

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


def relationship_rows(canvas: Canvas) -> list[list[str]]:
    segments = {s.id: s.name for s in canvas.segments}
    rows = []
    for item in canvas.blocks.get(BlockId.CUSTOMER_RELATIONSHIPS, ()):
        type_name = knowledge.relationship_type(item.type).name if item.type else "Not stated"
        names = ", ".join(segments.get(s, s) for s in item.segments) or "All segments"
        status = str(item.status).capitalize() if item.status else NONE
        rows.append([item.text, type_name, _motivation_name(item.motivation), names, status])
    return rows


class CaseRelationshipsDirective(SphinxDirective):
    has_content = False
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in CASE_NAMES:
            return warn_unknown(self, "case study", name, CASE_NAMES, subtype="case")
        header = ["Relationship", "Type", "Motivation", "Segments", "Status"]
        return [table(header, relationship_rows(load_case(name)), classes=["bmc-case-relationships"])]


def setup_comparison_directives(app: Sphinx) -> None:
    app.add_directive("case-comparison", CaseComparisonDirective)
    app.add_directive("case-relationships", CaseRelationshipsDirective)
