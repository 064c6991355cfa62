"""Multi-document summarisation benchmark: briefgen's briefing ranking as a summariser.

For every cluster of a Multi-News style JSONL file (see
``../shared/eval/mds/README.md``) each document becomes one ``Source``, all of
them one ``Topic``, and ``brief()`` ranks the claims exactly as the site does;
the summary is the claims' text in rank order, enough of them to fill the word
budget. Score it with the shared scorer:

    .venv/bin/python benchmarks/mds.py ../shared/eval/mds/dev.jsonl --budget 250 --out benchmarks/out/mds-dev.jsonl
    .venv/bin/python ../shared/eval/score_mds.py ../shared/eval/mds/dev.jsonl --budget 250 \\
        --predictions benchmarks/out/mds-dev.jsonl --name briefgen

To read the briefings as an analyst would, write one half's clusters as a
sources folder (one ``.md`` per article, ``topic:`` the cluster id, so each
cluster is one topic) and build a site from it:

    .venv/bin/python benchmarks/mds.py --write-sources benchmarks/out/mds-b --half b
    .venv/bin/briefgen build --sources benchmarks/out/mds-b --content EMPTY_DIR --out benchmarks/out/site-b
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import briefgen.brief
from briefgen.analyze import DEFAULT_MODEL
from briefgen.brief import brief
from briefgen.build.analyzer import Analyzer
from briefgen.model import Document, Source, Topic

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from training.relation import half_of

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


def write_sources(clusters: list[dict], folder: Path) -> int:
    """Each article as ``folder/<cluster>-<i>.md`` with its cluster as its topic; the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for cluster in clusters:
        for i, doc in enumerate(cluster["documents"]):
            url = doc.get("url") or ""
            meta = {"topic": cluster["id"], "outlet": urlparse(url).netloc.removeprefix("www.") or f"outlet {i}"}
            meta.update({k: doc[k] for k in ("title", "url") if doc.get(k)})
            front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
            path = folder / f"{cluster['id']}-{i}.md"
            path.write_text(f"---\n{front}---\n\n{doc.get('text') or ''}\n", encoding="utf-8")
            written += 1
    return written


def summarise(cluster: dict, analyzer: Analyzer, budget: int, differences: list[str] | None = None) -> str:
    """The cluster's summary; with ``differences``, its "Sources differ" items are appended there as text."""
    sources = sources_of(cluster)
    analyses = analyzer.analyze(sources)
    documents = [Document(s, analyses[s.id]) for s in sources]
    topic = Topic(slug=cluster["id"], title="", source_ids=tuple(s.id for s in sources))
    briefing = brief(topic, documents, length=max(8, budget // WORDS_PER_CLAIM + 4), only_in=0)
    if differences is not None:
        for d in briefing.differences:
            differences.append(f"## {cluster['id']} ({', '.join(d.kinds)})")
            differences.extend(f"- [{v.source} #{v.sentence}] {v.text}" for v in d.versions)
            differences.append("")
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
    parser.add_argument("--write-sources", type=Path, metavar="DIR", help="write the clusters as a sources folder")
    parser.add_argument(
        "--half", choices=("a", "b"), help="only the clusters of this half (training/relation.py's split)"
    )
    parser.add_argument("--differences", type=Path, metavar="FILE", help='write every "Sources differ" item here')
    args = parser.parse_args(argv)

    clusters = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        clusters = [c for c in clusters if half_of(c["id"]) == args.half]
    if args.write_sources:
        written = write_sources(clusters, args.write_sources)
        print(f"{written} articles of {len(clusters)} clusters -> {args.write_sources}", file=sys.stderr)
        return 0
    analyzer = Analyzer(args.model, args.cache, workers=2)
    counted = briefgen.brief.relate = Counted()  # type: ignore[assignment]
    start = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    differences: list[str] | None = [] if args.differences else None
    with args.out.open("w", encoding="utf-8") as handle:
        for cluster in clusters:
            summary = summarise(cluster, analyzer, args.budget, differences)
            handle.write(json.dumps({"id": cluster["id"], "summary": summary}, ensure_ascii=False) + "\n")
    if args.differences and differences is not None:
        items = sum(line.startswith("## ") for line in differences)
        args.differences.write_text("\n".join(differences), encoding="utf-8")
        print(f"{items} differences -> {args.differences}", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"{len(clusters)} clusters in {elapsed:.1f} s -> {args.out}; the pair relation scored "
          f"{counted.pairs} pairs in {counted.seconds:.1f} s", file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
