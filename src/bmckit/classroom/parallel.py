"""Work for a whole class on every core, results in order and as they come, so a progress bar moves with the work.

Given ``failed``, one job's failure is that job's result and never the class's: an exception in the work
(a RecursionError, a MemoryError, a reader's limit) is turned into a result where it happens, and a worker
process that dies (killed for its memory, or crashed) costs only the jobs it had: those are run again one
by one, each in a process of its own, and the one that ends its process too gets ``failed`` with the reason.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

Job = TypeVar("Job")
Result = TypeVar("Result")

PARALLEL_FROM = 24
"""Fewer jobs than this run in this process: starting workers costs more than it saves."""
MOST_WORKERS = 8


class WorkerDied(Exception):
    """The process doing a job ended before it could give the result (killed for its memory, or crashed)."""


def each_done(
    work: Callable[[Job], Result],
    jobs: Sequence[Job],
    *,
    failed: Callable[[Job, Exception], Result] | None = None,
) -> Iterator[Result]:
    """``work(job)`` for every job, yielded in the jobs' order as soon as each is done; on every core for many jobs.

    Without ``failed`` an exception in any job ends the whole; with it, ``failed(job, error)`` is that job's result.
    ``work`` and ``failed`` must be functions a worker process can import (defined at a module's top level).
    """
    if failed is not None:
        work = partial(_or_failed, work, failed)
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        yield from map(work, jobs)
        return
    workers = min(cores, MOST_WORKERS)
    size = max(1, len(jobs) // (workers * 4))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_run_chunk, work, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results = future.result()
            except BrokenProcessPool:
                if failed is None:
                    raise
                results = [_alone(work, failed, job) for job in chunk]
            yield from results


def _or_failed(work: Callable[[Job], Result], failed: Callable[[Job, Exception], Result], job: Job) -> Result:
    try:
        return work(job)
    except Exception as error:  # whatever one job does is that job's result; KeyboardInterrupt still stops them all
        return failed(job, error)


def _run_chunk(work: Callable[[Job], Result], chunk: Sequence[Job]) -> list[Result]:
    return [work(job) for job in chunk]


def _alone(work: Callable[[Job], Result], failed: Callable[[Job, Exception], Result], job: Job) -> Result:
    """One job in a process of its own, after a worker died: the job that ends this one too is the one that ended it."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(work, job).result()
        except BrokenProcessPool:
            return failed(job, WorkerDied("its process ended before it was done: it ran out of memory, or crashed"))
