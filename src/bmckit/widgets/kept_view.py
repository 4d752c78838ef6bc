"""What the student sees of the editor's keeping: where the canvas is kept, and a canvas from earlier offered back.

The keeping itself is :mod:`bmckit.widgets.keeping` (pure Python, no widgets); the editor
(:class:`bmckit.widgets.editor.CanvasEditor`) decides what to do when the student answers. Here are the two widgets
between them: the line under the toolbar saying where each change goes (or that it could not be kept), and the
offer "Restore 'Corner bakery', edited 2 minutes ago" beside "Start empty".
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from bmckit.widgets.keeping import ago

if TYPE_CHECKING:
    from collections.abc import Callable

    from bmckit.widgets.keeping import KeptCanvas

_AUTO = widgets.Layout(width="auto")  # shared: nothing changes it (a layout is a widget of its own to make and draw)
_BUTTON = widgets.ButtonStyle()


class KeptStatus(widgets.HTML):
    """One small line: where the canvas is kept as the student works, or why it is not."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("bmc-kept")

    def keeps_nothing(self) -> None:
        self.value = "<small>This editor keeps nothing by itself: <em>Save</em> keeps its canvas.</small>"

    def keeping(self, path: Path, carried_on: KeptCanvas | None) -> None:
        """Say where each change goes, and which canvas the editor carried on with (made again in the same kernel)."""
        carrying = f"Carrying on with {escape(quoted(carried_on.title))}. " if carried_on is not None else ""
        self.value = f"<small>{carrying}Kept as you work: each change is written to {_code(path)} as it is drawn.</small>"

    def not_kept(self, path: Path, error: BaseException) -> None:
        self.value = (
            f'<small style="color:#a4000f">Could not keep the canvas in {_code(path)} ({escape(str(error))}): '
            "<em>Save</em> it to keep it.</small>"
        )

    def retired(self) -> None:
        self.value = "<small>A newer editor for this canvas has taken over: changes made here are no longer kept.</small>"


class RestoreOffer(widgets.HBox):
    """ "A canvas from an earlier session is kept in …" with *Restore …* and *Start empty*; hidden until :meth:`show`."""

    def __init__(self, *, restore: Callable[[], object], start_empty: Callable[[], object]) -> None:
        self.offer_text = widgets.HTML()
        self.restore_button = widgets.Button(  # a layout of its own: it is hidden when the kept canvas cannot be read
            description="Restore", button_style="primary", layout=widgets.Layout(width="auto"), style=_BUTTON
        )
        self.restore_button.on_click(lambda _: restore())
        self.start_empty_button = widgets.Button(description="Start empty", layout=_AUTO, style=_BUTTON)
        self.start_empty_button.on_click(lambda _: start_empty())
        super().__init__(
            [self.offer_text, self.restore_button, self.start_empty_button],
            layout=widgets.Layout(display="none", flex_flow="row wrap", align_items="center"),
        )
        self.add_class("bmc-restore")

    @property
    def shown(self) -> bool:
        return bool(self.layout.display != "none")

    def show(self, offered: KeptCanvas, kept_in: Path) -> None:
        """Offer ``offered`` back, kept in ``kept_in``; one that cannot be read is named, with why, and not offered."""
        where = _code(kept_in)
        if offered.canvas is not None:
            self.offer_text.value = f"A canvas from an earlier session is kept in {where}."
            self.restore_button.description = f"Restore {quoted(offered.title)}, edited {ago(offered.saved)}"
            self.restore_button.tooltip = f"Open the canvas kept in {shown(offered.path)}"
        else:
            self.offer_text.value = (
                f"The canvas kept in {where} cannot be read ({escape(offered.problem)}). "
                "It is set aside under a name of its own, never deleted, once you change anything here."
            )
            self.restore_button.layout.display = "none"
        self.layout.display = "flex"

    def hide(self) -> None:
        self.layout.display = "none"


def quoted(title: str, limit: int = 40) -> str:
    """A title as a button or a message quotes it, cut short when long."""
    short = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
    return f"'{short}'"


def shown(path: Path) -> str:
    """A written file's path as the reader finds it: relative to the notebook's folder."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _code(path: Path) -> str:
    return f"<code>{escape(shown(path))}</code>"
