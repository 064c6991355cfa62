"""The runtime under every stage: a memoised map over an executor, and one store.

``Runtime.each(table, function, items, keys)`` is ``[function(x) for x in
items]`` where each result is looked up in the store by its key first; the
misses go to the executor (this machine's processes or a Dask cluster) and
their results are filed in the store here, in the parent. ``once`` is the
same for a single, collection-wide result. A stage stays a pure function of
its inputs: the build decides what is mapped, kept and where it runs.

A key must digest everything the result depends on besides briefgen's code
(the store versions each table by that): the item's content, and any
setting bound into ``function``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .executor import Executor, Local
from .fork import MIN_ITEMS, Later
from .store import Store, Table, digest

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Executor", "Later", "Local", "Runtime", "Store", "Table", "digest"]


class Runtime:
    def __init__(self, store: Store, executor: Executor | None = None) -> None:
        self.store = store
        self.executor: Executor = executor or Local(1)

    def each(
        self,
        table: str,
        function: Callable[[T], R],
        items: Sequence[T],
        keys: Sequence[str | None],
        *,
        portable: bool = True,
        behind: bool = False,
        min_items: int = MIN_ITEMS,
        progress: Callable[[int], None] | None = None,
    ) -> Later[R]:
        """The memoised map, started now; ``result()`` gives every item's result.

        ``portable`` work may run on another machine (its function and items
        pickle); ``behind`` runs at a lower priority than this process's own
        work; below ``min_items`` misses everything runs here. An item
        without a key (None) is made afresh and not kept."""
        store = self.store
        values, missing = store.lookup(table, keys)
        if progress and len(missing) < len(keys):
            progress(len(keys) - len(missing))
        todo = [items[i] for i in missing]
        later = self.executor.map(function, todo, portable=portable, behind=behind, min_items=min_items,
                                  progress=progress)  # fmt: skip

        def fill() -> list[R]:
            return store.fill(table, keys, values, missing, later.result())

        return Later(fill, cancel=later.cancel)

    def batches(
        self,
        table: str,
        function: Callable[[list[T]], list[R]],
        items: Sequence[T],
        keys: Sequence[str],
        size: int,
        *,
        spread: Callable[[list[T]], bool] = lambda todo: True,
        progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        """``each`` for a function that takes a list of items at a time (a
        model that pipes batches); the misses go out ``size`` at a time, to
        the executor's workers when ``spread(misses)`` says they are worth it."""
        store = self.store
        values, missing = store.lookup(table, keys)
        if progress and len(missing) < len(keys):
            progress(len(keys) - len(missing))
        todo = [[items[i] for i in missing[j : j + size]] for j in range(0, len(missing), size)]
        told = _Told(progress, len(missing), size) if progress else None
        worth = spread([items[i] for i in missing])
        found = self.executor.map(function, todo, portable=True, min_items=1 if worth else len(todo) + 1,
                                  progress=told).result()  # fmt: skip
        return store.fill(table, keys, values, missing, [r for batch in found for r in batch])

    def once(self, table: str, key: str, make: Callable[[], R]) -> R:
        """``make()``, or what the store kept under ``key``."""
        return self.store.get_or(table, key, make)

    def map(
        self, function: Callable[[T], R], items: Sequence[T], *, min_items: int = MIN_ITEMS, behind: bool = False
    ) -> list[R]:
        """A plain parallel map on this machine (nothing kept): the step for a
        stage that spreads its own inner work, such as similarity blocks."""
        local = getattr(self.executor, "local", self.executor)
        return local.map(function, items, min_items=min_items, behind=behind).result()  # type: ignore[no-any-return]

    def close(self) -> None:
        self.executor.close()


class _Told:
    """Progress counted in batches, told in items (the last batch may be short)."""

    def __init__(self, progress: Callable[[int], None], total: int, size: int) -> None:
        self.progress, self.left, self.size = progress, total, size

    def __call__(self, batches: int) -> None:
        n = min(self.left, batches * self.size)
        self.left -= n
        self.progress(n)
