"""Consistency checks: is the canvas coherent as a business model?

Validation (in :mod:`bmckit.canvas_files`) asks whether a file is well formed;
these rules ask whether the canvas makes sense: every segment is reached and
looked after, nothing is left dangling, and each relationship type suits the
segments it serves, with the reason taken from the knowledge base.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bmckit import knowledge
from bmckit.model import BlockId

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bmckit.model import Canvas, Item


@dataclass(frozen=True)
class Finding:
    """Something about a canvas worth a second look."""

    rule: str
    """A short, stable name for the rule, e.g. ``segment-without-channel``."""
    message: str
    block: BlockId | None = None
    index: int | None = None
    """Position of the item in its block, counted from 0."""
    item: str = ""
    """The item's text, so the reader can find it."""
    segment: str | None = None
    """The id of the segment the finding is about, if it is about one."""

    def __str__(self) -> str:
        if self.block is None:
            return f"{self.message} [{self.rule}]"
        where = f"{self.block}[{self.index}]" if self.index is not None else str(self.block)
        quoted = f" {self.item!r}" if self.item else ""
        return f"{where}{quoted}: {self.message} [{self.rule}]"


def check(canvas: Canvas) -> list[Finding]:
    """Every finding for a canvas, segment rules first, then item by item."""
    return [*_segment_findings(canvas), *_item_findings(canvas)]


def _segment_findings(canvas: Canvas) -> Iterator[Finding]:
    referenced = {ref for _, _, item in canvas.all_items() for ref in item.segments}
    for segment in canvas.segments:
        if segment.id not in referenced:
            yield Finding(
                "orphan-segment",
                f"segment {segment.id!r} ({segment.name}) is declared but no item refers to it; tag the notes that serve it, or remove it",
                BlockId.CUSTOMER_SEGMENTS,
                segment=segment.id,
            )
            continue
        for block, noun in ((BlockId.CUSTOMER_RELATIONSHIPS, "relationship"), (BlockId.CHANNELS, "channel")):
            if not any(item.serves(segment.id) for item in canvas.items(block)):
                yield Finding(
                    f"segment-without-{noun}",
                    f"no {noun} serves segment {segment.id!r} ({segment.name}); add a {block.replace('_', ' ')} note tagged with it",
                    block,
                    segment=segment.id,
                )


def _item_findings(canvas: Canvas) -> Iterator[Finding]:
    declared = {segment.id for segment in canvas.segments}
    for block, index, item in canvas.all_items():
        for ref in item.segments:
            if ref not in declared:
                yield Finding("undeclared-segment", f"refers to segment {ref!r}, which is not declared", block, index, item.text)
        if block is BlockId.CUSTOMER_RELATIONSHIPS:
            yield from _relationship_findings(canvas, index, item)


def _relationship_findings(canvas: Canvas, index: int, item: Item) -> Iterator[Finding]:
    block = BlockId.CUSTOMER_RELATIONSHIPS
    if item.type is None:
        yield Finding("relationship-without-type", "has no type; say which kind of relationship it is", block, index, item.text)
        return
    info = knowledge.relationship_type(item.type)
    for segment in canvas.segments:
        if not item.serves(segment.id):
            continue
        for rule in info.poor_fits:
            if rule.applies_to(segment.market_type, segment.customer_value):
                yield Finding(
                    "poor-fit",
                    f"{info.name.lower()} fits segment {segment.id!r} "
                    f"({segment.market_type or 'any'} market, {segment.customer_value or 'unknown'} value) badly: {rule.reason}",
                    block,
                    index,
                    item.text,
                )
