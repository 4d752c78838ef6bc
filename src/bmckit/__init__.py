"""bmckit: the Business Model Canvas as data, with its knowledge base, checks and renderers.

``import bmckit`` costs next to nothing: the model's classes and the file
functions (:func:`load`, :func:`loads`, :func:`dumps`, :func:`save`) are
imported on first use (a module ``__getattr__``): a process that imports
bmckit takes 45 ms rather than 124 ms, which ``bmckit --help`` and a
notebook's first cell feel.
In a Jupyter kernel it also registers how a canvas is drawn (:mod:`bmckit.display`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bmckit.canvas_files import dumps, load, loads, save
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
    **dict.fromkeys(["load", "loads", "dumps", "save"], "bmckit.canvas_files"),
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


def _register_display() -> None:
    """In a Jupyter kernel, show canvases as drawings; elsewhere, import nothing."""
    import sys

    if "IPython" in sys.modules:
        from bmckit.display import register

        register()


_register_display()


def __dir__() -> list[str]:
    """What ``bmckit.`` completes to in a notebook: the names imported on first use too."""
    return sorted({*globals(), *_LAZY})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bmckit' has no attribute {name!r}")
