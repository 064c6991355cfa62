"""The process that holds a build's Dask client: ``python -m briefgen.runtime.clusterproxy ADDRESS WORKERS``.

Started by ``cluster.Dask``, whose docstring gives the messages. It reads
requests on stdin in its main thread and submits them; a sender thread
writes each chunk's results to the build as they come. The build reads them
only when it asks for a result, so the sender may wait on a full pipe: the
client's event loop never does. It stops at ``("close",)`` or at the end of
its input (the build ended, however it ended), stopping a ``LocalCluster``
it started with it.
"""

from __future__ import annotations

import os
import pickle
import queue
import sys
import threading
from typing import IO, Any

# By reference: a task pickled from this module, run as __main__, would carry it.
from .cluster import receive, receive_frames, run_chunk, send, travelling

QUIET = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing-interval": "1s",
}
"""A ``LocalCluster``'s clocks. Dask's defaults suit a cluster of machines
of its own: every process checks its event loop every 20 ms and samples the
system every 0.5 s, a nanny asks its worker's memory every 0.1 s, the
scheduler looks for work to steal every 0.1 s. On the build's own machine
that is CPU taken from the build: idle, a 2-worker cluster used 11% of a core
(2.2% with these), through the whole build."""


def _connect(address: str, workers: int) -> tuple[Any, Any, int]:
    import dask
    from distributed import Client, LocalCluster

    if address != "local":
        # How long to try: Dask's own setting (distributed.comm.timeouts.connect, 30 s).
        client = Client(address)
        return client, None, max(1, len(client.scheduler_info().get("workers", {})))
    # Nobody looks at a dashboard of this cluster: its profiler's sampling
    # every 10 ms would only take time from the work. Dask has its workers'
    # malloc give memory back past 64 KiB free (MALLOC_TRIM_THRESHOLD_), for
    # long-lived clusters; the spaCy pass allocates and frees all along, and
    # ran about 8% slower for it. (Niced workers, tried as the local executor
    # nices the work it runs behind: the spaCy pass of 2,000 articles took
    # 72 s against 62 s.)
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if k != "MALLOC_TRIM_THRESHOLD_"}  # fmt: skip
    with dask.config.set({"distributed.worker.profile.enabled": False, "distributed.nanny.pre-spawn-environ": environ,
                          **QUIET}):  # fmt: skip
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)  # fmt: skip
    client = Client(cluster)
    return client, cluster, workers


def serve(address: str, workers: int, requests: IO[bytes], replies: IO[bytes]) -> int:
    try:
        client, cluster, workers = _connect(address, workers)
    except Exception as error:  # noqa: BLE001 - told to the build, which says it with the address
        send(replies, ("failed", f"{type(error).__name__}: {error}"))
        return 1
    send(replies, ("ready", workers))
    done: queue.Queue[tuple[int, int, Any] | None] = queue.Queue()
    jobs: dict[int, dict[int, Any]] = {}
    lock = threading.Lock()

    def sender() -> None:
        while (entry := done.get()) is not None:
            job, index, future = entry
            with lock:
                if job not in jobs:
                    continue  # cancelled by the build
                jobs[job].pop(index, None)
            try:
                reply: tuple[tuple[Any, ...], bytes] = (("done", job, index), future.result())
            except BaseException as error:  # noqa: BLE001 - the task's own error, or the cluster's (a lost scheduler), re-raised by the build
                reply = (("error", job, index), pickle.dumps(travelling(error), pickle.HIGHEST_PROTOCOL))
            try:
                send(replies, reply[0], [reply[1]])
            except (BrokenPipeError, ValueError):
                return

    thread = threading.Thread(target=sender, name="briefgen-replies", daemon=True)
    thread.start()
    try:
        while (request := receive(requests)) is not None and request[0] != "close":
            if request[0] == "map":
                _, job, n, priority = request
                payloads = receive_frames(requests, n)
                if payloads is None:
                    break
                # Scattered, the payloads go to the workers, not through the scheduler's graph.
                data = client.scatter(payloads, hash=False)
                futures = client.map(run_chunk, data, pure=False, priority=priority)
                with lock:
                    jobs[job] = dict(enumerate(futures))
                for index, future in enumerate(futures):
                    future.add_done_callback(lambda f, job=job, index=index: done.put((job, index, f)))
                # Nothing here holds a job's data once its tasks have it.
                del payloads, data, futures
            elif request[0] == "cancel":
                with lock:
                    left = jobs.pop(request[1], {})
                client.cancel(list(left.values()))
                del left
            del request
    finally:
        done.put(None)
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


def main(argv: list[str]) -> int:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    # Whatever a library prints goes to stderr, not into the replies.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return serve(argv[0], int(argv[1]), sys.stdin.buffer, replies)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
