"""A canvas as a readable Markdown outline: for a report, a wiki page or a pull request.

Every block is a section and every note a bullet; segments, relationship
types, motivations and statuses are spelled out in words, so the outline
reads well on its own, without colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bmckit import knowledge
from bmckit.margins import ATTRIBUTION, HEADER_FIELDS

if TYPE_CHECKING:
    from bmckit.model import Canvas, Item


def render(canvas: Canvas) -> str:
    """The canvas as Markdown text."""
    header = canvas.header
    lines = [f"# {_escape(canvas.title)}", ""]
    facts = [(label, getattr(header, name)) for label, name in HEADER_FIELDS]
    lines += [f"- **{label}:** {_escape(value)}" for label, value in facts if value]
    if header.notes:
        lines += ["", _escape(header.notes)]
    if canvas.segments:
        lines += ["", "## Customer segments", ""]
        for segment in canvas.segments:
            details = ", ".join(
                str(d)
                for d in (
                    segment.market_type and f"{segment.market_type} market",
                    segment.customer_value and f"{segment.customer_value} value",
                )
                if d
            )
            lines.append(f"- **{_escape(segment.name)}** (`{segment.id}`){': ' + details if details else ''}")
    for info in knowledge.blocks():
        lines += ["", f"## {info.title}", ""]
        items = canvas.items(info.id)
        lines += [_bullet(canvas, item) for item in items] or ["*(empty)*"]
    lines += ["", "---", "", f"*{ATTRIBUTION}.*", ""]
    return "\n".join(lines)


def _bullet(canvas: Canvas, item: Item) -> str:
    extras = []
    if item.type:
        extras.append(knowledge.relationship_type(item.type).name.lower())
    if item.motivation:
        extras.append(f"for {knowledge.motivation(item.motivation).short.lower()}")
    names = [s.name for s in canvas.segments if s.id in item.segments]
    if names:
        extras.append("serves " + ", ".join(_escape(n) for n in names))
    if item.status:
        extras.append(str(item.status))
    text = _escape(item.text).replace("\n", "  \n  ")
    return f"- {text}" + (f" — *{'; '.join(extras)}*" if extras else "")


def _escape(text: str) -> str:
    """Markdown and HTML characters as literal text, so a note cannot become markup; control characters made visible."""
    for ch in "\\`*_{}[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text.translate(_VISIBLE_CONTROLS)


_VISIBLE_CONTROLS: dict[int, int | str] = {
    **{code: 0x2400 + code for code in range(0x20) if chr(code) not in "\t\n"},  # ␀ … ␟: Unicode's control pictures
    0x7F: "\u2421",  # ␡
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},  # C1 controls have no pictures; shown escaped
}
"""Control characters as text a reader can see and a terminal cannot act on (an ESC could recolour or clear it).

Tabs and line breaks stay: they lay text out. A carriage return does not, here: it would hide what precedes it.
"""
