"""The canvas editor: the nine blocks laid out as the canvas, a live drawing, the review, and load, save and export.

The editor's state is a :class:`bmckit.model.Canvas`: ``CanvasEditor(canvas)``
starts from one and ``editor.canvas`` gives one back, equal to the canvas it was
given until the reader changes something. Typing redraws the preview once the
reader pauses (see :mod:`bmckit.widgets.debounce`); a full redraw of a case
study takes a few milliseconds (``make bench`` measures it).

A student's canvas is never lost: the editor keeps it by itself in the
notebook's own storage, a moment after each change, and offers it back after a
reload (see :mod:`bmckit.widgets.keeping`).
"""

from __future__ import annotations

import enum
import sys
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from bmckit.canvas_files import CanvasFileError, dumps, format_for, loads
from bmckit.cases import CASE_NAMES, load_case
from bmckit.layout import block_grid, layout_for, paper_sizes, reading_order
from bmckit.model import BlockId, Canvas, Header
from bmckit.render import MissingPdfExtraError, render
from bmckit.widgets import choices, keeping
from bmckit.widgets.debounce import Debouncer
from bmckit.widgets.downloads import file_stem, offer
from bmckit.widgets.header import HeaderEditor, SegmentsEditor
from bmckit.widgets.items import BlockEditor
from bmckit.widgets.review import ConsistencyReview

if TYPE_CHECKING:
    from collections.abc import Callable

    from bmckit.model import Item

EXPORTS = {"Printable PDF": "pdf", "Fillable PDF": "fillable", "SVG": "svg"}
NO_PDF_EXTRA = (
    "PDF export needs bmckit's PDF extra (<code>pip install 'bmckit[pdf]'</code>). "
    "The SVG export works everywhere and prints on one landscape sheet."
)
BROWSER_NO_PDF = (
    "The fillable PDF cannot be made in the browser: the library that makes its form fields needs compiled parts that "
    "Python in a browser does not have. The printable PDF and the SVG work here; for the fillable PDF, run this notebook "
    "on Binder or on your own computer."
)
NO_KEPT_CANVAS = ("a kept canvas…", "")
_AUTO = {"width": "auto"}


class _Default(enum.Enum):
    KEEP = "my-canvas unless a canvas is given"


class CanvasEditor(widgets.VBox):
    """Fill in a canvas, kept safe as you go.

    ``CanvasEditor()`` starts from an empty canvas and keeps it under the name ``"my-canvas"``: a moment after each
    change it is written to ``bmckit-kept/my-canvas.yaml`` beside the notebook. Made again in the same kernel (a cell
    run again, Run All), the editor carries on with the kept canvas; in a new kernel (after a reload or a restart) it
    starts empty and offers the kept canvas back in one click ("Restore 'Corner bakery', edited 2 minutes ago").

    ``CanvasEditor(canvas)`` starts from ``canvas`` and keeps nothing unless asked, so that an example or a case study
    shown in a notebook never takes the place of the student's kept canvas. ``keep`` names what to keep the canvas
    under (``CanvasEditor(case, keep="amazon-draft")``, where ``case`` is the start until something is kept under that
    name); ``keep=None`` keeps nothing. ``kept_folder`` is where kept canvases go (``bmckit-kept`` in the working
    folder by default); ``delay`` is the pause in typing before the preview is drawn again.
    """

    def __init__(
        self,
        canvas: Canvas | None = None,
        *,
        keep: str | _Default | None = _Default.KEEP,
        kept_folder: str | Path | None = None,
        delay: float | None = None,
    ) -> None:
        self._listeners: list[Callable[[Canvas], None]] = []
        self._before_load: Canvas | None = None
        self._redraw = Debouncer(self.refresh) if delay is None else Debouncer(self.refresh, delay)
        self.kept_folder = keeping.kept_folder(kept_folder)
        keep_name = (keeping.DEFAULT_KEEP if canvas is None else None) if keep is _Default.KEEP else keep
        self.keeper = keeping.Keeper(keeping.kept_path(keep_name, self.kept_folder), lambda: self.canvas) if keep_name else None
        self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.message.add_class("bmc-message")
        self.kept_status = widgets.HTML()
        self.kept_status.add_class("bmc-kept")
        self.preview = widgets.HTML(layout=widgets.Layout(min_width="0", overflow="auto"))
        self.preview.add_class("bmc-preview")
        self.review = ConsistencyReview()
        self.review_beside = widgets.Checkbox(value=False, description="Review beside the drawing", indent=False, layout=_AUTO)
        self.review_beside.observe(lambda change: self._arrange(beside=change["new"]), names="value")
        self.drawing_area = widgets.Box([self.preview, self.review], layout=widgets.Layout(width="100%"))
        self._arrange(beside=False)
        self.form = widgets.VBox()
        super().__init__(
            [
                self._toolbar(),
                self._restore_offer(),
                self.kept_status,
                self.message,
                self.form,
                widgets.HBox([self.review_beside], layout=widgets.Layout(justify_content="flex-end")),
                self.drawing_area,
            ]
        )
        self.add_class("bmc-editor")
        carried_on = self.keeper.carried_on if self.keeper is not None else None
        start = carried_on.canvas if carried_on is not None and carried_on.canvas is not None else canvas
        self._build(start if start is not None else Canvas(Header(title="My business model")))
        if self.keeper is not None:
            self.keeper.start(self.canvas)  # the canvas it starts with needs no writing
            self.keeper.on_write(lambda _: self._list_kept())
            self.keeper.on_failure(self._not_kept)
            self.keeper.on_retire(self._retired)
        self.refresh()
        self._show_keeping(carried_on)
        self._list_kept()

    # The canvas in, the canvas out ---------------------------------------------------------------------------------

    @property
    def canvas(self) -> Canvas:
        """The canvas as the editor shows it now."""
        return Canvas(
            header=self.header_editor.header,
            segments=self.segments_editor.segments,
            blocks={block: editor.items for block, editor in self.blocks.items()},
        )

    def load(self, canvas: Canvas) -> None:
        """Show another canvas; :meth:`undo_load` brings back the one shown before."""
        self._before_load = self.canvas
        self._build(canvas)
        self.refresh()

    def undo_load(self) -> None:
        if self._before_load is not None:
            previous, self._before_load = self._before_load, None
            self._build(previous)
            self.refresh()
            self._say("Back to the canvas you had before loading.")

    def add_item(self, block: BlockId | str, item: Item) -> None:
        """Add a note to a block, as the "Add a note" button does, and redraw."""
        self.blocks[BlockId(block)].add(item)
        self.refresh()

    def on_change(self, listener: Callable[[Canvas], None]) -> None:
        """Call ``listener(canvas)`` after every redraw (the advisor uses this to follow the editor)."""
        self._listeners.append(listener)

    def refresh(self) -> None:
        """Draw the preview and run the review for the canvas as it is now, and keep it."""
        canvas = self.canvas
        for editor in self.blocks.values():
            editor.offer_segments(canvas.segments)
        self.segments_editor.recolour()
        self.preview.value = render(canvas, "svg", for_screen=True).text
        self.review.update(canvas)
        if self.keeper is not None:
            self.keeper.changed()
        for listener in self._listeners:
            listener(canvas)

    # Kept canvases ---------------------------------------------------------------------------------------------------

    @property
    def offered(self) -> keeping.KeptCanvas | None:
        """The canvas an earlier kernel kept, offered back until the student restores it or starts without it."""
        return self.keeper.offer if self.keeper is not None and self.offer_box.layout.display != "none" else None

    def restore(self) -> None:
        """Take back the offered canvas: a load, so *Undo load* brings back the canvas shown before."""
        offered = self.offered
        if self.keeper is None or offered is None or offered.canvas is None:
            return
        self.offer_box.layout.display = "none"
        self.keeper.take_back()
        self.load(offered.canvas)
        self._say(f"Restored {escape(_quoted(offered.title))}. <em>Undo load</em> brings back the canvas you had.", undo=True)

    def start_without_restoring(self) -> None:
        """Leave the offered canvas where it is kept, under a name of its own, and keep this editor's canvas instead."""
        offered = self.offered
        if self.keeper is None or offered is None:
            return
        self.offer_box.layout.display = "none"
        try:
            self.keeper.set_aside_earlier()
        except OSError as error:
            self._not_kept(error)
            return
        kept = self.keeper.found or offered
        self._say(
            f"{escape(_quoted(kept.title))} stays kept as <code>{escape(_shown(kept.path))}</code>: "
            "<em>Open a kept canvas…</em> brings it back."
        )
        self._list_kept()

    def open_kept(self, path: str | Path) -> bool:
        """Load a canvas kept in the notebook's storage; one that cannot be read leaves the editor as it was and says why."""
        kept = keeping.read(Path(path))
        if kept.canvas is None:
            self._say(f"{escape(kept.path.name)} cannot be read: {escape(kept.problem)}<br>Nothing was loaded.", error=True)
            return False
        self.load(kept.canvas)
        self._say(
            f"Opened {escape(_quoted(kept.title))} (kept as <code>{escape(_shown(kept.path))}</code>, edited "
            f"{escape(keeping.ago(kept.saved))}). <em>Undo load</em> brings back the canvas you had.",
            undo=True,
        )
        return True

    # Load, save, export ---------------------------------------------------------------------------------------------

    def load_case(self, name: str) -> None:
        self.load(load_case(name))
        self._say(
            f"Loaded the {escape(name.capitalize())} case study. Change anything; <em>Undo load</em> brings back your canvas.", undo=True
        )

    def load_file(self, name: str, content: bytes) -> bool:
        """Load an uploaded canvas file; a file bmckit cannot read leaves the editor as it was and says why."""
        try:
            fmt = format_for(name)
            canvas = loads(content.decode("utf-8-sig"), fmt=fmt, source=name)
        except UnicodeDecodeError:
            self._say(f"{escape(name)}: not a text file in UTF-8; nothing was loaded.", error=True)
            return False
        except (CanvasFileError, ValueError) as error:
            self._say(f"{escape(str(error))}<br>Nothing was loaded.", error=True)
            return False
        self.load(canvas)
        self._say(f"Loaded {escape(name)}. <em>Undo load</em> brings back the canvas you had.", undo=True)
        return True

    def save(self, fmt: str = "yaml") -> str:
        """Write the canvas as YAML or JSON beside the notebook and offer it as a download; returns the file's path."""
        canvas = self.canvas
        text = dumps(canvas, fmt)
        offered = offer(f"{file_stem(canvas.title)}.{fmt}", text)
        warning = ""
        try:
            loads(text, fmt=fmt, source=offered.path.name)
        except CanvasFileError as error:
            warning = f"<br>Saved as it is, but bmckit will read it back only once this is fixed: {escape(str(error))}"
        self._say(
            f"Saved <code>{escape(_shown(offered.path))}</code> beside this notebook. "
            f"To keep a copy on this computer or to hand it in: {offered.link}{warning}",
            error=bool(warning),
        )
        return str(offered.path)

    def export(self, kind: str = "pdf", paper: str = "a4") -> str:
        """Write a printable PDF (``pdf``), a fillable PDF (``fillable``) or an SVG (``svg``) and offer it; returns its path.

        What the render has to say (text set smaller or continued on another page, characters the PDF cannot
        print) is said in the message line, under the link.
        """
        if kind not in EXPORTS.values():
            raise ValueError(f"unknown export {kind!r}; choose one of {', '.join(EXPORTS.values())}")
        canvas = self.canvas
        fillable = kind == "fillable"
        try:
            rendered = render(canvas, "svg" if kind == "svg" else "pdf", paper=paper, fillable=fillable)
        except MissingPdfExtraError:
            self._say(BROWSER_NO_PDF if sys.platform == "emscripten" else NO_PDF_EXTRA, error=True)
            return ""
        stem = file_stem(canvas.title)
        name = f"{stem}.svg" if kind == "svg" else f"{stem}-{paper}{'-fillable' if fillable else ''}.pdf"
        offered = offer(name, rendered.data)
        said = "".join(f"<br>Note: {escape(str(note))}." for note in rendered.notes)
        self._say(f"Exported {escape(_shown(offered.path))} ({escape(layout_for(paper).paper_name)}). {offered.link}{said}")
        return str(offered.path)

    # Building the widgets --------------------------------------------------------------------------------------------

    def _build(self, canvas: Canvas) -> None:
        old = self.form.children
        changed = self._redraw
        self.header_editor = HeaderEditor(canvas.header, changed=changed)
        self.segments_editor = SegmentsEditor(canvas.segments, changed=changed)
        self.blocks = {block: BlockEditor(block, canvas.items(block), segments=canvas.segments, changed=changed) for block in BlockId}
        rows = block_grid()  # the canvas's own arrangement, as the drawing has it
        order = reading_order()  # where the editor is too narrow for it (data/widgets.css)
        for block, editor in self.blocks.items():
            editor.layout.grid_area = str(block)
            editor.layout.order = str(order.index(block))
        grid = widgets.GridBox(
            list(self.blocks.values()),
            layout=widgets.Layout(
                grid_template_columns=f"repeat({len(rows[0])}, minmax(0, 1fr))",
                grid_template_areas=" ".join(f'"{" ".join(map(str, row))}"' for row in rows),
                grid_gap="4px",
                width="100%",  # as wide as the editor, as the drawing under it is
            ),
        )
        grid.add_class("bmc-editor-grid")
        frame = widgets.Box([grid], layout=widgets.Layout(width="100%"))
        frame.add_class("bmc-editor-frame")  # the grid arranges itself by this frame's width (data/widgets.css)
        self.form.children = (
            widgets.HBox([self.header_editor, self.segments_editor], layout=widgets.Layout(flex_flow="row wrap")),
            frame,
        )
        for widget in old:
            _close(widget)

    def _arrange(self, *, beside: bool) -> None:
        """The drawing full width with the review under it, or the two side by side on a wide screen.

        Full width is what makes the drawing readable: an A4 canvas 1100 px wide (a notebook's output in a 1280 px
        window) draws its notes at 11 px (8.5 pt), where beside the review they came out at 7.7 px."""
        self.drawing_area.layout.flex_flow = "row wrap" if beside else "column"
        self.preview.layout.flex = "3 1 30em" if beside else "0 0 auto"
        self.review.layout.flex = "1 1 16em" if beside else "0 0 auto"

    def _toolbar(self) -> widgets.Widget:
        cases = widgets.Dropdown(
            description="Load",
            options=[("a case study…", ""), *((name.capitalize(), name) for name in CASE_NAMES)],
            style=choices.LABELLED,
            layout=_AUTO,
        )

        def case_chosen(change: dict[str, Any]) -> None:
            if change["new"]:
                self.load_case(change["new"])
                cases.value = ""

        cases.observe(case_chosen, names="value")
        self.kept_choice = widgets.Dropdown(description="Open", options=[NO_KEPT_CANVAS], style=choices.LABELLED, layout=_AUTO)

        def kept_chosen(change: dict[str, Any]) -> None:
            if change["new"]:
                self.open_kept(change["new"])
                self.kept_choice.value = ""

        self.kept_choice.observe(kept_chosen, names="value")
        upload = widgets.FileUpload(accept=".yaml,.yml,.json", multiple=False, description="Open a file")

        def uploaded(change: dict[str, Any]) -> None:
            for file in change["new"]:
                self.load_file(file["name"], bytes(file["content"]))

        upload.observe(uploaded, names="value")
        save_format = widgets.Dropdown(
            description="Save as", options=[("YAML", "yaml"), ("JSON", "json")], style=choices.LABELLED, layout=_AUTO
        )
        save = widgets.Button(description="Save", tooltip="Save the canvas file beside the notebook and offer it as a download")
        save.on_click(lambda _: self.save(save_format.value))
        kind = widgets.Dropdown(description="Export", options=list(EXPORTS.items()), style=choices.LABELLED, layout=_AUTO)
        paper = widgets.Dropdown(
            description="on", options=[(layout_for(key).paper_name, key) for key in paper_sizes()], style=choices.LABELLED, layout=_AUTO
        )
        export = widgets.Button(description="Export", tooltip="Write the drawing and offer it as a download")
        export.on_click(lambda _: self.export(kind.value, paper.value))
        self.undo_button = widgets.Button(description="Undo load", layout=widgets.Layout(display="none"))
        self.undo_button.on_click(lambda _: self.undo_load())
        return widgets.HBox(
            [cases, self.kept_choice, upload, save_format, save, kind, paper, export, self.undo_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    def _restore_offer(self) -> widgets.Widget:
        self.offer_text = widgets.HTML()
        self.restore_button = widgets.Button(description="Restore", button_style="primary", layout=_AUTO)
        self.restore_button.on_click(lambda _: self.restore())
        self.start_empty_button = widgets.Button(description="Start empty", layout=_AUTO)
        self.start_empty_button.on_click(lambda _: self.start_without_restoring())
        self.offer_box = widgets.HBox(
            [self.offer_text, self.restore_button, self.start_empty_button],
            layout=widgets.Layout(display="none", flex_flow="row wrap", align_items="center"),
        )
        self.offer_box.add_class("bmc-restore")
        return self.offer_box

    def _show_keeping(self, carried_on: keeping.KeptCanvas | None) -> None:
        """Say where the canvas is kept, and offer back what an earlier kernel kept."""
        if self.keeper is None:
            self.kept_status.value = "<small>This editor keeps nothing by itself: <em>Save</em> keeps its canvas.</small>"
            return
        where = f"<code>{escape(_shown(self.keeper.path))}</code>"
        carrying = f"Carrying on with {escape(_quoted(carried_on.title))}. " if carried_on is not None else ""
        self.kept_status.value = f"<small>{carrying}Kept as you work: each change is written to {where} a moment after you make it.</small>"
        offered = self.keeper.offer
        if offered is None:
            return
        if offered.canvas is not None:
            self.offer_text.value = f"A canvas from an earlier session is kept in {where}."
            self.restore_button.description = f"Restore {_quoted(offered.title)}, edited {keeping.ago(offered.saved)}"
            self.restore_button.tooltip = f"Open the canvas kept in {_shown(offered.path)}"
        else:
            self.offer_text.value = (
                f"The canvas kept in {where} cannot be read ({escape(offered.problem)}). "
                "It is set aside under a name of its own, never deleted, once you change anything here."
            )
            self.restore_button.layout.display = "none"
        self.offer_box.layout.display = "flex"

    def _list_kept(self) -> None:
        """Offer every canvas kept in the folder but this editor's own under "Open a kept canvas…"."""
        own = self.keeper.path if self.keeper is not None else None
        others = [kept for kept in keeping.kept_canvases(self.kept_folder) if kept.path.absolute() != own]
        self.kept_choice.options = [NO_KEPT_CANVAS, *((kept.describe(), str(kept.path)) for kept in others)]
        self.kept_choice.disabled = not others

    def _not_kept(self, error: BaseException) -> None:
        shown = _shown(self.keeper.path) if self.keeper is not None else ""
        self.kept_status.value = (
            f'<small style="color:#a4000f">Could not keep the canvas in <code>{escape(shown)}</code> '
            f"({escape(str(error))}): <em>Save</em> it to keep it.</small>"
        )

    def _retired(self) -> None:
        self.kept_status.value = "<small>A newer editor for this canvas has taken over: changes made here are no longer kept.</small>"

    def _say(self, html: str, *, error: bool = False, undo: bool = False) -> None:
        colour = "#a4000f" if error else "inherit"
        self.message.value = f'<div role="status" style="color:{colour}">{html}</div>'
        self.undo_button.layout.display = "inline-flex" if undo and self._before_load is not None else "none"


def _quoted(title: str, limit: int = 40) -> str:
    """A title as a button or a message quotes it, cut short when long."""
    short = title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
    return f"'{short}'"


def _shown(path: Path) -> str:
    """A written file's path as the reader finds it: relative to the notebook's folder."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _close(widget: widgets.Widget) -> None:
    """Close a widget and everything inside it, so the kernel does not keep the old editor's widgets alive."""
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()
