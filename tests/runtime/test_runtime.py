"""The runtime: work spread over processes gives what the same work gives in order."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from functools import partial
from pathlib import Path

import numpy
import pytest

from briefgen.build.analyzer import Analyzer
from briefgen.build.steps import briefing as _briefing
from briefgen.build.steps import summary as _summary
from briefgen.ingest import read_sources
from briefgen.model import Document, Topic
from briefgen.runtime import Local, Runtime, Store
from briefgen.runtime.fork import can_fork, fork_map
from briefgen.text.similarity import TfidfSpace, stems

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def seed_documents() -> list[Document]:
    sources, problems = read_sources(SEEDS)
    assert not problems
    analyses = Analyzer().analyze(sources)
    return [Document(s, analyses[s.id]) for s in sources]


def _square(x: int) -> int:
    return x * x


def test_fork_map_keeps_order_and_values() -> None:
    # One item a chunk up to 1,024 items, then two or three, the last chunk shorter.
    for n in (1, 2, 1000, 1024, 1025, 2049):
        items = list(range(n))
        told: list[int] = []
        assert fork_map(_square, items, workers=2, min_items=1, progress=told.append) == [x * x for x in items]
        assert sum(told) == n
    assert fork_map(_square, [], workers=2, min_items=0) == []


def _pid(_: int) -> int:
    return os.getpid()


def test_fork_map_uses_worker_processes() -> None:
    assert can_fork(), f"threads left running by an earlier test: {threading.enumerate()}"
    assert os.getpid() not in fork_map(_pid, list(range(200)), workers=2, min_items=1)


def test_the_build_progress_bar_runs_no_thread_that_would_stop_forking() -> None:
    from rich.console import Console

    from briefgen.cli import Output

    out = Output()
    out.console, out.live = Console(file=io.StringIO(), force_terminal=True), True
    with out.progress() as progress:
        advance = progress("Analysing sources", 3)
        advance(1)
        assert can_fork()


def test_dense_and_sparse_tfidf_agree(seed_documents: list[Document], monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [stems(s.terms) for d in seed_documents for s in d.analysis.sentences]
    assert len(rows) <= TfidfSpace.DENSE_ROWS
    dense = TfidfSpace(rows)
    monkeypatch.setattr(TfidfSpace, "DENSE_ROWS", 0)
    sparse = TfidfSpace(rows)
    assert isinstance(dense.matrix, numpy.ndarray) and not isinstance(sparse.matrix, numpy.ndarray)
    assert numpy.allclose(dense.cosine(), sparse.cosine(), atol=1e-12)
    assert numpy.allclose(dense.idf, sparse.idf)


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
    from briefgen.brief import brief

    documents = seed_documents
    topic = Topic("all", "All seeds", tuple(d.id for d in documents))
    assert can_fork()
    summaries = fork_map(partial(_summary, 3), documents, workers=2, min_items=1)
    assert summaries == [_summary(3, d) for d in documents]
    # A briefing takes its sources' screening from their summaries' step, made in other workers.
    screened = {d.id: s[0] for d, s in zip(documents, summaries, strict=True)}
    jobs = [
        (topic, documents, screened),
        (Topic("one", "One", (documents[0].id,)), documents[:1], {documents[0].id: screened[documents[0].id]}),
    ]
    briefings = fork_map(partial(_briefing, 8, 5), jobs, workers=2, min_items=1)
    assert briefings == [_briefing(8, 5, j) for j in jobs]
    assert briefings == [brief(t, docs, length=8, only_in=5) for t, docs, _ in jobs]  # as if it screened them itself
    assert all(b.claims for b in briefings)


def test_story_clusters_are_the_same_with_the_similarity_blocks_in_workers(
    seed_documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from briefgen.runtime.maps import in_order as in_order_map
    from briefgen.topics import clustering
    from briefgen.topics.clustering import DEFAULT_SETTINGS, PARALLEL_BLOCKS, _Similarity, cluster_indices

    # One row per block: the five seeds, each twice, make ten blocks, enough for workers.
    documents = seed_documents * 2
    settings = replace(DEFAULT_SETTINGS, block_rows=1)
    assert len(documents) >= PARALLEL_BLOCKS and can_fork()
    in_order = _Similarity(documents, settings).graph()
    forked = partial(fork_map, workers=2, min_items=1)
    in_workers = _Similarity(documents, settings, map=forked).graph()
    assert (in_order != in_workers).nnz == 0 and in_order.nnz > 0
    # The second pass reads the first's cosines back: the same as computing them again.
    monkeypatch.setattr(clustering, "KEPT_SIMILARITIES", 0)
    for spread in (in_order_map, forked):
        assert (_Similarity(documents, settings, map=spread).graph() != in_order).nnz == 0
    monkeypatch.undo()

    def full_disk(fd: int, data: bytes, offset: int) -> int:
        if offset:  # the first block is kept, the others cannot be
            raise OSError(28, "No space left on device")
        return real(fd, data, offset)

    real = os.pwrite
    monkeypatch.setattr(os, "pwrite", full_disk)
    for spread in (in_order_map, forked):
        assert (_Similarity(documents, settings, map=spread).graph() != in_order).nnz == 0
    assert cluster_indices(documents, settings, map=forked) == cluster_indices(documents, settings)


def test_sources_read_in_workers_are_the_same_and_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefgen.runtime.fork import MIN_ITEMS

    seeds = sorted(SEEDS.iterdir())
    for i in range(MIN_ITEMS):
        seed = seeds[i % len(seeds)]
        (tmp_path / f"{i:03d}-{seed.name}").write_bytes(seed.read_bytes())
    (tmp_path / "150-notes.docx").write_bytes(b"PK")
    (tmp_path / "151-empty.txt").write_bytes(b"")
    (tmp_path / "250.txt").write_bytes(seeds[0].read_bytes())  # the same id as 250.md, read first
    (tmp_path / "250.md").write_bytes(b"---\ntitle: Same id\n---\n" + seeds[1].read_bytes())
    run = Runtime(Store(None, "v1"), Local(2))
    pids: set[int] = set()

    def each(function, entries, keys):  # type: ignore[no-untyped-def]
        return run.each("sources", partial(_in_process, pids, function), entries, keys, portable=False).result()

    assert can_fork()
    in_workers = read_sources(tmp_path, each=each)
    assert in_workers == read_sources(tmp_path)
    assert len(in_workers[0]) == MIN_ITEMS + 1
    assert [p.path for p in in_workers[1]] == ["150-notes.docx", "151-empty.txt", "250.txt"]
    assert len(run.store._new["sources"]) == MIN_ITEMS + 3
    assert not pids  # read in workers
    kept = read_sources(tmp_path, each=lambda f, e, k: run.each("sources", _never, e, k).result())
    assert kept == in_workers


def _in_process(pids: set[int], function, item):  # type: ignore[no-untyped-def]
    pids.add(os.getpid())
    return function(item)


def _never(item: object) -> object:
    raise AssertionError(f"{item} was made again, though kept")


def test_pages_written_by_workers_make_the_same_site(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from briefgen.build import Builder
    from briefgen.site.publish import read_manifest

    from ..conftest import project

    config = dataclasses.replace(project(tmp_path), base_url="https://example.org/briefs/")
    serial_builder = Builder(dataclasses.replace(config, out=tmp_path / "serial", workers=1), index=False)
    serial = serial_builder.build()
    pids: set[int] = set()

    def forking(function, items, **_):  # type: ignore[no-untyped-def]
        return fork_map(partial(_in_process, pids, function), items, 2, min_items=1)

    assert can_fork()
    forked_builder = Builder(dataclasses.replace(config, out=tmp_path / "forked", workers=2), index=False)
    monkeypatch.setattr(forked_builder.run, "map", forking)
    forked = forked_builder.build()
    assert not pids  # recorded in the workers only
    files = {p.relative_to(tmp_path / "serial").as_posix() for p in (tmp_path / "serial").rglob("*") if p.is_file()}
    assert files == {
        p.relative_to(tmp_path / "forked").as_posix() for p in (tmp_path / "forked").rglob("*") if p.is_file()
    }
    assert len(files) > 50 and "sitemap.xml" in files
    for name in files - {".briefgen-manifest.json"}:
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "forked" / name).read_bytes(), name
    serial_files, forked_files = read_manifest(tmp_path / "serial"), read_manifest(tmp_path / "forked")
    assert serial_files and forked_files
    assert {k: v[:2] for k, v in serial_files.files.items()} == {k: v[:2] for k, v in forked_files.files.items()}
    assert serial.published and forked.published and serial.published.written == forked.published.written
    # What the workers learned of each page lets the next build keep it, and
    # what they kept is kept for the build after.
    learned = dict(forked_builder.run.store._old.get("pages", {}))
    assert len(learned) == len(serial_builder.run.store._old.get("pages", {})) > 50
    seed = min((tmp_path / "seeds").iterdir())
    seed.write_text(seed.read_text() + "\n\nA sentence added for the rebuild.\n")
    serial_learned = dict(serial_builder.run.store._old.get("pages", {}))
    again = forked_builder.build()
    serial_builder.build()
    assert again.published and 0 < again.published.written < 10
    # Only the pages whose inputs changed have new keys, as in one process.
    dropped = learned.keys() - forked_builder.run.store._old.get("pages", {}).keys()
    assert 0 < len(dropped) == len(serial_learned.keys() - serial_builder.run.store._old.get("pages", {}).keys())


def _niceness(_: int) -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_work_started_later_runs_behind_this_process_and_can_be_cancelled() -> None:
    from briefgen.runtime.fork import fork_map_later

    assert can_fork()
    mine = os.nice(0)
    later = fork_map_later(_niceness, list(range(100)), workers=2, min_items=1, behind=True)
    # No thread: a process that ever ran one keeps glibc's slower, locking malloc.
    assert threading.active_count() == 1
    seen = later.result()
    assert len(seen) == 100 and {pid for pid, _ in seen}.isdisjoint({os.getpid()})
    assert {nice for _, nice in seen} == {min(19, mine + 10)}
    assert fork_map_later(_square, [1, 2], workers=2, min_items=1).result() == [1, 4]
    stopped = fork_map_later(time.sleep, [5.0] * 4, workers=2, min_items=1)
    start = time.perf_counter()
    stopped.cancel()
    assert time.perf_counter() - start < 2 and can_fork()
    idle = fork_map_later(_square, [3], workers=1)  # no worker: done when asked
    assert idle.result() == [9]


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError(f"bad item {x}")
    return x


def _die_on_seven(x: int) -> int:
    if x == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def test_a_worker_error_or_death_fails_the_map_with_its_reason() -> None:
    from briefgen.runtime.fork import WorkerLost

    with pytest.raises(ValueError, match="bad item 7") as raised:
        fork_map(_fail_on_seven, list(range(50)), workers=2, min_items=1)
    assert "in a worker process" in str(raised.value.__cause__)
    with pytest.raises(WorkerLost, match="SIGKILL"):
        fork_map(_die_on_seven, list(range(50)), workers=2, min_items=1)
    assert can_fork() and threading.active_count() == 1


def test_progress_hears_of_every_item() -> None:
    told: list[int] = []
    assert fork_map(_square, list(range(500)), workers=2, min_items=1, progress=told.append) == [
        x * x for x in range(500)
    ]
    assert sum(told) == 500
    told.clear()
    assert fork_map(_square, [1, 2, 3], workers=1, progress=told.append) == [1, 4, 9]
    assert sum(told) == 3


def test_the_spacy_pass_in_workers_gives_and_caches_what_it_gives_here(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from briefgen import analyze

    sources, _ = read_sources(SEEDS)
    here = Analyzer(workers=1).analyze(sources)
    # Titles and texts together just repay the workers: what is weighed is characters, not sources.
    monkeypatch.setattr(analyze, "PARALLEL_MIN_CHARS", sum(len(s.title) + len(s.text) for s in sources))
    monkeypatch.setattr(analyze, "BATCH_SIZE", 2)
    ran_in = tmp_path / "ran-in"
    real = analyze.analyse_texts

    def recorded(model, texts):  # type: ignore[no-untyped-def]
        with ran_in.open("a") as out:  # from whichever process analyses
            out.write(f"{os.getpid()}\n")
        return real(model, texts)

    monkeypatch.setattr(analyze, "analyse_texts", recorded)
    told: list[int] = []
    assert can_fork()
    forked = Analyzer(cache=tmp_path, workers=2).analyze(sources, progress=told.append)
    assert forked == here and sum(told) == len(sources)
    assert ran_in.read_text().split() and str(os.getpid()) not in ran_in.read_text().split()
    assert list((tmp_path / "stages").glob("spacy-*.pickle"))  # kept by the parent
    monkeypatch.setattr(analyze, "analyse_texts", _never)
    assert Analyzer(cache=tmp_path, workers=2).analyze(sources) == here


def test_features_summaries_and_briefings_made_in_workers_make_the_same_pages(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from briefgen import build
    from briefgen.brief import summarize
    from briefgen.build import Builder

    from ..conftest import project

    config = dataclasses.replace(project(tmp_path), workers=1)
    Builder(dataclasses.replace(config, out=tmp_path / "serial"), index=False).build()
    screened = tmp_path / "screened"
    screen = summarize.eligible

    def recorded(analysis, title):  # type: ignore[no-untyped-def]
        with screened.open("a") as out:  # from whichever process screens
            out.write(f"{os.getpid()} {analysis.source_id}\n")
        return screen(analysis, title)

    monkeypatch.setattr(summarize, "eligible", recorded)
    for name in ("SUMMARIES_IN_WORKERS", "BRIEFINGS_IN_WORKERS", "FEATURES_IN_WORKERS"):
        monkeypatch.setattr(build, name, 1)
    assert can_fork()
    # Its own cache: the first build's store would hold every summary already.
    forked = dataclasses.replace(config, out=tmp_path / "forked", cache=tmp_path / "forked-cache", workers=2)
    Builder(forked, index=False).build()
    lines = [line.split() for line in screened.read_text().splitlines()]
    assert lines and str(os.getpid()) not in {pid for pid, _ in lines}
    assert len(lines) == len({source for _, source in lines})  # each source screened once, for summary and briefing
    for page in ("sources", "topics"):
        for file in (tmp_path / "serial" / page).iterdir():
            assert file.read_bytes() == (tmp_path / "forked" / page / file.name).read_bytes(), file.name


def test_a_build_leaves_the_old_generation_alone_and_the_thresholds_as_they_were(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import gc

    from briefgen.build import Builder

    from ..conftest import project

    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    before = gc.get_threshold()
    # Thresholds that make every few young collections a full one, outside a build.
    gc.set_threshold(100, 1, 1)
    gc.callbacks.append(seen)
    try:
        Builder(project(tmp_path), index=False).build()
        assert gc.get_threshold() == (100, 1, 1)
        building = len(full)
        gc.collect()
        assert len(full) == building + 1  # the callback sees a full collection
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*before)
    assert building == 0


def test_spawned_workers_give_what_forked_ones_and_this_process_give(
    seed_documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path for macOS and the preview server: no fork, workers spawned once."""
    from briefgen.analyze import DEFAULT_MODEL, analyse_texts
    from briefgen.runtime import executor

    monkeypatch.setattr(executor, "SPAWNED_MIN_ITEMS", 1)
    batches = [[d.source.text] for d in seed_documents]
    function = partial(analyse_texts, DEFAULT_MODEL)
    here = [function(batch) for batch in batches]
    spawned = Local(2, start="spawn")
    try:
        told: list[int] = []
        assert spawned.map(function, batches, portable=True, min_items=1, progress=told.append).result() == here
        assert sum(told) == len(batches)
        pids = spawned.map(_pid, list(range(8)), portable=True, min_items=1).result()
        assert os.getpid() not in pids
        # Work that cannot travel (a closure over this process's objects) stays here, in order.
        assert spawned.map(_pid, [1, 2], min_items=1).result() == [os.getpid()] * 2
    finally:
        spawned.close()
    assert fork_map(function, batches, workers=2, min_items=1) == here


def _write_later(path: Path) -> None:
    time.sleep(1.0)
    path.write_text("done")


def test_detached_work_runs_in_a_process_nobody_waits_for(tmp_path: Path) -> None:
    from briefgen.runtime.fork import detached

    marker = tmp_path / "marker"
    start = time.perf_counter()
    detached(partial(_write_later, marker))
    assert time.perf_counter() - start < 0.8 and not marker.exists()
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text() == "done"


def test_detached_work_runs_here_where_fork_is_not_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.runtime import fork

    monkeypatch.setattr(fork, "can_fork", lambda: False)
    marker = tmp_path / "marker"
    fork.detached(partial(_write_later, marker))
    assert marker.read_text() == "done"
