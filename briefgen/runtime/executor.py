"""Where the runtime's work runs: this machine's processes, or a Dask cluster.

An executor maps a function over items and hands back a ``Later``: the work
runs while the caller does something else, and ``result()`` gives the
results in the items' order. Functions are module-level functions (or
``functools.partial`` of them) and items plain values, so any executor can
ship them elsewhere; what a task needs travels with it.

``Local`` forks on Linux when this process runs no other thread: workers
share the parent's memory copy-on-write and nothing is pickled on the way
out. Beside other threads (the preview server) or where fork is missing
(macOS, Windows), work marked ``portable`` goes to spawned processes that
live as long as the executor (each loads the spaCy model once); other work
runs here, in order. ``cluster.Dask`` sends portable work to a
``distributed`` scheduler through a process of its own, so this one keeps
its forked workers for the rest (the files read here, pages written into
this machine's staging folder, the similarity blocks read from this
process's matrices).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .cluster import DaskMissing, chunks
from .fork import MIN_ITEMS, Later, can_fork, fork_map_later

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["DaskMissing", "Executor", "Local", "executor_for", "in_order"]

T = TypeVar("T")
R = TypeVar("R")

SPAWNED_MIN_ITEMS = 64
"""Portable work spawned processes take on: a spawned worker starts a fresh
Python (~1 s with spaCy), repaid only by enough work."""


class Executor(Protocol):
    @property
    def workers(self) -> int: ...

    def map(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        *,
        portable: bool = False,
        behind: bool = False,
        min_items: int = MIN_ITEMS,
        progress: Callable[[int], None] | None = None,
    ) -> Later[R]: ...

    def close(self) -> None: ...


def in_order(function: Callable[[T], R], items: Sequence[T], progress: Callable[[int], None] | None) -> Later[R]:
    def run() -> list[R]:
        results = []
        for item in items:
            results.append(function(item))
            if progress:
                progress(1)
        return results

    return Later(run)


def _chunk(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [function(item) for item in items]


def _results(futures: list[Any], sizes: list[int], progress: Callable[[int], None] | None) -> list[Any]:
    results: list[Any] = []
    for future, size in zip(futures, sizes, strict=True):
        results += future.result()
        if progress:
            progress(size)
    return results


class Local:
    """Processes of this machine: forked when that is safe, else spawned."""

    def __init__(self, workers: int = 2, start: str | None = None) -> None:
        self.workers = max(1, workers)
        self.start = start
        """``"spawn"`` forces spawned workers (a test of the macOS path); None: fork when safe."""
        self._spawned: ProcessPoolExecutor | None = None

    def map(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        *,
        portable: bool = False,
        behind: bool = False,
        min_items: int = MIN_ITEMS,
        progress: Callable[[int], None] | None = None,
    ) -> Later[R]:
        if self.workers <= 1 or len(items) < min_items:
            return in_order(function, items, progress)
        if self.start is None and can_fork():
            return fork_map_later(function, items, self.workers, min_items=min_items, behind=behind, progress=progress)
        if not portable or len(items) < max(min_items, SPAWNED_MIN_ITEMS):
            return in_order(function, items, progress)
        pool = self._pool()
        parts = chunks(items, self.workers)
        futures: list[Future[list[R]]] = [pool.submit(_chunk, function, part) for part in parts]

        def cancel() -> None:
            for future in futures:
                future.cancel()

        return Later(lambda: _results(futures, [len(part) for part in parts], progress), cancel=cancel)

    def _pool(self) -> ProcessPoolExecutor:
        if self._spawned is None:
            from concurrent.futures import ProcessPoolExecutor  # its module's imports cost a build with nothing to do

            # BLAS threads spin on cores the other workers need (see cli).
            os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
            self._spawned = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return self._spawned

    def close(self) -> None:
        if self._spawned is not None:
            self._spawned.shutdown(wait=True, cancel_futures=True)
            self._spawned = None


def executor_for(scheduler: str | None, workers: int) -> Executor:
    """``Local`` without a scheduler; ``Dask`` for ``"local"`` or an address."""
    if not scheduler:
        return Local(workers)
    from .cluster import Dask

    return Dask(scheduler, workers)
