"""The canvas editor: the nine blocks laid out as the canvas, a live drawing, the review, and load, save and export.

The editor's state is a :class:`bmckit.model.Canvas`: ``CanvasEditor(canvas)``
starts from one and ``editor.canvas`` gives one back, equal to the canvas it was
given until the reader changes something. Typing redraws the preview once the
reader pauses (see :mod:`bmckit.widgets.debounce`); a full redraw of a case
study takes a few milliseconds (``make bench`` measures it).

A student's canvas is never lost: the editor keeps it by itself in the
notebook's own storage, as each change is drawn, and offers it back after a
reload (see :mod:`bmckit.widgets.keeping`).
"""

from __future__ import annotations

import enum
import sys
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from bmckit.canvas_files import CanvasFileError, dumps, format_for, loads
from bmckit.cases import load_case
from bmckit.layout import block_grid, layout_for, reading_order
from bmckit.model import BlockId, Canvas, Header
from bmckit.render import MissingPdfExtraError, render
from bmckit.widgets import keeping
from bmckit.widgets.debounce import Debouncer
from bmckit.widgets.downloads import file_stem, offer
from bmckit.widgets.header import HeaderEditor, SegmentsEditor
from bmckit.widgets.items import BlockEditor
from bmckit.widgets.kept_view import KeptStatus, RestoreOffer, quoted, shown
from bmckit.widgets.review import ConsistencyReview
from bmckit.widgets.toolbar import EXPORTS, EditorToolbar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bmckit.model import Item, Segment

NO_PDF_EXTRA = (
    "PDF export needs bmckit's PDF extra (<code>pip install 'bmckit[pdf]'</code>). "
    "The SVG export works everywhere and prints on one landscape sheet."
)
BROWSER_NO_PDF = (
    "The fillable PDF cannot be made in the browser: the library that makes its form fields needs compiled parts that "
    "Python in a browser does not have. The printable PDF and the SVG work here; for the fillable PDF, run this notebook "
    "on Binder or on your own computer."
)
_AUTO = {"width": "auto"}


class _Default(enum.Enum):
    KEEP = "my-canvas unless a canvas is given"


class CanvasEditor(widgets.VBox):
    """Fill in a canvas, kept safe as you go.

    ``CanvasEditor()`` starts from an empty canvas and keeps it under the name ``"my-canvas"``: as each change is
    drawn it is written to ``bmckit-kept/my-canvas.yaml`` beside the notebook. Made again in the same kernel (a cell
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
        self.kept_status = KeptStatus()
        self.preview = widgets.HTML(layout=widgets.Layout(min_width="0", overflow="auto"))
        self.preview.add_class("bmc-preview")
        self.review = ConsistencyReview()
        self.review_beside = widgets.Checkbox(value=False, description="Review beside the drawing", indent=False, layout=_AUTO)
        self.review_beside.observe(lambda change: self._arrange(beside=change["new"]), names="value")
        self.drawing_area = widgets.Box([self.preview, self.review], layout=widgets.Layout(width="100%"))
        self._arrange(beside=False)
        self.form = widgets.VBox()
        self.toolbar = EditorToolbar(
            load_case=self.load_case,
            open_kept=self.open_kept,
            load_file=self.load_file,
            save=self.save,
            export=self.export,
            undo_load=self.undo_load,
        )
        self.offer_box = RestoreOffer(restore=self.restore, start_empty=self.start_without_restoring)
        super().__init__(
            [
                self.toolbar,
                self.offer_box,
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
            self.keeper.on_retiring(self._redraw.flush)
            self.keeper.on_retire(self.kept_status.retired)
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
        """Keep the canvas as it is now, then draw the preview and run the review: what the student sees drawn is kept."""
        if self.keeper is not None:
            self.keeper.changed()
        canvas = self.canvas
        for editor in self.blocks.values():
            editor.offer_segments(canvas.segments)
        self.segments_editor.recolour()
        self.preview.value = render(canvas, "svg", for_screen=True).text + segment_lens(canvas.segments)
        self.review.update(canvas)
        for listener in self._listeners:
            listener(canvas)

    # Kept canvases ---------------------------------------------------------------------------------------------------

    @property
    def offered(self) -> keeping.KeptCanvas | None:
        """The canvas an earlier kernel kept, offered back until the student restores it or starts without it."""
        return self.keeper.offer if self.keeper is not None and self.offer_box.shown else None

    def restore(self) -> None:
        """Take back the offered canvas: a load, so *Undo load* brings back the canvas shown before."""
        offered = self.offered
        if self.keeper is None or offered is None or offered.canvas is None:
            return
        self.offer_box.hide()
        self.keeper.take_back()
        self.load(offered.canvas)
        self._say(f"Restored {escape(quoted(offered.title))}. <em>Undo load</em> brings back the canvas you had.", undo=True)

    def start_without_restoring(self) -> None:
        """Leave the offered canvas where it is kept, under a name of its own, and keep this editor's canvas instead."""
        offered = self.offered
        if self.keeper is None or offered is None:
            return
        self.offer_box.hide()
        try:
            self.keeper.set_aside_earlier()
        except OSError as error:
            self._not_kept(error)
            return
        kept = self.keeper.found or offered
        self._say(
            f"{escape(quoted(kept.title))} stays kept as <code>{escape(shown(kept.path))}</code>: "
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
            f"Opened {escape(quoted(kept.title))} (kept as <code>{escape(shown(kept.path))}</code>, edited "
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
            f"Saved <code>{escape(shown(offered.path))}</code> beside this notebook. "
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
        self._say(f"Exported {escape(shown(offered.path))} ({escape(layout_for(paper).paper_name)}). {offered.link}{said}")
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

    def _show_keeping(self, carried_on: keeping.KeptCanvas | None) -> None:
        """Say where the canvas is kept, and offer back what an earlier kernel kept."""
        if self.keeper is None:
            self.kept_status.keeps_nothing()
            return
        self.kept_status.keeping(self.keeper.path, carried_on)
        if self.keeper.offer is not None:
            self.offer_box.show(self.keeper.offer, self.keeper.path)

    def _list_kept(self) -> None:
        """Offer every canvas kept in the folder but this editor's own under "Open a kept canvas…"."""
        own = self.keeper.path if self.keeper is not None else None
        self.toolbar.list_kept([kept for kept in keeping.kept_canvases(self.kept_folder) if kept.path.absolute() != own])

    def _not_kept(self, error: BaseException) -> None:
        if self.keeper is not None:
            self.kept_status.not_kept(self.keeper.path, error)

    def _say(self, html: str, *, error: bool = False, undo: bool = False) -> None:
        colour = "#a4000f" if error else "inherit"
        self.message.value = f'<div role="status" style="color:{colour}">{html}</div>'
        self.toolbar.offer_undo(undo and self._before_load is not None)


def segment_lens(segments: Sequence[Segment]) -> str:
    """A stylesheet for the drawing: pointing at a segment in its legend dims the notes that do not serve it, as the
    site's canvases do (a note that names no segment serves them all, and stays lit).

    The drawing is shown as it is, where no script runs; CSS alone does it, a rule for each segment."""
    rules = []
    for segment in segments:
        pointed = f".bmc-preview svg:has(.legend-entry[data-segment={_css_string(segment.id)}]:hover)"
        rules.append(f'{pointed} .note:not([data-segments~={_css_string(segment.id)}]):not([data-segments=""]) {{ opacity: 0.22; }}')
        rules.append(f"{pointed} .legend-entry:not([data-segment={_css_string(segment.id)}]) {{ opacity: 0.4; }}")
    return f"<style>{''.join(rules)}</style>" if rules else ""


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string, nor the style element it stands in."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", "\\a ")
    return f'"{escaped}"'


def _close(widget: widgets.Widget) -> None:
    """Close a widget and everything inside it, so the kernel does not keep the old editor's widgets alive."""
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()
