"""Benchmarks for `make bench`: medians of repeated runs, in-process and whole-process.

Run with the project's virtual environment; it prints a Markdown table and,
with ``--readme README.md``, writes it into the README between the
``<!-- bench:start -->`` and ``<!-- bench:end -->`` markers. Timings are
measurements, never assertions: the test suite does not time anything.

The renders called in-process, as a library's user calls them, are timed first, in a fresh process of their own
(``render_bench.py``), with Typst as the peer and a canvas with one very long note as a yardstick. Then whole
processes: ``bmckit render`` beside Typst typesetting the same case study from ``canvas.typ`` (see ``typst_peer.py``).

The documentation site's rows (build times, and the bytes its heaviest page fetches in Chromium beside an empty
page of the default sphinx-book-theme) come from ``site_bench.py``, and on the site it built, the editor in the
browser's (a click on notebook 02's page to a typed character drawn, for the editor alone and in the notebook) from
``lite_bench.py``, and Lighthouse's four scores on a phone for three pages from ``lighthouse_bench.py``; the notebooks' rows (the editor's keystroke to redrawn preview, each notebook's run time) from
``notebook_bench.py``; the class tools' rows (``bmckit batch`` for 30 and 300 teams beside Typst typesetting as many
canvases, ``bmckit review`` of 300 hand-ins) from ``classroom_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import classroom_bench
import notebook_bench
import site_bench
import typst_peer
from render_bench import LONG_NOTE, PEER_CASE, with_long_note

from bmckit import canvas_files
from bmckit.cases import load_case

if TYPE_CHECKING:
    from collections.abc import Callable

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


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


def in_process(row: Callable[..., None], repeat: int) -> float:
    """The rows ``render_bench.py`` times in a fresh process of its own, as a library's user calls a render; the
    machine's load average as they began."""
    script = Path(__file__).with_name("render_bench.py")
    found = subprocess.run([sys.executable, str(script), "--json", "--repeat", str(repeat)], check=True, stdout=subprocess.PIPE, text=True)
    first, *rows = (json.loads(line) for line in found.stdout.splitlines())
    for measured in rows:
        row(measured["name"], measured["value"], measured["target"], unit=measured["unit"])
    return float(first["load"])


def measure(repeat: int) -> tuple[list[tuple[str, str, str, bool]], float]:
    rows: list[tuple[str, str, str, bool]] = []

    def row(
        name: str, value: float, target: float | None, unit: str = "ms", below: str | None = None, at_least: float | None = None
    ) -> None:
        """``target`` is a ceiling; ``below`` names what the value must stay under (strictly), shown as the target
        instead of the number; ``at_least`` is a floor instead, as for a score."""
        shown = f"{value:.1f} {unit}" if unit == "ms" else f"{value:.0f}{unit}" if unit == "/100" else f"{value:.2f}{unit}"
        goal = "" if target is None else (f"≤ {target:g} {unit}" if unit == "ms" else f"≤ {target:g}{unit}")
        if below is not None:
            goal = f"< {below}"
        if at_least is not None:
            goal = f"≥ {at_least:g}{unit}"
        ok = target is None or (value < target if below is not None else value <= target)
        ok = ok and (at_least is None or value >= at_least)
        rows.append((name, shown, goal, ok))
        print(f"  {name}: {shown}", file=sys.stderr)

    # In-process rows first, while the machine is as quiet as the bench finds it: the whole-process rows after them start
    # Chromium, Jupyter kernels and sphinx-build, whose last processes can still be winding down when the next row starts.
    load = in_process(row, repeat)
    cases = {PEER_CASE: load_case(PEER_CASE)}
    kb = f"{LONG_NOTE // 1000} KB"
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
        canvas_files.save(with_long_note(cases[PEER_CASE], LONG_NOTE), big)
        long_render = process_ms([bmckit, "render", str(big), "-o", str(Path(folder, "big.pdf"))], max(3, runs // 2))
        row(f"`bmckit render big.yaml -o big.pdf`, one {kb} note", long_render / 1000, 3, unit=" s")
    site_bench.measure(row)  # whole sphinx-build processes, then the site's pages in Chromium
    notebook_bench.measure(row, repeat)  # the editor's redraw in-process, then each notebook in a fresh kernel
    classroom_bench.measure(row)  # bmckit batch and review as whole processes, beside the Typst peer
    return rows, load


def table(rows: list[tuple[str, str, str, bool]], load: float) -> str:
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    lines = [
        f"Measured with `make bench` ({machine}); medians of repeated runs after one warm-up. The in-process rows run",
        f"first, in a fresh process of their own, before the bench starts any other (load average {load:.2f} as they began); on a shared",
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
    # The notebooks' kernels over Unix sockets, as the site build starts them (bmckit.sphinxext.kernels): no TCP port.
    os.environ.setdefault("JUPYTER_DEFAULT_PROVISIONER_NAME", "bmckit-ipc")
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
