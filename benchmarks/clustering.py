"""Story-clustering benchmark: briefgen's own topics stage on a labelled split.

    .venv/bin/python benchmarks/clustering.py [FILE.jsonl] [--out PRED.jsonl] [--no-score]

FILE.jsonl has one article per line: {"id", "title", "text", "date", "cluster"}
(default: ../shared/eval/clustering/dev.jsonl beside the repository). The gold
"cluster" is never read here: the articles go through the Analyzer and
``assign_topics`` with no definitions, and each article's topic slug is written
as {"id", "cluster"} to PRED.jsonl. Then the shared scorer prints briefgen's
B-cubed / ARI / pairwise figures beside the baselines it measures in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from briefgen.analyze import DEFAULT_MODEL
from briefgen.build.analyzer import Analyzer
from briefgen.model import Document, Source
from briefgen.topics import assign_topics

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"


def load_sources(path: Path) -> list[Source]:
    sources = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            # Like ingest: one paragraph per non-empty line, paragraphs separated by a blank line.
            paragraphs = [p.strip() for p in (row.get("text") or "").split("\n") if p.strip()]
            sources.append(
                Source(
                    id=row["id"],
                    title=(row.get("title") or "").strip(),
                    text="\n\n".join(paragraphs),
                    origin=f"{row['id']}.txt",
                    published=row.get("date") or None,
                )
            )
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=SHARED / "clustering" / "dev.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "clustering.pred.jsonl")
    parser.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / "out" / "cache")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--threshold", type=float, default=None, help="override the clustering threshold")
    parser.add_argument("--no-score", action="store_true", help="only write the predictions")
    args = parser.parse_args(argv)

    sources = load_sources(args.file)
    started = time.perf_counter()
    analyses = Analyzer(args.model, args.cache).analyze(sources)
    analysed = time.perf_counter()
    documents = [Document(s, analyses[s.id]) for s in sources]
    topics = assign_topics(documents, (), threshold=args.threshold)
    clustered = time.perf_counter()
    print(
        f"{len(sources)} articles -> {len(topics)} topics; analyse {analysed - started:.1f} s, "
        f"cluster {clustered - analysed:.2f} s",
        file=sys.stderr,
    )

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for topic in topics:
            for source_id in topic.source_ids:
                handle.write(json.dumps({"id": source_id, "cluster": topic.slug}) + "\n")

    scorer = SHARED / "score_clustering.py"
    if args.no_score:
        return 0
    if not scorer.exists():
        print(f"scorer not found at {scorer}; predictions are in {args.out}", file=sys.stderr)
        return 0
    command = [
        sys.executable,
        str(scorer),
        "--dev",
        str(args.file),
        "--predictions",
        str(args.out),
        "--name",
        "briefgen",
    ]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
