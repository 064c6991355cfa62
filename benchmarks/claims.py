"""The pair relation on labelled sentence pairs, through the site's own code path.

    python benchmarks/claims.py ../shared/eval/claims/dev.jsonl --out PRED.jsonl
    python benchmarks/claims.py ../shared/eval/paraphrase/dev.jsonl --out PRED.jsonl
    python benchmarks/claims.py FILE --halves      # score each half with the shared scorer
    python benchmarks/claims.py FILE --timing      # microseconds per sentence and per pair, best of five

Reads both formats (MRPC pairs ``{"id", "a", "b", "label"}``; claims pairs
whose sides carry ``text`` and ``before``). Each side is analysed as the site
analyses a source (the sentence before it, a paragraph break, the sentence),
screened as the briefing screens a candidate (a sentence the briefing would
never show or cite, such as page furniture, is ``different`` from
everything), and related with :func:`briefgen.relation.relate`. Writes
``{"id", "relation", "score"}`` per pair.

``--halves`` splits the pairs in two as ``training/relation.py`` does (by
pair id for MRPC, by cluster for claims: the shipped model may be trained
on half A only, so half B is pairs it never saw) and prints the shared
scorer's report for each half, baselines beside it, TF-IDF's threshold tuned
on half A.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "eval" / "score_claims.py"

from briefgen import relation
from briefgen.brief.candidates import citable
from briefgen.build.analyzer import Analyzer
from briefgen.model import Source
from briefgen.relation.scorer import scorer
from training.relation import half_of  # the split the model was trained on


def _side(side: object) -> tuple[str, str]:
    if isinstance(side, dict):
        return side["text"], side.get("before", "") or ""
    return str(side), ""


def statements(rows: list[dict]) -> dict[tuple[str, str], tuple[relation.Statement, bool]]:
    """(text, before) -> (statement, citable) for every side of every pair."""
    sides = sorted({_side(r[s]) for r in rows for s in ("a", "b")})
    sources = []
    for i, (text, before) in enumerate(sides):
        body = f"{before}\n\n{text}" if before else text
        sources.append(Source(id=f"s{i}", title="", text=body, origin=f"s{i}"))
    analyses = Analyzer(workers=2).analyze(sources)
    out = {}
    for i, (text, before) in enumerate(sides):
        analysis = analyses[f"s{i}"]
        offset = len(before) + 2 if before else 0
        own = [s for s in analysis.sentences if s.start >= offset]
        last_before = max((s.number for s in analysis.sentences if s.start < offset), default=0)
        persons = [(m.start - offset, m.end - offset, m.text) for m in analysis.mentions
                   if m.label == "PERSON" and m.start >= offset]  # fmt: skip
        before_persons = [m.text for m in analysis.mentions if m.label == "PERSON" and m.sentence == last_before]
        terms = tuple(t for s in own for t in s.terms)
        out[(text, before)] = (relation.statement(text, persons, before_persons), citable(text, terms))
    return out


def predict(rows: list[dict]) -> list[dict]:
    found = statements(rows)
    pairs, where = [], []
    for k, r in enumerate(rows):
        (a, ok_a), (b, ok_b) = found[_side(r["a"])], found[_side(r["b"])]
        if ok_a and ok_b:
            pairs.append((a, b))
            where.append(k)
    start = time.perf_counter()
    related = relation.relate(pairs)
    elapsed = time.perf_counter() - start
    print(f"{len(pairs)} pairs scored in {elapsed:.1f} s ({len(pairs) / max(elapsed, 1e-9):.0f} pairs/s)",
          file=sys.stderr)  # fmt: skip
    out = [{"id": r["id"], "relation": "different", "score": 0.0} for r in rows]
    for k, rel in zip(where, related):
        out[k] = {"id": rows[k]["id"], "relation": rel.label, "score": round(rel.score, 4)}
        if rel.differs:
            out[k]["differs"] = list(rel.differs)
    return out


def timing(rows: list[dict], passes: int = 5) -> str:
    """The cost of making statements (per sentence) and of the scorer and the relation (per pair), each pair's
    anchor its own sentence (the worst case: the briefing shares an anchor's product among its pairs)."""
    texts = sorted({_side(r[s])[0] for r in rows for s in ("a", "b")})
    specs: list[relation.Spec] = [(t, (), ()) for t in texts]
    relation.statements(specs[:10])  # load the vectors and the scorer outside the clock
    best = [float("inf")] * 3
    for _ in range(passes):
        start = time.perf_counter()
        made = dict(zip(texts, relation.statements(specs)))
        made_at = time.perf_counter()
        pairs = [(made[_side(r["a"])[0]], made[_side(r["b"])[0]]) for r in rows]
        scorer().probability(pairs)
        scored_at = time.perf_counter()
        relation.relate(pairs)
        related_at = time.perf_counter()
        best = [min(b, t) for b, t in zip(best, (made_at - start, scored_at - made_at, related_at - scored_at))]
    return (
        f"{len(texts)} sentences: {1e6 * best[0] / len(texts):.0f} us each to make; {len(rows)} pairs: "
        f"scorer {1e6 * best[1] / len(rows):.0f} us, relate (scorer and signals) {1e6 * best[2] / len(rows):.0f} us each"
    )


def _split(rows: list[dict]) -> dict[str, list[dict]]:
    halves: dict[str, list[dict]] = {"a": [], "b": []}
    for r in rows:
        halves[half_of(r.get("cluster") or r["id"])].append(r)
    return halves


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _halves(gold: Path, rows: list[dict], predictions: list[dict]) -> None:
    by_id = {p["id"]: p for p in predictions}
    with tempfile.TemporaryDirectory() as tmp:
        parts = _split(rows)
        for name in ("a", "b"):
            _write(Path(tmp) / f"{name}.jsonl", parts[name])
            _write(Path(tmp) / f"pred-{name}.jsonl", [by_id[r["id"]] for r in parts[name]])
        for name in ("a", "b"):
            print(f"\n=== half {name.upper()} of {gold.name} ({len(parts[name])} pairs)", flush=True)
            subprocess.run([sys.executable, str(SCORER), str(Path(tmp) / f"{name}.jsonl"), "--predictions",
                            str(Path(tmp) / f"pred-{name}.jsonl"), "--dev", str(Path(tmp) / "a.jsonl"),
                            "--name", "briefgen"], check=True)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--halves", action="store_true", help="score each half with the shared scorer")
    ap.add_argument("--timing", action="store_true", help="time statements, the scorer and relate; then stop")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.file.open(encoding="utf-8") if line.strip()]
    if args.timing:
        print(timing(rows))
        return
    predictions = predict(rows)
    if args.out:
        _write(args.out, predictions)
    if args.halves:
        _halves(args.file, rows, predictions)


if __name__ == "__main__":
    main()
