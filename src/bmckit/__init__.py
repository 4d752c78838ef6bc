"""bmckit: the Business Model Canvas as data, with its knowledge base, checks and renderers.

``import bmckit`` costs next to nothing: the model's classes and the file
functions (:func:`load`, :func:`loads`, :func:`dumps`, :func:`save`) are
imported on first use, so the command line starts as fast as Python does.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing would double the command's start-up time
if TYPE_CHECKING:
    from typing import Any

    from bmckit.files import dumps, load, loads, save
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

__version__ = "0.1.0"

_LAZY = {
    **dict.fromkeys(
        ["BlockId", "Canvas", "CustomerValue", "Header", "Item", "MarketType", "Motivation", "RelationshipType", "Segment", "Status"],
        "bmckit.model",
    ),
    **dict.fromkeys(["load", "loads", "dumps", "save"], "bmckit.files"),
}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bmckit' has no attribute {name!r}")
