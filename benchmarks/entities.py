"""ECB+ entity-index benchmark: briefgen's ingest, analysis and entity resolution.

    python benchmarks/entities.py ../shared/eval/entities/dev.jsonl --out benchmarks/out/entities.jsonl
    python ../shared/eval/score_entities.py ../shared/eval/entities/dev.jsonl \
        --predictions benchmarks/out/entities.jsonl --name briefgen

Each line of FILE.jsonl is one topic (a story); its documents become sources
(the title as headline, the text cleaned by ingest's ``clean``), are analysed
with briefgen's Analyzer and resolved together with ``entities.resolve``.
One output line per entity mention, with offsets mapped back from the cleaned
text into the document's given text. Offline; pass --cache to reuse analyses.
A first line that repeats the title is the headline: it becomes the source's
title, as ingest makes a .txt file's first line, and its mentions map back
to that line (``--headline-in-text`` keeps it in the text, the old way).

    python benchmarks/entities.py FILE.jsonl --out benchmarks/out/entities.jsonl --halves

also scores the predictions with the shared scorer, once per half of the
topics (the split of ``training/relation.py``: tune on half A, check on B).
``--rules-only`` resolves without the learned merge scorer (``briefgen/entities/merges.py``),
the baseline it is measured against.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from briefgen.build.analyzer import Analyzer
from briefgen.entities import resolve
from briefgen.entities.merges import Weights
from briefgen.ingest.clean import clean, normalize
from briefgen.model import Document, Source
from training.relation import half_of


@dataclass(frozen=True)
class Mapped:
    """A cleaned text and where each of its paragraphs sits in the original."""

    text: str
    clean_starts: tuple[int, ...]
    original_starts: tuple[int, ...]
    title: str = ""
    title_start: int | None = None
    """Where the title sits in the original, when it is the text's first line."""

    def original(self, offset: int) -> int:
        i = max(0, bisect_right(self.clean_starts, offset) - 1)
        return self.original_starts[i] + offset - self.clean_starts[i]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def ingest(text: str, title: str, use_clean: bool = True, headline_in_text: bool = False) -> Mapped:
    """Clean like ingest does, keeping an offset map back to ``text``.

    Cleaning only drops lines, joins lines of one paragraph with a space and
    replaces characters one for one (``normalize``), so each paragraph is found
    verbatim in the normalised original once newlines read as spaces.
    """
    flat = normalize(text).replace("\n", " ")
    if len(flat) != len(text):
        raise ValueError("normalize changed the text's length; the offset map needs a character alignment")
    lines = [line.strip() for line in normalize(text).split("\n") if line.strip()]
    # ECB+ fills a missing headline with the text's first sentence: that line
    # is the lead of the article, not a repeated headline to be cleaned away.
    headline = None
    if lines and _words(lines[0]) == _words(normalize(title)):
        title = ""
        if not headline_in_text:
            # Cleaning drops the line that repeats the title it is given.
            headline = title = lines[0]
    body = text
    if headline is not None:
        # Out of the text, even where cleaning would join it to the next line.
        at = normalize(text).find(headline)
        body = normalize(text)[:at] + " " * len(headline) + normalize(text)[at + len(headline) :]
    paragraphs = clean(body, title=title).paragraphs if use_clean else ()
    if not paragraphs:
        # Nothing left after cleaning: keep the lines, so the document still counts.
        paragraphs = tuple(lines[1:] if headline is not None and len(lines) > 1 else lines)
    elif lines and lines[0] not in paragraphs and _words(lines[0]) != _words(normalize(title)):
        # The text's first line is its headline (ECB+ swaps headline and
        # dateline in some documents): cleaning drops a headline-shaped line,
        # but it is text the gold counts. The entities stage distrusts the
        # model's spans there and recovers the story's known names instead.
        paragraphs = (lines[0], *paragraphs)
    clean_starts, original_starts, pieces = [], [], []
    position = cursor = 0
    for paragraph in paragraphs:
        found = flat.find(paragraph, cursor)
        if found < 0:
            found = flat.find(paragraph)
        if found < 0:
            continue
        clean_starts.append(position)
        original_starts.append(found)
        pieces.append(paragraph)
        position += len(paragraph) + 2
        cursor = found + len(paragraph)
    if headline is not None:
        return Mapped("\n\n".join(pieces), tuple(clean_starts), tuple(original_starts), headline, flat.find(headline))
    return Mapped("\n\n".join(pieces), tuple(clean_starts), tuple(original_starts), normalize(title))


@dataclass(frozen=True)
class Prepared:
    """The topics' documents ingested and analysed, with the maps back to their texts."""

    mapped: dict[str, Mapped]
    sources: list[Source]
    originals: dict[str, str]
    analyses: dict


def prepare(topics: list[dict], cache: Path | None, use_clean: bool = True, headline_in_text: bool = False) -> Prepared:
    mapped: dict[str, Mapped] = {}
    sources: list[Source] = []
    originals: dict[str, str] = {}
    for topic in topics:
        for document in topic["documents"]:
            text = document["text"]
            mapped[document["id"]] = m = ingest(text, document.get("title", ""), use_clean, headline_in_text)
            originals[document["id"]] = text
            title = "" if headline_in_text else m.title
            sources.append(Source(id=document["id"], title=title, text=m.text, origin=document["id"]))
    return Prepared(mapped, sources, originals, Analyzer(cache=cache).analyze(sources))


def predict(
    topics: list[dict], prepared: Prepared, learned: bool = True, weights: Weights | None = None
) -> tuple[list[dict], float]:
    """One record per entity mention of every topic (the scorer's format), and the seconds spent resolving."""
    by_id = {s.id: s for s in prepared.sources}
    records = []
    resolving = 0.0
    for topic in topics:
        documents = [Document(by_id[d["id"]], prepared.analyses[d["id"]]) for d in topic["documents"]]
        before = time.perf_counter()
        entities = resolve(documents, learned=learned, weights=weights)
        resolving += time.perf_counter() - before
        for entity in entities:
            for mention in entity.mentions:
                m = prepared.mapped[mention.source]
                if mention.sentence == 0:  # the headline
                    if m.title_start is None:
                        continue  # a title the text does not hold: the gold cannot mark it
                    start, end = m.title_start + mention.start, m.title_start + mention.end
                else:
                    start, end = m.original(mention.start), m.original(mention.end)
                records.append(
                    {
                        "doc": mention.source,
                        "start": start,
                        "end": end,
                        "entity": f"{topic['topic']}/{entity.id}",
                        "text": prepared.originals[mention.source][start:end],
                    }
                )
    return records, resolving


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, help="topics in the schema of ../shared/eval/entities/dev.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="predictions, one JSON object per mention")
    parser.add_argument("--cache", type=Path, default=None, help="analysis cache folder (default: none)")
    parser.add_argument("--halves", action="store_true", help="score each half of the topics (shared scorer)")
    parser.add_argument("--scorer", type=Path, default=None, help="score_entities.py (default: beside FILE's folder)")
    parser.add_argument("--rules-only", action="store_true", help="without the learned merge scorer (a baseline)")
    parser.add_argument("--no-clean", action="store_true", help="skip ingest cleaning (lines joined as paragraphs)")
    parser.add_argument("--headline-in-text", action="store_true", help="keep a headline line in the text (no title)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    topics = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    prepared = prepare(topics, args.cache, not args.no_clean, args.headline_in_text)
    analysed = time.perf_counter()
    records, resolving = predict(topics, prepared, learned=not args.rules_only)
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"{len(topics)} topics, {len(prepared.sources)} documents, {len(records)} mentions; "
        f"analysis {analysed - started:.1f} s, resolution {resolving:.2f} s",
        file=sys.stderr,
    )
    if args.halves:
        score_halves(topics, args.out, args.scorer or args.file.resolve().parent.parent / "score_entities.py")
    return 0


def load_scorer(scorer: Path):
    """The shared scorer as a module (its ``load_predictions`` and ``evaluate``)."""
    spec = importlib.util.spec_from_file_location("score_entities", scorer)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{scorer}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_halves(topics: list[dict], predictions: Path, scorer: Path) -> None:
    """The shared scorer's figures for each half of the topics."""
    module = load_scorer(scorer)
    texts = {d["id"]: d["text"] for t in topics for d in t["documents"]}
    preds, _, _ = module.load_predictions(str(predictions), texts)
    wanted = ("conll_f1", "b3_f1", "muc_f1", "ceafe_f1", "xdoc_p", "xdoc_r", "xdoc_f1", "ment_r")
    print("half topics mentions " + " ".join(f"{w:>8}" for w in wanted))
    for half in ("a", "b"):
        part = [t for t in topics if half_of(t["topic"]) == half]
        total, _ = module.evaluate(part, preds)
        mentions = sum(len(t["mentions"]) for t in part)
        print(f"{half:>4} {len(part):>6} {mentions:>8} " + " ".join(f"{total[w]:>8.3f}" for w in wanted))


if __name__ == "__main__":
    sys.exit(main())
