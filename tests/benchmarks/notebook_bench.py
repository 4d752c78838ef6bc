"""The notebooks' rows of `make bench`: the editor's keystroke-to-drawing time and each notebook's run time.

The keystroke is measured in-process: a canvas editor holding a whole case study, a note's text set as a reader's
typing sets it (the widget's value), until the preview holds the new drawing and the review has run. The pause the
editor waits for before drawing (the debounce) is left out, so this is the work each redraw costs. Each notebook runs
as the site build runs it: a fresh kernel, every cell top to bottom with nbclient, kernel start-up included.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOTEBOOK_RUNS = 3
FRAME_MS = 1000 / 60


def keystroke_ms(case: str, repeat: int) -> float:
    """Median milliseconds from one changed character in a note to the redrawn preview, for a whole case study."""
    from bmckit.cases import load_case
    from bmckit.model import BlockId
    from bmckit.widgets import CanvasEditor

    editor = CanvasEditor(load_case(case), delay=0)  # no pause: each keystroke redraws at once
    note = editor.blocks[BlockId.CUSTOMER_RELATIONSHIPS].rows[0].text
    typed = note.value
    times = []
    for run in range(repeat + 1):
        typed += "abcdefghijklmnopqrstuvwxyz"[run % 26]
        before = editor.preview.value
        start = time.perf_counter()
        note.value = typed
        elapsed = time.perf_counter() - start
        assert editor.preview.value != before, "the preview did not change"
        if run:  # the first is a warm-up
            times.append(elapsed)
    return statistics.median(times) * 1000


def notebook_seconds(path: Path, runs: int = NOTEBOOK_RUNS) -> float:
    import nbformat
    from nbclient import NotebookClient

    times = []
    for _ in range(runs):
        notebook = nbformat.read(path, as_version=4)
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(row: Callable[..., None], repeat: int) -> None:
    print(f"editor: keystroke to redrawn preview, median of {repeat}", file=sys.stderr)
    row(
        "Editor: keystroke to redrawn preview and review, Amazon case study (in-process)",
        keystroke_ms("amazon", repeat),
        round(FRAME_MS, 1),
    )
    print(f"notebooks: each run top to bottom with nbclient, median of {NOTEBOOK_RUNS}", file=sys.stderr)
    for path in NOTEBOOKS:
        row(f"Notebook `{path.name}`, run top to bottom (fresh kernel)", notebook_seconds(path), None, unit=" s")
