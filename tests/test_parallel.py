"""Work spread over forked processes gives what the same work gives in order."""

from __future__ import annotations

import os
import threading
from functools import partial

import pytest

from briefgen.analyze import Analyzer
from briefgen.ingest import read_sources
from briefgen.model import Document, Topic
from briefgen.parallel import fork_map
from briefgen.pipeline import _briefing, _summary

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seed_documents() -> list[Document]:
    sources, problems = read_sources(SEEDS)
    assert not problems
    analyses = Analyzer().analyze(sources)
    return [Document(s, analyses[s.id]) for s in sources]


def _square(x: int) -> int:
    return x * x


def test_fork_map_keeps_order_and_values() -> None:
    items = list(range(1000))
    assert fork_map(_square, items, workers=2, min_items=1) == [x * x for x in items]
    assert fork_map(_square, [], workers=2, min_items=0) == []


def _pid(_: int) -> int:
    return os.getpid()


@pytest.mark.skipif(threading.active_count() > 1, reason="fork_map stays in this process beside other threads")
def test_fork_map_uses_worker_processes() -> None:
    assert os.getpid() not in fork_map(_pid, list(range(200)), workers=2, min_items=1)


def test_fork_map_runs_in_this_process_beside_other_threads() -> None:
    seen: list[int] = []
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        fork_map(seen.append, [1, 2, 3], workers=2, min_items=1)
    finally:
        stop.set()
        thread.join()
    assert seen == [1, 2, 3]  # appended here: no worker was forked


def test_seed_summaries_and_briefing_are_the_same_in_workers(seed_documents: list[Document]) -> None:
    documents = seed_documents
    serial = [_summary(3, d) for d in documents]
    assert fork_map(partial(_summary, 3), documents, workers=2, min_items=1) == serial
    topic = Topic("all", "All seeds", tuple(d.id for d in documents))
    jobs = [(topic, documents), (Topic("one", "One", (documents[0].id,)), documents[:1])]
    assert fork_map(partial(_briefing, 8, 5), jobs, workers=2, min_items=1) == [_briefing(8, 5, j) for j in jobs]
