"""Benchmarks for `make bench`: medians of repeated runs, in-process and whole-process.

Run with the project's virtual environment; it prints a Markdown table and,
with ``--readme README.md``, writes it into the README between the
``<!-- bench:start -->`` and ``<!-- bench:end -->`` markers. Timings are
measurements, never assertions: the test suite does not time anything.

Two yardsticks besides the targets: a canvas with one very long note, at 50 KB
and 500 KB, whose ratio shows that fitting text grows linearly (≈ 10×); and
Typst, which typesets the same case study from ``canvas.typ`` (see
``typst_peer.py``) as a whole process and in-process with the text changed
between runs, since Typst caches what it has laid out before.

The documentation site's rows (build times, and the bytes its heaviest page fetches in Chromium beside an empty
page of the default sphinx-book-theme) come from ``site_bench.py``, and on the site it built, the editor in the
browser's (a click on notebook 02's page to a typed character drawn, for the editor alone and in the notebook) from
``lite_bench.py``; the notebooks' rows (the editor's keystroke to redrawn preview, each notebook's run time) from
``notebook_bench.py``; the class tools' rows (``bmckit batch`` for 30 and 300 teams beside Typst typesetting as many
canvases, ``bmckit review`` of 300 hand-ins) from ``classroom_bench.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import classroom_bench
import notebook_bench
import site_bench
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

START, END = "<!-- bench:start -->", "<!-- bench:end -->"

PEER_CASE = "netflix"
"""The case study both bmckit and Typst typeset as a whole process."""

LONG_NOTE = 500_000
"""Characters in the long note; it is also measured at a tenth of this, to show the growth."""

LONG_NOTE_WORDS = (
    "Subscribers watch films and series on any screen, without adverts; Ελληνικά и кириллица too, and "
    "a-hyphenated-compound-word-far-too-long-for-any-line-of-a-column now and then"
)


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


def process_ms(command: list[str], repeat: int) -> float:
    """The median time of ``command`` as a whole process, as users run it: with Python's bytecode cache.

    PYTHONDONTWRITEBYTECODE (set in some environments, CI's among them) is
    left out, and the first, untimed run writes the cache the timed runs use;
    otherwise every run would compile bmckit again, which no installed copy does.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def interleaved_ms(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median times of several whole processes, run in turn (a, b, c, a, b, c …) so that a busy moment of the
    machine weighs on each alike, and their ratios stay fair; bytecode cached as in :func:`process_ms`."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    for command in commands.values():
        subprocess.run(command, check=True, capture_output=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


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


def in_process(row: Callable[..., None], repeat: int, cases: dict[str, Canvas], long_notes: dict[int, Canvas], kb: str) -> float:
    """The rows timed inside this process, a render called as a library's user calls it; the machine's load average as they began."""
    load = settled()
    print(f"in-process, median of {repeat} runs (load average {load:.2f})", file=sys.stderr)
    svg_times = [median_ms(partial(svg.render, c), repeat) for c in cases.values()]
    row("SVG of a case study (slowest of the five)", max(svg_times), 5)
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
    print(f"one long note, median of {long_runs} runs", file=sys.stderr)
    for name, render_long in (("SVG", svg.render), ("Printable PDF", printable_pdf.render)):
        short, long = (median_ms(partial(render_long, c), long_runs) for c in long_notes.values())
        row(f"{name} of a canvas with one {kb} note", long, None)
        row(f"… times the same with a {LONG_NOTE // 10_000} KB note (linear: 10×)", long / short, 12, unit="×")
    return load


def measure(repeat: int) -> tuple[list[tuple[str, str, str, bool]], float]:
    rows: list[tuple[str, str, str, bool]] = []

    def row(name: str, value: float, target: float | None, unit: str = "ms", below: str | None = None) -> None:
        """``below`` names what the value must stay under (strictly), shown as the target instead of the number."""
        shown = f"{value:.1f} {unit}" if unit == "ms" else f"{value:.2f}{unit}"
        goal = "" if target is None else (f"≤ {target:g} {unit}" if unit == "ms" else f"≤ {target:g}{unit}")
        if below is not None:
            goal = f"< {below}"
        ok = target is None or (value < target if below is not None else value <= target)
        rows.append((name, shown, goal, ok))
        print(f"  {name}: {shown}", file=sys.stderr)

    cases = {name: load_case(name) for name in CASE_NAMES}
    long_notes = {length: with_long_note(cases[PEER_CASE], length) for length in (LONG_NOTE // 10, LONG_NOTE)}
    kb = f"{LONG_NOTE // 1000} KB"
    # In-process rows first, while the machine is as quiet as the bench finds it: the whole-process rows after them start
    # Chromium, Jupyter kernels and sphinx-build, whose last processes can still be winding down when the next row starts.
    load = in_process(row, repeat, cases, long_notes, kb)
    with tempfile.TemporaryDirectory() as folder:
        # Whole processes, each started afresh: what this process has loaded and cached does not carry over to them.
        runs = max(25, repeat // 2)
        print(f"whole process, median of {runs} runs taken in turn", file=sys.stderr)
        bmckit = str(Path(sys.executable).with_name("bmckit"))
        case = Path(folder, "case.yaml")
        canvas_files.save(cases[PEER_CASE], case)
        source = typst_peer.write(cases[PEER_CASE], Path(folder))
        whole = interleaved_ms(
            {
                "render": [bmckit, "render", str(case), "-o", str(Path(folder, "x.pdf"))],
                "peer": [sys.executable, *typst_peer.compile_command(source, Path(folder, "typst.pdf"))],
            },
            runs,
        )
        render, peer = whole["render"], whole["peer"]
        # Start-up is a target only as a person lives it: a canvas drawn in under 0.3 s, whole process.
        row("`bmckit render case.yaml -o x.pdf`", render / 1000, 0.3, unit=" s")
        row("Typst peer: the same canvas, `python -c 'import typst; typst.compile(…)'`", peer, None)
        row("`bmckit render case.yaml`, times the Typst peer", render / peer, None, unit="×")
        big = Path(folder, "big.yaml")
        canvas_files.save(long_notes[LONG_NOTE], big)
        long_render = process_ms([bmckit, "render", str(big), "-o", str(Path(folder, "big.pdf"))], max(3, runs // 2))
        row(f"`bmckit render big.yaml -o big.pdf`, one {kb} note", long_render / 1000, 3, unit=" s")
    site_bench.measure(row)  # whole sphinx-build processes, then the site's pages in Chromium
    notebook_bench.measure(row, repeat)  # the editor's redraw in-process, then each notebook in a fresh kernel
    classroom_bench.measure(row)  # bmckit batch and review as whole processes, beside the Typst peer
    return rows, load


def table(rows: list[tuple[str, str, str, bool]], load: float) -> str:
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    lines = [
        f"Measured with `make bench` ({machine}); medians of repeated runs after one warm-up. The in-process rows",
        f"run first, before the bench starts any other process (load average {load:.2f} as they began); on a shared",
        "two-core machine they vary by up to half from one run of the benchmark to the next.",
        "",
    ]
    lines += ["| measurement | median | target | |", "| --- | ---: | ---: | --- |"]
    lines += [f"| {name} | {value} | {target} | {'✓' if ok else '✗ over'} |" for name, value, target, ok in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="runs per in-process measurement (default: %(default)s)")
    parser.add_argument("--readme", type=Path, help="write the table into this file between the bench markers")
    args = parser.parse_args()
    result = table(*measure(args.repeat))
    print(result)
    if args.readme:
        text = args.readme.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        args.readme.write_text(f"{head}{START}\n{result}\n{END}{tail}", encoding="utf-8")
        print(f"wrote the table into {args.readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
