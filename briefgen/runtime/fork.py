"""Spread pure per-item work over processes when there is enough of it.

The stages stay plain functions of their values; the pipeline decides to
run one over many items in worker processes. Workers are forked, so they
share the parent's documents and analyses copy-on-write: only chunk numbers
go out and results come back (pickled). Where fork is missing, or the work
is small, everything runs in this process, in order, with the same result.
``fork_map_later`` starts the workers and leaves this process free for other
work until the results are asked for.

No thread is started here, in this process or in a worker: glibc runs a
process that has ever started a thread with locking malloc for the rest of
its life, and that made the spaCy pass and every later stage about 20%
slower. So workers take chunk numbers from a pipe filled before they start,
write their results to a file of their own, and are waited for with
``waitpid``; ``concurrent.futures`` and ``multiprocessing.Pool`` would run
threads.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import IO, Any, Generic, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400
"""Below this many items starting workers costs more than it saves."""
BEHIND = 10
"""Niceness of workers that run behind this process's own work."""
_MAX_CHUNKS = 1024
"""Chunk numbers are 4 bytes each, all written to the pipe before any worker
reads: 4 KiB fit even in the one-page pipe a user gets past pipe-user-pages-soft.
Items are as many chunks as that allows: a chunk costs a worker one 4-byte
read, and the last ones are what the other workers may wait for (chunks of
nine spaCy batches left one core idle for the last ~6 s of 10,000 sources)."""


class WorkerLost(RuntimeError):
    """A worker process ended without its results (killed, out of memory)."""


def can_fork() -> bool:
    # Forking a process that runs other threads (the preview server's) can
    # copy a lock some thread holds: the child would wait on it for ever.
    return (
        sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    )


def fork_map(
    function: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    min_items: int = MIN_ITEMS,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``[function(x) for x in items]``, in ``workers`` forked processes when
    there are at least ``min_items`` items. ``progress(n)`` hears of items done."""
    return fork_map_later(function, items, workers, min_items, progress=progress).result()


class Later(Generic[R]):
    """Results on their way from worker processes, or work not yet done."""

    def __init__(
        self, make: Callable[[], list[R]], pool: _Pool | None = None, cancel: Callable[[], Any] | None = None
    ) -> None:
        self._make, self._pool, self._cancel = make, pool, cancel

    def result(self) -> list[R]:
        try:
            return self._make()
        finally:
            self._cancel = None
            self.cancel()

    def cancel(self) -> None:
        """Stop the workers (a build that failed meanwhile); nothing if they are done."""
        if self._pool is not None:
            self._pool.stop()
            self._pool = None
        if self._cancel is not None:
            self._cancel()
            self._cancel = None


def fork_map_later(
    function: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    min_items: int = MIN_ITEMS,
    behind: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Later[R]:
    """``fork_map`` started now and finished by ``result()``: the workers run
    while this process does something else. ``behind`` workers run at a
    lower priority, so this process's own work keeps its core and they take
    the cores it leaves. Without workers the work is done when its result
    is asked for."""
    if workers <= 1 or len(items) < min_items or not can_fork():

        def in_order() -> list[R]:
            results = []
            for x in items:
                results.append(function(x))
                if progress:
                    progress(1)
            return results

        return Later(in_order)
    size = max(1, -(-len(items) // _MAX_CHUNKS))
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    pool = _Pool(function, items, chunks, workers, BEHIND if behind else 0, progress is not None)
    return Later(lambda: pool.collect(progress), pool)


class _Pool:
    def __init__(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        chunks: list[tuple[int, int]],
        workers: int,
        niceness: int,
        report: bool,
    ) -> None:
        self.chunks = chunks
        self.children: list[tuple[int, IO[bytes]]] = []
        queue_out, queue_in = os.pipe()
        os.write(queue_in, b"".join(struct.pack("<I", i) for i in range(len(chunks))))
        os.close(queue_in)
        # Workers tell of items done with a byte each; a full pipe drops the news, not the work.
        self.progress_out, progress_in = os.pipe() if report else (-1, -1)
        if report:
            os.set_blocking(progress_in, False)
        # Frozen objects are never scanned by a worker's collector: it would touch,
        # and so copy, every page of the parent's heap it inherited.
        # Objects frozen before (a loaded memo) stay frozen after.
        frozen_before = gc.get_freeze_count()
        gc.freeze()
        # A Ctrl-C between fork and the worker's own handler would run this
        # process's handlers (and the build's clean-up) in the worker: held off.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for _ in range(min(workers, len(chunks))):  # a worker without a chunk would only be forked
                out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by collect or stop
                try:
                    pid = os.fork()
                except BaseException:
                    out.close()
                    raise
                if pid == 0:
                    try:
                        _work(function, items, chunks, queue_out, out, niceness, progress_in, mask)
                    finally:
                        os._exit(1)
                self.children.append((pid, out))
        except BaseException:
            self.stop()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            if not frozen_before:
                gc.unfreeze()
            os.close(queue_out)
            if report:
                os.close(progress_in)

    def collect(self, progress: Callable[[int], None] | None) -> list[Any]:
        if progress is not None:
            # Read until every worker has closed its end: all of them are done.
            while news := os.read(self.progress_out, 65536):
                progress(len(news))
        parts: dict[int, list[Any]] = {}
        while self.children:
            pid, out = self.children[0]
            _, status = os.waitpid(pid, 0)
            del self.children[0]  # reaped: never to be killed, its number may be reused
            out.seek(0)
            try:
                kind, payload = pickle.load(out)
            except Exception:  # noqa: BLE001 - no readable result
                kind, payload = "lost", os.waitstatus_to_exitcode(status)
            finally:
                out.close()
            if kind != "done":
                self.stop()  # the work cannot be whole: the others need not finish it
                if kind == "error":
                    error, told = payload
                    # Python 3.10 has no add_note: the worker's traceback is the cause.
                    raise error from _RemoteTraceback(told)
                raise WorkerLost(_lost(payload))
            parts.update(payload)
        return [result for i in range(len(self.chunks)) for result in parts[i]]

    def stop(self) -> None:
        for pid, out in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            out.close()
        self.children = []
        if self.progress_out != -1:
            os.close(self.progress_out)
            self.progress_out = -1


class _RemoteTraceback(Exception):
    def __init__(self, told: str) -> None:
        super().__init__(told)

    def __str__(self) -> str:
        return "in a worker process:\n" + str(self.args[0])


def _lost(code: int) -> str:
    if code == -signal.SIGKILL:
        return "a worker process was killed (SIGKILL: out of memory?)"
    if code < 0:
        return f"a worker process was killed by signal {-code}"
    if code == 1:
        return "a worker process failed and its error could not be read back"
    return f"a worker process ended with status {code} and no results"


def _work(
    function: Callable[[Any], Any],
    items: Sequence[Any],
    chunks: list[tuple[int, int]],
    queue: int,
    out: IO[bytes],
    niceness: int,
    progress: int,
    mask: set[int | signal.Signals],
) -> NoReturn:
    """A worker's life: chunks from the queue until it is empty, results to ``out``."""
    code = 0
    try:
        # Ctrl-C reaches the whole process group: the parent stops the workers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if niceness:
            os.nice(niceness)
        done: dict[int, list[Any]] = {}
        while chunk := os.read(queue, 4):
            number = struct.unpack("<I", chunk)[0]
            start, end = chunks[number]
            results = []
            for i in range(start, end):
                results.append(function(items[i]))
                if progress != -1:
                    try:
                        os.write(progress, b".")
                    except BlockingIOError:
                        pass
            done[number] = results
        pickle.dump(("done", done), out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        code = 1
        told = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        try:
            report = pickle.dumps(("error", (error, told)))
            pickle.loads(report)  # an exception the parent could not rebuild is no report
        except Exception:  # noqa: BLE001
            report = pickle.dumps(("error", (RuntimeError("a worker process failed"), told)))
        out.seek(0)
        out.truncate()
        out.write(report)
    finally:
        try:
            out.flush()
        finally:
            os._exit(code)


def detached(function: Callable[[], Any]) -> None:
    """``function()`` in a process of its own that nobody waits for (in this
    process, now, where fork is not safe).

    For clean-up whose end nothing depends on, such as deleting the site a
    build has just replaced: tens of thousands of files, seconds the build
    need not spend before it returns. The process is forked twice, so it is
    nobody's child to wait for, and it lets go of this process's standard
    streams, so a caller reading them to their end is not kept waiting.
    """
    if not can_fork():
        function()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            try:
                if os.fork() == 0:
                    os.setsid()  # a Ctrl-C in the terminal is the build's, not this clean-up's
                    null = os.open(os.devnull, os.O_RDWR)
                    for stream in (0, 1, 2):
                        os.dup2(null, stream)
                    function()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
