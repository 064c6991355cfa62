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

from ..lexicon import function_words
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
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][^\W_]*(?:['’-][^\W_]+)*")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words that are not function words, a possessive "'s" dropped."""
    stop = function_words()
    out = set()
    for word in _WORD.findall(text.lower()):
        word = re.sub(r"['’]s$", "", word)
        if word not in stop and len(word) > 1:
            out.add(word)
    return frozenset(out)


def names(text: str) -> frozenset[str]:
    """Capitalised words inside the sentence: in English, mostly names."""
    return frozenset(m.lower() for m in _NAME.findall(text.strip()))


def features(a: Statement, b: Statement) -> list[float]:
    shared = len(a.words & b.words)
    union = len(a.words | b.words)
    both_named = bool(a.names and b.names)
    named = len(a.names & b.names)
    both_numbered = bool(a.numbers and b.numbers)
    short, long = sorted((a.length, b.length))
    aligned = covered = action = 0.0
    if len(a.word_vectors) and len(b.word_vectors):
        # Each content word's closest word in the other sentence: a paraphrase ("slam" for "condemn")
        # is close where a mere topic neighbour is not; a rare word left unmatched is news the other lacks.
        closest = a.word_vectors @ b.word_vectors.T
        forward, backward = closest.max(axis=1), closest.max(axis=0)
        f, g = float(forward.sum()) / len(forward), float(backward.sum()) / len(backward)
        aligned, covered = (f + g) / 2, max(f, g)
        # The same for the words that are not names: what is done or said, whoever does it.
        ka, kb = a.not_names, b.not_names
        na, nb = int(ka.sum()), int(kb.sum())
        if na and nb:
            action = (float(forward[ka].sum()) / na + float(backward[kb].sum()) / nb) / 2
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
        rows = (np.array([features(a, b) for a, b in pairs]) - self.mean) / self.scale
        # Row by row, not a matrix product: a pair's score must not depend on the pairs beside it.
        logit = (rows * self.weights[:-1]).sum(axis=1) + self.weights[-1]
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
