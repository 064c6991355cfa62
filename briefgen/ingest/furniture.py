"""Page furniture: the sentences of a scraped page that are not the article's own text.

Captions, photo credits, social-media embeds, share and newsletter prompts,
related headlines, crawl notices, "contributed to this report": scraped
text mixes them with the story, often inside one paragraph. Each sentence
is judged from general evidence, not a list of strings from any page, in
two looks. The first, a logistic model, weighs:

* what it says (its sentence vector, :mod:`briefgen.relation.vectors`): a
  caption describes a picture, a prompt addresses the reader;
* how close it is to the rest of its document: the article's sentences share
  its subject, furniture does not;
* its shape (:mod:`briefgen.text.lineshape`): length, closing punctuation, capitals,
  function words, digits, links, handles, credits, labels, date stamps, the
  web's prompt vocabulary, a headline's shape;
* where it is, and the shapes of the sentences before and after it.

The second reads each sentence's first score beside its neighbours' (furniture
comes in runs: a caption with its credit, a gallery, a list of headlines).
``training/furniture.py`` fits both on sentences of public scraped news
labelled by hand and writes ``briefgen/data/furniture.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..relation.vectors import sentence_vectors
from ..text.lexicon import WORD
from ..text.lineshape import (
    LINK,
    PROMPTS,
    READER_PROMPTS,
    SHAPE,
    has_prompt,
    is_headline_shape,
    shapes,
    split_sentences,
)

__all__ = [
    "FEATURES",
    "LINK",
    "PROMPTS",
    "READER_PROMPTS",
    "copied_furniture",
    "features",
    "furniture",
    "has_prompt",
    "split_sentences",
]

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "furniture.json"
LONGEST = 400
"""Characters of a sentence its vector is read from: enough to tell what it is about, and a run-on
"sentence" of a whole scraped page does not cost its full length."""
_CONTEXT = (
    "position",
    "at_an_end",
    "line_sentences",
    "line_words",
    "closeness",
)
_SHAPE = SHAPE + _CONTEXT
FEATURES = (
    _SHAPE
    + tuple(f"before_{name}" for name in _SHAPE)
    + tuple(f"after_{name}" for name in _SHAPE)
    + tuple(f"v{i}" for i in range(256))
)
"""A sentence's own measures, its neighbours' (furniture comes in runs: a gallery of captions, a list of
headlines), and its vector."""


def features(lines: Sequence[Sequence[str]]) -> np.ndarray:
    """One row of :data:`FEATURES` per sentence of a document given as lines of sentences."""
    flat = [(li, s) for li, sentences in enumerate(lines) for s in sentences]
    if not flat:
        return np.zeros((0, len(FEATURES)))
    texts = [s for _, s in flat]
    vectors = sentence_vectors()([s[:LONGEST] for s in texts])
    total = vectors.sum(axis=0)
    rest = total[None, :] - vectors
    norms = np.linalg.norm(rest, axis=1)
    closeness = np.einsum("ij,ij->i", vectors, rest) / np.maximum(norms, 1e-12)
    line_of = np.array([li for li, _ in flat])
    line_sentences = np.log1p([len(sentences) for sentences in lines])
    line_words = np.log1p([sum(s.count(" ") + 1 for s in sentences) for sentences in lines])
    position = np.arange(len(flat)) / max(1, len(flat) - 1)
    at_an_end = np.zeros(len(flat))
    at_an_end[[0, -1]] = 1.0
    context = np.column_stack([position, at_an_end, line_sentences[line_of], line_words[line_of], closeness])
    own = np.hstack([shapes(texts, [WORD.findall(s) for s in texts]), context])
    mine = own
    edge = np.zeros((1, mine.shape[1]))
    before = np.vstack([edge, mine[:-1]])
    after = np.vstack([mine[1:], edge])
    return np.hstack([mine, before, after, vectors])


RUN = ("logit", "before_logit", "after_logit", "line_max", "window")
"""The second look: a sentence's first score beside its neighbours' (the sentences before and after it,
the likeliest furniture among the other sentences of its line, the mean over five sentences around it).
A credit in closing brackets marks its whole caption; a gallery is a run of captions. Not whether it is
alone on its line: the first look weighs that, and a one-sentence paragraph is common news style."""
_EDGE = -6.0
"""The score of a neighbour that is not there: surely article text."""


def run_features(logit: np.ndarray, lines: Sequence[Sequence[str]]) -> np.ndarray:
    """One row of :data:`RUN` per sentence, from the first scores of a document's sentences."""
    n = len(logit)
    if not n:
        return np.zeros((0, len(RUN)))
    before = np.concatenate(([_EDGE], logit[:-1]))
    after = np.concatenate((logit[1:], [_EDGE]))
    line_max = np.full(n, _EDGE)
    k = 0
    for sentences in lines:
        m = len(sentences)
        if m > 1:
            part = logit[k : k + m]
            order = np.argsort(-part, kind="stable")
            line_max[k : k + m] = part[order[0]]
            line_max[k + order[0]] = part[order[1]]
        k += m
    total = np.concatenate(([0.0], np.cumsum(logit)))
    index = np.arange(n)
    low, high = np.maximum(index - 2, 0), np.minimum(index + 3, n)
    window = (total[high] - total[low]) / (high - low)
    return np.column_stack([logit, before, after, line_max, window])


@dataclass(frozen=True)
class Linear:
    weights: np.ndarray
    """One per feature, then the intercept, on standardised features."""
    mean: np.ndarray
    scale: np.ndarray

    def logit(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        slope = self.weights[:-1] / self.scale
        return rows @ slope + (self.weights[-1] - float(self.mean @ slope))

    def to_json(self, names: Sequence[str]) -> dict[str, object]:
        return {
            "features": list(names),
            "weights": [round(w, 6) for w in self.weights.tolist()],
            "mean": [round(m, 6) for m in self.mean.tolist()],
            "scale": [round(s, 6) for s in self.scale.tolist()],
        }

    @classmethod
    def from_json(cls, data: dict[str, list[float]]) -> Linear:
        return cls(np.array(data["weights"]), np.array(data["mean"]), np.array(data["scale"]))


@dataclass(frozen=True)
class Model:
    sentence: Linear
    """The first look, over :data:`FEATURES`."""
    run: Linear
    """The second look, over :data:`RUN`."""
    threshold: float
    """On the second look's probability."""

    def probability(self, lines: Sequence[Sequence[str]]) -> np.ndarray:
        first = self.sentence.logit(features(lines))
        return 1.0 / (1.0 + np.exp(-self.run.logit(run_features(first, lines))))

    def to_json(self) -> dict[str, object]:
        return {
            "threshold": round(self.threshold, 6),
            "sentence": self.sentence.to_json(FEATURES),
            "run": self.run.to_json(RUN),
        }


@lru_cache(maxsize=1)
def model() -> Model | None:
    if not MODEL_FILE.exists():
        return None
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(data["sentence"]["features"]) != FEATURES or tuple(data["run"]["features"]) != RUN:
        return None
    return Model(Linear.from_json(data["sentence"]), Linear.from_json(data["run"]), data["threshold"])


def furniture(lines: Sequence[Sequence[str]]) -> list[list[bool]]:
    """For each sentence of each line, whether it is page furniture."""
    found = model()
    if found is None:
        return [[False] * len(sentences) for sentences in lines]
    flags = (found.probability(lines) >= found.threshold).tolist()
    # After the story's last sentence, a headline heads nothing: it is one of a list of related stories,
    # between furniture and the page's end.
    texts = [s for sentences in lines for s in sentences]
    k = len(texts) - 1
    while k >= 0 and (flags[k] or is_headline_shape(texts[k])):
        flags[k] = True
        k -= 1
    out, k = [], 0
    for sentences in lines:
        out.append(flags[k : k + len(sentences)])
        k += len(sentences)
    return out


def copied_furniture(texts: Sequence[str], throughout: Sequence[bool]) -> list[list[int]]:
    """Groups of a collection's texts (by index) that are one text saved as several sources and that the
    model found to be page furniture in every sentence (``throughout``): a crawl notice or a widget saved
    in place of an article, under as many pages as it was scraped from.

    Within one document, a text all of whose sentences look like furniture is kept (it is as likely a
    short article the model misjudges); the same text under other sources is the further evidence that
    it is the page around articles, not an article."""
    groups: dict[str, list[int]] = {}
    for i, (text, flagged) in enumerate(zip(texts, throughout, strict=True)):
        # The same page saved twice is cleaned to the same text: a hash, not a parse, of each text.
        if flagged and text.strip():
            groups.setdefault(text, []).append(i)
    return [members for members in groups.values() if len(members) > 1]
