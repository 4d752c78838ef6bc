"""The consistency review: ``bmckit check``'s findings, beside the editor, redrawn as the canvas changes."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from bmckit import knowledge
from bmckit.check import check

if TYPE_CHECKING:
    from bmckit.check import Finding
    from bmckit.model import Canvas


class ConsistencyReview(widgets.HTML):
    """A list of what ``bmckit check`` finds in a canvas; ``update(canvas)`` redraws it."""

    def __init__(self, canvas: Canvas | None = None) -> None:
        super().__init__(layout=widgets.Layout(flex="1 1 16em", min_width="0", max_height="40em", overflow="auto"))
        self.add_class("bmc-review")
        self.findings: tuple[Finding, ...] = ()
        if canvas is not None:
            self.update(canvas)

    def update(self, canvas: Canvas) -> None:
        self.findings = tuple(check(canvas))
        self.value = review_html(self.findings)


def review_html(findings: tuple[Finding, ...]) -> str:
    """The findings as a short HTML list, each with the block (and note) it is about."""
    if not findings:
        return '<p class="bmc-widget-title"><strong>Consistency review</strong></p><p>No findings: every check <code>bmckit check</code> makes passes.</p>'
    entries = []
    for finding in findings:
        where = ""
        if finding.block is not None:
            where = escape(knowledge.block(finding.block).title)
            if finding.item:
                where += f": “{escape(_short(finding.item))}”"
            where = f"<br><small>{where}</small>"
        entries.append(f"<li>{escape(finding.message)}{where}</li>")
    count = f"{len(findings)} finding" + ("" if len(findings) == 1 else "s")
    return f'<p class="bmc-widget-title"><strong>Consistency review</strong></p><p>{count} from the same checks as <code>bmckit check</code>:</p><ul>{"".join(entries)}</ul>'


def _short(text: str, limit: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
