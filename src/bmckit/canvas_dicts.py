"""Between a checked document (plain dicts and lists, as in a canvas file) and the model.

Kept apart from :mod:`bmckit.canvas_files` so that front ends holding a document
already (the widgets, the form read-back) can build a canvas without parsing
text. The document is assumed valid against the canvas schema.
"""

from __future__ import annotations

from typing import Any

from bmckit.model import (
    BlockId,
    Canvas,
    CustomerValue,
    Header,
    Item,
    MarketType,
    Motivation,
    RelationshipType,
    Segment,
    Status,
)

HEADER_KEYS = ("title", "designed_for", "designed_by", "date", "version", "notes")
"""Header fields in the order files list them."""


def document_to_canvas(document: dict[str, Any]) -> Canvas:
    """A canvas from a schema-valid document."""
    header = Header(**{key: document[key] for key in HEADER_KEYS if key in document})
    segments = tuple(_segment(s) for s in document.get("segments", []))
    blocks = {BlockId(name): tuple(_item(i) for i in items) for name, items in document.get("blocks", {}).items()}
    return Canvas(header=header, segments=segments, blocks=blocks)


def canvas_to_document(canvas: Canvas) -> dict[str, Any]:
    """The document a canvas file holds: empty header fields left out, every block written."""
    document: dict[str, Any] = {}
    for key in HEADER_KEYS:
        value = getattr(canvas.header, key)
        if value or key == "title":
            document[key] = value
    if canvas.segments:
        document["segments"] = [_segment_document(s) for s in canvas.segments]
    document["blocks"] = {str(block): [item_document(i) for i in items] for block, items in canvas.blocks.items()}
    return document


def _segment(raw: dict[str, Any]) -> Segment:
    return Segment(
        id=raw["id"],
        name=raw["name"],
        colour=raw.get("colour"),
        market_type=MarketType(raw["market_type"]) if "market_type" in raw else None,
        customer_value=CustomerValue(raw["customer_value"]) if "customer_value" in raw else None,
    )


def _item(raw: str | dict[str, Any]) -> Item:
    if isinstance(raw, str):
        return Item(raw)
    return Item(
        text=raw["text"],
        segments=tuple(raw.get("segments", ())),
        status=Status(raw["status"]) if "status" in raw else None,
        type=RelationshipType(raw["type"]) if "type" in raw else None,
        motivation=Motivation(raw["motivation"]) if "motivation" in raw else None,
        source=raw.get("source", ""),
    )


def _segment_document(segment: Segment) -> dict[str, Any]:
    document: dict[str, Any] = {"id": segment.id, "name": segment.name}
    if segment.colour:
        document["colour"] = segment.colour
    if segment.market_type:
        document["market_type"] = str(segment.market_type)
    if segment.customer_value:
        document["customer_value"] = str(segment.customer_value)
    return document


def item_document(item: Item) -> str | dict[str, Any]:
    if item.is_plain:
        return item.text
    document: dict[str, Any] = {"text": item.text}
    if item.type:
        document["type"] = str(item.type)
    if item.motivation:
        document["motivation"] = str(item.motivation)
    if item.segments:
        document["segments"] = list(item.segments)
    if item.status:
        document["status"] = str(item.status)
    if item.source:
        document["source"] = item.source
    return document
