"""The word pieces of a text, as the tokenizer of the distilled vectors cuts them, a word at a time.

The vectors of :mod:`.vectors` come with a BERT tokenizer (lower case,
accents stripped, words split at whitespace and punctuation, each word cut
into the longest pieces of the vocabulary). Its Rust implementation costs a
call of about a tenth of a millisecond per text, most of it spent on work
that repeats: a story says the same words again and again. Here a text is
normalised and split into words the same way, and each word's pieces are
looked up once per process, so a sentence costs a few dictionary lookups.
``tests/test_relation.py`` checks the pieces against the tokenizer itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

MAX_WORD = 100
"""Characters from which BERT's WordPiece gives up on a word (its ``max_input_chars_per_word``)."""
WORDS_KEPT = 200_000
"""Words whose pieces are kept per process (a few tens of MB at most)."""

_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_SPACE_TO_BERT = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]")
"""Characters Python splits words at and BERT deletes (they are control characters to it)."""


def _is_control(ch: str) -> bool:
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def _is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def words(text: str) -> list[str]:
    """The text split as BERT's normaliser and pre-tokenizer split it."""
    if text.isascii():
        lower = text.lower()
        if _ASCII_CONTROL.search(lower):
            lower = _ASCII_CONTROL.sub("", lower)
        return _ASCII_WORDS.findall(lower)
    kept = []
    for ch in text:
        code = ord(ch)
        if code == 0 or code == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            kept.append(" ")
        elif _is_chinese(code):
            kept.append(f" {ch} ")
        else:
            kept.append(ch)
    # Accents stripped (the marks of the decomposed text dropped), then each character lowered on its own.
    decomposed = unicodedata.normalize("NFD", "".join(kept))
    plain = "".join(ch.lower() for ch in decomposed if unicodedata.category(ch) != "Mn")
    out = []
    for word in plain.split(" "):
        start = 0
        for i, ch in enumerate(word):
            if _is_punctuation(ch):
                if i > start:
                    out.append(word[start:i])
                out.append(ch)
                start = i + 1
        if start < len(word):
            out.append(word[start:])
    return out


class WordPiece:
    """Greedy longest-match-first word pieces, each word's remembered."""

    def __init__(self, vocab: Mapping[str, int], unknown: int, added: tuple[str, ...] = ()) -> None:
        self.vocab = vocab
        self.unknown = unknown
        self.added = added
        self._pieces: dict[str, tuple[int, ...]] = {}
        self._chunks: dict[str, tuple[int, ...]] = {}

    def pieces(self, word: str) -> tuple[int, ...]:
        """A word's piece ids; an unknown word has the unknown piece only."""
        found = self._pieces.get(word)
        if found is not None:
            return found
        found = self._cut(word)
        if len(self._pieces) > WORDS_KEPT:
            self._pieces.clear()
        self._pieces[word] = found
        return found

    def _cut(self, word: str) -> tuple[int, ...]:
        if len(word) > MAX_WORD:
            return (self.unknown,)
        out = []
        start = 0
        while start < len(word):
            end = len(word)
            while start < end:
                piece = self.vocab.get(word[start:end] if start == 0 else "##" + word[start:end])
                if piece is not None:
                    break
                end -= 1
            else:
                return (self.unknown,)
            out.append(piece)
            start = end
        return tuple(out)

    def ids(self, text: str) -> list[int] | None:
        """The piece ids of a text, or None where the tokenizer must read it itself (a special token)."""
        if "[" in text and any(token in text for token in self.added):
            return None
        if _NOT_SPACE_TO_BERT.search(text):
            return [p for word in words(text) for p in self.pieces(word)]
        out: list[int] = []
        # Normalising and splitting are character by character, so a text is the sum of its
        # whitespace-separated chunks: "said," and "“We" recur from sentence to sentence.
        for chunk in text.split():
            found = self._chunks.get(chunk)
            if found is None:
                found = tuple(p for word in words(chunk) for p in self.pieces(word))
                if len(self._chunks) > WORDS_KEPT:
                    self._chunks.clear()
                self._chunks[chunk] = found
            out.extend(found)
        return out
