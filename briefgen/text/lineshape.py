"""How a line or a sentence of scraped text looks: the measures the furniture model weighs.

Sentence splitting, the web's prompt and picture vocabulary, and shapes of page furniture (a headline
without a full stop, a credit in closing brackets, a breadcrumb trail, a date stamp, a link, a handle):
general English of the web, not strings from any one site. ``clean.py`` uses some of them as rules
where no model judges (HTML, whose text an extractor has chosen already).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from .lexicon import MONTHS, WEEKDAYS, WORD, function_words

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
    r"(?:no|\d+)\s+comments?\b",
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


LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co|ly|gov|edu|io)\b/?", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_LABEL = re.compile(r"^\W*[^\W_]+(?:\s+[^\W_]+){0,3}\s*:\s")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\b")
# The date and picture patterns read lower-cased text: case-folding a pattern costs more than the text.
_MONTH_NAME = r"\b(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?"
_MONTH = re.compile(_MONTH_NAME + r"\s+\d{1,2}\b")
_DATED_END = re.compile(
    r"(?:" + _MONTH_NAME + r"\s+\d{1,2},?\s+(?:19|20)\d\d|\b\d{1,2}\s+" + _MONTH_NAME[2:] + r"\s+(?:19|20)\d\d|"
    r"\b(?:19|20)\d\d-\d\d-\d\d)\W{0,3}$",
)
"""A sentence that closes on a full date: a caption's or a notice's stamp; a story dates its events in passing."""
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$""")
_ENDS_SENTENCE = re.compile(r"""[.!?…:;。！？]["')\]」』]*$|["”]$""")
_DIGIT = re.compile(r"\d")
_PICTURE_LEAD = re.compile(r"^\W*(?:\w+\W+){0,5}?(?:photo|image|picture|caption|file)s?\b")
"""A picture word among a sentence's first words: how captions open ("In this ... photo", "FILE - ")."""
_WEEKDAY_DATE = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r"),?\s+(?:" + _MONTH_NAME[2:] + r"\s+)?\d")
"""A weekday with its date ("Saturday, March 23"): the stamp of a caption or an update line."""
_SLASH_CREDIT = re.compile(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*\s?/\s?[A-Z][\w&.-]*")
"""'Name Surname/Agency': how picture credits are written."""
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

SHAPE = (
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
    "picture_lead",
    "weekday_date",
    "open_end",
    "slash_credit",
)
"""What :func:`shape` measures, in order."""


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
    words = [w for w in (words if words is not None else WORD.findall(line)) if w[0].isalpha()]
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


def shape(sentence: str, words: list[str]) -> list[float]:
    # Each pattern runs only where a cheap test says it can match: the shapes are measured for every
    # sentence of every source, and scanning each sentence a dozen times cost more than the rest of ingest.
    n = max(1, len(words))
    lower = [w.lower() for w in words]
    capitals = [w[0].isupper() for w in words if len(w) > 3]
    low = sentence.lower()
    tail = sentence[-48:]
    low_tail = low[-48:]
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
        float(colon and digits > 0 and bool(_CLOCK.search(low))),
        float(digits > 0 and bool(_MONTH.search(low))),
        float(digits > 0 and bool(_DATED_END.search(low_tail))),
        float(prompt),
        float(prompt and bool(READER_PROMPTS.search(low))),
        float(headline),
        float(not terminal and (len(words) < 8 or headline)),
        float(
            bool(CREDIT_LINE.match(sentence)) or (tail.rstrip()[-1:] in (")", "]") and bool(CREDIT_TAIL.search(tail)))
        ),
        float(not terminal and any(c in sentence for c in _CRUMBS) and bool(BREADCRUMB.match(sentence))),
        float('"' in sentence or "“" in sentence),
        sum(map(_YOU.__contains__, lower)) / n,
        sum(map(_WE.__contains__, lower)) / n,
        float(bool(_PICTURE_LEAD.match(low))),
        float(digits > 0 and bool(_WEEKDAY_DATE.search(low))),
        float(not terminal and len(words) >= 5),
        float("/" in sentence and bool(_SLASH_CREDIT.search(sentence))),
    ]
