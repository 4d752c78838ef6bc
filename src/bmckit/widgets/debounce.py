"""Wait for a pause in typing before doing work: each keystroke restarts the clock.

In a Jupyter kernel (ipykernel on Binder or in JupyterLab, Pyodide's kernel in
the browser) an asyncio loop runs while widget messages are handled, so the
action is scheduled on it. Anywhere else (a script, a test) there is nobody
typing: the action runs at once. So does it in a kernel with no running loop.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable


class Scheduled(Protocol):
    """A call waiting to run, as ``loop.call_later`` returns it."""

    def cancel(self) -> None: ...


DEFAULT_DELAY = 0.12
"""Seconds of quiet before the preview is drawn again: shorter than a reader notices, longer than a key repeat."""


class Debouncer:
    """Call ``action`` once typing pauses for ``delay`` seconds (what it returns is not used); ``flush`` runs a waiting call now."""

    def __init__(
        self,
        action: Callable[[], object],
        delay: float = DEFAULT_DELAY,
        *,
        wait: bool | None = None,
        call_later: Callable[[float, Callable[[], None]], Scheduled] | None = None,
    ) -> None:
        self.action = action
        self.delay = delay
        self.wait = in_kernel() if wait is None else wait
        """Whether to wait for a pause at all: by default, only in a Jupyter kernel."""
        self.call_later = call_later
        """What schedules the call: the running asyncio loop's ``call_later`` unless given (a test gives a clock of its own)."""
        self._pending: Scheduled | None = None

    def __call__(self) -> None:
        self._cancel()
        schedule = self._scheduler() if self.wait and self.delay > 0 else None
        if schedule is None:
            self.action()
        else:
            self._pending = schedule(self.delay, self._fire)

    def _scheduler(self) -> Callable[[float, Callable[[], None]], Scheduled] | None:
        if self.call_later is not None:
            return self.call_later
        try:
            return asyncio.get_running_loop().call_later
        except RuntimeError:  # no loop runs: nobody is typing
            return None

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def flush(self) -> None:
        """Run a waiting call straight away (nothing happens when none is waiting)."""
        if self._pending is not None:
            self._cancel()
            self.action()

    def _fire(self) -> None:
        self._pending = None
        self.action()

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None


def in_kernel() -> bool:
    """True inside a Jupyter kernel, where a reader types into widgets."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None
