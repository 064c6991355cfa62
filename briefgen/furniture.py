"""Page furniture: the sentences of a scraped page that are not the article's own text.

Captions, photo credits, social-media embeds, share and newsletter prompts,
related headlines, crawl notices, "contributed to this report": scraped
text mixes them with the story, often inside one paragraph. Each sentence
is judged by a logistic model over general evidence, not a list of strings
from any page:

* what it says (its sentence vector, :mod:`briefgen.relation.vectors`): a
  caption describes a picture, a prompt addresses the reader;
* how close it is to the rest of its document: the article's sentences share
  its subject, furniture does not;
* its shape: length, closing punctuation, capitalised words, function words,
  digits, a link, a handle or an address, a closing parenthesis (a credit),
  a leading label and colon ("WATCH:"), a date and time stamp, a symbol
  leading it, web-page prompt vocabulary (:data:`PROMPTS`);
* where it is: first or last, alone on its line or inside a paragraph.

``training/furniture.py`` fits the weights on sentences of public scraped
news labelled by hand and writes ``briefgen/data/furniture.json``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import numpy as np

from .lexicon import MONTHS, function_words

MODEL_FILE = Path(__file__).resolve().parent / "data" / "furniture.json"
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
"""Where a sentence ends inside a line: closing punctuation, a space, a capital or a digit."""

_PROMPT_WORDS = (
    r"(?:log|sign)\s*(?:in|up|on)\b",
    r"subscribe\b",
    r"newsletter\b",
    r"click\s+here\b",
    r"read\s+more\b",
    r"share\s+(?:this|on|via)\b",
    r"follow\s+(?:us|him|her|me)\b",
    r"(?:leave|post)\s+a\s+(?:reply|comment)\b",
    r"comments?\s+(?:are|is)\s+closed\b",
    r"enter\s+your\b",
    r"cookies?\b",
    r"javascript\b",
    r"your\s+browser\b",
    r"privacy\s+policy\b",
    r"terms\s+of\s+(?:use|service)\b",
    r"all\s+rights\s+reserved\b",
    r"advertisement\b",
    r"sponsored\b",
    r"download\s+(?:our|the)\s+app\b",
    r"skip\s+to\s+(?:main\s+)?content\b",
    r"back\s+to\s+top\b",
    r"(?:related|recommended|more|popular|trending|latest)\s+(?:news|articles?|stories|posts|videos)\b",
    r"contributed\s+to\s+this\s+report\b",
    r"(?:reporting|editing|writing)\s+by\b",
)
_PICTURE_WORDS = (r"(?:photo|image|picture)s?\b", r"caption\b", r"copyright\b", r"credit\b")
PROMPTS = re.compile(r"(?:\b(?:" + "|".join(_PROMPT_WORDS + _PICTURE_WORDS) + r")|©)")
"""The vocabulary web pages use to address their readers and label their pictures: English of the
web, not of any one site. One feature among many: a story may say "photo" too. For lower-cased text:
one word boundary before all the words, not case-folding, keeps it ten times faster."""


READER_PROMPTS = re.compile(r"(?:\b(?:" + "|".join(_PROMPT_WORDS) + r")|©)")
"""Without the picture words: what a short line may be dropped for on its own (a story's subheading
may say "photo"; the model weighs that word with the rest)."""


def has_prompt(text: str) -> bool:
    """Whether a line addresses the reader the way web pages do (the model's feature is wider)."""
    return bool(READER_PROMPTS.search(text.lower()))


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PIECE = re.compile(r"[^\W_]+|[^\w\s]|_")
"""The word-piece tokenizer's own first cut (BERT's: runs of letters and digits, each punctuation mark
alone): a piece sequence read word by word is the one the tokenizer reads from the sentence."""
LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co|ly|gov|edu|io)\b/?", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_LABEL = re.compile(r"^\W*[^\W_]+(?:\s+[^\W_]+){0,3}\s*:\s")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\b", re.IGNORECASE)
_MONTH_NAME = r"\b(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?"
_MONTH = re.compile(_MONTH_NAME + r"\s+\d{1,2}\b", re.IGNORECASE)
_DATED_END = re.compile(
    r"(?:" + _MONTH_NAME + r"\s+\d{1,2},?\s+(?:19|20)\d\d|\b\d{1,2}\s+" + _MONTH_NAME[2:] + r"\s+(?:19|20)\d\d|"
    r"\b(?:19|20)\d\d-\d\d-\d\d)\W{0,3}$",
    re.IGNORECASE,
)
"""A sentence that closes on a full date: a caption's or a notice's stamp; a story dates its events in passing."""
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$""")
_ENDS_SENTENCE = re.compile(r"""[.!?…:;。！？]["')\]」』]*$|["”]$""")
_DIGIT = re.compile(r"\d")
_YOU = frozenset(("you", "your", "yours", "you're", "you'll", "you've"))
_WE = frozenset(("we", "our", "us", "we're", "we've", "we'll"))
CREDIT_TAIL = re.compile(
    r"(\[[A-Z0-9][A-Z0-9 ./&'-]{1,40}\]|\((?:[^()]*\b(?:photo|getty|reuters|afp|ap|epa|file|image|credit)\b[^()]*)\))\s*$",
    re.IGNORECASE,
)
CREDIT_LINE = re.compile(
    r"^(?:©|\(c\)|copyright\b|photo(?:graph)?\s*(?:by|:|credit)|image\s*(?:by|:|credit)|credit\s*:|picture\s*:|"
    r"(?:file\s+)?photo\s*/)",
    re.IGNORECASE,
)
"""A credit at a line's start or in its closing brackets: wire agencies and picture words, English of the web."""
BREADCRUMB = re.compile(r"^\S.{0,80}?(\s[>›»/|]\s\S.{0,40}){1,}$")
LONGEST = 400
"""Characters of a sentence its vector is read from: enough to tell what it is about, and a run-on
"sentence" of a whole scraped page does not cost its full length."""
_SHAPE = (
    "words",
    "terminal",
    "capitalised",
    "function_words",
    "digits",
    "link",
    "handle",
    "email",
    "closing_parenthesis",
    "ellipsis",
    "upper_case",
    "leading_symbol",
    "label_colon",
    "clock",
    "month_day",
    "dated_end",
    "prompt",
    "reader_prompt",
    "headline_shape",
    "fragment",
    "credit",
    "breadcrumb",
    "quote",
    "second_person",
    "first_person_plural",
    "position",
    "at_an_end",
    "line_sentences",
    "line_words",
    "closeness",
)
FEATURES = (
    _SHAPE
    + tuple(f"before_{name}" for name in _SHAPE)
    + tuple(f"after_{name}" for name in _SHAPE)
    + tuple(f"v{i}" for i in range(256))
)
"""A sentence's own measures, its neighbours' (furniture comes in runs: a gallery of captions, a list of
headlines), and its vector."""


_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b(?:[A-Za-z]\.){1,}[A-Za-z])\.$")
"""A short capitalised word or initials before the full stop ("Oct.", "Mr.", "U.S."): an abbreviation, so
the sentence goes on."""


def split_sentences(line: str) -> list[str]:
    out: list[str] = []
    for part in SENTENCE_END.split(line):
        part = part.strip()
        if not part:
            continue
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def ends_sentence(line: str) -> bool:
    return bool(_ENDS_SENTENCE.search(line))


def is_headline_shape(line: str, words: Sequence[str] | None = None) -> bool:
    """Title-case words and no closing punctuation: a headline, not prose."""
    if ends_sentence(line):
        return False
    words = [w for w in (words if words is not None else _WORD.findall(line)) if w[0].isalpha()]
    long_words = [w for w in words if len(w) > 3]
    if len(words) < 3 or not long_words:
        return False
    return sum(1 for w in long_words if w[0].isupper()) / len(long_words) >= 0.75


def is_fragment(line: str) -> bool:
    """Short or headline-shaped: a heading inside an article, or a list of headlines around it."""
    return not ends_sentence(line) and (len(line.split()) < 8 or is_headline_shape(line))


def is_credit(line: str) -> bool:
    return bool(CREDIT_LINE.search(line) or CREDIT_TAIL.search(line))


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return function_words()


_TLDS = ("://", "www.", ".com", ".org", ".net", ".co", ".ly", ".gov", ".edu", ".io")
_CRUMBS = (" > ", " › ", " » ", " / ", " | ")


def _shape(sentence: str, words: list[str]) -> list[float]:
    # Each pattern runs only where a cheap test says it can match: the shapes are measured for every
    # sentence of every source, and scanning each sentence a dozen times cost more than the rest of ingest.
    n = max(1, len(words))
    lower = [w.lower() for w in words]
    capitals = [w[0].isupper() for w in words if len(w) > 3]
    low = sentence.lower()
    tail = sentence[-48:]
    digits = len(_DIGIT.findall(sentence))
    at, colon = "@" in sentence, ":" in sentence
    terminal = ends_sentence(sentence)
    headline = not terminal and is_headline_shape(sentence, words)
    prompt = bool(PROMPTS.search(low))
    return [
        math.log1p(len(words)),
        float(bool(_TERMINAL.search(tail))),
        sum(capitals) / len(capitals) if capitals else 1.0,
        sum(map(_stop().__contains__, lower)) / n,
        digits / max(1, len(sentence)),
        float(any(t in low for t in _TLDS) and bool(LINK.search(sentence))),
        float(at and bool(_HANDLE.search(sentence))),
        float(at and bool(_EMAIL.search(sentence))),
        float(sentence.rstrip(" .").endswith(")")),
        float("..." in sentence or "…" in sentence),
        sum(w.isupper() and len(w) > 1 for w in words) / n,
        float(bool(sentence) and not (sentence[0].isalnum() or sentence[0] in "\"'“‘(")),
        float(colon and bool(_LABEL.match(sentence))),
        float(colon and digits > 0 and bool(_CLOCK.search(sentence))),
        float(digits > 0 and bool(_MONTH.search(sentence))),
        float(digits > 0 and bool(_DATED_END.search(tail))),
        float(prompt),
        float(prompt and bool(READER_PROMPTS.search(low))),
        float(headline),
        float(not terminal and (len(words) < 8 or headline)),
        float(bool(CREDIT_LINE.match(sentence)) or (tail.rstrip()[-1:] in (")", "]") and bool(CREDIT_TAIL.search(tail)))),
        float(not terminal and any(c in sentence for c in _CRUMBS) and bool(BREADCRUMB.match(sentence))),
        float('"' in sentence or "“" in sentence),
        sum(map(_YOU.__contains__, lower)) / n,
        sum(map(_WE.__contains__, lower)) / n,
    ]


class _Pieces:
    """Word pieces by word, read once per process: a sentence's vector is the mean of its pieces'
    rows (:mod:`briefgen.relation.vectors`' definition) at the cost of dictionary look-ups, where
    running the tokenizer over every sentence of every source cost more than the rest of ingest."""

    KEPT = 200_000

    def __init__(self) -> None:
        from .relation.vectors import sentence_vectors

        found = sentence_vectors()
        self.table, self.tokenizer, self.unknown = found.table, found.tokenizer, found.unknown
        self.ids: dict[str, tuple[int, ...]] = {}

    def of(self, word: str) -> tuple[int, ...]:
        ids = self.ids.get(word)
        if ids is None:
            if len(self.ids) > self.KEPT:
                self.ids.clear()
            encoded = self.tokenizer.encode(word, add_special_tokens=False).ids
            ids = self.ids[word] = tuple(i for i in encoded if i != self.unknown)
        return ids

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (zeros for a text with no known piece)."""
        ids: list[int] = []
        counts = []
        known = self.ids.get
        for text in texts:
            words = _PIECE.findall(text[:LONGEST].lower())
            found = list(map(known, words))
            if None in found:
                found = list(map(self.of, words))
            before = len(ids)
            ids.extend(chain.from_iterable(found))
            counts.append(len(ids) - before)
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        if not ids:
            return out
        sizes = np.array(counts)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        present = sizes > 0
        sums = np.add.reduceat(self.table[ids], starts[present], axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[present] = sums / np.maximum(norms, 1e-12)
        return out


@lru_cache(maxsize=1)
def _pieces() -> _Pieces:
    return _Pieces()


def features(lines: Sequence[Sequence[str]]) -> np.ndarray:
    """One row of :data:`FEATURES` per sentence of a document given as lines of sentences."""
    flat = [(li, s) for li, sentences in enumerate(lines) for s in sentences]
    if not flat:
        return np.zeros((0, len(FEATURES)))
    texts = [s for _, s in flat]
    vectors = _pieces().vectors(texts)
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
    own = np.hstack([np.array([_shape(s, _WORD.findall(s)) for s in texts]), context])
    mine = own
    edge = np.zeros((1, mine.shape[1]))
    before = np.vstack([edge, mine[:-1]])
    after = np.vstack([mine[1:], edge])
    return np.hstack([mine, before, after, vectors])


@dataclass(frozen=True)
class Model:
    weights: np.ndarray
    """One per feature, then the intercept, on standardised features."""
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros(0)
        slope = self.weights[:-1] / self.scale
        logit = rows @ slope + (self.weights[-1] - float(self.mean @ slope))
        return 1.0 / (1.0 + np.exp(-logit))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "threshold": round(self.threshold, 6),
            "weights": [round(w, 6) for w in self.weights.tolist()],
            "mean": [round(m, 6) for m in self.mean.tolist()],
            "scale": [round(s, 6) for s in self.scale.tolist()],
        }


@lru_cache(maxsize=1)
def model() -> Model | None:
    if not MODEL_FILE.exists():
        return None
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None
    return Model(np.array(data["weights"]), np.array(data["mean"]), np.array(data["scale"]), data["threshold"])


def furniture(lines: Sequence[Sequence[str]]) -> list[list[bool]]:
    """For each sentence of each line, whether it is page furniture."""
    found = model()
    if found is None:
        return [[False] * len(sentences) for sentences in lines]
    flags = (found.probability(features(lines)) >= found.threshold).tolist()
    out, k = [], 0
    for sentences in lines:
        out.append(flags[k : k + len(sentences)])
        k += len(sentences)
    return out
