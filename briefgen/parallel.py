"""Spread pure per-item work over processes when there is enough of it.

The stages stay plain functions of their values; the pipeline decides to
run one over many items in worker processes. Workers are forked, so they
share the parent's documents and analyses copy-on-write: only item indices
go out and results come back (pickled). Where fork is missing, or the work
is small, everything runs in this process, in order, with the same result.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Below this many items starting workers costs more than it saves."""
CHUNK = 64

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""The function and items of the running ``fork_map``, inherited by its workers."""


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None
    function, items = _JOB
    return [function(items[i]) for i in range(*bounds)]


def can_fork() -> bool:
    # Forking a process that runs other threads (the preview server's) can
    # copy a lock some thread holds: the child would wait on it for ever.
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def fork_map(function: Callable[[T], R], items: Sequence[T], workers: int, min_items: int = MIN_ITEMS) -> list[R]:
    """``[function(x) for x in items]``, in ``workers`` forked processes when
    there are at least ``min_items`` items."""
    global _JOB
    if workers <= 1 or len(items) < min_items or not can_fork() or _JOB is not None:
        return [function(x) for x in items]
    _JOB = (function, items)
    # Frozen objects are never scanned by a worker's collector: it would touch,
    # and so copy, every page of the parent's heap it inherited.
    gc.freeze()
    try:
        # Several tasks per worker even for a few items: a slow one then holds up less.
        size = max(1, min(CHUNK, len(items) // (workers * 4)))
        chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
        results: list[R] = []
        # Not multiprocessing.Pool: it waits for ever on a worker that was
        # killed (out of memory); the executor raises BrokenProcessPool.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_run, chunks):
                results.extend(part)
        return results
    finally:
        _JOB = None
        gc.unfreeze()
