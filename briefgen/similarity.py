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

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

# --------------------------------------------------------------------------- stems


def stem(word: str) -> str:
    """A small, conservative suffix stripper (no dependency on NLTK).

    It only has to make inflections of one word meet (threat/threats,
    condemn/condemned/condemns, supply/supplying/supplies, state/states/stated).
    Numbers are returned unchanged.
    """
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
    return tuple(stem(t) for t in terms)


# --------------------------------------------------------------------------- tf-idf


class TfidfSpace:
    """TF-IDF vectors (sublinear tf, smoothed idf, L2-normalised) of term lists.

    ``idf_docs`` are the units idf is counted over (whole documents, or the
    sentences themselves when omitted).
    """

    def __init__(self, rows: Sequence[Sequence[str]], idf_docs: Sequence[Iterable[str]] | None = None) -> None:
        vocab: dict[str, int] = {}
        for row in rows:
            for t in row:
                vocab.setdefault(t, len(vocab))
        self.vocab = vocab
        units = [set(d) for d in idf_docs] if idf_docs is not None else [set(r) for r in rows]
        df = Counter(t for u in units for t in u if t in vocab)
        n = len(units)
        idf = np.ones(len(vocab))
        for t, i in vocab.items():
            idf[i] = np.log((1 + n) / (1 + df.get(t, 0))) + 1.0
        self.idf = idf
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for row in rows:
            counts = Counter(row)
            for t, c in counts.items():
                j = vocab[t]
                indices.append(j)
                data.append((1.0 + np.log(c)) * idf[j])
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(rows), max(1, len(vocab))),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.matrix: sparse.csr_matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)

    def cosine(self) -> np.ndarray:
        """Dense sentence-by-sentence cosine matrix."""
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
_BOILERPLATE = re.compile(
    r"""(
      \b(log\s*in|sign\s*(in|up)|subscribe|newsletter|cookies?|javascript|click\s+here|
         all\s+rights\s+reserved|terms\s+of\s+(use|service)|privacy\s+policy|
         leave\s+a\s+(reply|comment)|enter\s+your|comments?\s+(are|is)\s+closed|no\s+comments|
         follow\s+us|share\s+(this|on)|related\s+(news|articles?|stories|posts?)|read\s+more|
         exit\s+mobile\s+version|advertisement|whatsapp\s+group|telegram\s+channel|
         alexa\s+internet|wayback\s+machine|internet\s+archive|tweet\s+with\s+a\s+location|
         your\s+browser|enable\s+javascript|ad\s*blocker|sponsored\s+content|
         photo\s*:|image\s*:|getty\s+images|reuters\s+photo|ap\s+photo|file\s+photo|
         pose[sd]?\s+for\s+(a\s+)?(photo|picture)s?|pictured|(seen|shown)\s+(here\s+)?in\s+(a|this)\s+(photo|picture|file))\b
      |,\s*(left|right|center|centre|second\s+(from\s+)?(left|right))\s*,|\((left|right|center|centre)\)
      |^\s*(source|by|via|photo|credit|image|caption|copyright|updated|published|posted|home)\b\s*[:>|]?
      |©|@\w+\.\w+|https?://|www\.
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_MIN_WORDS = 6


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def title_case_ratio(text: str) -> float:
    ws = [w for w in words(text) if len(w) > 3]
    if not ws:
        return 1.0
    return sum(1 for w in ws if w[0].isupper()) / len(ws)


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.search(text))


def is_headline(text: str, title_terms: frozenset[str] = frozenset(), terms: Sequence[str] = ()) -> bool:
    """A headline, a related-headline list item, a section path, or the title again."""
    stripped = text.strip()
    ends = bool(_TERMINAL.search(stripped))
    if not ends and title_case_ratio(stripped) >= 0.7:
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
    ws = words(stripped)
    if len(ws) < _MIN_WORDS or len(terms) < 3:
        return True
    first = stripped.lstrip("\"'“‘(«[-–—• ")
    if first and first[0].islower():
        return True
    if not _TERMINAL.search(stripped) and len(ws) < 20:
        return True
    letters = sum(ch.isalpha() for ch in stripped)
    return letters < 0.6 * len(stripped)


def is_showable(text: str, terms: Sequence[str], title_terms: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence may be shown on its own in a summary or a briefing."""
    return not (is_fragment(text, terms) or is_boilerplate(text) or is_headline(text, title_terms, terms))


def title_terms_of(title: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[^\W_]+", title.lower()) if len(w) > 1)


def normalised(text: str) -> str:
    """A key for exact-duplicate detection: lowercase letters and digits only."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


# --------------------------------------------------------------------------- paraphrase

# News paraphrases that say the same thing in other words. Each group is mapped
# onto its first member (after stemming), so "a serious threat" meets "a
# significant threat" and "the pact" meets "the treaty". Kept small and generic.
_SYNONYMS = (
    ("serious", "significant", "grave", "major", "severe"),
    ("condemn", "criticize", "criticise", "denounce", "slam", "decry", "censure"),
    ("treaty", "pact", "agreement", "accord", "deal"),
    ("aid", "assistance", "support", "help", "backing"),
    ("weapon", "arm", "munition"),
    ("supply", "provide", "send", "deliver", "give"),
    ("consider", "review", "explore", "weigh", "mull", "contemplate", "examine"),
    ("threat", "threaten", "danger", "endanger"),
    ("attack", "invade", "invasion", "aggression", "assault"),
    ("immediate", "immediately", "instant", "prompt", "delay"),
    ("kill", "dead", "death", "die"),
    ("injure", "injury", "wound", "hurt"),
    ("arrest", "detain", "apprehend"),
    ("talk", "conversation", "phone"),
    ("violate", "violation", "breach", "contravene"),
    ("measure", "way", "step", "action", "option", "countermeasure"),
    ("strengthen", "bolster", "boost", "expand", "deepen", "enhance", "improve"),
    ("monitor", "watch", "track"),
    ("stability", "stable", "security", "peace"),
    ("respond", "response", "counter", "counteract", "address", "cope"),
    ("sanction", "penalty"),
    ("buy", "purchase", "acquire"),
    ("rise", "increase", "grow", "climb", "surge", "jump"),
    ("fall", "decrease", "drop", "decline", "plunge"),
)
_REPORTING = frozenset(
    stem(w)
    for w in (
        "said", "say", "says", "saying", "added", "told", "tell", "stated", "noted", "according",
        "reported", "reportedly", "also", "further", "including", "new", "recent", "recently", "just",
    )
)  # fmt: skip
CANON: dict[str, str] = {stem(w): stem(group[0]) for group in _SYNONYMS for w in group}


def canonical_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """Stemmed terms with paraphrases merged and reporting verbs dropped."""
    out = []
    for t in terms:
        s = stem(t)
        if s in _REPORTING:
            continue
        out.append(CANON.get(s, s))
    return tuple(out)


_QUOTED = re.compile(r"[\"“”]([^\"“”]{3,}?)[\"“”]")
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?![\w])")


def quoted_terms(text: str) -> frozenset[str]:
    """Stems of the words inside quotation marks."""
    found: set[str] = set()
    for span in _QUOTED.findall(text):
        found.update(stem(w) for w in re.findall(r"[^\W\d_]{3,}", span.lower()) if w not in STOP_WORDS)
    return frozenset(found - _REPORTING)


def numbers_in(text: str) -> frozenset[str]:
    """Numbers written as digits, commas removed ("1,200" -> "1200")."""
    return frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))


def entity_key(text: str) -> str:
    """A loose key for an entity mention: lower case, no possessive, no leading "the", no dots."""
    t = text.lower().replace("’", "'").strip()
    t = re.sub(r"'s?$", "", t)
    t = re.sub(r"^the\s+", "", t)
    t = t.replace(".", "")
    t = re.sub(r"[\W_]+", " ", t).strip()
    return t
