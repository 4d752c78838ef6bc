"""Work for a whole class on every core, results in order and as they come, so a progress bar moves with the work."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

Job = TypeVar("Job")
Result = TypeVar("Result")

PARALLEL_FROM = 24
"""Fewer jobs than this run in this process: starting workers costs more than it saves."""
MOST_WORKERS = 8


def each_done(work: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[Result]:
    """``work(job)`` for every job, yielded in the jobs' order as soon as each is done; on every core for many jobs."""
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        yield from map(work, jobs)
        return
    workers = min(cores, MOST_WORKERS)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
