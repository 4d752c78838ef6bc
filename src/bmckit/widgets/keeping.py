"""The editor's canvas, kept safe by itself in the notebook's own storage, so that neither Run All nor a reload loses it.

A notebook's widgets live in its kernel: Run All makes the editor again, and a reload in JupyterLite starts a new
kernel, so whatever the student had typed was gone unless they had saved it by hand. So the editor writes its
canvas, as each change is drawn, to a YAML file in a folder beside the notebook (``bmckit-kept/``). In JupyterLite
the kernel's working folder is the browser's own storage for the site, which outlives a reload; on Binder and on a
computer it is the working folder itself.

A kept file is an ordinary canvas file (``bmckit check`` and :func:`bmckit.load` read it) with one comment line on
top saying which kernel wrote it and when. The kernel is told by :data:`KERNEL`, made once per Python process when
this module is imported: an editor made again in the same kernel (a cell run again, Run All) carries on with the
canvas kept there, while an editor in a new kernel offers it back and waits for the student to say so. A kept file
is never deleted: one the student does not take back is set aside under a name of its own, and stays listed.

Pure Python, without ipywidgets, so that it runs in the browser's Python (Pyodide) and is tested without a kernel.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import re
import weakref
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bmckit.canvas_files import dumps, loads, read_text
from bmckit.widgets.debounce import Debouncer, in_kernel
from bmckit.widgets.downloads import file_stem

if TYPE_CHECKING:
    from collections.abc import Callable

    from bmckit.model import Canvas
    from bmckit.widgets.debounce import Scheduled

KEPT_FOLDER = "bmckit-kept"
"""Where kept canvases go, relative to the notebook's working folder: visible, so the student finds them in the file list."""

DEFAULT_KEEP = "my-canvas"
"""The name an editor keeps its canvas under when none is given: ``bmckit-kept/my-canvas.yaml``."""

KEEP_DELAY = 0.0
"""Seconds of quiet before a change is written, once the editor asks: none. The editor asks when typing pauses, as
it draws the change (:mod:`bmckit.widgets.debounce`), so what a student sees drawn is kept, and a reload as quick as
a hand reaching for F5 loses nothing; with the 1 s wait there was before, a reload in that second lost the last
change. The cost is one write per pause in typing: 0.1 to 0.2 s in a browser for a case study (most of it the
browser's storage answering), while the text field the student types into never waits for Python."""

KERNEL = os.urandom(8).hex()
"""This Python process, told apart from the ones before it: a reload or a restart starts a new one."""

_FIRST_LINE = re.compile(r"# bmckit kept canvas: kernel (?P<kernel>[0-9a-f]+), saved (?P<saved>\S+)")


@dataclass(frozen=True)
class KeptCanvas:
    """A kept canvas file: where it is, when and by which kernel it was written, and the canvas (or why it cannot be read)."""

    path: Path
    saved: datetime
    """When it was written (time zone aware)."""
    kernel: str | None
    """The :data:`KERNEL` that wrote it; None for a canvas file put in the folder by hand."""
    canvas: Canvas | None
    """None when the file cannot be read."""
    problem: str = ""
    """Why the file cannot be read."""

    @property
    def readable(self) -> bool:
        return self.canvas is not None

    @property
    def title(self) -> str:
        """The canvas's title, or the file's name when it has none or cannot be read."""
        return self.canvas.title if self.canvas is not None and self.canvas.title.strip() else self.path.name

    @property
    def from_this_kernel(self) -> bool:
        return self.kernel == KERNEL

    def describe(self, now: datetime | None = None) -> str:
        """``"Corner bakery, edited 2 minutes ago"``, or the file's name and that it cannot be read."""
        if not self.readable:
            return f"{self.path.name} (cannot be read)"
        return f"{self.title}, edited {ago(self.saved, now)}"


def kept_folder(folder: str | Path | None = None) -> Path:
    """The folder kept canvases go in: ``folder``, or ``bmckit-kept`` in the working folder."""
    return Path(folder) if folder is not None else Path.cwd() / KEPT_FOLDER


def kept_path(keep: str, folder: str | Path | None = None) -> Path:
    """The file a canvas kept under the name ``keep`` goes in: ``bmckit-kept/my-canvas.yaml`` for ``"My canvas"``."""
    if not keep.strip():
        raise ValueError("a kept canvas needs a name; keep=None keeps nothing")
    return kept_folder(folder) / f"{file_stem(keep)}.yaml"


def kept_canvases(folder: str | Path | None = None) -> list[KeptCanvas]:
    """Every canvas kept in ``folder``, the one edited last first; a file that cannot be read is listed as such."""
    where = kept_folder(folder)
    if not where.is_dir():
        return []
    found = [read(path) for path in where.glob("*.yaml") if not path.name.startswith(".") and path.is_file()]
    return sorted(found, key=lambda kept: kept.saved, reverse=True)


_read_before: dict[Path, tuple[tuple[int, int], KeptCanvas]] = {}
"""Files already read, by path, with the size and time they had: listing again reads only what changed."""


def read(path: Path) -> KeptCanvas:
    """A kept file read back; whatever the storage holds, this says what it can and never raises for the file's content."""
    try:
        status = path.stat()
    except OSError as error:
        return KeptCanvas(path, datetime.now(UTC), None, None, error.strerror or str(error))
    signature = (status.st_mtime_ns, status.st_size)
    if path in _read_before and _read_before[path][0] == signature:
        return _read_before[path][1]
    modified = datetime.fromtimestamp(status.st_mtime, UTC)
    try:
        text = read_text(path)
    except ValueError as error:  # not UTF-8, or unreadable: CanvasFileError says which
        kept = KeptCanvas(path, modified, None, None, _first_line(error))
    else:
        kernel, saved = _stamp(text)
        try:
            canvas = loads(text, fmt="yaml", source=path.name)
        except (ValueError, RecursionError) as error:  # CanvasFileError names the line
            kept = KeptCanvas(path, saved or modified, kernel, None, _first_line(error))
        else:
            kept = KeptCanvas(path, saved or modified, kernel, canvas)
    _read_before[path] = (signature, kept)
    return kept


def write(canvas: Canvas, path: Path) -> KeptCanvas:
    """Keep ``canvas`` in ``path``: written whole to a file beside it, then put in its place, so no reader ever meets half a file."""
    saved = datetime.now(UTC).replace(microsecond=0)
    text = f"# bmckit kept canvas: kernel {KERNEL}, saved {saved.isoformat()}\n{dumps(canvas, 'yaml')}"
    # Every file operation is a question to the browser's storage in JupyterLite (a few milliseconds each, and a write
    # happens at every pause in typing): the folder is made only when it is missing, and the temporary file removed only
    # when it was not put in place.
    temporary = path.with_name(f".{path.name}.{KERNEL}.tmp")
    try:
        try:
            temporary.write_text(text, encoding="utf-8")
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    kept = KeptCanvas(path, saved, KERNEL, canvas)
    status = path.stat()
    _read_before[path] = ((status.st_mtime_ns, status.st_size), kept)
    return kept


def set_aside(kept: KeptCanvas) -> KeptCanvas:
    """Move a kept file to a name of its own (from its title), so another canvas can be kept where it was; nothing is deleted."""
    stem = file_stem(kept.title if kept.readable else f"unreadable {kept.path.stem}")
    target = free_name(kept.path.parent, stem)
    os.replace(kept.path, target)
    _read_before.pop(kept.path, None)
    return replace(kept, path=target)


def free_name(folder: Path, stem: str) -> Path:
    """``folder/stem.yaml``, or ``stem-2.yaml``, ``stem-3.yaml`` … whichever is not taken yet."""
    candidate, number = folder / f"{stem}.yaml", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}.yaml"
    return candidate


def ago(when: datetime, now: datetime | None = None) -> str:
    """How long ago, as a person says it: ``just now``, ``2 minutes ago``, ``yesterday``, ``on 3 March 2026``."""
    seconds = ((now or datetime.now(UTC)) - when).total_seconds()
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if minutes < 1:
        return "just now"  # a clock a little behind another counts as now too
    if hours < 1:
        return _count(minutes, "minute") + " ago"
    if days < 1:
        return _count(hours, "hour") + " ago"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"on {when.day} {when:%B %Y}"


class Keeper:
    """Keeps one editor's canvas in one file: what was kept there before, and each change as it is made.

    Only the newest keeper of a file in this kernel writes to it: an editor made again (a cell run again, Run All)
    takes over from the one before, after that one has written what it was still waiting to write. The canvas the
    editor starts with is not written; the first change is, and if the file then holds a canvas kept by an earlier
    kernel that was not taken back, that canvas is first set aside under a name of its own.
    """

    def __init__(
        self,
        path: Path,
        canvas: Callable[[], Canvas],
        *,
        delay: float = KEEP_DELAY,
        wait: bool | None = None,
        call_later: Callable[[float, Callable[[], None]], Scheduled] | None = None,
    ) -> None:
        self.path = path.absolute()
        self._canvas = canvas
        self._soon = Debouncer(self.write_now, delay, wait=wait, call_later=call_later)
        self._written_listeners: list[Callable[[KeptCanvas], None]] = []
        self._failure_listeners: list[Callable[[OSError], None]] = []
        self._retire_listeners: list[Callable[[], None]] = []
        self._retiring_listeners: list[Callable[[], None]] = []
        self._started = False
        self._written: Canvas | None = None
        self._claimed = False
        """Whether the file is this keeper's to overwrite: it has written it, or whatever was there was dealt with."""
        self.active = True
        previous = _keepers.get(self.path)
        if previous is not None:
            previous.retire()
        _keepers[self.path] = self
        self.found = read(self.path) if self.path.exists() else None
        """What was kept in the file when this keeper started (its path follows it when it is set aside)."""

    @property
    def carried_on(self) -> KeptCanvas | None:
        """The kept canvas to carry on with at once: one this kernel wrote (the editor was made again), readable."""
        return self.found if self.found is not None and self.found.readable and self.found.from_this_kernel else None

    @property
    def offer(self) -> KeptCanvas | None:
        """The kept canvas to offer back: one an earlier kernel wrote, or one that cannot be read."""
        return self.found if self.found is not None and self.carried_on is None else None

    def start(self, canvas: Canvas) -> None:
        """The canvas the editor shows first, which needs no writing; nothing is written before this is known.

        In a kernel, the first write's YAML writer is made ready as soon as the cell that made the editor is done, while
        the page draws the editor: a first change drawn otherwise waited for it (0.3 s and more in a browser)."""
        self._started, self._written = True, canvas
        if in_kernel():
            with contextlib.suppress(RuntimeError):  # no loop runs: nobody is typing
                asyncio.get_running_loop().call_soon(_ready_to_write, canvas)

    def on_write(self, listener: Callable[[KeptCanvas], None]) -> None:
        """Call ``listener(kept)`` after each write."""
        self._written_listeners.append(listener)

    def on_failure(self, listener: Callable[[OSError], None]) -> None:
        """Call ``listener(error)`` when the canvas could not be written (the storage is full or read-only)."""
        self._failure_listeners.append(listener)

    def on_retiring(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` as a newer keeper of the same file is about to take over, while this one still writes: an
        editor draws, and so keeps, a change still waiting for a pause in typing (Run All straight after a keystroke)."""
        self._retiring_listeners.append(listener)

    def on_retire(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` when a newer keeper of the same file takes over."""
        self._retire_listeners.append(listener)

    def changed(self) -> None:
        """Write the canvas, after ``delay`` seconds of quiet if one was given (at once outside a kernel, where nobody types)."""
        if self.active:
            self._soon()

    def flush(self) -> None:
        """Write a change still waiting, now."""
        self._soon.flush()

    @property
    def pending(self) -> bool:
        return self._soon.pending

    def write_now(self) -> KeptCanvas | None:
        """Write the canvas if it changed since it was last written; returns what was written."""
        if not (self.active and self._started):
            return None
        canvas = self._canvas()
        if canvas == self._written:
            return None
        try:
            if not self._claimed:
                self.set_aside_earlier()
            kept = write(canvas, self.path)
        except OSError as error:  # said where the student sees it: a write waited for runs where no one sees errors
            for failed in self._failure_listeners:
                failed(error)
            return None
        self._written, self._claimed = canvas, True
        for listener in self._written_listeners:
            listener(kept)
        return kept

    def take_back(self) -> None:
        """The offered canvas is being taken back (loaded into the editor): the file is this kernel's to overwrite, and the
        next write, the load's, stamps it with this kernel even if the canvas is the one the editor started with."""
        self._claimed, self._written = True, None

    def set_aside_earlier(self) -> None:
        """Set aside what an earlier kernel kept in the file (or what cannot be read), so the next write loses nothing."""
        self._claimed = True
        if not self.path.exists():
            return
        there = read(self.path)
        if there.readable and there.from_this_kernel:
            return
        moved = set_aside(there)
        if self.found is not None and self.found.path == self.path:
            self.found = replace(self.found, path=moved.path)

    def retire(self) -> None:
        """Write what is waiting and stop: a newer keeper of the same file takes over."""
        for retiring in self._retiring_listeners:
            retiring()
        self.flush()
        self.active = False
        for listener in self._retire_listeners:
            listener()


_keepers: weakref.WeakValueDictionary[Path, Keeper] = weakref.WeakValueDictionary()
"""The keeper writing each file in this kernel."""


def _ready_to_write(canvas: Canvas) -> None:
    """Write ``canvas`` as YAML text, and throw it away: the first time loads and sets up the YAML writer."""
    dumps(canvas, "yaml")


@atexit.register
def _write_what_is_waiting() -> None:
    """A kernel shut down or restarted on Binder or a computer still writes the last change (a browser tab closing cannot)."""
    for keeper in list(_keepers.values()):
        if keeper.active and keeper.pending:
            with contextlib.suppress(OSError):  # the folder went away with the session: nothing left to keep it in
                keeper.flush()


def _stamp(text: str) -> tuple[str | None, datetime | None]:
    match = _FIRST_LINE.match(text)
    if match is None:
        return None, None
    try:
        saved = datetime.fromisoformat(match["saved"])
    except ValueError:
        return match["kernel"], None
    return match["kernel"], saved if saved.tzinfo is not None else None


def _first_line(error: BaseException) -> str:
    said = str(error).strip()
    return said.splitlines()[0] if said else type(error).__name__


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
