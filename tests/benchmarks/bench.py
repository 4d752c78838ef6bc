"""Benchmarks for `make bench`: medians of repeated runs, in-process and whole-process.

Run with the project's virtual environment; it prints a Markdown table and,
with ``--readme README.md``, writes it into the README between the
``<!-- bench:start -->`` and ``<!-- bench:end -->`` markers. Timings are
measurements, never assertions: the test suite does not time anything.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bmckit import files
from bmckit.cases import CASE_NAMES, load_case
from bmckit.render import pdf, pdf_form, pdf_read, svg

if TYPE_CHECKING:
    from collections.abc import Callable

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def median_ms(work: Callable[[], object], repeat: int) -> float:
    work()  # the first call loads fonts and fills caches: measure the steady state
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def process_ms(command: list[str], repeat: int) -> float:
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(repeat: int) -> list[tuple[str, str, str, bool]]:
    rows: list[tuple[str, str, str, bool]] = []

    def row(name: str, value: float, target: float | None, unit: str = "ms") -> None:
        shown = f"{value:.1f} {unit}" if unit == "ms" else f"{value:.2f}{unit}"
        goal = "" if target is None else (f"≤ {target:g} {unit}" if unit == "ms" else f"≤ {target:g}{unit}")
        rows.append((name, shown, goal, target is None or value <= target))
        print(f"  {name}: {shown}", file=sys.stderr)

    cases = {name: load_case(name) for name in CASE_NAMES}
    with tempfile.TemporaryDirectory() as folder:
        # Whole processes first, before the in-process runs have warmed this process up and loaded the machine.
        print(f"whole process, median of {max(5, repeat // 4)} runs", file=sys.stderr)
        bmckit = str(Path(sys.executable).with_name("bmckit"))
        case = Path(folder, "case.yaml")
        files.save(cases["netflix"], case)
        runs = max(5, repeat // 4)
        render = process_ms([bmckit, "render", str(case), "-o", str(Path(folder, "x.pdf"))], runs)
        row("`bmckit render case.yaml -o x.pdf`", render / 1000, 0.6, unit=" s")
        python = process_ms([sys.executable, "-c", "pass"], runs)
        version = process_ms([bmckit, "--version"], runs)
        row("`bmckit --version`, times `python -c pass`", version / python, 3, unit="×")

    print(f"in-process, median of {repeat} runs", file=sys.stderr)
    svg_times = [median_ms(lambda c=c: svg.render(c), repeat) for c in cases.values()]
    row("SVG of a case study (slowest of the five)", max(svg_times), 5)
    row("Filled A4 PDF of a case study", median_ms(lambda: pdf.render(cases["starbucks"]), repeat), 30)
    row("Blank fillable A4 PDF", median_ms(lambda: pdf_form.render_blank(), repeat), 10)
    fillable = pdf_form.render_fillable(cases["starbucks"])
    row("Pre-filled fillable A4 PDF", median_ms(lambda: pdf_form.render_fillable(cases["starbucks"]), repeat), None)
    text = files.dumps(cases["starbucks"])
    row("Read and validate a case study (YAML)", median_ms(lambda: files.loads(text), repeat), None)
    with tempfile.TemporaryDirectory() as folder:
        form = Path(folder, "form.pdf")
        form.write_bytes(fillable)
        row("Read a filled form back", median_ms(lambda: pdf_read.read(form), repeat), None)
    return rows


def table(rows: list[tuple[str, str, str, bool]]) -> str:
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    lines = [
        f"Measured with `make bench` ({machine}); medians of repeated runs after one warm-up. On a shared",
        "two-core machine the in-process figures vary by up to half from one run of the benchmark to the next.",
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
    result = table(measure(args.repeat))
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
