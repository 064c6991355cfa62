"""How news writes a figure: its value, its bound, and whether it is a figure at all.

"4.2 mln", "$6bn", "thirty-two" and "12 pct" are figures; "more than 350" is a floor, "nearly 50" a
ceiling, "about 500" a round figure; a year ("in March 1986"), a rank ("the second biggest") and a
conversion in brackets ("120 mph (193 km/h)") are not figures of their own. What a figure counts is
:mod:`.counting`'s. General facts of English, not lists from any story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]  # fmt: skip
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(ONES)}
NUMBER_WORDS.update({w: float(20 + 10 * i) for i, w in enumerate(TENS)})
NUMBER_WORDS.update({"dozen": 12.0, "hundred": 100.0})
ORDINAL_WORDS = {w: float(i + 1) for i, w in enumerate(_ORDINALS)}
for _t, _tens in enumerate(TENS):  # "thirty-two", "thirty-second"
    for _u in range(1, 10):
        NUMBER_WORDS[f"{_tens}-{ONES[_u]}"] = NUMBER_WORDS[f"{_tens} {ONES[_u]}"] = 20.0 + 10 * _t + _u
        ORDINAL_WORDS[f"{_tens}-{_ORDINALS[_u - 1]}"] = 20.0 + 10 * _t + _u
_SCALE = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# How news abbreviates them: wire copy's "4.2 mln", "1.5 bln"; "$6bn", "£3m", "$50k" set close to a figure.
_SCALE.update({"mln": 1e6, "bln": 1e9, "mn": 1e6, "m": 1e6, "bn": 1e9, "k": 1e3})
_MONEY = r"dollars?|dlrs?|euros?|yen|yuan|stg|sterling|pesos?|francs?|rupees?|cents|cts"
"""Currencies named after a figure, as news writes them ("500 mln dlrs", "20 billion yen"). Pounds are left
out: a weight is in pounds as often."""
_NUM = r"\d[\d,]*(?:\.\d+)?"
_WORDNUM = "|".join(sorted(list(NUMBER_WORDS) + list(ORDINAL_WORDS), key=len, reverse=True))
_OPENINGS = "|".join(sorted({w[:3] for w in (*NUMBER_WORDS, *ORDINAL_WORDS)}))
"""The first three letters of every number word (none is shorter): what a quantity that is not a figure opens with."""
QUANTITY = re.compile(
    # The look-ahead changes no match: the dear alternation of number words is tried only where one may open.
    rf"(?<![\w.$-])(?=[$£€\d]|{_OPENINGS})(?:(\$|£|€)\s?)?({_NUM}|{_WORDNUM})(?:st|nd|rd|th)?"
    rf"(?:[\s-]+(dozen|hundred|thousand|million|billion|trillion|mln|bln)|(?<=\d)(mn|bn|m|k)(?=[^\w]|$))?\b"
    rf"(?:[\s-]+({_MONEY}))?\b(%|\s*percent|\s*per\s+cent|\s*pct\b)?"
    r"(?=((?:\s*\([^()]{1,24}\))?(?:[\s-]+[A-Za-z][\w'-]*){0,3}))",  # a look-ahead: they may hold the next number
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
_SUFFIXES = ("st", "nd", "rd", "th")
_COUNTING = frozenset(w for w in (*NUMBER_WORDS, *ORDINAL_WORDS) if w.isalpha())
"""Every number word, or the first word of one ("thirty" of "thirty-two")."""


def _counts(word: str) -> bool:
    """Whether a run of letters can start a number the pattern reads ("ten", "tenth", "20th")."""
    return word in _COUNTING or (word[-2:] in _SUFFIXES and word[:-2] in _COUNTING)


YEAR = re.compile(r"(?<![\w$£€.,])(?:19|20)\d\d(?![\w,]|\.\d)")


def value_of(number: str, scale: str | None, ordinal: bool) -> float | None:
    word = number.lower()
    if word in NUMBER_WORDS:
        value = NUMBER_WORDS[word]
    elif word in ORDINAL_WORDS:
        value = ORDINAL_WORDS[word]
    else:
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            return None
    return value * _SCALE.get((scale or "").lower(), 1.0)


def may_count(text: str) -> bool:
    """A digit, or letters that may start a number word: most sentences count nothing."""
    return bool(_DIGIT.search(text)) or any(_counts(w) for w in _LETTERS.findall(text.lower()))


_FLOOR = re.compile(
    r"\b(?:more than|over|at least|upwards of|in excess of|no fewer than|no less than)\s*$", re.IGNORECASE
)
_CEILING = re.compile(
    r"\b(?:up to|nearly|almost|less than|fewer than|under|just under|at most|no more than)\s*$", re.IGNORECASE
)
_ROUND = re.compile(
    r"\b(?:about|around|some|roughly|approximately|an estimated|estimated|close to|or so)\s*$", re.IGNORECASE
)


def bound_of(before: str) -> str:
    before = before.rstrip(" $£€")
    if _FLOOR.search(before):
        return ">"
    if _CEILING.search(before):
        return "<"
    if _ROUND.search(before):
        return "~"
    return "="


def metres(m: re.Match[str]) -> bool:
    """Whether a figure's close "m" or "k" is a unit of its own ("a 6m wall", "a 10k race"), not millions or
    thousands: money is written so ("$6m"), and so is a count of what a plural noun names ("6m people",
    "2.5m tonnes"), where a measure describes the one thing it measures."""
    if not m.group(4) or m.group(4).lower() not in ("m", "k") or m.group(1) or m.group(5):
        return False  # "6m euros": a currency is counted, never measured
    following = _WORD_AFTER.match(m.string, m.end())
    # A capitalised plural is one of a people ("6m Syrians"), counted as any other.
    return following is None or not _plural(following.group(1).lower())


_WORD_AFTER = re.compile(r"\s+([A-Za-z][a-z'-]*)\b")
_IRREGULAR_PLURALS = frozenset(["people", "children", "men", "women", "police", "cattle", "sheep", "mice", "feet"])


def _plural(word: str) -> bool:
    """Whether a lower-case word reads as a plural noun: English's regular "-s", and its few irregular plurals
    of what news counts."""
    return word in _IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def counts_not_year(text: str, start: int, end: int) -> bool:
    """Whether a figure that reads as a year (1900-2099 without a comma) counts something instead: it is
    approximated or bounded and a plural noun follows ("more than 2000 voters", "about 1950 people"). A year is
    not approximated before a noun ("the 1986 results", "around 2000, when"), and a bound that is also a
    preposition bounds only a round figure: approximate counts are round ("about 2000 people", not "2019")."""
    following = _WORD_AFTER.match(text, end)
    if following is None or not following.group(1).islower() or not _plural(following.group(1)):
        return False
    before = text[max(0, start - 30) : start]
    if _PREPOSITION.search(before):  # "under 2018 rules", "over 2019 levels": only a round figure is a count
        return int(text[start:end]) % 50 == 0
    return bound_of(before) != "="


_PREPOSITION = re.compile(r"\b(?:over|under|about|around|some|up to|close to|(?<!an )estimated)\s*$", re.IGNORECASE)
"""Bounds that are also prepositions or determiners before a noun ("rules under 2018 law", "some 2020 ballots")."""


def converted(m: re.Match[str]) -> bool:
    """Whether a figure stands in brackets after another that it converts or breaks down ("120 mph (193 km/h)",
    "5 miles (8 km)"): the bracket holds nothing else, and the quantity is the one before it."""
    text = m.string
    before = _FIGURE_THEN_BRACKET.search(text, max(0, m.start() - 40), m.start())
    closes = _BRACKET_CLOSES.match(text, m.end())
    if before is None or closes is None:
        return False
    # A conversion names another unit; a figure with none or the same one is another figure: a year earlier's,
    # as results are written ("32.4 mln marks (29.1 mln)", "5.1 pct (4.9 pct)").
    unit = _units(f"{m.group(1) or ''} {m.group(5) or ''} {m.group(6) or ''} {closes.group()}")
    earlier = _units(f"{text[before.start() - 1 : before.start()]} {before.group()}")
    return bool(unit) and not unit <= earlier


def _units(text: str) -> set[str]:
    """The words and currency signs of a stretch of text that name a unit: not its digits, scales or brackets."""
    words = re.findall(r"[$£€%]|[^\s()\d$£€%.,]+", text.lower())
    # A close "m" or "k" stays: in a bracket of its own it is as often metres as millions ("(1.88 m)").
    return {w for w in words if w in ("m", "k") or w not in _SCALE and w not in ("per", "cent", "percent")} | (
        {"%"} if re.search(r"%|pct|per\s*cent", text.lower()) else set()
    )


_FIGURE_THEN_BRACKET = re.compile(r"\d[^\s()]*(?:[\s-]+[^\s()\d]+){0,2}\s*\(\s*$")
_BRACKET_CLOSES = re.compile(r"(?:[\s-]+[^\s()\d]+){0,2}\s*\)")
"""After a bracketed figure, what may come before its bracket closes: its unit, nothing else."""


_CLOCK_AFTER = re.compile(r"(?:[:.]\d\d)?\s?[ap]\.?\s?m\b|:\d\d\b", re.IGNORECASE)
"""What follows the hour of a time of day."""


def of_clock(m: re.Match[str]) -> bool:
    """Whether a figure is the hour or the minutes of a time of day ("10:30 a.m.", "11 a.m.", "6:00 p.m.")."""
    return bool(_CLOCK_AFTER.match(m.string, m.end(2))) or m.string[max(0, m.start() - 3) : m.start()].endswith(":")


def values_in(matches: Iterable[re.Match[str]]) -> frozenset[float]:
    out = set()
    for m in matches:
        if YEAR.fullmatch(m.group()) and not counts_not_year(m.string, m.start(), m.end()):
            continue  # a year dates a figure; it is not one ("in March 1986")
        if converted(m):
            continue  # "120 mph (193 km/h)": one speed, written twice
        if of_clock(m):
            continue  # "10:30 a.m.", "11 a.m.": a time of day is no figure (the signals read it as one)
        if m.group(2).lower() in ORDINAL_WORDS or m.string[m.end(2) : m.end(2) + 2].lower() in _SUFFIXES:
            continue  # a rank ("the second biggest city") is no figure another sentence can give
        value = value_of(m.group(2), m.group(3) or (None if metres(m) else m.group(4)), False)
        if value is not None:
            out.add(value)
    return frozenset(out)
