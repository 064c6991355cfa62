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

* out: ``("map", id, chunks, priority)`` and a frame per chunk (the pickled
  function and items), ``("cancel", id)``, ``("close",)``;
* in: ``("ready", workers)`` or ``("failed", message)`` once; then
  ``("done", id, index)`` and a frame (the pickled results), or
  ``("error", id, index)`` and a frame (the pickled error), per chunk.

Payloads and results are pickled here and in the Dask workers only: the
proxy passes their bytes along without reading them, so it never imports
the stages. A message is an 8-byte length and a pickle; a frame an 8-byte
length and its bytes.

The proxy runs in a session of its own (a Ctrl-C in the terminal is the
build's to handle) and this process's forked workers close their copies of
its pipes, so it sees the end of its input as soon as the build ends,
however it ends, and stops its ``LocalCluster`` with it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import subprocess
import sys
import traceback
import weakref
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from typing import IO, Any, NoReturn, TypeVar

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


def send(stream: IO[bytes], message: tuple[Any, ...], frames: Sequence[bytes] = ()) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    for frame in frames:
        stream.write(_LENGTH.pack(len(frame)))
        stream.write(frame)
    stream.flush()


def _read(stream: IO[bytes]) -> bytes | None:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    data = stream.read(size)
    return data if len(data) == size else None


def receive(stream: IO[bytes]) -> tuple[Any, ...] | None:
    """The next message, or None at the end of the stream."""
    data = _read(stream)
    if data is None:
        return None
    message: tuple[Any, ...] = pickle.loads(data)
    return message


def receive_frames(stream: IO[bytes], n: int) -> list[bytes] | None:
    frames = []
    for _ in range(n):
        frame = _read(stream)
        if frame is None:
            return None
        frames.append(frame)
    return frames


class TaskError(RuntimeError):
    """A task's error that would not travel as itself, told by its traceback."""


def run_chunk(payload: bytes) -> bytes:
    """A task on a Dask worker (sent by the proxy): a chunk's function over its items, pickled both ways."""
    function, items = pickle.loads(payload)
    try:
        return pickle.dumps([function(item) for item in items], pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        told = travelling(error)
        if told is error:
            raise
    # Raised here, not in the handler: Dask pickles an error's context with it.
    raise told


def travelling(error: BaseException) -> BaseException:
    """The error itself where it survives pickling, else a ``TaskError`` with its traceback."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 - whatever stops it, it does not travel as itself
        return TaskError("".join(traceback.format_exception(type(error), error, error.__traceback__)))
    return error


_OPEN: weakref.WeakSet[Dask] = weakref.WeakSet()


def _close_in_child() -> None:
    """In a forked worker: let go of the proxies' pipes, so that only the
    build holds them (raw descriptors: flushing a copied buffer would send
    its bytes twice)."""
    for executor in list(_OPEN):
        for stream in (executor._proxy.stdin, executor._proxy.stdout):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    os.close(stream.fileno())


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


TASKS_PER_WORKER = 64
"""Chunks per worker. A chunk costs a round trip to the scheduler (milliseconds);
the last ones are what the other workers wait for, idle: at eight a worker, a
10,000-source spaCy pass on two workers went in chunks of 625 sources, some
twenty seconds of work each."""


def chunks(items: Sequence[T], workers: int) -> list[Sequence[T]]:
    """Many chunks per worker: fewer round trips than an item each, and a
    slow chunk at the end leaves the others little to wait for."""
    size = max(1, -(-len(items) // (workers * TASKS_PER_WORKER)))
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
        self.address = address
        self._proxy = subprocess.Popen(
            [sys.executable, "-m", "briefgen.runtime.clusterproxy", address, str(max(1, workers))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
        _OPEN.add(self)
        self._next = 0
        self._arrived: dict[int, dict[int, tuple[str, bytes]]] = {}
        self._open: set[int] = set()
        self._workers: int | None = None

    @property
    def workers(self) -> int:
        """The cluster's workers, once it says it is ready: the build checks
        its inputs and reads its sources while a ``LocalCluster`` starts."""
        if self._workers is None:
            hello = self._receive()
            if hello[0] != "ready":
                self.close()
                raise ClusterError(f"could not use the Dask scheduler {self.address!r}: {hello[1]}")
            self._workers = max(1, int(hello[1]))
        return self._workers

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
        self._send(("map", job, len(payloads), BEHIND_PRIORITY if behind else 0), payloads)
        sizes = [len(part) for part in parts]
        return Later(lambda: self._collect(job, sizes, progress), cancel=lambda: self._cancel(job))

    def _collect(self, job: int, sizes: list[int], progress: Callable[[int], None] | None) -> list[Any]:
        results: list[Any] = []
        try:
            for index, size in enumerate(sizes):
                while index not in self._arrived[job]:
                    self._read_one()
                kind, value = self._arrived[job].pop(index)
                if kind == "error":
                    raise _error(value)
                results += pickle.loads(value)
                if progress:
                    progress(size)
        except BaseException:
            self._cancel(job)  # an error, a Ctrl-C: the cluster stops the job's other chunks
            raise
        self._open.discard(job)
        self._arrived.pop(job, None)
        return results

    def _read_one(self) -> None:
        kind, job, index = self._receive()
        frames = receive_frames(self._proxy.stdout, 1)  # type: ignore[arg-type]
        if frames is None:
            self._ended()
        if job in self._open:  # else a cancelled job's late chunk
            self._arrived[job][index] = (kind, frames[0])  # type: ignore[index]

    def _receive(self) -> tuple[Any, ...]:
        assert self._proxy.stdout is not None
        message = receive(self._proxy.stdout)
        if message is None:
            self._ended()
        return message  # type: ignore[return-value]

    def _ended(self) -> NoReturn:
        self._proxy.wait()
        raise ClusterError(
            f"the connection to the Dask cluster ended (status {self._proxy.returncode}); its messages are above"
        )

    def _send(self, message: tuple[Any, ...], frames: Sequence[bytes] = ()) -> None:
        assert self._proxy.stdin is not None
        try:
            send(self._proxy.stdin, message, frames)
        except BrokenPipeError as error:
            raise ClusterError("the connection to the Dask cluster ended; its messages are above") from error

    def _cancel(self, job: int) -> None:
        if job in self._open:
            self._open.discard(job)
            self._arrived.pop(job, None)
            if self._proxy.poll() is None:
                self._send(("cancel", job))

    def close(self) -> None:
        _OPEN.discard(self)
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
    """The task's own exception (or its ``TaskError``), where this process can import its class."""
    try:
        error: BaseException = pickle.loads(value)
    except Exception as failure:  # noqa: BLE001 - a class this process cannot import
        return ClusterError(f"a task failed on the cluster ({failure})")
    return error
