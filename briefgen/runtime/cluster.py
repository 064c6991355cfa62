"""Portable work on a Dask ``distributed`` cluster, through a process of its own.

The Dask client does not live in the build's process. A client runs an
event-loop thread (and a ``LocalCluster`` its scheduler on that loop), and a
process that runs threads may not fork: the build would lose its forked
workers for the work that stays on this machine (cleaning the files,
rendering pages into the staging folder, the similarity blocks), and glibc
would run its malloc with locks for the rest of the build (about 20% slower
for every stage in this process). So ``Dask`` starts
``python -m briefgen.runtime.clusterproxy``, which holds the client (and the
``LocalCluster``, for ``"local"``), and talks to it over two pipes:

* out: ``("map", id, [payload, ...], priority)``, ``("cancel", id)``, ``("close",)``;
* in: ``("ready", workers)`` or ``("failed", message)`` once; then
  ``("done", id, index, results)`` or ``("error", id, index, error)`` per chunk.

Payloads and results are pickled here and in the Dask workers only: the
proxy passes their bytes along without reading them, so it never imports
the stages. Each message is an 8-byte length and a pickle.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from typing import IO, Any, TypeVar

from .fork import MIN_ITEMS, Later

T = TypeVar("T")
R = TypeVar("R")

_LENGTH = struct.Struct("<Q")
BEHIND_PRIORITY = -10
"""Dask runs tasks of higher priority first: work marked ``behind`` yields."""


class DaskMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "a Dask scheduler was asked for, but Dask is not installed.\n"
            "  Install it:  pip install 'briefgen[dask]'\n"
            "  or leave out --scheduler (and `scheduler` in briefgen.toml) to build on this machine."
        )


class ClusterError(RuntimeError):
    """The cluster could not be reached, or its connection ended mid-build."""


def send(stream: IO[bytes], message: tuple[Any, ...]) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: IO[bytes]) -> tuple[Any, ...] | None:
    """The next message, or None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        return None
    message: tuple[Any, ...] = pickle.loads(data)
    return message


def chunks(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """A few chunks per worker: fewer round trips than an item each, and a
    slow chunk at the end leaves the others little to wait for."""
    size = max(1, -(-len(items) // (workers * 8)))
    return [items[i : i + size] for i in range(0, len(items), size)]


class Dask:
    """Portable work on a Dask cluster; the rest on ``local``.

    ``address`` is a scheduler's (``tcp://host:8786``), or ``"local"`` for a
    ``LocalCluster`` of ``workers`` processes on 127.0.0.1, stopped by ``close``
    (or when this process ends: the proxy stops at the end of its input).
    """

    def __init__(self, address: str, workers: int = 2, local: Any = None) -> None:
        if find_spec("distributed") is None:
            raise DaskMissing()
        from .executor import Local

        self.local = local or Local(workers)
        self._proxy = subprocess.Popen(
            [sys.executable, "-m", "briefgen.runtime.clusterproxy", address, str(max(1, workers))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._next = 0
        self._arrived: dict[int, dict[int, tuple[str, Any]]] = {}
        self._open: set[int] = set()
        hello = self._receive()
        if hello[0] != "ready":
            self.close()
            raise ClusterError(f"could not use the Dask scheduler {address!r}: {hello[1]}")
        self.workers = max(1, int(hello[1]))

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
        if not portable:
            return self.local.map(function, items, behind=behind, min_items=min_items, progress=progress)
        if not items:
            return Later(list)
        parts = chunks(items, self.workers)
        payloads = [pickle.dumps((function, list(part)), pickle.HIGHEST_PROTOCOL) for part in parts]
        job, self._next = self._next, self._next + 1
        self._open.add(job)
        self._arrived[job] = {}
        self._send(("map", job, payloads, BEHIND_PRIORITY if behind else 0))
        sizes = [len(part) for part in parts]
        return Later(lambda: self._collect(job, sizes, progress), cancel=lambda: self._cancel(job))

    def _collect(self, job: int, sizes: list[int], progress: Callable[[int], None] | None) -> list[Any]:
        results: list[Any] = []
        for index, size in enumerate(sizes):
            while index not in self._arrived[job]:
                self._read_one()
            kind, value = self._arrived[job].pop(index)
            if kind == "error":
                self._cancel(job)
                raise value
            results += pickle.loads(value)
            if progress:
                progress(size)
        self._open.discard(job)
        self._arrived.pop(job, None)
        return results

    def _read_one(self) -> None:
        message = self._receive()
        kind, job, index, value = message
        if job not in self._open:
            return  # a cancelled job's late chunk
        if kind == "error":
            value = _error(value)
        self._arrived[job][index] = (kind, value)

    def _receive(self) -> tuple[Any, ...]:
        assert self._proxy.stdout is not None
        message = receive(self._proxy.stdout)
        if message is None:
            self._proxy.wait()
            raise ClusterError(
                f"the connection to the Dask cluster ended (status {self._proxy.returncode}); its messages are above"
            )
        return message

    def _send(self, message: tuple[Any, ...]) -> None:
        assert self._proxy.stdin is not None
        try:
            send(self._proxy.stdin, message)
        except BrokenPipeError as error:
            raise ClusterError("the connection to the Dask cluster ended; its messages are above") from error

    def _cancel(self, job: int) -> None:
        if job in self._open:
            self._open.discard(job)
            self._arrived.pop(job, None)
            if self._proxy.poll() is None:
                self._send(("cancel", job))

    def close(self) -> None:
        proxy = self._proxy
        if proxy.poll() is None:
            try:
                send(proxy.stdin, ("close",))  # type: ignore[arg-type]
                proxy.stdin.close()  # type: ignore[union-attr]
            except (BrokenPipeError, ValueError):
                pass
            try:
                proxy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait()
        if proxy.stdout is not None:
            proxy.stdout.close()
        self.local.close()


def _error(value: bytes) -> BaseException:
    """The task's own exception where it unpickles, else its printed form."""
    try:
        error = pickle.loads(value)
    except Exception as failure:  # noqa: BLE001 - a class this process cannot import
        return ClusterError(f"a task failed on the cluster ({failure})")
    if isinstance(error, BaseException):
        return error
    return ClusterError(f"a task failed on the cluster:\n{error}")
