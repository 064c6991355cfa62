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
LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co|ly|gov|edu|io)\b/?", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_LABEL = re.compile(r"^\W*[^\W_]+(?:\s+[^\W_]+){0,3}\s*:\s")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\b", re.IGNORECASE)
_MONTH = re.compile(r"\b(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+\d{1,2}\b", re.IGNORECASE)
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$""")
_DIGIT = re.compile(r"\d")
LONGEST = 400
"""Characters of a sentence its vector is read from: enough to tell what it is about, and a run-on
"sentence" of a whole scraped page does not cost the tokenizer its full length."""
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
    "prompt",
    "position",
    "at_an_end",
    "line_sentences",
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


def _shape(sentence: str) -> list[float]:
    words = _WORD.findall(sentence)
    long_words = [w for w in words if len(w) > 3]
    n = max(1, len(words))
    stop = function_words()
    return [
        math.log1p(len(words)),
        float(bool(_TERMINAL.search(sentence))),
        sum(w[0].isupper() for w in long_words) / len(long_words) if long_words else 1.0,
        sum(w.lower() in stop for w in words) / n,
        len(_DIGIT.findall(sentence)) / max(1, len(sentence)),
        float(bool(LINK.search(sentence))),
        float(bool(_HANDLE.search(sentence))),
        float(bool(_EMAIL.search(sentence))),
        float(sentence.rstrip(" .").endswith(")")),
        float("..." in sentence or "…" in sentence),
        sum(w.isupper() and len(w) > 1 for w in words) / n,
        float(bool(sentence) and not (sentence[0].isalnum() or sentence[0] in "\"'“‘(")),
        float(bool(_LABEL.match(sentence))),
        float(bool(_CLOCK.search(sentence))),
        float(bool(_MONTH.search(sentence))),
        float(bool(PROMPTS.search(sentence.lower()))),
    ]


def features(lines: Sequence[Sequence[str]]) -> np.ndarray:
    """One row of :data:`FEATURES` per sentence of a document given as lines of sentences."""
    from .relation.vectors import sentence_vectors

    flat = [(li, s) for li, sentences in enumerate(lines) for s in sentences]
    if not flat:
        return np.zeros((0, len(FEATURES)))
    vectors = sentence_vectors()([s[:LONGEST] for _, s in flat])
    total = vectors.sum(axis=0)
    own = []
    for k, (li, sentence) in enumerate(flat):
        rest = total - vectors[k]
        norm = float(np.linalg.norm(rest))
        closeness = float(vectors[k] @ rest) / norm if norm > 0 else 0.0
        context = [
            k / max(1, len(flat) - 1),
            float(k == 0 or k == len(flat) - 1),
            math.log1p(len(lines[li])),
            closeness,
        ]
        own.append(_shape(sentence) + context)
    mine = np.array(own)
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
        logit = (((rows - self.mean) / self.scale) * self.weights[:-1]).sum(axis=1) + self.weights[-1]
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
