"""CPU time of the entities stage on real news: ``entities.resolve`` alone.

    python benchmarks/entity_cost.py ../shared/corpus/news-10k.tar.gz --n 2000 --story 25 --cache benchmarks/out/entity-cost

Takes every k-th article of the archive (``<id>.txt``: title line, blank
line, body) so that ``--n`` of them span its sources, reads them with
briefgen's ingest, analyses them (cached in ``--cache``), groups them into
stories of ``--story`` consecutive articles (the ``topics`` a build passes)
and prints the CPU seconds of ``resolve`` for ``--runs`` runs. Run it
against another checkout (PYTHONPATH) to compare code.
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from briefgen.build.analyzer import Analyzer
from briefgen.entities import resolve
from briefgen.ingest import read_sources
from briefgen.model import Document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--story", type=int, default=25)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args(argv)

    with tarfile.open(args.archive) as tar, tempfile.TemporaryDirectory() as folder:
        members = sorted((m for m in tar.getmembers() if m.name.endswith(".txt")), key=lambda m: m.name)
        step = max(1, len(members) // args.n)
        chosen = members[::step][: args.n]
        for member in chosen:
            handle = tar.extractfile(member)
            assert handle is not None
            (Path(folder) / Path(member.name).name).write_bytes(handle.read())
        sources, _ = read_sources(Path(folder))
    analyses = Analyzer(cache=args.cache).analyze(sources)
    documents = [Document(s, analyses[s.id]) for s in sources]
    topics = {d.id: f"story-{i // args.story}" for i, d in enumerate(documents)}
    for _ in range(args.runs):
        start = time.process_time()
        entities = resolve(documents, topics=topics)
        spent = time.process_time() - start
        mentions = sum(len(e.mentions) for e in entities)
        print(f"{len(documents)} articles, {len(entities)} entities, {mentions} mentions: {spent:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
