"""Signals that make two tellings of one fact incompatible.

The scorer judges whether two sentences state the same fact; it is weak
at noticing that they state it with another number, on another day, from
another speaker, or that one of them denies or doubts it. These are read
from the sentences themselves with general facts of English:

* quantities: a number and the noun it counts ("30-car pileup", "three
  children", "the second line"); two sentences that count the same noun
  with different numbers disagree;
* days: a weekday or a month-and-day named for the event;
* stance: denial, dispute and doubt words, and questions (plain negation
  is not one: "if it is not paid" and "failure to pay" say the same);
* speaker: the person a reporting verb attributes the words to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..text.lexicon import MONTHS, WEEKDAYS, function_words
from ..text.similarity import stem
from .context import core

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
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
NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_ONES)}
NUMBER_WORDS.update({w: float(20 + 10 * i) for i, w in enumerate(_TENS)})
NUMBER_WORDS.update({"dozen": 12.0, "hundred": 100.0})
ORDINAL_WORDS = {w: float(i + 1) for i, w in enumerate(_ORDINALS)}
for _t, _tens in enumerate(_TENS):  # "thirty-two", "thirty-second"
    for _u in range(1, 10):
        NUMBER_WORDS[f"{_tens}-{_ONES[_u]}"] = NUMBER_WORDS[f"{_tens} {_ONES[_u]}"] = 20.0 + 10 * _t + _u
        ORDINAL_WORDS[f"{_tens}-{_ORDINALS[_u - 1]}"] = 20.0 + 10 * _t + _u
_SCALE = {"dozen": 12.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Words between a number and what it counts that do not name the thing counted.
_SKIP = frozenset(["more", "than", "less", "fewer", "about", "around", "nearly", "almost", "some", "at", "least", "most", "of", "the", "a", "an", "additional", "other", "new", "old", "per", "cent", "percent"])  # fmt: skip
_RANGE = frozenset({"or", "to", "and", "through"})
_OF = frozenset({"in", "of", "for", "worth", "a", "an", "the"})
_JOINED = re.compile(rf"\s*(or|to|and|through)\s+(?:\$|£|€)?(?:\d|(?:{'|'.join(_ONES[1:] + _TENS)})\b)", re.IGNORECASE)
"""A number followed by one of these and another number is one end of a range or list: "20 or 30 beats"."""
_NUM = r"\d[\d,]*(?:\.\d+)?"
_WORDNUM = "|".join(sorted(list(NUMBER_WORDS) + list(ORDINAL_WORDS), key=len, reverse=True))
_OPENINGS = "|".join(sorted({w[:3] for w in (*NUMBER_WORDS, *ORDINAL_WORDS)}))
"""The first three letters of every number word (none is shorter): what a quantity that is not a figure opens with."""
_QUANTITY = re.compile(
    # The look-ahead changes no match: the dear alternation of number words is tried only where one may open.
    rf"(?<![\w.$-])(?=[$£€\d]|{_OPENINGS})(?:(\$|£|€)\s?)?({_NUM}|{_WORDNUM})(?:st|nd|rd|th)?"
    rf"(?:[\s-]+(dozen|hundred|thousand|million|billion|trillion))?\b(%|\s*percent|\s*per\s+cent)?"
    r"(?=((?:[\s-]+[A-Za-z][\w'-]*){0,3}))",  # a look-ahead: the words counted may hold the next number
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
_COUNTING = frozenset(w for w in (*NUMBER_WORDS, *ORDINAL_WORDS) if w.isalpha())
"""Every number word, or the first word of one ("thirty" of "thirty-two")."""


def _counts(word: str) -> bool:
    """Whether a run of letters can start a number the pattern reads ("ten", "tenth", "20th")."""
    return word in _COUNTING or (word[-2:] in ("st", "nd", "rd", "th") and word[:-2] in _COUNTING)


_MONTH_DAY = re.compile(r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\.?\s+(\d{1,2})\b")
# Stance: words that deny, dispute or doubt what they report; general English, not from any one story.
# "Allegedly" is not one: news hedges every charge with it, whatever the sources agree on.
_DENIAL = frozenset(stem(w) for w in ["deny", "denies", "denied", "denial", "dispute", "disputes", "disputed", "refute", "refuted", "untrue", "baseless", "unfounded"])  # fmt: skip
_DOUBT = re.compile(
    r"\b(?:unconfirmed|not (?:yet )?(?:known|clear|confirmed)|unclear|no evidence|"
    r"could not (?:be )?(?:confirm|verif)\w*|rumou?r(?:s|ed)?)\b",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\s*,?\s*(?:(?:also|has|had|have|was|is|later|then|again|further|previously|once|\w+ly)\s+)?")
"""What may stand between a speaker and the verb: "Roe said", "Roe also said", "Roe, said", "Roe quickly said"."""
_APPOSITIVE = re.compile(r",[^,]{1,60},\s*(?:\w+\s+)?")
"""", the mayor, " between a name and its verb."""
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|tweeted|posted|according to|insisted|"
    r"claimed|argued|explained|noted|warned|announced|declared|emphasi[sz]ed|stressed|underlined|underscored|"
    r"asserted|reiterated|urged|acknowledged|admitted|confirmed|indicated|pointed out|remarked|replied|responded|"
    r"commented|testified|told reporters)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Signals:
    quantities: frozenset[tuple[str, float, str]]
    """(stem of the noun counted, value, bound): :func:`counts`."""
    weekdays: frozenset[str]
    dates: frozenset[tuple[str, int]]
    denies: bool
    doubts: bool
    question: bool
    speakers: frozenset[str]
    """Lower-cased name words of the people the sentence quotes or reports."""
    people: frozenset[frozenset[str]] = frozenset()
    """The people it names in full (two words or more), each as its lower-cased name words."""
    values: frozenset[float] = frozenset()
    """Every number the sentence gives, whatever it counts."""


def _value(number: str, scale: str | None, ordinal: bool) -> float | None:
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


_DISTANCE = frozenset(stem(w) for w in ["mile", "miles", "kilometer", "kilometers", "kilometre", "kilometres", "km", "foot", "feet", "meter", "meters", "metre", "metres", "yard", "yards"])  # fmt: skip
_FROM = re.compile(r"\s*(?:[a-z-]+\s+)?(?:of|from|outside|off)\s+(?:the\s+)?((?:[A-Z][\w'-]*\s*){1,3})")
"""What a distance is measured from: "90 miles north of Las Vegas", "20 km from the Capital"."""
_PART_OF = re.compile(rf"\b(?:\d[\d,]*|{'|'.join(_ONES[1:] + _TENS)})\s+(?:out\s+)?of\s+(?:the\s+)?$", re.IGNORECASE)
"""The words before the whole in "four of five charges": the first number counts a part of it."""


def _measured_from(text: str, end: int) -> str | None:
    """The place a distance ending at ``end`` is measured from, lower case, or None when none is named."""
    found = _FROM.match(text, end)
    return " ".join(found.group(1).lower().split()) if found else None


def quantities(text: str) -> frozenset[tuple[str, float]]:
    """What each number in the sentence counts, with its value (:func:`counts` without the bounds)."""
    return frozenset((unit, value) for unit, value, _ in counts(text))


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
    return _counted(text, _QUANTITY.finditer(text)) if _may_count(text) else frozenset()


def _may_count(text: str) -> bool:
    """A digit, or letters that may start a number word: most sentences count nothing."""
    return bool(_DIGIT.search(text)) or any(_counts(w) for w in _LETTERS.findall(text.lower()))


def _counted(text: str, matches: Iterable[re.Match[str]]) -> frozenset[tuple[str, float, str]]:
    stop = function_words()
    found: set[tuple[str, float, str]] = set()
    pending: list[float] = []
    carry = 0.0
    for m in matches:
        currency, number, scale, percent, after = m.groups()
        value = _value(number, scale, False)
        if value is None:
            continue
        value += carry
        carry = 0.0
        joined = _JOINED.match(text, m.end()) if not (currency or percent) else None
        if joined is not None:
            if scale and scale.lower() in ("hundred", "thousand") and joined.group(1).lower() == "and":
                carry = value  # "one hundred and three"
            else:
                pending.append(value)  # "20 or 30 beats": both count beats
            continue
        values = [value, *pending]
        pending = []
        before = text[max(0, m.start() - 30) : m.start()]
        if _MONTH_BEFORE.search(before):
            continue  # "Sept. 25": a day of the month
        name = _NAME_BEFORE.search(text, 0, m.start())
        if name and name.start(1) > 0 and name.group(1).lower() not in stop and not (currency or percent):
            continue  # "Flight 370", "Interstate 35": a number that is part of a name
        bound = _bound(before)
        chunks = after.split()
        compound = [w for w in chunks[0].strip("-").split("-") if w] if after.startswith("-") and chunks else []
        words = [w for w in re.split(r"[\s-]+", after.strip(" -")) if w]
        nouns = [w for w in words if w.lower() not in _SKIP]
        if _PART_OF.search(before):
            bound = "<"  # "four of five charges": any count of some of the charges is at most five
        if percent or currency:
            # "$500,000 in tax revenue": money and shares count what they are of, where a noun says so.
            unit = "%" if percent else currency
            named = [w.lower() for w in nouns if w.lower() not in _OF]
            if named and named[0].isalpha() and named[0] not in NUMBER_WORDS and named[0] not in stop:
                unit = f"{unit} {stem(named[0])}"
            elif percent:
                continue  # a share of a whole it does not name: a poll or a report gives many
            found.update((unit, v, bound) for v in values)
            continue
        if number.isdigit() and 1900 <= value <= 2099:
            continue  # a year
        if compound:  # "30-car pileup", "18,400-square-mile area", "a 30-year-old man"
            if "old" in compound or not all(w.isalpha() for w in compound):
                continue
            found.update(("-".join(stem(w.lower()) for w in compound), v, bound) for v in values)
            rest = [w for w in chunks[1:] if w.isalpha()][:1]
            if rest and rest[0].islower() and rest[0] not in stop:
                found.update((stem(rest[0]), v, bound) for v in values)  # the "pileup" of "30-car pileup"
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


_MONTH_BEFORE = re.compile(
    r"\b(?:" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s*$", re.IGNORECASE
)
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b([A-Z][a-z]+)\s+$")
_FLOOR = re.compile(
    r"\b(?:more than|over|at least|upwards of|in excess of|no fewer than|no less than)\s*$", re.IGNORECASE
)
_CEILING = re.compile(
    r"\b(?:up to|nearly|almost|less than|fewer than|under|just under|at most|no more than)\s*$", re.IGNORECASE
)
_ROUND = re.compile(
    r"\b(?:about|around|some|roughly|approximately|an estimated|estimated|close to|or so)\s*$", re.IGNORECASE
)


def _bound(before: str) -> str:
    before = before.rstrip(" $£€")
    if _FLOOR.search(before):
        return ">"
    if _CEILING.search(before):
        return "<"
    if _ROUND.search(before):
        return "~"
    return "="


def signals(text: str, speakers: Iterable[str] = (), people: Iterable[str] = ()) -> Signals:
    text = text.replace("’", "'")
    lower = text.lower()
    tokens = set(_TOKEN.findall(lower))
    main = core(text)
    matches = list(_QUANTITY.finditer(text))  # one reading of the numbers: what they count, and their values
    quantities = _counted(text, matches) if _may_count(text) else frozenset()
    return Signals(
        quantities=quantities,
        weekdays=frozenset(d for d in WEEKDAYS if d in tokens),
        dates=frozenset((m.group(1).lower(), int(m.group(2))) for m in _MONTH_DAY.finditer(text)),
        # What the sentence reports denies or doubts, not an aside on someone ("X, who denies it, ...").
        denies=any(t[0] in _DENIAL_OPENS and stem(t) in _DENIAL for t in set(_TOKEN.findall(main.lower()))),
        doubts=bool(_DOUBT.search(main)),
        question=text.rstrip(" \"'”’)").endswith("?"),
        speakers=frozenset(w for s in speakers for w in s.lower().split() if len(w) > 1),
        people=frozenset(frozenset(_name_words(p)) for p in people if len(_name_words(p)) > 1),
        values=_values(matches),
    )


_TOKEN = re.compile(r"[a-z']+")
_DENIAL_OPENS = frozenset(w[0] for w in _DENIAL)  # stemming keeps a word's first letter


def _values(matches: Iterable[re.Match[str]]) -> frozenset[float]:
    out = set()
    for m in matches:
        value = _value(m.group(2), m.group(3), False)
        if value is not None:
            out.add(value)
    return frozenset(out)


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", name.lower().replace("'s", "").replace("’s", "")) if len(w) > 1]


def reported_speakers(text: str, persons: Iterable[tuple[int, int, str]]) -> list[str]:
    """People the sentence attributes words to: "X said", "X, the mayor, said", "said X", "according to X".

    Only a name right beside the reporting verb counts (a possessive is not
    a speaker): a person merely named in a sentence that also reports
    someone else's words is not the one speaking.
    """
    if not persons:
        return []  # whatever verbs it has, nobody named says them
    text = text.replace("’", "'")
    verbs = [(m.start(), m.end()) for m in _REPORTING.finditer(text)]
    if not verbs:
        return []
    out = []
    for start, end, name in persons:
        if text[end : end + 2] == "'s":
            continue
        gaps = [text[end:v] for v, _ in verbs if 0 <= v - end <= 60]
        subject = any(_BETWEEN.fullmatch(g) or _APPOSITIVE.fullmatch(g) for g in gaps)
        # "..., said Jane Roe." or "according to Jane Roe"; not "said Roe was ...", where Roe is what was said
        closes = re.match(r"\s*(?:[,.;:)]|$)", text[end:]) is not None
        after = any(0 <= start - e <= 4 and (closes or text[v:e] == "according to") for v, e in verbs)
        if subject or after:
            out.append(name)
    return out


def differences(a: Signals, b: Signals) -> list[str]:
    """The ways two tellings of one fact disagree (empty when they do not).

    Two counts of one thing disagree when no value of one is compatible
    with a value of the other; a count of days, hours or years is a span
    (``duration``), which news gives for many things at once ("six days
    without a signal", "the next two to three days").
    """
    found = []
    a_units: dict[str, list[tuple[float, str]]] = {}
    b_units: dict[str, list[tuple[float, str]]] = {}
    for unit, value, bound in a.quantities:
        a_units.setdefault(unit, []).append((value, bound))
    for unit, value, bound in b.quantities:
        b_units.setdefault(unit, []).append((value, bound))
    for unit in sorted(a_units.keys() & b_units.keys()):
        # A sentence that gives the other's figure, for whatever this reading says it counts, does not
        # contradict it: "about 250,000 members" and "... a membership of approximately 250,000".
        echoed = any(_close(v, set(b.values)) for v, _ in a_units[unit]) or any(
            _close(v, set(a.values)) for v, _ in b_units[unit]
        )
        if not echoed and not any(_compatible(x, y) for x in a_units[unit] for y in b_units[unit]):
            kind = "duration" if unit.rsplit("-", 1)[-1] in _SPANS else "number"
            if kind not in found:
                found.append(kind)
    if len(a.weekdays) == 1 and len(b.weekdays) == 1 and a.weekdays != b.weekdays:
        found.append("day")
    if a.dates and b.dates and not (a.dates & b.dates):
        months_a = {m for m, _ in a.dates}
        if months_a & {m for m, _ in b.dates}:
            found.append("date")
    if a.denies != b.denies or a.doubts != b.doubts:
        found.append("stance")
    if a.speakers and b.speakers and not (a.speakers & b.speakers):
        found.append("speaker")
    return found


_SPANS = frozenset(stem(w) for w in ["second", "minute", "hour", "day", "night", "week", "weekend", "month", "year", "decade", "century", "period", "term", "season", "time"])  # fmt: skip


def _compatible(x: tuple[float, str], y: tuple[float, str]) -> bool:
    """Whether two counts of one thing can both be true: "more than 350" and "600" can, "25" and "30" cannot."""
    (u, bu), (v, bv) = x, y
    if _close(u, {v}):
        return True
    if "~" in (bu, bv) and abs(u - v) <= 0.15 * max(abs(u), abs(v)):  # "about 500", "some 20": a round figure
        return True
    for (w, bw), (z, _) in ((x, y), (y, x)):
        if (bw == ">" and z >= w) or (bw == "<" and z <= w):
            return True
    return bu in "<>" and bu == bv  # two floors, or two ceilings, never contradict each other


def _close(value: float, others: set[float]) -> bool:
    """Rounding: "about 500" and "512" are not two numbers for one thing, "25" and "30" are."""
    return any(abs(value - o) <= 0.05 * max(abs(value), abs(o)) for o in others)


def never_same(a: Signals, b: Signals) -> bool:
    """A question is never the same fact as a statement: it asks whether it is one. Two sentences that
    name people in full, none of whom the other names, tell of different people: a full name is one
    person, and another full name that neither contains nor is contained in it is another."""
    return a.question != b.question or different_people(a, b)


def different_people(a: Signals, b: Signals) -> bool:
    """Whether both name people in full and none of one's is one of the other's."""
    if a.people and b.people:
        return not any(x <= y or y <= x for x in a.people for y in b.people)
    return False
