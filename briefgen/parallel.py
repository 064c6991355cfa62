"""Spread pure per-item work over processes when there is enough of it.

The stages stay plain functions of their values; the pipeline decides to
run one over many items in worker processes. Workers are forked, so they
share the parent's documents and analyses copy-on-write: only item indices
go out and results come back (pickled). Where fork is missing, or the work
is small, everything runs in this process, in order, with the same result.
``fork_map_later`` starts the workers and leaves this process free for other
work until the results are asked for.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Below this many items starting workers costs more than it saves."""
CHUNK = 64
BEHIND = 10
"""Niceness of workers that run behind this process's own work."""

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""In a worker: the function and items of its ``fork_map``."""


def _adopt(job: tuple[Callable[[Any], Any], Sequence[Any]], niceness: int) -> None:
    global _JOB
    _JOB = job
    if niceness:
        os.nice(niceness)


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None
    function, items = _JOB
    return [function(items[i]) for i in range(*bounds)]


def can_fork() -> bool:
    # Forking a process that runs other threads (the preview server's) can
    # copy a lock some thread holds: the child would wait on it for ever.
    return (
        sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    )


def fork_map(function: Callable[[T], R], items: Sequence[T], workers: int, min_items: int = MIN_ITEMS) -> list[R]:
    """``[function(x) for x in items]``, in ``workers`` forked processes when
    there are at least ``min_items`` items."""
    return fork_map_later(function, items, workers, min_items).result()


class Later(Generic[R]):
    """Results on their way from worker processes, or work not yet done."""

    def __init__(self, make: Callable[[], list[R]], pool: ProcessPoolExecutor | None = None) -> None:
        self._make, self._pool = make, pool

    def result(self) -> list[R]:
        try:
            return self._make()
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop what has not started (a build that failed meanwhile)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def fork_map_later(
    function: Callable[[T], R], items: Sequence[T], workers: int, min_items: int = MIN_ITEMS, behind: bool = False
) -> Later[R]:
    """``fork_map`` started now and finished by ``result()``: the workers run
    while this process does something else. Until then a ``fork_map`` here
    stays in this process (the pool runs a thread). ``behind`` workers run at
    a lower priority, so this process's own work keeps its core and they
    take the cores it leaves. Without workers the work is done when its
    result is asked for."""
    if workers <= 1 or len(items) < min_items or not can_fork() or _JOB is not None:
        return Later(lambda: [function(x) for x in items])
    # Frozen objects are never scanned by a worker's collector: it would touch,
    # and so copy, every page of the parent's heap it inherited.
    gc.freeze()
    try:
        # Several tasks per worker even for a few items: a slow one then holds up less.
        size = max(1, min(CHUNK, len(items) // (workers * 4)))
        chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
        # Not multiprocessing.Pool: it waits for ever on a worker that was
        # killed (out of memory); the executor raises BrokenProcessPool. A
        # forked worker inherits the job as it is: nothing is pickled but
        # the chunks' bounds and the results.
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_adopt,
            initargs=((function, items), BEHIND if behind else 0),
        )
        runs = [pool.submit(_run, chunk) for chunk in chunks]
    finally:
        gc.unfreeze()

    def collect() -> list[R]:
        return [result for run in runs for result in run.result()]

    return Later(collect, pool)
