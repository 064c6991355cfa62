"""Story titles benchmark: does a story's title say what the story is?

Every Multi-News cluster (``../shared/eval/mds/dev.jsonl``: scraped articles with
no headlines, one human reference summary per cluster) is written as a sources
folder exactly as ``benchmarks/mds.py --write-sources`` writes it (one ``.md``
per article, ``topic:`` its cluster), read by ``ingest.read_sources``,
analysed, and grouped by ``topics.assign_topics``: the titles are the ones
the site shows. The baseline, measured in the same run, is the previous rule
(the most central source's title, unless cut off), put in place of
``topics.story_title`` as ``benchmarks/mds.py`` puts its counter in place of
the pair relation.

A title is scored against its cluster's reference summary on content words
(lower-cased, Porter-stemmed, spaCy's English stop words left out):

- precision: the share of the title's content words that the summary uses.
  The reference is what a person wrote the story is; a title made of an
  anecdote's scene ("just after dawn", a first name, the weather) uses words
  the summary has no reason to repeat;
- on topic: the share of titles at least half of whose content words the
  summary uses;
- lead F1: ROUGE-1 F1 of the content words against the summary's first
  sentence, which in Multi-News says what happened in one sentence;
- key words: the share of the summary's key words (the content words it
  uses twice or more: its people, places and the event) the title holds;
- words: the titles' median length, so that a gain is not a shorter title.

Scored by half (``training.relation.half_of``): rules chosen on A, B read.

    .venv/bin/python benchmarks/titles.py [--show b] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from rouge_score.tokenizers import DefaultTokenizer
from spacy.lang.en.stop_words import STOP_WORDS

import briefgen.topics
from briefgen.analyze import DEFAULT_MODEL
from briefgen.build.analyzer import Analyzer
from briefgen.ingest import read_sources
from briefgen.model import Document, Source
from briefgen.text.dateline import without_dateline
from briefgen.text.headline import is_truncated
from briefgen.text.lexicon import load_words

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
from mds import DEFAULT_CACHE, DEFAULT_FILE, write_sources

from training.relation import half_of

_TOKENS = DefaultTokenizer(use_stemmer=True)
_STOP = frozenset(_TOKENS.tokenize(" ".join(STOP_WORDS)))


def content(text: str) -> set[str]:
    # A number of three digits or more (a year, a toll) says something; "2" or "10" alone hardly.
    return {t for t in _TOKENS.tokenize(text) if (t.isdigit() and len(t) > 2) or not (t.isdigit() or t in _STOP)}


def scores(title: str, summary: str) -> tuple[float, float, float]:
    """Precision of the title's content words in the summary, ROUGE-1 F1 against its first sentence, and
    the share of the summary's key words (the content words it uses twice or more) that the title holds."""
    words, reference = content(title), content(summary)
    lead = content(summary.lstrip("–- ").split(". ")[0])
    counts = Counter(t for t in _TOKENS.tokenize(summary) if t in reference)
    key = {t for t, n in counts.items() if n >= 2}
    precision = len(words & reference) / len(words) if words else 0.0
    hits = len(words & lead)
    f1 = 2 * hits / (len(words) + len(lead)) if words and lead else 0.0
    return precision, f1, len(words & key) / len(key) if key else 0.0


def previous_story_title(documents: Sequence[Document]) -> str:
    """The rule before: the most central source's title, unless it is cut off and another is whole."""
    sources: list[Source] = [d.source for d in documents]
    titles = [" ".join(without_dateline(s.title).split()) for s in sources]
    whole = [t for t in titles if t and not is_truncated(t)]
    return (whole or [t for t in titles if t] or [sources[0].id])[0]


def titles(documents: list[Document], rule: Callable[[Sequence[Document]], str] | None) -> dict[str, str]:
    """Cluster id -> its story's title, built by ``assign_topics`` (with ``rule`` as ``story_title``)."""
    current = briefgen.topics.story_title
    if rule is not None:
        briefgen.topics.story_title = rule  # type: ignore[assignment]
    try:
        return {t.slug: t.title for t in briefgen.topics.assign_topics(documents, [])}
    finally:
        briefgen.topics.story_title = current


def report(name: str, built: dict[str, str], summaries: dict[str, str]) -> str:
    rows = [scores(built.get(i, ""), s) for i, s in summaries.items()]
    precision = statistics.mean(r[0] for r in rows)
    on_topic = sum(r[0] >= 0.5 for r in rows) / len(rows)
    f1 = statistics.mean(r[1] for r in rows)
    key = statistics.mean(r[2] for r in rows)
    words = statistics.median(len(built.get(i, "").split()) for i in summaries)
    return f"{name:<10} {len(rows):>4} {precision:>9.3f} {on_topic:>8.3f} {f1:>7.3f} {key:>8.3f} {words:>6.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?", default=DEFAULT_FILE)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--show", choices=("a", "b"), help="print this half's titles, before and after")
    parser.add_argument("--out", type=Path, help="write every title, before and after, as JSON Lines")
    args = parser.parse_args(argv)

    clusters = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        write_sources(clusters, Path(folder))
        words = load_words(args.model)
        sources, _ = read_sources(Path(folder), is_word=words.__contains__)
    analyses = Analyzer(args.model, args.cache, workers=2).analyze(sources)
    documents = [Document(s, analyses[s.id]) for s in sources]
    before = titles(documents, previous_story_title)
    after = titles(documents, None)

    print(f"{'':<10} {'n':>4} {'precision':>9} {'on topic':>8} {'lead F1':>7} {'key words':>8} {'words':>6}")
    for half in ("a", "b"):
        summaries = {c["id"]: c["summary"] for c in clusters if half_of(c["id"]) == half}
        print(f"half {half.upper()}")
        print(report("  before", before, summaries))
        print(report("  after", after, summaries))
    if args.show:
        for cluster in clusters:
            if half_of(cluster["id"]) == args.show:
                print(f"\n{cluster['id']}\n  before: {before.get(cluster['id'])}\n  after:  {after.get(cluster['id'])}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as handle:
            for cluster in clusters:
                row = {"id": cluster["id"], "half": half_of(cluster["id"]),
                       "before": before.get(cluster["id"]), "after": after.get(cluster["id"])}  # fmt: skip
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
