"""Repeated random topic splits: how much the entity merge scorer is fitted to its topics.

    python benchmarks/entity_cv.py ../shared/eval/entities/dev.jsonl [--splits 10] [--cache DIR]

The fixed halves of ``benchmarks/entities.py`` give one gap between the
tuning half and the held-out half, and much of it is which topics fell in
which half. Here the dev topics are split at random into two halves
``--splits`` times (seeded, so the run repeats); each time the merge scorer
is refitted on one half exactly as ``training/entities.py`` fits it (its L2
penalty and threshold chosen by leave-one-topic-out cross-validation there)
and every topic is resolved with it. Printed per split and as mean and
spread: CoNLL F1 of the fitted half and of the held-out half, and the rules
alone on the same held-out half (the baseline the scorer must beat). The
analyses are computed once (``--cache`` keeps them between runs).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from entities import load_scorer, predict, prepare

from training.entities import rows, weights


def conll(module, topics: list[dict], records: list[dict], texts: dict[str, str]) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    try:
        preds, _, _ = module.load_predictions(out.name, texts)
    finally:
        Path(out.name).unlink()
    total, _ = module.evaluate(topics, preds)
    return total["conll_f1"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, help="topics in the schema of ../shared/eval/entities/dev.jsonl")
    parser.add_argument("--splits", type=int, default=10)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--cache", type=Path, default=None, help="analysis cache folder (default: none)")
    parser.add_argument("--scorer", type=Path, default=None, help="score_entities.py (default: beside FILE's folder)")
    args = parser.parse_args(argv)
    topics = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    module = load_scorer(args.scorer or args.file.resolve().parent.parent / "score_entities.py")
    texts = {d["id"]: d["text"] for t in topics for d in t["documents"]}
    prepared = prepare(topics, args.cache)
    data = rows(args.cache, args.file)
    pair_topic = np.array([t for t, _, _ in data])
    x = np.array([f for _, f, _ in data], dtype=float)
    y = np.array([label for *_, label in data])
    by_topic = {t["topic"]: t for t in topics}
    rules_records, _ = predict(topics, prepared, learned=False)
    rules_by_topic = {t: [r for r in rules_records if r["entity"].split("/")[0] == t] for t in by_topic}
    names = sorted(by_topic)
    rng = random.Random(args.seed)
    fitted, held, rules, gaps = [], [], [], []
    print("split  fitted-half  held-out-half  gap    rules-only held-out")
    for split in range(args.splits):
        order = names[:]
        rng.shuffle(order)
        one, other = order[: len(order) // 2], order[len(order) // 2 :]
        on = np.isin(pair_topic, one)
        scorer = weights(pair_topic[on], x[on], y[on])
        parts = {}
        for label, part in (("fitted", one), ("held", other)):
            chosen = [by_topic[t] for t in part]
            records, _ = predict(chosen, prepared, weights=scorer)
            parts[label] = conll(module, chosen, records, texts)
        chosen = [by_topic[t] for t in other]
        base = conll(module, chosen, [r for t in other for r in rules_by_topic[t]], texts)
        fitted.append(parts["fitted"])
        held.append(parts["held"])
        rules.append(base)
        gaps.append(parts["fitted"] - parts["held"])
        print(f"{split:>5}  {parts['fitted']:>11.3f}  {parts['held']:>13.3f}  {gaps[-1]:+.3f}  {base:.3f}")
    for label, values in (("fitted", fitted), ("held out", held), ("gap", gaps), ("rules only, held out", rules)):
        print(f"{label:>22}: mean {statistics.mean(values):.3f}, sd {statistics.stdev(values):.3f}, "
              f"range {min(values):.3f}..{max(values):.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
