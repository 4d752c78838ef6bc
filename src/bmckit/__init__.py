"""bmckit: the Business Model Canvas as data, with its knowledge base, checks and renderers.

``import bmckit`` loads the model only; reading and writing files
(:func:`load`, :func:`loads`, :func:`dumps`, :func:`save`) import their
parser when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from bmckit.files import dumps, load, loads, save

__version__ = "0.1.0"

__all__ = [
    "BlockId",
    "Canvas",
    "CustomerValue",
    "Header",
    "Item",
    "MarketType",
    "Motivation",
    "RelationshipType",
    "Segment",
    "Status",
    "__version__",
    "dumps",
    "load",
    "loads",
    "save",
]

_FILE_FUNCTIONS = {"load", "loads", "dumps", "save"}


def __getattr__(name: str) -> Any:
    if name in _FILE_FUNCTIONS:
        from bmckit import files

        return getattr(files, name)
    raise AttributeError(f"module 'bmckit' has no attribute {name!r}")
