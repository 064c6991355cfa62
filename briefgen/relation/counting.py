"""What the numbers of a sentence count, and the years that date them.

"30-car pileup" counts cars and a pileup, "three children" children,
"$500,000 in tax revenue" dollars of revenue; "more than 350" is a floor,
"nearly 50" a ceiling, "about 500" a round figure. A number that counts
nothing nameable (a year, the day of "Sept. 25", the number of "Flight
370") is left out. General facts of English, not lists from any story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.lexicon import MONTH_NAMES, MONTHS, TIME_UNITS, TIME_UNITS_PLURAL, WEEKDAYS, function_words
from ..text.similarity import stem
from .figures import (
    NUMBER_WORDS,
    ONES,
    QUANTITY,
    TENS,
    YEAR,
    bound_of,
    converted,
    counts_not_year,
    may_count,
    metres,
    of_clock,
    value_of,
    values_in,
)

# Words between a number and what it counts that do not name the thing counted.
_SKIP = frozenset(["more", "than", "less", "fewer", "about", "around", "nearly", "almost", "some", "at", "least", "most", "of", "the", "a", "an", "additional", "other", "new", "old", "per", "cent", "percent"])  # fmt: skip
_RANGE = frozenset({"or", "to", "and", "through"})
_OF = frozenset({"in", "of", "for", "worth", "a", "an", "the"})
_JOINED = re.compile(rf"\s*(or|to|and|through)\s+(?:\$|£|€)?(?:\d|(?:{'|'.join(ONES[1:] + TENS)})\b)", re.IGNORECASE)
"""A number followed by one of these and another number is one end of a range or list: "20 or 30 beats"."""

_DISTANCE = frozenset(stem(w) for w in ["mile", "miles", "kilometer", "kilometers", "kilometre", "kilometres", "km", "foot", "feet", "meter", "meters", "metre", "metres", "yard", "yards"])  # fmt: skip
_FROM = re.compile(r"\s*(?:[a-z-]+\s+)?(?:of|from|outside|off)\s+(?:the\s+)?((?:[A-Z][\w'-]*\s*){1,3})")
"""What a distance is measured from: "90 miles north of Las Vegas", "20 km from the Capital"."""
_PART_OF = re.compile(rf"\b(?:\d[\d,]*|{'|'.join(ONES[1:] + TENS)})\s+(?:out\s+)?of\s+(?:the\s+)?$", re.IGNORECASE)
"""The words before the whole in "four of five charges": the first number counts a part of it."""


def _measured_from(text: str, end: int) -> str | None:
    """The place a distance ending at ``end`` is measured from, lower case, or None when none is named."""
    found = _FROM.match(text, end)
    return " ".join(found.group(1).lower().split()) if found else None


def quantities(text: str) -> frozenset[tuple[str, float]]:
    """What each number in the sentence counts, with its value (:func:`counts` without the bounds)."""
    return frozenset((unit, value) for unit, value, _ in counts(text))


_DOLLARS = re.compile(r"\b(?:US|U\.S\.|A|C|NZ|HK|S)\$")
"""Dollars of a country: "US$1.2 billion", "A$500m", "HK$3m" (one sign: which dollar is no news)."""


def _dollars(text: str) -> str:
    return _DOLLARS.sub("$", text) if "$" in text else text


def counts(text: str) -> frozenset[tuple[str, float, str]]:
    """What each number in the sentence counts: (the thing counted, value, bound).

    The counted thing is the first word after the number that is not a
    quantifier ("30-car pileup" counts both "car" and "pileup": the thing
    and what it makes up; "18,400-square-mile area" counts "square-mile"s);
    a percentage counts "%"; money counts its currency. A number that may
    count anything is left out: a year (1900-2099 written without a comma),
    a day of a month ("Sept. 25 complaint"), one before a function word or a
    capitalised word ("21 Russian and Ukrainian officials" counts officials,
    not Russians), one that is part of a name ("Flight 370"). The bound is what the words before the number make of
    it: "=" exact, ">" a floor ("more than", "at least"), "<" a ceiling
    ("up to", "nearly"), "~" a round figure ("about", "some").
    """
    text = _dollars(text)
    return _counted(text, QUANTITY.finditer(text)) if may_count(text) else frozenset()


def _counted(text: str, matches: Iterable[re.Match[str]]) -> frozenset[tuple[str, float, str]]:
    stop = function_words()
    found: set[tuple[str, float, str]] = set()
    pending: list[float] = []
    carry = 0.0
    for m in matches:
        currency, number, scale, close, money, percent, after = m.groups()
        if metres(m) or of_clock(m):
            continue
        value = value_of(number, scale or close, False)
        if value is None:
            continue
        currency = currency or (money and _currency(money))
        if currency and converted(m):
            continue  # "$6bn (£3.2bn)": the same sum in another currency, not a sum of its own
        value += carry
        carry = 0.0
        before = text[max(0, m.start() - 30) : m.start()]
        if _MONTH_BEFORE.search(before):
            continue  # "Sept. 25": a day of the month, not one end of a range ("March 20 to 16 mln")
        joined = _JOINED.match(text, m.end()) if not (currency or percent) else None
        if joined is not None:
            if scale and scale.lower() in ("hundred", "thousand") and joined.group(1).lower() == "and":
                carry = value  # "one hundred and three"
            else:
                pending.append(value)  # "20 or 30 beats": both count beats
            continue
        values = [value, *pending]
        pending = []
        name = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())  # lookbehinds still see before it
        if name and name.start(1) > 0 and name.group(1).lower() not in stop and not (currency or percent):
            continue  # "Flight 370", "Interstate 35": a number that is part of a name
        bound = bound_of(before)
        after = _CONVERTED.sub("", after)  # "$6bn (£3.2bn) in loans": the sum in another currency is an aside
        chunks = after.split()
        compound = [w for w in chunks[0].strip("-").split("-") if w] if after.startswith("-") and chunks else []
        words = [w for w in re.split(r"[\s-]+", after.strip(" -")) if w]
        nouns = [w for w in words if w.lower() not in _SKIP]
        if _PART_OF.search(before):
            bound = "<"  # "four of five charges": any count of some of the charges is at most five
        if percent or currency:
            # "$500,000 in tax revenue", "a loss of $5m": money and shares count what they are of, where a
            # noun says so. Money that does not say is still money, but of anything (:data:`AMOUNT`).
            unit = "%" if percent else currency
            when = _WHEN_AFTER.match(text, m.end())
            if when:  # "$5m last year" and "$6m this year": two times' sums, not two tellings of one
                unit = f"{unit}{AT}{' '.join(when.group(1).lower().split())}"
            named = [w.lower() for w in nouns if w.lower() not in _OF]
            whole = _WHOLE_BEFORE.search(before)
            if named and _names_a_whole(named[0], stop):
                unit = f"{unit} {stem(named[0])}"
                owner = _OWNER.match(text, m.end())
                if owner and owner.group(1).lower() == named[0]:
                    unit = f"{unit}{OF}{' '.join(owner.group(2).lower().split())}"  # whose: "dlrs of debt of <Name>"
            elif whole and _names_a_whole(whole.group(1).lower(), stop):
                unit = f"{unit} {stem(whole.group(1).lower())}"
            elif percent:
                continue  # a share of a whole it does not name: a poll or a report gives many
            found.update((unit, v, bound) for v in values)
            continue
        if number.isdigit() and 1900 <= value <= 2099 and not counts_not_year(text, m.start(), m.end()):
            continue  # a year
        if compound:  # "30-car pileup", "18,400-square-mile area", "a 30-year-old man"
            if "old" in compound or not all(w.isalpha() for w in compound):
                continue
            found.update(("-".join(stem(w.lower()) for w in compound), v, bound) for v in values)
            rest = [w for w in chunks[1:] if w.isalpha()][:1]
            if rest and rest[0].islower() and rest[0] not in stop:
                found.update((stem(rest[0]), v, bound) for v in values)  # the "pileup" of "30-car pileup"
            continue
        done = _DONE_TO.search(before)
        if done and done.group(1).lower() not in stop and not (percent or currency):
            # "killed two", "killed at least three people": a count of what the verb did, with the noun
            # that says of whom where one does (:data:`DONE`).
            verb = f"{DONE}{stem(done.group(1).lower())}"
            named = [w.lower() for w in nouns[:1] if w.isalpha() and w.islower() and w.lower() not in stop]
            found.update((f"{verb}{OF}{stem(named[0])}" if named else verb, v, bound) for v in values)
        age = _age_of(text, before, m.end(), value) if not (nouns or scale or percent or currency) else None
        if age is not None:
            found.update((age, v, bound) for v in values)
            continue
        if not nouns or not nouns[0].isalpha() or not nouns[0].islower():
            continue
        noun = nouns[0]
        if noun in _RANGE or noun in NUMBER_WORDS or noun in stop:
            continue
        unit = stem(noun)
        if unit in _DISTANCE:
            # A distance is between two places: two of them compare only when measured from the same one.
            window = text[m.end() : m.end() + 80]
            place = _measured_from(window, window.lower().find(noun) + len(noun))
            if place is None:
                continue
            unit = f"{unit} {place}"
        found.update((unit, v, bound) for v in values)
    return frozenset(found)


OF = " of "
"""Between what an amount is of and whose it is, in a unit: ``"$ debt of westfield"``."""
_OWNER = re.compile(
    r"(?:[\s-]+(?:of|in|worth))?(?:\s+the)?[\s-]+([a-z]+)\s+of\s+(?:the\s+)?"
    r"([A-Z][\w'-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w'-]*)*)"
)
"""The whole an amount is of, and whose it is: "4 bln dlrs of debt of <Company>"."""
AT = " @"
"""Between a sum and the time it is of, in a unit: ``"$ @last year"``."""
_WHEN_AFTER = re.compile(
    r"[\s,]+(?:in\s+|during\s+|for\s+)?((?:last|this|next|the\s+previous|the\s+current)\s+(?:year|quarter|month|week)|"
    r"a\s+(?:year|month|week)\s+(?:earlier|ago|before)|(?:so\s+far\s+)?this\s+year)\b",
    re.IGNORECASE,
)
"""A time an amount is of, said after it: "$5m last year", "12 pct a year earlier"."""
_CONVERTED = re.compile(r"^\s*\([^()]*\)")
_WHOLE_BEFORE = re.compile(
    r"\b([A-Za-z]{3,})\s+of\s+(?:(?:about|around|some|nearly|almost|roughly|approximately|an estimated|"
    r"more than|less than|over|under|up to|at least|just|a|an)\s+)*[$£€]?\s*$",
    re.IGNORECASE,
)
"""The noun an amount measures, written before it: "a net loss of $5m", "sales of about 20 mln dlrs"."""


def _names_a_whole(word: str, stop: frozenset[str]) -> bool:
    """Whether a word beside an amount or a share may name what it is of: not a function word, a number,
    nor a time ("5 pct in February", "$2m a year" say when, not of what)."""
    return word.isalpha() and word not in stop and word not in NUMBER_WORDS and word not in _NOT_A_WHOLE


_WHEN = frozenset([*MONTHS, *WEEKDAYS, *TIME_UNITS, *TIME_UNITS_PLURAL, "today", "yesterday"])
_JOINING = frozenset(["including", "excluding", "plus", "versus", "compared", "against"])
"""Words that join a sum to another, not what it is of ("$15.7bn including debt")."""
_NOT_A_WHOLE = _WHEN | _JOINING
_CURRENCIES = {"dollar": "$", "dlr": "$", "stg": "£", "sterling": "£", "euro": "€", "ct": "cent"}


def _currency(word: str) -> str:
    """One sign for a currency however it is written: "$5 million" and "5 mln dlrs" are one amount."""
    word = word.lower()
    word = word.removesuffix("s")
    return _CURRENCIES.get(word, word)


AMOUNT = frozenset({"$", "£", "€", "yen", "yuan", "peso", "franc", "rupee", "cent"})
"""Units of money that say nothing of what the money is (a sale, a debt, a fine): two such amounts of
one story are mostly of two things, so they compare only in sentences that tell one fact."""

DONE = "done:"
"""What a count that a verb's object gives counts: ``"done:kill"`` for "killed two", ``"done:kill of peopl"``
for "killed three people"."""
_DONE_TO = re.compile(
    r"(?<!\b[Aa]\s)(?<!\b[Aa]n\s)(?<!\b[Tt]he\s)\b([a-z]{3,}ed)\s+(?:(?:at least|more than|as many as|about|around|some|"
    r"nearly|almost|over|up to|another|a further|an estimated|only|just)\s+)?$"
)
"""A verb in the past right before a number: "killed two", "injured at least 30"; not a participle used as
an adjective after an article ("an estimated 20 people", "a reported 20")."""

AGE = "age"
"""What a person's age counts (:func:`_age_of`): ``"age"``, or ``"age <name>"`` where the sentence says whose."""
_AGE_BEFORE = re.compile(r"(?:\b(?:is|was|aged|turns|turned)|(?P<name>[A-Z][\w'’-]*),)\s+$")
_SUBJECT = re.compile(r"(?:^|[\s\"“])(?P<name>[A-Z][a-z][\w'’-]*)\s+(?:is|was|turns|turned)\s+$")
_AGE_AFTER = re.compile(r"\s*(?:[.,;:!?\"”’)]|$)")


def _age_of(text: str, before: str, end: int, value: float) -> str | None:
    """What a number that counts nothing named counts if it is someone's age, as news gives it: closing a
    clause after "is", "was" or "aged" ("Vance was 61."), or between commas after a name ("Ana Ruiz, 34,
    of ..."). The age is the named person's where the name is beside it: one sentence gives the ages of
    several people ("Ana Ruiz, 34, and her son, 7,")."""
    if not (0 < value <= 120 and value.is_integer() and _AGE_AFTER.match(text, end)):
        return None
    found = _AGE_BEFORE.search(before)
    if found is None:
        return None
    name = found.group("name") or ((subject := _SUBJECT.search(before)) and subject.group("name"))
    return f"{AGE} {name.lower()}" if name and name.lower() not in function_words() else AGE


_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(MONTH_NAMES) + r")\.?\s*$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b([A-Z][a-z]+)\s+$")
_DAY_BEFORE = re.compile(r"(?:\d{1,2}(?:st|nd|rd|th)?,?|\d{1,2}\s+[A-Z][a-z]+\.?)\s+$")
_CLAUSE_END = re.compile(r"[,;:()\[\]—–]|\s-\s")


def dating(text: str) -> frozenset[int]:
    """The years that date a count: written in the same stretch of the sentence between commas (or
    other clause marks) as a number that counts something ("9,000 flights during a 2014 blizzard";
    not "written in 1998, it puts the site 90 miles north"). A year that closes a full date is not
    one: news gives the day of what it reports, and a month or a year alone for another time."""
    years = set()
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    for year in YEAR.finditer(text):
        if counts_not_year(text, year.start(), year.end()):
            continue
        if _DAY_BEFORE.search(text, max(0, year.start() - 24), year.start()):
            continue  # "Thursday, Dec. 20, 2012": the day of what it reports, as dates and weekdays read it
        start = max((e for e in ends if e < year.start()), default=-1) + 1
        end = min((e for e in ends if e >= year.end()), default=len(text))
        stretch = text[start:end]
        if _counted(stretch, QUANTITY.finditer(stretch)):
            years.add(int(year.group()))
    return frozenset(years)


def read_numbers(text: str) -> tuple[frozenset[tuple[str, float, str]], frozenset[float], frozenset[int]]:
    """One reading of a sentence's numbers: what they count (:func:`counts`), every value it gives
    whatever it counts (years aside), and the years that date its counts (:func:`dating`)."""
    text = _dollars(text)
    matches = list(QUANTITY.finditer(text))
    counted = _counted(text, matches) if may_count(text) else frozenset()
    return counted, values_in(matches), dating(text) if counted else frozenset()
