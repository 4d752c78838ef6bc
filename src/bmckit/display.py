"""A canvas draws itself in Jupyter: the SVG renderer registered with IPython's display.

The model knows nothing of renderers (they are above it), so the drawing is
wired here, at the top, by name: ``import bmckit`` in a running IPython
kernel registers it, and nothing is imported until a canvas is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bmckit.model import Canvas


def register(shell: Any = None) -> bool:
    """Show canvases as SVG in ``shell`` (the running IPython, if any); True when there was one to register with."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return False
    svg = shell.display_formatter.formatters["image/svg+xml"]
    svg.for_type_by_name("bmckit.model", "Canvas", canvas_svg)
    return True


def canvas_svg(canvas: Canvas) -> str:
    """The canvas as SVG as wide as the notebook, with no fixed size."""
    from bmckit.render import render

    return render(canvas, "svg", for_screen=True).text


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext bmckit.display``, for an IPython that imported bmckit before it started."""
    register(shell)
