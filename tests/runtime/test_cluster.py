"""The Dask executor: its client lives in a process of its own, so the build's process may still fork."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial

import pytest

pytest.importorskip("distributed")

from briefgen.runtime.cluster import ClusterError, Dask
from briefgen.runtime.fork import can_fork


def _scaled(factor: int, x: int) -> int:
    return factor * x


def _refuse(x: int) -> int:
    if x == 7:
        raise ValueError(f"item {x} refused")
    return x


@pytest.fixture(scope="module")
def dask() -> Iterator[Dask]:
    executor = Dask("local", workers=2)
    try:
        yield executor
    finally:
        executor.close()


def test_portable_work_runs_on_the_cluster_and_comes_back_in_order(dask: Dask) -> None:
    told: list[int] = []
    first = dask.map(partial(_scaled, 3), list(range(100)), portable=True, progress=told.append)
    second = dask.map(partial(_scaled, 5), list(range(10)), portable=True, behind=True)
    assert second.result() == [5 * x for x in range(10)]  # results of one job wait while another is read
    assert first.result() == [3 * x for x in range(100)]
    assert sum(told) == 100


def test_the_build_process_runs_no_thread_and_may_fork_beside_a_cluster(dask: Dask) -> None:
    assert dask.map(_refuse, [1, 2], portable=True).result() == [1, 2]
    assert threading.active_count() == 1 and can_fork()


def test_a_tasks_own_error_reaches_the_build_and_the_cluster_goes_on(dask: Dask) -> None:
    with pytest.raises(ValueError, match="item 7 refused"):
        dask.map(_refuse, list(range(20)), portable=True).result()
    assert dask.map(_refuse, [1, 2, 3], portable=True).result() == [1, 2, 3]


def test_a_cancelled_jobs_late_results_are_dropped(dask: Dask) -> None:
    later = dask.map(partial(_scaled, 2), list(range(50)), portable=True)
    later.cancel()
    assert dask.map(partial(_scaled, 4), [1, 2], portable=True).result() == [4, 8]


def test_a_scheduler_that_cannot_be_reached_is_said_with_its_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")
    with pytest.raises(ClusterError, match=r"could not use the Dask scheduler 'tcp://127\.0\.0\.1:9'"):
        Dask("tcp://127.0.0.1:9", workers=1)
