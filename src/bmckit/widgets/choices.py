"""The options of the editor's drop-downs, in the knowledge base's words.

Each list starts with "not stated" (``None``), so an item or a segment that
states nothing keeps stating nothing after a round trip through the editor.
"""

from __future__ import annotations

from bmckit import knowledge
from bmckit.model import CustomerValue, MarketType, Status

Options = list[tuple[str, object]]


def relationship_types() -> Options:
    return [("type: not stated", None), *((info.name, info.id) for info in knowledge.relationship_types())]


def motivations() -> Options:
    return [("motivation: not stated", None), *((info.name, info.id) for info in knowledge.motivations())]


def statuses() -> Options:
    return [("status: not stated", None), *((status.value.capitalize(), status) for status in Status)]


def market_types() -> Options:
    return [("market: not stated", None), *((kind.value.replace("-", " ").capitalize(), kind) for kind in MarketType)]


def customer_values() -> Options:
    return [("value: not stated", None), *((f"{value.value.capitalize()} value", value) for value in CustomerValue)]
