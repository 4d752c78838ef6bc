"""What the browser tests and the benchmark share: npm packages installed from a lock file, and a folder served on localhost."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import BrowserContext, Route


def npm_installed(folder: Path) -> bool:
    """True when ``folder/node_modules`` was installed from ``folder/package-lock.json`` as it is now."""
    stamp = folder / "node_modules" / ".package-lock.json"  # npm writes it on every install
    return stamp.exists() and stamp.stat().st_mtime >= (folder / "package-lock.json").stat().st_mtime


def npm_ci(folder: Path) -> str | None:
    """Install ``folder``'s packages from its lock file unless they are there already; why not, or None when done.

    A failed install raises: only a machine without npm is a reason to skip.
    """
    if npm_installed(folder):
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed"
    import fcntl  # POSIX, as the tests that need npm

    with (folder / "package-lock.json").open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one install at a time, when pytest-xdist's workers both need it
        if npm_installed(folder):
            return None
        run = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--omit=optional"], cwd=folder, capture_output=True, text=True, check=False
        )
    if run.returncode != 0 or not npm_installed(folder):
        raise RuntimeError(f"npm ci in {folder} failed:\n{run.stdout}{run.stderr}")
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser drops requests it no longer needs (a page closed, Lighthouse moving on): a closed connection is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _Quiet) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 at a free port by ``handler``, for as long as the block lasts; yields its address."""
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def localhost_only(context: BrowserContext, server: str) -> list[str]:
    """Refuse every request ``context`` makes beyond ``server``'s host and port; returns the list the refused URLs go in."""
    from urllib.parse import urlsplit

    local = urlsplit(server).netloc
    refused: list[str] = []

    def route(request: Route) -> None:
        if urlsplit(request.request.url).netloc == local:
            request.continue_()
        else:
            refused.append(request.request.url)
            request.abort("blockedbyclient")

    context.route("**/*", route)
    return refused
