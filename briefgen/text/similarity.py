"""Sentence features shared by the summariser and the briefing stage.

Pure functions over :class:`~briefgen.model.Sentence` values: a light suffix
stemmer for ``Sentence.terms`` (the analysis keeps surface forms), TF-IDF
vectors over stemmed terms, and the heuristics that tell a sentence worth
showing from boilerplate, headlines and fragments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
from scipy import sparse

from .lexicon import SAYING
from .lineshape import LINK, has_prompt

# --------------------------------------------------------------------------- stems


@lru_cache(maxsize=1 << 20)
def stem(word: str) -> str:
    """A small, conservative suffix stripper (no dependency on NLTK).

    It only has to make inflections of one word meet (threat/threats,
    condemn/condemned/condemns, supply/supplying/supplies, state/states/stated).
    Numbers are returned unchanged. Cached: a build stems the same few words
    millions of times.
    """
    return _stem(word)


def _stem(word: str) -> str:
    w = word.lower()
    if not w.isalpha() or len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # stopped -> stopp -> stop
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def stems(terms: Iterable[str]) -> tuple[str, ...]:
    if isinstance(terms, tuple):
        return _stems_of(terms)
    return tuple(map(stem, terms))


@lru_cache(maxsize=1 << 12)
def _stems_of(terms: tuple[str, ...]) -> tuple[str, ...]:
    """A sentence's stems, kept a while: screening it and making it a candidate both ask."""
    return tuple(map(stem, terms))


# --------------------------------------------------------------------------- tf-idf


class TfidfSpace:
    """TF-IDF vectors (sublinear tf, smoothed idf, L2-normalised) of term lists.

    ``idf_docs`` are the units idf is counted over (whole documents, or the
    sentences themselves when omitted).
    """

    DENSE_ROWS = 150
    """Up to this many rows the vectors are a dense array: scipy's per-call
    overhead outweighs the sparse product on one source's sentences, while
    the dense product grows with rows squared times terms (3x slower at 1,000)."""

    def __init__(self, rows: Sequence[Sequence[str]], idf_docs: Sequence[Iterable[str]] | None = None) -> None:
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in row] for row in rows]
        self.vocab = vocab
        shape = (len(rows), max(1, len(vocab)))
        dense = shape[0] <= self.DENSE_ROWS
        if dense:
            # Counted in place: a dense row needs no per-row Counter.
            counts = np.zeros(shape)
            lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
            words = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
            np.add.at(counts, (np.repeat(np.arange(len(rows)), lengths), words), 1.0)
            present = counts > 0
            own_df = present.sum(axis=0)[: len(vocab)]
        else:
            indices: list[int] = []
            frequencies: list[int] = []
            indptr = [0]
            for row_ids in ids:
                for t, c in Counter(row_ids).items():
                    indices.append(t)
                    frequencies.append(c)
                indptr.append(len(indices))
            columns = np.asarray(indices, dtype=np.int64)
            own_df = np.bincount(columns, minlength=len(vocab))
        if idf_docs is None:
            n, df = len(rows), own_df
        else:
            units = [set(d) for d in idf_docs]
            found = Counter(t for u in units for t in u if t in vocab)
            n, df = len(units), np.array([found.get(t, 0) for t in vocab])
        self.idf = np.log((1 + n) / (1 + np.asarray(df, dtype=float))) + 1.0
        self.matrix: np.ndarray | sparse.csr_matrix
        if dense:
            weights = np.zeros(shape)
            if vocab:  # else the one column is all zeros
                weights[present] = (1.0 + np.log(counts[present])) * np.broadcast_to(self.idf, shape)[present]
            norms = np.sqrt((weights * weights).sum(axis=1))
            norms[norms == 0] = 1.0
            self.matrix = weights / norms[:, None]
        else:
            data = (1.0 + np.log(np.asarray(frequencies, dtype=float))) * self.idf[columns]
            matrix = sparse.csr_matrix((data, columns, np.asarray(indptr, dtype=np.int64)), shape=shape)
            norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            self.matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)

    def cosine(self) -> np.ndarray:
        """Dense sentence-by-sentence cosine matrix."""
        if isinstance(self.matrix, np.ndarray):
            return self.matrix @ self.matrix.T
        return np.asarray((self.matrix @ self.matrix.T).toarray())

    def weight(self, term: str) -> float:
        j = self.vocab.get(term)
        return float(self.idf[j]) if j is not None else 0.0


def lexrank(similarity: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Continuous LexRank: stationary distribution of the cosine graph, scaled to max 1."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    sim = similarity.copy()
    np.fill_diagonal(sim, 0.0)
    row = sim.sum(axis=1, keepdims=True)
    row[row == 0] = 1.0
    trans = sim / row
    p = np.full(n, 1.0 / n)
    for _ in range(iterations):
        nxt = (1 - damping) / n + damping * (trans.T @ p)
        if np.abs(nxt - p).sum() < 1e-8:
            p = nxt
            break
        p = nxt
    top = p.max()
    return np.asarray(p / top if top > 0 else p)


# --------------------------------------------------------------------------- quality

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*\s*$""")
_MIN_WORDS = 6


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1 << 12)
def _words_of(text: str) -> tuple[str, ...]:
    """:func:`words`, kept a while: screening a sentence and making it a candidate both ask."""
    return tuple(_WORD.findall(text))


def word_count(text: str) -> int:
    return len(_words_of(text))


def title_case_ratio(text: str) -> float:
    return _title_case_ratio(words(text))


def _title_case_ratio(ws: Sequence[str]) -> float:
    long = [w for w in ws if len(w) > 3]
    if not long:
        return 1.0
    return sum(1 for w in long if w[0].isupper()) / len(long)


def is_boilerplate(text: str) -> bool:
    """A short sentence in the web page's own vocabulary: a prompt, a credit, a link (what ingest's furniture
    model leaves, screened again before a sentence is shown)."""
    return _is_boilerplate(text, words(text))


def _is_boilerplate(text: str, ws: Sequence[str]) -> bool:
    return len(ws) <= 25 and (has_prompt(text) or (_LINK_HINT.search(text) is not None and bool(LINK.search(text))))


_LINK_HINT = re.compile(r"://|www\.|\.(?:com|org|net|co|ly|gov|edu|io)\b", re.IGNORECASE)
"""What every match of :data:`LINK` holds: a cheap screen, as LINK tries a word before a dot at every word."""


def is_headline(text: str, title_terms: frozenset[str] = frozenset(), terms: Sequence[str] = ()) -> bool:
    """A headline, a related-headline list item, a section path, or the title again."""
    stripped = text.strip()
    return _is_headline(stripped, bool(_TERMINAL.search(stripped)), None, title_terms, terms)


def _is_headline(
    stripped: str, ends: bool, ws: Sequence[str] | None, title_terms: frozenset[str], terms: Sequence[str]
) -> bool:
    if not ends and _title_case_ratio(words(stripped) if ws is None else ws) >= 0.7:
        return True
    if title_terms and terms:
        mine = set(terms)
        shared = len(mine & title_terms)
        if shared >= 0.8 * len(mine) and shared >= 0.5 * len(title_terms):
            return True
    return False


def is_fragment(text: str, terms: Sequence[str]) -> bool:
    """Too short to stand on its own, or cut in the middle."""
    stripped = text.strip()
    return _is_fragment(stripped, words(stripped), bool(_TERMINAL.search(stripped)), terms)


def _is_fragment(stripped: str, ws: Sequence[str], ends: bool, terms: Sequence[str]) -> bool:
    if len(ws) < _MIN_WORDS or len(terms) < 3:
        return True
    first = stripped.lstrip("\"'“‘(«[-–—• ")
    if first and first[0].islower():
        return True
    if not ends and len(ws) < 20:
        return True
    if stripped.isascii():  # the letters counted at once: the ASCII letters are all that isalpha() passes there
        letters = len(stripped.encode("ascii").translate(None, _NOT_ASCII_LETTERS))
    else:
        letters = sum(map(str.isalpha, stripped))
    return letters < 0.6 * len(stripped)


_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def is_showable(text: str, terms: Sequence[str], title_terms: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence may be shown on its own in a summary or a briefing."""
    # The three screens read the same words and the same ending: each is found once. A word never
    # holds whitespace, so the words of the text are those of the text stripped.
    stripped = text.strip()
    ws = _words_of(stripped)
    ends = bool(_TERMINAL.search(stripped))
    return not (
        _is_fragment(stripped, ws, ends, terms)
        or _is_boilerplate(text, ws)
        or _is_headline(stripped, ends, ws, title_terms, terms)
    )


def title_terms_of(title: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[^\W_]+", title.lower()) if len(w) > 1)


def normalised(text: str) -> str:
    """A key for exact-duplicate detection: lowercase letters and digits only."""
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


_NOT_ALNUM = re.compile(r"[\W_]+")


# --------------------------------------------------------------------------- content terms

_REPORTING = frozenset(
    stem(w.split()[0])
    for w in (*SAYING, "reportedly", "also", "further", "including", "new", "recent", "recently", "just")
)
"""Words that frame a statement rather than state it: "X said" is not the fact."""


def content_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """Stemmed terms without the words that only report or frame a statement."""
    return tuple(s for s in stems(terms) if s not in _REPORTING)


_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?![\w])")


def numbers_in(text: str) -> frozenset[str]:
    """Numbers written as digits, commas removed ("1,200" -> "1200")."""
    return frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))


@lru_cache(maxsize=65536)
def entity_key(text: str) -> str:
    """A loose key for an entity mention: lower case, no possessive, no leading "the", no dots."""
    t = text.lower().replace("’", "'").strip()
    t = re.sub(r"'s?$", "", t)
    t = re.sub(r"^the\s+", "", t)
    t = t.replace(".", "")
    t = re.sub(r"[\W_]+", " ", t).strip()
    return t
