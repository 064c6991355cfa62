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

import numpy as np

from .boundaries import split_glued
from .lexicon import MONTH_NAMES, MONTHS, WEEKDAYS, WORD, function_words

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
HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
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
_MONTH_CAPITALISED = "|".join(m.capitalize() for m in MONTH_NAMES)
_CAPTION_DATE = re.compile(
    rf"(?:^|\s)(\w+),?\s+(?:(?:{'|'.join(d.capitalize() for d in WEEKDAYS)}),?\s+)?(?:{_MONTH_CAPITALISED})\.?\s+\d{{1,2}},\s+(?:19|20)\d\d\.?\s*\)?$"
)
"""A sentence that ends on a full date not told by a preposition ("..., in Paris, Saturday, March 23, 2013."): how
photo captions and embedded posts are dated. A sentence of a report dates an event with "on" or "since". (Not a
dateline, which opens a report: :mod:`briefgen.text.dateline`.) A rule, not a measure: :data:`_DATED_END` is what
the furniture model weighs, any date form in lower case; this reads the word before the date."""
_DATED_BY = frozenset({"on", "of", "since", "until", "till", "by", "before", "after", "from", "through", "in", "dated", "to", "between", "and"})  # fmt: skip


def dated_like_a_caption(text: str) -> bool:
    """Whether the sentence ends on a full date no preposition tells: a caption or an embedded post."""
    dated = _CAPTION_DATE.search(text) if _ends_on_digit(text) else None
    return dated is not None and dated.group(1).lower() not in _DATED_BY


def _ends_on_digit(text: str) -> bool:
    """Whether the text ends as :data:`_CAPTION_DATE` needs: on a digit, then maybe a full stop, spaces and a
    closing bracket."""
    text = text.removesuffix(")").rstrip().removesuffix(".")
    return text[-1:].isdigit()


_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$""")
_TERMINAL_CLOSERS = "\"'”’)]"
_ENDS_SENTENCE = re.compile(r"""[.!?…:;。！？]["')\]」』]*$|["”]$""")
_STOPS, _CLOSERS = ".!?…:;。！？", "\"')]」』"
"""The two character classes of ``_ENDS_SENTENCE``'s first branch."""
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
    """The sentences of a line: at a closing stop and a space, and where scraping lost the space
    (:mod:`briefgen.text.boundaries`)."""
    out: list[str] = []
    for part in SENTENCE_END.split(line):
        part = part.strip()
        if not part:
            continue
        # A match ends the part and is at most four characters long, or has a match that is.
        if out and _ABBREVIATION.search(out[-1], max(0, len(out[-1]) - 5)):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    if "." not in line:
        return out
    return [piece.strip() for part in out for piece in split_glued(part)]


def ends_sentence(line: str) -> bool:
    # What the pattern asks, read from the end: it would otherwise be tried at every character of a paragraph.
    if line.endswith("\n"):  # ``$`` also matches before a final newline
        return bool(_ENDS_SENTENCE.search(line))
    if not line or line[-1] in '"”':
        return bool(line)
    bare = line.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in _STOPS


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
    """The :data:`SHAPE` of one sentence, given its words (:data:`WORD`)."""
    return [float(x) for x in shapes([sentence], [words])[0]]


def shapes(sentences: Sequence[str], words: Sequence[Sequence[str]]) -> np.ndarray:
    """One row of :data:`SHAPE` per sentence of a document, given each sentence's words (:data:`WORD`).

    The measures over words are counted for all sentences at once, from what each word is (kept per
    process: a story repeats its words); a pattern runs only on the sentences a cheap test, on the whole
    document first, says it can match."""
    out = np.zeros((len(sentences), len(SHAPE)))
    if len(sentences):
        candidates = _word_shapes(out, words)
        _text_shapes(out, sentences, candidates)
    return out


_COLUMN = {name: i for i, name in enumerate(SHAPE)}
_KINDS = ("long", "capital", "alpha", "alpha_long", "alpha_capital", "upper", "function", "you", "we", "prompt",
          "share", "shared", "month", "weekday")  # fmt: skip
"""What a word is, one bit each (:func:`_kind`); the count of its digits above them."""
_DIGITS_AT = 16
_SHIFTS = np.arange(len(_KINDS))[:, None]
_PROMPT_STARTS = (
    "log", "sign", "subscribe", "newsletter", "click", "read", "follow", "leave", "post", "comment", "enter",
    "cookie", "javascript", "browser", "privacy", "terms", "reserved", "advertisement", "sponsored", "download",
    "skip", "back", "news", "article", "stories", "video", "contributed", "reporting", "editing", "writing",
    "photo", "image", "picture", "caption", "copyright", "credit",
)  # fmt: skip
"""A word of each branch of :data:`PROMPTS` (but "share this") that any match of the branch starts a word
with (or a part of a word after an apostrophe, where ``\\b`` holds too): a sentence none of whose words
starts so, nor "share" followed by "this", "on" or "via", cannot match and is not searched."""
_MONTHS = tuple(m[:3] for m in MONTHS)
_APOSTROPHE = re.compile(r"['’]")
_KIND: dict[str, int] = {}
WORDS_KEPT = 200_000


def _kind(word: str) -> int:
    lower = word.lower()
    parts = _APOSTROPHE.split(lower) if ("'" in lower or "’" in lower) else (lower,)
    long, capital, alpha = len(word) > 3, word[0].isupper(), word[0].isalpha()
    bits = (
        long,
        long and capital,
        alpha,
        alpha and long,
        alpha and long and capital,
        word.isupper() and len(word) > 1,
        lower in _stop(),
        lower in _YOU,
        lower in _WE,
        any(part.startswith(_PROMPT_STARTS) for part in parts),
        any(part.startswith("share") for part in parts),
        any(part.startswith(("this", "on", "via")) for part in parts),
        any(part.startswith(_MONTHS) for part in parts),
        any(part.startswith(WEEKDAYS) for part in parts),
    )
    kind = 0 if word.isalpha() else len(_DIGIT.findall(word)) << _DIGITS_AT  # a letter is never a digit
    for i, bit in enumerate(bits):
        if bit:
            kind |= 1 << i
    return kind


def _word_shapes(out: np.ndarray, words: Sequence[Sequence[str]]) -> np.ndarray:
    """The measures counted over words; and, per sentence, whether a word starts as a prompt, a month, a
    weekday does, and its digits (a digit is always in a word)."""
    flat = [w for ws in words for w in ws]
    known = _KIND
    if len(known) > WORDS_KEPT:
        known.clear()
    for word in set(flat).difference(known):
        known[word] = _kind(word)
    kinds = np.fromiter(map(known.__getitem__, flat), np.int64, len(flat))
    per_word = np.zeros((len(_KINDS) + 1, len(flat) + 1), np.int64)
    per_word[:-1, 1:] = (kinds[None, :] >> _SHIFTS) & 1
    per_word[-1, 1:] = kinds >> _DIGITS_AT
    # Integer sums per sentence, exact: the ratios below are the very divisions a loop per sentence makes.
    total = np.cumsum(per_word, axis=1)
    size = np.fromiter(map(len, words), np.int64, len(words))
    ends = np.cumsum(size)
    count = total[:, ends] - total[:, ends - size]
    long, capital, alpha, alpha_long, alpha_capital, upper, function, you, we = count[:9]
    prompt, share, shared, month, weekday, digits = count[9:]
    n = np.maximum(size, 1)
    c = _COLUMN
    out[:, c["words"]] = list(map(math.log1p, size.tolist()))
    out[:, c["capitalised"]] = np.where(long > 0, capital / np.maximum(long, 1), 1.0)
    out[:, c["function_words"]] = function / n
    out[:, c["upper_case"]] = upper / n
    out[:, c["second_person"]] = you / n
    out[:, c["first_person_plural"]] = we / n
    # is_headline_shape's test on the counts of its words; _text_shapes clears it where a sentence ends.
    out[:, c["headline_shape"]] = (alpha >= 3) & (alpha_long > 0) & (alpha_capital / np.maximum(alpha_long, 1) >= 0.75)
    out[:, c["fragment"]] = size < 8
    out[:, c["open_end"]] = size >= 5
    return np.column_stack([(prompt > 0) | ((share > 0) & (shared > 0)), month > 0, weekday > 0, digits])


def _text_shapes(out: np.ndarray, sentences: Sequence[str], candidates: np.ndarray) -> None:
    """The measures read from the characters."""
    c = _COLUMN
    lows = [s.lower() for s in sentences]
    # A needle nowhere in the document (joined at a character no needle holds) is in none of its sentences.
    text, low_text = "\0".join(sentences), "\0".join(lows)
    at, colon, slash = "@" in text, ":" in text, "/" in text
    links = any(t in low_text for t in _TLDS)
    crumbs = any(t in text for t in _CRUMBS)
    pictures = any(t in low_text for t in ("photo", "image", "picture", "caption", "file"))
    rows = []
    for sentence, low, (candidate, month, weekday, digits) in zip(sentences, lows, candidates.tolist()):
        tail = sentence[-48:]
        terminal = ends_sentence(sentence)
        # Lower-casing ASCII keeps every character where it was: the words' tests hold for the text searched.
        other = not sentence.isascii()
        prompt = (candidate or other or "©" in low) and bool(PROMPTS.search(low))
        low_tail = low[-48:]
        dated = digits > 0 and (month or other or "-" in low_tail or low_tail.startswith(_MONTHS))
        rows.append((
            terminal,
            _terminal(tail),
            digits / max(1, len(sentence)),
            links and any(t in low for t in _TLDS) and bool(LINK.search(sentence)),
            at and "@" in sentence and bool(HANDLE.search(sentence)),
            at and "@" in sentence and bool(EMAIL.search(sentence)),
            sentence.rstrip(" .").endswith(")"),
            "..." in sentence or "…" in sentence,
            bool(sentence) and not (sentence[0].isalnum() or sentence[0] in "\"'“‘("),
            colon and ":" in sentence and bool(_LABEL.match(sentence)),
            colon and ":" in sentence and digits > 0 and bool(_CLOCK.search(low)),
            digits > 0 and (month or other) and bool(_MONTH.search(low)),
            dated and bool(_DATED_END.search(low_tail)),
            prompt,
            prompt and bool(READER_PROMPTS.search(low)),
            bool(CREDIT_LINE.match(sentence)) or (tail.rstrip()[-1:] in (")", "]") and bool(CREDIT_TAIL.search(tail))),
            crumbs and not terminal and any(t in sentence for t in _CRUMBS) and bool(BREADCRUMB.match(sentence)),
            '"' in sentence or "“" in sentence,
            pictures and bool(_PICTURE_LEAD.match(low)),
            digits > 0 and (weekday or other) and bool(_WEEKDAY_DATE.search(low)),
            slash and "/" in sentence and bool(_SLASH_CREDIT.search(sentence)),
        ))  # fmt: skip
    table = np.array(rows, dtype=np.float64)
    ends = table[:, 0] > 0
    out[:, [c[name] for name in _TEXT_SHAPE]] = table[:, 1:]
    out[ends, c["headline_shape"]] = 0.0
    out[ends, c["open_end"]] = 0.0
    out[:, c["fragment"]] = ~ends & ((out[:, c["fragment"]] > 0) | (out[:, c["headline_shape"]] > 0))


_TEXT_SHAPE = (
    "terminal", "digits", "link", "handle", "email", "closing_parenthesis", "ellipsis", "leading_symbol",
    "label_colon", "clock", "month_day", "dated_end", "prompt", "reader_prompt", "credit", "breadcrumb", "quote",
    "picture_lead", "weekday_date", "slash_credit",
)  # fmt: skip
"""The columns of :func:`_text_shapes`' rows after whether a sentence ends as a sentence does."""


def _terminal(tail: str) -> bool:
    """``_TERMINAL.search(tail)``, read from the end."""
    if tail.endswith("\n"):
        return bool(_TERMINAL.search(tail))
    bare = tail.rstrip(_TERMINAL_CLOSERS)
    return bool(bare) and bare[-1] in ".!?"
