"""Multi-document summarisation benchmark: briefgen's briefing ranking as a summariser.

For every cluster of a Multi-News style JSONL file (see
``../shared/eval/mds/README.md``) each document becomes one ``Source``, all of
them one ``Topic``, and ``brief()`` ranks the claims exactly as the site does;
the summary is the claims' text in rank order, enough of them to fill the word
budget. Score it with the shared scorer:

    .venv/bin/python benchmarks/mds.py ../shared/eval/mds/dev.jsonl --budget 250 --out benchmarks/out/mds-dev.jsonl
    .venv/bin/python ../shared/eval/score_mds.py ../shared/eval/mds/dev.jsonl --budget 250 \\
        --predictions benchmarks/out/mds-dev.jsonl --name briefgen
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import briefgen.brief
from briefgen.analyze import DEFAULT_MODEL
from briefgen.brief import brief
from briefgen.build.analyzer import Analyzer
from briefgen.model import Document, Source, Topic

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / ".." / "shared" / "eval" / "mds" / "dev.jsonl"
DEFAULT_CACHE = ROOT / "benchmarks" / "out" / "cache"
WORDS_PER_CLAIM = 18
"""A low estimate of a claim's length, to ask brief() for enough claims."""


def sources_of(cluster: dict) -> list[Source]:
    sources = []
    for i, doc in enumerate(cluster["documents"]):
        text = doc.get("text") or ""
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        sources.append(
            Source(
                id=f"{cluster['id']}-{i}",
                title=doc.get("title") or "",
                text="\n\n".join(p for p in paragraphs if p),
                origin=f"{cluster['id']}/{i}",
                url=doc.get("url"),
                published=doc.get("date"),
            )
        )
    return sources


def summarise(cluster: dict, analyzer: Analyzer, budget: int) -> str:
    sources = sources_of(cluster)
    analyses = analyzer.analyze(sources)
    documents = [Document(s, analyses[s.id]) for s in sources]
    topic = Topic(slug=cluster["id"], title="", source_ids=tuple(s.id for s in sources))
    briefing = brief(topic, documents, length=max(8, budget // WORDS_PER_CLAIM + 4), only_in=0)
    out: list[str] = []
    words = 0
    for claim in briefing.claims:
        out.append(claim.text)
        words += len(claim.text.split())
        if words >= budget:
            break
    return " ".join(out)


class Counted:
    """The pair relation as the briefing calls it, counting its pairs and time."""

    def __init__(self) -> None:
        self.relate = briefgen.brief.relate
        self.pairs = 0
        self.seconds = 0.0

    def __call__(self, pairs, *args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return self.relate(pairs, *args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start
            self.pairs += len(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
    parser.add_argument("--budget", type=int, default=250, help="words per summary (default 250)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "mds-predictions.jsonl")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)

    clusters = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    analyzer = Analyzer(args.model, args.cache, workers=2)
    counted = briefgen.brief.relate = Counted()  # type: ignore[assignment]
    start = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for cluster in clusters:
            summary = summarise(cluster, analyzer, args.budget)
            handle.write(json.dumps({"id": cluster["id"], "summary": summary}, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - start
    print(f"{len(clusters)} clusters in {elapsed:.1f} s -> {args.out}; the pair relation scored "
          f"{counted.pairs} pairs in {counted.seconds:.1f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
