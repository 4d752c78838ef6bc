"""Jupyter widgets for working on a canvas: the editor, the relationship advisor, the review and the economics calculator.

Pure Python on top of ipywidgets 8 (``pip install 'bmckit[notebooks]'``), so
they run on Binder, in JupyterLab and in the browser alike.
"""

from __future__ import annotations

from bmckit.widgets.editor import CanvasEditor
from bmckit.widgets.review import ConsistencyReview

__all__ = ["CanvasEditor", "ConsistencyReview"]
