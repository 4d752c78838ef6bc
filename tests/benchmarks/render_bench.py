"""The in-process rows of `make bench`: renders called as a library's user calls them, in a process of their own.

``bench.py`` runs this module as a fresh Python process before anything else, and reads its rows back as JSON lines.
A fresh process is what a user of the library has: in the bench's own process, which has loaded Playwright, Jupyter's
client and the other benchmarks, the same SVG render measured half as slow again as in a script of its own. Typst, the
peer, is typeset in-process here too (see ``typst_peer.py``), with the text changed between runs, since Typst caches
what it has laid out before. Two yardsticks: a canvas with one very long note, at 50 KB and 500 KB, whose ratio shows
that fitting text grows linearly (≈ 10×).

Run alone: ``python tests/benchmarks/render_bench.py`` (a readable list), or with ``--json`` (what ``bench.py`` reads).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typst
import typst_peer

from bmckit import canvas_files
from bmckit.cases import CASE_NAMES, load_case
from bmckit.model import BlockId, Item
from bmckit.render import fillable_pdf, printable_pdf, svg
from bmckit.render.pdf import read_back

if TYPE_CHECKING:
    from collections.abc import Callable

    from bmckit.model import Canvas

PEER_CASE = "netflix"
"""The case study both bmckit and Typst typeset, here and as a whole process in ``bench.py``."""

LONG_NOTE = 500_000
"""Characters in the long note; it is also measured at a tenth of this, to show the growth."""

LONG_NOTE_WORDS = (
    "Subscribers watch films and series on any screen, without adverts; Ελληνικά и кириллица too, and "
    "a-hyphenated-compound-word-far-too-long-for-any-line-of-a-column now and then"
)

Row = dict[str, object]
"""One measurement: ``name``, ``value``, ``target`` (or None) and ``unit``, as ``bench.py``'s ``row`` takes them."""


def median_ms(work: Callable[[], object], repeat: int, prepare: Callable[[int], object] | None = None) -> float:
    """The median time of ``work()``; ``prepare(run)``, untimed, comes before each run, e.g. to change its input."""
    if prepare:
        prepare(-1)
    work()  # the first call loads fonts and fills caches: measure the steady state
    times = []
    for run in range(repeat):
        if prepare:
            prepare(run)
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved_medians_ms(work: Callable[[Canvas], object], canvases: list[Canvas], repeat: int) -> list[float]:
    """The median time of ``work(canvas)`` for each canvas, run in turn (a, b, c, a, b, c …): on a shared machine whose
    speed changes from one minute to the next, each canvas's runs then span the same minutes, so the slowest of them is
    the slowest canvas, not the one measured in a slow minute."""
    for canvas in canvases:
        work(canvas)  # fonts loaded and caches filled: measure the steady state
    times: list[list[float]] = [[] for _ in canvases]
    for _ in range(repeat):
        for index, canvas in enumerate(canvases):
            start = time.perf_counter()
            work(canvas)
            times[index].append(time.perf_counter() - start)
    return [statistics.median(runs) * 1000 for runs in times]


def with_long_note(canvas: Canvas, length: int) -> Canvas:
    """``canvas`` with one more value proposition, ``length`` characters long, in paragraphs of a few hundred words."""
    words = itertools.cycle(LONG_NOTE_WORDS.split())
    pieces, total = [], 0
    for count in itertools.count(1):
        word = next(words)
        pieces.append(word + ("\n" if count % 150 == 0 else " "))
        total += len(word) + 1
        if total >= length:
            break
    blocks = dict(canvas.blocks)
    blocks[BlockId.VALUE_PROPOSITIONS] += (Item("".join(pieces)[:length]),)
    return dataclasses.replace(canvas, blocks=blocks)


def settled(quiet: float = 0.5, longest: float = 90.0) -> float:
    """The machine's one-minute load average once it falls to ``quiet`` (what ran just before, such as installing the
    bench's packages, winding down), or after ``longest`` seconds, whichever comes first; said as it waits."""
    waited = 0.0
    while (load := os.getloadavg()[0]) > quiet and waited < longest:
        if waited % 15 == 0:
            print(f"waiting for the machine to settle: load average {load:.2f}", file=sys.stderr)
        time.sleep(5)
        waited += 5
    return load


def measure(repeat: int) -> tuple[list[Row], float]:
    """The rows, and the machine's load average as they began."""
    rows: list[Row] = []

    def row(name: str, value: float, target: float | None, unit: str = "ms") -> None:
        rows.append({"name": name, "value": value, "target": target, "unit": unit})

    cases = {name: load_case(name) for name in CASE_NAMES}
    load = settled()
    print(f"in-process, median of {repeat} runs (load average {load:.2f})", file=sys.stderr)
    row("SVG of a case study (slowest of the five)", max(interleaved_medians_ms(svg.render, list(cases.values()), repeat)), 5)
    row("Filled A4 PDF of a case study", median_ms(lambda: printable_pdf.render(cases["starbucks"]), repeat), 30)
    # 20 ms since forms carry their own Unicode font (about 90 KB of font objects for pypdf to write), so typed Greek
    # and Cyrillic show in every reader; it was 10 ms when they offered Helvetica alone.
    row("Blank fillable A4 PDF", median_ms(lambda: fillable_pdf.render_blank(), repeat), 20)
    fillable = fillable_pdf.render_fillable(cases["starbucks"])
    row("Pre-filled fillable A4 PDF", median_ms(lambda: fillable_pdf.render_fillable(cases["starbucks"]), repeat), None)
    text = canvas_files.dumps(cases["starbucks"])
    row("Read and validate a case study (YAML)", median_ms(lambda: canvas_files.loads(text), repeat), None)
    with tempfile.TemporaryDirectory() as folder:
        form = Path(folder, "form.pdf")
        form.write_bytes(fillable)
        row("Read a filled form back", median_ms(lambda: read_back.read(form), repeat), None)

    with tempfile.TemporaryDirectory() as folder:
        # Typst remembers what it laid out: change every note between runs, or it would only measure its cache.
        source = typst_peer.write(cases[PEER_CASE], Path(folder))
        output = Path(folder, "typst.pdf")

        def change_text(run: int) -> None:
            typst_peer.write(cases[PEER_CASE], Path(folder), suffix=f" ({run})")

        def typeset() -> None:
            typst.compile(str(source), output=str(output), font_paths=[typst_peer.FONTS], ignore_system_fonts=True)

        peer = median_ms(typeset, repeat, prepare=change_text)
    row("Typst peer in-process, the text changed between runs", peer, None)
    filled = median_ms(lambda: printable_pdf.render(cases[PEER_CASE]), repeat)
    row("Filled A4 PDF of the same case study, times the Typst peer", filled / peer, None, unit="×")

    long_runs = max(5, repeat // 8)
    kb = f"{LONG_NOTE // 1000} KB"
    print(f"one long note, median of {long_runs} runs", file=sys.stderr)
    long_notes = [with_long_note(cases[PEER_CASE], length) for length in (LONG_NOTE // 10, LONG_NOTE)]
    for name, render_long in (("SVG", svg.render), ("Printable PDF", printable_pdf.render)):
        short, long = (median_ms(partial(render_long, c), long_runs) for c in long_notes)
        row(f"{name} of a canvas with one {kb} note", long, None)
        row(f"… times the same with a {LONG_NOTE // 10_000} KB note (linear: 10×)", long / short, 12, unit="×")
    return rows, load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="runs per measurement (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="one JSON object a line: the load average, then the rows")
    args = parser.parse_args()
    rows, load = measure(args.repeat)
    if args.json:
        print(json.dumps({"load": load}))
        for found in rows:
            print(json.dumps(found, ensure_ascii=False))
    else:
        for found in rows:
            print(f"{found['name']}: {found['value']:.2f} {found['unit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
