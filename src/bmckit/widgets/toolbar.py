"""The canvas editor's toolbar: load a case study or a kept canvas, open a file, save, export, and undo a load.

The toolbar only asks: each control calls the editor back (:class:`bmckit.widgets.editor.CanvasEditor`), which does
the work and says what came of it. What the toolbar shows of the editor's state is the list of kept canvases to open
(:meth:`EditorToolbar.list_kept`) and whether a load can be undone (:meth:`EditorToolbar.offer_undo`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from bmckit.cases import CASE_NAMES
from bmckit.layout import layout_for, paper_sizes
from bmckit.widgets import choices

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bmckit.widgets.keeping import KeptCanvas

EXPORTS = {"Printable PDF": "pdf", "Fillable PDF": "fillable", "SVG": "svg"}
NO_KEPT_CANVAS = ("a kept canvas…", "")
# One layout and one style for the toolbar's drop-downs, one of each for its buttons: each is a widget of its own for
# Python to make and the page to draw, and nothing changes these once they are made.
_AUTO = widgets.Layout(width="auto")
_BUTTON_LAYOUT = widgets.Layout()
_BUTTON = widgets.ButtonStyle()


class EditorToolbar(widgets.HBox):
    """Load, Open (a kept canvas), Open a file, Save as and Save, Export on a paper size, and Undo load, in one row."""

    def __init__(
        self,
        *,
        load_case: Callable[[str], object],
        open_kept: Callable[[str], object],
        load_file: Callable[[str, bytes], object],
        save: Callable[[str], object],
        export: Callable[[str, str], object],
        undo_load: Callable[[], object],
    ) -> None:
        cases = choices.dropdown("Load", [("a case study…", ""), *((name.capitalize(), name) for name in CASE_NAMES)], "", layout=_AUTO)

        def case_chosen(change: dict[str, Any]) -> None:
            if change["new"]:
                load_case(change["new"])
                cases.value = ""

        cases.observe(case_chosen, names="value")
        self.kept_choice = choices.dropdown("Open", [NO_KEPT_CANVAS], "", layout=_AUTO)

        def kept_chosen(change: dict[str, Any]) -> None:
            if change["new"]:
                open_kept(change["new"])
                self.kept_choice.value = ""

        self.kept_choice.observe(kept_chosen, names="value")
        upload = widgets.FileUpload(
            accept=".yaml,.yml,.json", multiple=False, description="Open a file", layout=_BUTTON_LAYOUT, style=_BUTTON
        )

        def uploaded(change: dict[str, Any]) -> None:
            for file in change["new"]:
                load_file(file["name"], bytes(file["content"]))

        upload.observe(uploaded, names="value")
        save_format = choices.dropdown("Save as", [("YAML", "yaml"), ("JSON", "json")], "yaml", layout=_AUTO)
        save_button = widgets.Button(
            description="Save",
            tooltip="Save the canvas file beside the notebook and offer it as a download",
            layout=_BUTTON_LAYOUT,
            style=_BUTTON,
        )
        save_button.on_click(lambda _: save(save_format.value))
        kind = choices.dropdown("Export", list(EXPORTS.items()), "pdf", layout=_AUTO)
        papers: choices.Options = [(layout_for(key).paper_name, key) for key in paper_sizes()]
        paper = choices.dropdown("on", papers, papers[0][1], layout=_AUTO)
        export_button = widgets.Button(
            description="Export", tooltip="Write the drawing and offer it as a download", layout=_BUTTON_LAYOUT, style=_BUTTON
        )
        export_button.on_click(lambda _: export(kind.value, paper.value))
        self.undo_button = widgets.Button(description="Undo load", layout=widgets.Layout(display="none"), style=_BUTTON)
        self.undo_button.on_click(lambda _: undo_load())
        super().__init__(
            [cases, self.kept_choice, upload, save_format, save_button, kind, paper, export_button, self.undo_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    def list_kept(self, kept: Sequence[KeptCanvas]) -> None:
        """Offer ``kept`` under "Open a kept canvas…" (disabled when there is none)."""
        self.kept_choice.options = [NO_KEPT_CANVAS, *((canvas.describe(), str(canvas.path)) for canvas in kept)]
        self.kept_choice.disabled = not kept

    def offer_undo(self, shown: bool) -> None:
        """Show *Undo load*, or hide it."""
        self.undo_button.layout.display = "inline-flex" if shown else "none"
