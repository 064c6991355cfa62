"""The Dask executor: its client lives in a process of its own, so the build's process may still fork."""

from __future__ import annotations

import os
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
    # The build goes on (checks its inputs, reads its sources) while the cluster is reached.
    executor = Dask("tcp://127.0.0.1:9", workers=1)
    with pytest.raises(ClusterError, match=r"could not use the Dask scheduler 'tcp://127\.0\.0\.1:9'"):
        executor.map(_refuse, [1, 2], portable=True)


class _Odd(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


def _odd(x: int) -> int:
    raise _Odd("an error that does not unpickle", str(x))


def test_an_error_that_cannot_travel_is_told_by_its_traceback(dask: Dask) -> None:
    from briefgen.runtime.cluster import TaskError

    with pytest.raises(TaskError, match="an error that does not unpickle 3"):
        dask.map(_odd, [3], portable=True).result()


def test_a_forked_worker_lets_go_of_the_pipes_to_the_cluster(dask: Dask) -> None:
    """Else a build killed while its workers run would leave the cluster running until they end."""
    assert dask.workers >= 1
    proxy_fds = [dask._proxy.stdin.fileno(), dask._proxy.stdout.fileno()]  # type: ignore[union-attr]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            held = []
            for fd in proxy_fds:
                try:
                    os.fstat(fd)
                    held.append(fd)
                except OSError:
                    pass
            os.write(write, b"held" if held else b"free")
        finally:
            os._exit(0)
    os.close(write)
    told = os.read(read, 16)
    os.close(read)
    os.waitpid(pid, 0)
    assert told == b"free"
    assert dask.map(_refuse, [4], portable=True).result() == [4]  # and this process still holds them
