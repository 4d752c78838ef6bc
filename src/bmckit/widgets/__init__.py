"""Jupyter widgets for working on a canvas: the editor, the relationship advisor, the review and the economics calculator.

Pure Python on top of ipywidgets 8 (``pip install 'bmckit[notebooks]'``), so
they run on Binder, in JupyterLab and in the browser alike. Each is imported
on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bmckit.widgets.advisor import RelationshipAdvisor
    from bmckit.widgets.calculator import EconomicsCalculator
    from bmckit.widgets.editor import CanvasEditor
    from bmckit.widgets.review import ConsistencyReview

_WHERE = {
    "CanvasEditor": "bmckit.widgets.editor",
    "ConsistencyReview": "bmckit.widgets.review",
    "RelationshipAdvisor": "bmckit.widgets.advisor",
    "EconomicsCalculator": "bmckit.widgets.calculator",
}

__all__ = ["CanvasEditor", "ConsistencyReview", "EconomicsCalculator", "RelationshipAdvisor"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'bmckit.widgets' has no attribute {name!r}")
