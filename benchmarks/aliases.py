"""Pairwise alias precision and recall of the entity index on the seeds.

    python benchmarks/aliases.py [--sources seeds] [--gold tests/gold_aliases.toml] [--cache DIR]

Runs briefgen's ingest, analysis and entity resolution over the sources and
compares the result with a hand-written gold list: every pair of gold forms
is positive when the forms are in one gold entity, and predicted positive
when some resolved entity has mentions written in both forms. A gold form the
index never found counts as on its own (a recall loss). Wrong merges of two
gold people are listed: there must be none.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import tomllib

from briefgen.entities.names import key
from briefgen.model import Entity


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class AliasScore:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    wrong: tuple[tuple[str, str], ...]
    """Predicted pairs of forms that belong to different gold entities."""
    missed: tuple[tuple[str, str], ...]
    person_merges: tuple[tuple[str, str], ...]
    """Wrong pairs whose two forms are of two different gold people."""


def load_gold(text: str) -> list[GoldEntity]:
    data = tomllib.loads(text)
    return [GoldEntity(e["name"], e.get("type", ""), tuple(e["forms"])) for e in data["entity"]]


def score(entities: Iterable[Entity], gold: list[GoldEntity]) -> AliasScore:
    owner = {key(form): g for g in gold for form in g.forms}
    together: set[frozenset[str]] = set()
    for entity in entities:
        keys = sorted({key(m.text) for m in entity.mentions} & owner.keys())
        together.update(frozenset(pair) for pair in combinations(keys, 2))
    true = predicted = positive = 0
    wrong, missed, people = [], [], []
    for a, b in combinations(sorted(owner), 2):
        same = owner[a] is owner[b]
        joined = frozenset((a, b)) in together
        positive += same
        predicted += joined
        true += same and joined
        if joined and not same:
            wrong.append((a, b))
            if owner[a].type == owner[b].type == "PERSON":
                people.append((a, b))
        if same and not joined:
            missed.append((a, b))
    return AliasScore(
        precision=true / predicted if predicted else 1.0,
        recall=true / positive if positive else 1.0,
        true_pairs=true,
        predicted_pairs=predicted,
        gold_pairs=positive,
        wrong=tuple(wrong),
        missed=tuple(missed),
        person_merges=tuple(people),
    )


def main(argv: list[str] | None = None) -> int:
    from briefgen.build.analyzer import Analyzer
    from briefgen.entities import resolve
    from briefgen.ingest import read_sources
    from briefgen.model import Document

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, default=Path("seeds"))
    parser.add_argument("--gold", type=Path, default=Path("tests/gold_aliases.toml"))
    parser.add_argument("--cache", type=Path, default=None, help="analysis cache folder (default: none)")
    args = parser.parse_args(argv)
    sources, problems = read_sources(args.sources)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    analyses = Analyzer(cache=args.cache).analyze(sources)
    entities = resolve([Document(s, analyses[s.id]) for s in sources])
    result = score(entities, load_gold(args.gold.read_text(encoding="utf-8")))
    print(
        f"alias pairs: precision {result.precision:.3f} ({result.true_pairs}/{result.predicted_pairs}), "
        f"recall {result.recall:.3f} ({result.true_pairs}/{result.gold_pairs}), "
        f"wrong merges of two people: {len(result.person_merges)}"
    )
    for a, b in result.wrong:
        print(f"  wrong:  {a!r} + {b!r}")
    for a, b in result.missed:
        print(f"  missed: {a!r} + {b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
