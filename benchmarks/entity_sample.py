"""Read an entity index as a reader would: a site built from held-out news clusters.

    python benchmarks/entity_sample.py ../shared/eval/mds/dev.jsonl --half b --work benchmarks/out/entity-sample [--n 40]

Every document of the clusters of one half (the split of ``training/relation.py``)
becomes a ``.md`` source (front matter: url, date; no title: ingest makes one,
as for any file without), ``briefgen build`` makes the site as a user would
(stories found by its clustering), and a fixed random sample of the entities
with two or more aliases or sources is printed with each name and alias in
context, for counting by hand: wrong merges, missed merges, wrong types, junk
spans. ``--all`` prints every such entity's line, to look for what the sample
misses. The data stays outside the repository (``--work``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from briefgen.build import Builder
from briefgen.config import Config, anchor
from training.relation import half_of


def write_sources(clusters: list[dict], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for cluster in clusters:
        for i, doc in enumerate(cluster["documents"]):
            text = "\n\n".join(" ".join(p.split()) for p in (doc.get("text") or "").split("\n\n") if p.strip())
            if not text:
                continue
            meta = {k: doc[k] for k in ("url", "date") if doc.get(k)}
            front = "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items())
            (folder / f"{cluster['id']}-{i}.md").write_text(f"---\n{front}---\n{text}\n", encoding="utf-8")
            written += 1
    return written


def context(site: Path, source: str, sentence: str) -> str:
    data = json.loads((site / "data" / "sources" / f"{source}.json").read_text(encoding="utf-8"))
    if sentence == "headline":
        return f"[headline] {data['title']}"
    return next((s["text"] for s in data["sentences"] if s["id"] == sentence), "")


def show(site: Path, entity: dict) -> list[str]:
    sources = list(dict.fromkeys(m["source"] for m in entity["mentions"]))
    lines = [f"## {entity['name']}  [{entity['type']}]  {len(entity['mentions'])} mentions, {len(sources)} sources"]
    lines.append(f"   aliases: {entity['aliases']}")
    seen: set[tuple[str, str]] = set()
    for m in entity["mentions"]:
        # Each form once per source: a wrong merge shows as a form in another story.
        if (m["text"], m["source"]) in seen or len(seen) >= 8:
            continue
        seen.add((m["text"], m["source"]))
        said = context(site, m["source"], m["sentence"])
        lines.append(f"   - {m['text']!r} ({m['source']}): {said[:220]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--half", choices=("a", "b"), default="b")
    parser.add_argument("--work", type=Path, required=True, help="a folder outside the repository")
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--all", action="store_true", help="one line for every entity with 2+ aliases or sources")
    parser.add_argument("--no-build", action="store_true", help="read the site already built in --work")
    args = parser.parse_args(argv)

    clusters = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    clusters = [c for c in clusters if half_of(c["id"]) == args.half]
    config = anchor(Config(cache=args.work / "cache"), args.work)
    if not args.no_build:
        written = write_sources(clusters, args.work / "seeds")
        print(f"{len(clusters)} clusters, {written} sources", file=sys.stderr)
        Builder(config).build()
    site = Path(config.out)
    entities = json.loads((site / "data" / "entities.json").read_text(encoding="utf-8"))
    several = [e for e in entities if len(e["aliases"]) >= 1 or len({m["source"] for m in e["mentions"]}) >= 2]
    print(f"{len(entities)} entities, {len(several)} with 2+ names or sources", file=sys.stderr)
    if args.all:
        for e in several:
            print(f"{e['name']} [{e['type']}] {e['aliases']} {len({m['source'] for m in e['mentions']})} sources")
        return 0
    for entity in random.Random(args.seed).sample(several, min(args.n, len(several))):
        print("\n".join(show(site, entity)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
