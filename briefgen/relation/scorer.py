"""The probability that two sentences state the same fact, from what they share.

A logistic model over a few measures of a pair that hold for any news: how
close the two sentences' meanings are (:mod:`.vectors`), how many of their
content words and names they share, whether they give the same numbers, how
alike their lengths are. ``training/relation.py`` fits its weights on half A
of the public dev sets (MRPC and the news fact-matching pairs) and writes
them to ``briefgen/data/relation/scorer.json``.

On pairs it was not fitted on, this model ranks pairs as well as a
fine-tuned cross-encoder did (``docs/claims.md``), at a thousandth of the cost.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..text.lexicon import WORD, function_words
from .vectors import MODEL_DIR

if TYPE_CHECKING:
    from . import Statement

FEATURES = (
    "cosine",
    "jaccard",
    "containment",
    "aligned",
    "covered",
    "action",
    "names_shared",
    "names_apart",
    "numbers_shared",
    "numbers_apart",
    "length_ratio",
    "shortest",
    "aligned_rare",
    "negation_apart",
    "core",
    "reported",
)
_NAME = re.compile(r"[A-Z](?<=\W[A-Z])(?<![.!?]\s[A-Z])[^\W_]*(?:['’-][^\W_]+)*")
"""A capital that opens a word, not the text's first nor a sentence's ("(?<!^)(?<![.!?]\\s)\\b[A-Z]...", with the
capital first so that the pattern is tried only at capitals)."""


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words that are not function words, a possessive "'s" dropped."""
    stop = function_words()
    out = set()
    for word in WORD.findall(text.lower()):
        if word.endswith(_POSSESSIVE):  # a word holds no line break: its end is where "$" matched
            word = word[:-2]
        if word not in stop and len(word) > 1:
            out.add(word)
    return frozenset(out)


_POSSESSIVE = ("'s", "’s")


_NEGATION = re.compile(
    r"(?=[nw])(?:\b(?:not|never|no|nor|without|none|nobody|nothing|neither)\b|n['’]t\b)", re.IGNORECASE
)  # the look-ahead holds what each alternative opens with: the alternation is tried only there


def negated(text: str) -> bool:
    """Whether the sentence says something is not so: "did not pay" is not "paid"."""
    return _NEGATION.search(text) is not None


def names(text: str) -> frozenset[str]:
    """Capitalised words inside the sentence: in English, mostly names."""
    return frozenset(m.lower() for m in _NAME.findall(text.strip()))


def features(a: Statement, b: Statement) -> list[float]:
    return rows([(a, b)])[0]


def rows(pairs: Sequence[tuple[Statement, Statement]]) -> list[list[float]]:
    """The :data:`FEATURES` of each pair."""
    return [_features(a, b, *found) for (a, b), found in zip(pairs, _alignments(pairs))]


def _alignments(pairs: Sequence[tuple[Statement, Statement]]) -> list[tuple[float, float, float, float, float, float]]:
    """(aligned, covered, action, aligned_rare, core, reported) of each pair: each content word's closest word in the other
    sentence.

    A paraphrase ("slam" for "condemn") is close where a mere topic neighbour
    is not; a rare word left unmatched is news the other lacks. ``action`` is
    the same over the words that are not names: what is done or said,
    whoever does it. One product per sentence for all the sentences it is
    paired with (a briefing pairs each anchor with a few of every other source). ``aligned_rare`` weighs
    each word by how rare it is: "Ohr" or "jurisdiction" left unmatched says more than "said" or "week".
    """
    out: list[tuple[float, float, float, float, float, float] | None] = [None] * len(pairs)
    by_first: dict[int, list[int]] = {}
    for k, (a, b) in enumerate(pairs):
        if len(a.word_vectors) and len(b.word_vectors):
            by_first.setdefault(id(a), []).append(k)
        else:
            out[k] = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    for ks in by_first.values():
        a = pairs[ks[0]][0]
        others = [pairs[k][1] for k in ks]
        lengths = np.array([len(b.word_vectors) for b in others])
        starts = np.cumsum(lengths) - lengths
        closest = a.word_vectors @ np.concatenate([b.word_vectors for b in others]).T
        forward = np.maximum.reduceat(closest, starts, axis=1)  # a's words x pairs
        backward = closest.max(axis=0)
        kept = np.concatenate([b.not_names for b in others])
        f = forward.sum(axis=0) / len(a.word_vectors)
        g = np.add.reduceat(backward, starts) / lengths
        na, nb = int(a.not_names.sum()), np.add.reduceat(kept.astype(np.int64), starts)
        fa = forward[a.not_names].sum(axis=0) / max(na, 1)
        gb = np.add.reduceat(np.where(kept, backward, 0.0), starts) / np.maximum(nb, 1)
        action = np.where((na > 0) & (nb > 0), (fa + gb) / 2, 0.0)
        wa = a.word_weights
        wb = np.concatenate([b.word_weights for b in others])
        fr = (wa @ forward) / max(float(wa.sum()), 1e-9)
        gr = np.add.reduceat(wb * backward, starts) / np.maximum(np.add.reduceat(wb, starts), 1e-9)
        rare = (fr + gr) / 2
        # The same, core word to core word: what each sentence reports, beside whom it describes; and
        # without who reports it: two sentences that share only their source may report two facts.
        kept_core = _masked(closest, a.in_core, np.concatenate([b.in_core for b in others]), starts)
        report = _masked(closest, a.in_report, np.concatenate([b.in_report for b in others]), starts)
        for k, fk, gk, ak, rk, ck, pk in zip(
            ks, f.tolist(), g.tolist(), action.tolist(), rare.tolist(), kept_core.tolist(), report.tolist()
        ):
            out[k] = ((fk + gk) / 2, max(fk, gk), ak, rk, ck, pk)
    return out  # type: ignore[return-value]


def _masked(closest: np.ndarray, ca: np.ndarray, cb: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The alignment of each pair over the words the two masks keep (a's words x all the others' words)."""
    within = np.where(cb[None, :], closest[ca], -1.0)
    fc = np.maximum.reduceat(within, starts, axis=1).clip(0.0).sum(axis=0) / max(int(ca.sum()), 1)
    back_c = np.where(cb, np.where(ca[:, None], closest, -1.0).max(axis=0).clip(0.0), 0.0)
    gc = np.add.reduceat(back_c, starts) / np.maximum(np.add.reduceat(cb.astype(np.int64), starts), 1)
    return (fc + gc) / 2


def _features(
    a: Statement,
    b: Statement,
    aligned: float,
    covered: float,
    action: float,
    rare: float,
    kept_core: float,
    report: float,
) -> list[float]:
    shared = len(a.words & b.words)
    union = len(a.words | b.words)
    both_named = bool(a.names and b.names)
    named = len(a.names & b.names)
    both_numbered = bool(a.numbers and b.numbers)
    short, long = sorted((a.length, b.length))
    return [
        float(np.dot(a.vector, b.vector)),
        shared / union if union else 0.0,
        shared / min(len(a.words), len(b.words)) if a.words and b.words else 0.0,
        aligned,
        covered,
        action,
        named / min(len(a.names), len(b.names)) if both_named else 0.0,
        float(both_named and not named),
        float(bool(a.numbers & b.numbers)),
        float(both_numbered and not a.numbers & b.numbers),
        short / long if long else 0.0,
        math.log1p(short),
        rare,
        float(a.negated != b.negated),
        kept_core,
        report,
    ]


@dataclass(frozen=True)
class Scorer:
    weights: np.ndarray
    """One per feature, then the intercept, on standardised features."""
    mean: np.ndarray
    scale: np.ndarray

    def probability(self, pairs: Sequence[tuple[Statement, Statement]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0)
        table = (np.array(rows(pairs)) - self.mean) / self.scale
        # Row by row, not a matrix product: a pair's score must not depend on the pairs beside it.
        logit = (table * self.weights[:-1]).sum(axis=1) + self.weights[-1]
        return 1.0 / (1.0 + np.exp(-logit))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights.tolist()],
            "mean": [round(m, 6) for m in self.mean.tolist()],
            "scale": [round(s, 6) for s in self.scale.tolist()],
        }


@lru_cache(maxsize=1)
def scorer() -> Scorer:
    """The shipped scorer."""
    data = json.loads((MODEL_DIR / "scorer.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(f"{MODEL_DIR / 'scorer.json'} was fitted on other features: run training/relation.py")
    return Scorer(np.array(data["weights"]), np.array(data["mean"]), np.array(data["scale"]))
