"""What the pair relation costs in a built site: pairs scored and the matcher's own time.

    python benchmarks/build.py --n 10000 --keep     # prints the kept project's folder
    python benchmarks/pairs.py FOLDER

Reads the topics of the site built in FOLDER (``site/data/topics/*.json``),
takes each source's analysis from the project's cache, and makes every
briefing again in this one process, as the build does, timing the pair
model apart from the rest. Prints the number of topics with two or more
sources, the pairs scored, the matcher's seconds and the whole briefing
stage's seconds (on one core: the build spreads briefings over its workers).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import briefgen.brief
from briefgen.brief import brief
from briefgen.build.analyzer import Analyzer
from briefgen.config import load
from briefgen.ingest import read_sources
from briefgen.model import Document, Topic
from briefgen.text.lexicon import load_words

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mds import Counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="a project folder that holds a built site")
    args = parser.parse_args(argv)
    config = load(None, args.folder.resolve())
    sources, _ = read_sources(Path(config.sources), is_word=load_words(config.spacy_model).__contains__)
    analyses = Analyzer(config.spacy_model, config.cache, workers=2).analyze(sources)
    documents = {s.id: Document(s, analyses[s.id]) for s in sources}
    counted = briefgen.brief.relate = Counted()  # type: ignore[assignment]
    topics = sorted((Path(config.out) / "data" / "topics").glob("*.json"))
    shared = 0
    start = time.perf_counter()
    for path in topics:
        data = json.loads(path.read_text(encoding="utf-8"))
        members = [documents[i] for i in data["sources"] if i in documents]
        shared += len(members) > 1
        topic = Topic(slug=data["slug"], title=data["title"], source_ids=tuple(d.id for d in members))
        brief(topic, members, length=config.briefing_claims, only_in=config.only_in)
    elapsed = time.perf_counter() - start
    print(
        f"{len(topics)} topics ({shared} with two or more sources), {len(sources)} sources: "
        f"{counted.pairs} pairs scored in {counted.seconds:.1f} s of {elapsed:.1f} s of briefings (one process)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
