"""Signals that make two tellings of one fact incompatible.

The scorer judges whether two sentences state the same fact; it is weak
at noticing that they state it with another number, on another day, from
another speaker, or that one of them denies or doubts it. These are read
from the sentences themselves with general facts of English:

* quantities: a number and the noun it counts ("30-car pileup", "three
  children", "the second line"); two sentences that count the same noun
  with different numbers disagree (``counting``), unless one dates its
  count to a year the other does not name;
* days: a weekday or a month-and-day named for the event; the time of day
  ("10:30 a.m.", "noon") in one time zone;
* stance: denial, dispute and doubt words, and questions (plain negation
  is not one: "if it is not paid" and "failure to pay" say the same);
* speaker: the person a reporting verb attributes the words to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..text.lexicon import MONTHS, REPORTING, TIME_UNITS, WEEKDAYS
from ..text.similarity import stem
from .context import core
from .counting import AGE, AMOUNT, AT, DONE, OF, read_numbers
from .figures import bound_of

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
    years: frozenset[int] = frozenset()
    """The years it names: what it counts is dated to them."""
    clock: frozenset[tuple[int, bool, int]] = frozenset()
    """The times of day it gives (:func:`clock_times`)."""
    zones: frozenset[str] = frozenset()
    """The time zones it names: times of two zones are not compared."""


def signals(text: str, speakers: Iterable[str] = (), people: Iterable[str] = ()) -> Signals:
    text = text.replace("’", "'")
    lower = text.lower()
    tokens = set(_TOKEN.findall(lower))
    main = core(text)
    quantities, values, years = read_numbers(text)
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
        values=values,
        years=years,
        clock=clock_times(text) if _CLOCK_HINT.search(lower) else frozenset(),
        zones=frozenset(z.lower() for z in _ZONE.findall(text)),
    )


_CLOCK = re.compile(
    r"\b(?:(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?|(\d{1,2}):(\d{2})(?=\s+(?:GMT|UTC|local\b|[A-Z]{2,4}T\b))"
    r"|(?<=\bat\s)(\d{1,2}):(\d{2})\b|(noon|midnight))",
    re.IGNORECASE,
)
_CLOCK_HINT = re.compile(r"\d[:.]?\d*\s?[ap]\.?\s?m\b|\d:\d\d|\bnoon\b|\bmidnight\b")
"""What every time of day :data:`_CLOCK` reads holds: a cheap look before the full pattern."""
_ZONE = re.compile(r"\b(?:GMT|UTC|[ECMP][SD]?T|BST|CES?T|local time)\b")
_NEAR = re.compile(r"\b(?:shortly|just|soon|some\s?time)\s+(?:before|after)\s+$", re.IGNORECASE)
"""Near a time rather than at it, as only times are written: "shortly before noon"."""


def clock_times(text: str) -> frozenset[tuple[int, bool, int]]:
    """The times of day a sentence gives, each as (minutes after midnight, whether a.m. or p.m. is said, how many
    minutes either way it may be rounded): "10:30 a.m." is exact, "11 a.m." or "about 10:30" may be rounded to
    the half hour or a few minutes; "at 10:30" without a.m. or p.m. is either half of the day."""
    out = set()
    for m in _CLOCK.finditer(text):
        hour_text, minute_text, half = (
            m.group(1) or m.group(4) or m.group(6),
            m.group(2) or m.group(5) or m.group(7),
            m.group(3),
        )
        before = text[max(0, m.start() - 30) : m.start()]
        about = 10 if bound_of(before) != "=" or _NEAR.search(before) else 0
        if m.group(8):
            out.add((0 if m.group(8).lower() == "midnight" else 720, True, about))
            continue
        hour, minute = int(hour_text), int(minute_text or 0)
        if hour > 23 or minute > 59 or (half and not 1 <= hour <= 12):
            continue
        if half:
            hour = hour % 12 + (12 if half.lower() == "p" else 0)
        slack = max(30 if minute_text is None or minute == 0 else 0, about)
        out.add((hour * 60 + minute, bool(half) or hour > 12, slack))
    return frozenset(out)


def _clocks_differ(a: Signals, b: Signals) -> bool:
    """Whether two sentences give times of day of which none of one fits any of the other, in the same zone."""
    if not (a.clock and b.clock) or a.zones != b.zones:
        return False
    for t, t_half, t_slack in a.clock:
        for u, u_half, u_slack in b.clock:
            # The clock wraps: "shortly before midnight" is 11:52 p.m., eight minutes from it, not a day.
            day = 1440 if (t_half and u_half) else 720
            gap = min(abs(t - u) % day, day - abs(t - u) % day)
            if gap <= max(t_slack, u_slack):
                return False
    return True


_TOKEN = re.compile(r"[a-z']+")
_DENIAL_OPENS = frozenset(w[0] for w in _DENIAL)  # stemming keeps a word's first letter


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
    verbs = [(m.start(), m.end()) for m in REPORTING.finditer(text)]
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
    without a signal", "the next two to three days"). Counts of sentences
    dated to different years, or one to a year the other does not name, are
    of different times ("more than 9,000 flights during a 2014 blizzard" is a
    comparison, not another count of today's): ``time``, two facts, neither
    the same nor a conflict. So are two sentences that each give several
    figures and share none, whatever this reading says they count, or give
    other figures on another date: two occasions of a report that recurs (a
    week's trading, another deal's terms, another airline's month).
    """
    found = _counts_differ(a, b)
    if (found and a.years != b.years and not (a.years & b.years)) or _occasions(a.values, b.values):
        found = ["time"]
    if len(a.weekdays) == 1 and len(b.weekdays) == 1 and a.weekdays != b.weekdays:
        found.append("day")
    if a.dates and b.dates and not (a.dates & b.dates):
        if {"number", "amount", "duration"} & set(found):
            found = ["time"]  # other figures on another date: the report of another day or week
        elif {m for m, _ in a.dates} & {m for m, _ in b.dates}:
            found.append("date")  # another day of one month for what is told alike
    if _clocks_differ(a, b):
        found.append("clock")
    if a.denies != b.denies or a.doubts != b.doubts:
        found.append("stance")
    if a.speakers and b.speakers and not (a.speakers & b.speakers):
        found.append("speaker")
    return found


def _occasions(a: frozenset[float], b: frozenset[float]) -> bool:
    """Whether two sentences that each give several figures share none: a periodic report's (the week's
    turnover and shares, another deal's fees) of another occasion, not one count told two ways, which
    keeps the figures it does not dispute."""
    return len(a) >= OCCASION_FIGURES and len(b) >= OCCASION_FIGURES and not any(_close(v, set(b)) for v in a)


OCCASION_FIGURES = 2
"""Figures each sentence must give: with one each, two different figures are the disagreement itself."""


Counts = dict[str, list[tuple[float, str]]]
"""What a sentence counts: each unit's (value, bound)s."""


def _counts_differ(a: Signals, b: Signals) -> list[str]:
    """``number`` and ``duration`` where the two count one thing incompatibly; ``amount`` where they give
    two sums of money that neither says what it is of, or two counts of what one verb did where one does not
    say to whom; ``whose`` where they give one kind of sum of two owners ("dlrs of debt of" two companies) or
    count what one verb did to two kinds of things ("killed two gunmen", "killed 2,000 soldiers")."""
    found: list[str] = []
    a_units: Counts = {}
    b_units: Counts = {}
    for unit, value, bound in a.quantities:
        a_units.setdefault(unit, []).append((value, bound))
    for unit, value, bound in b.quantities:
        b_units.setdefault(unit, []).append((value, bound))
    for unit in sorted(a_units.keys() & b_units.keys()):
        if unit.split()[0] == AGE:  # an age is never rounded: 34 and 35 are two ages
            if not {v for v, _ in a_units[unit]} & {v for v, _ in b_units[unit]} and "number" not in found:
                found.append("number")
            continue
        if not unit.startswith(DONE) and _disagree(a_units[unit], b_units[unit], a.values, b.values):
            bare = unit.partition(AT)[0] in AMOUNT
            kind = "duration" if unit.rsplit("-", 1)[-1] in _SPANS else "amount" if bare else "number"
            if kind not in found:
                found.append(kind)
    if "number" not in found and "amount" not in found and _done_differ(a_units, b_units, a.values, b.values):
        found.append("amount")
    if any(True for _ in _other_qualifier(a_units, b_units, AT)):
        found.append("time")  # "$5m last year" and "$6m this year": sums of two times
    if _two_owners(a_units, b_units):
        found.append("whose")  # one kind of count of two owners or objects: two facts, neither one nor a conflict
    return found


_SPANS = frozenset(stem(w) for w in (*TIME_UNITS, "period", "term", "season", "time")) - {stem("quarter")}
"""The units of time and the nouns that name a span without one: what a duration counts. Not "quarter": news
names a quarter ("in the third quarter") far more than it counts quarters, and a figure of one is a number's."""


def _two_owners(a_units: Counts, b_units: Counts) -> bool:
    """Whether the two give one kind of sum of two owners ("dlrs of debt of" two companies), or count what one
    verb did to two kinds of things with other figures ("killed two gunmen", "killed 2,000 soldiers"; "arrested
    five men" and "five suspects" may be one arrest)."""
    return any(
        not head.startswith(DONE) or not any(_close(v, {w}) for v, _ in counts_a for w, _ in counts_b)
        for head, counts_a, counts_b in _other_qualifier(a_units, b_units, OF)
    )


def _other_qualifier(
    a_units: Counts, b_units: Counts, mark: str
) -> Iterator[tuple[str, list[tuple[float, str]], list[tuple[float, str]]]]:
    """The units of one head that the two sentences qualify differently after ``mark`` (whose sum, which
    time's): the head and each one's counts."""
    qualified_b = [(*u.partition(mark)[::2], counts) for u, counts in b_units.items() if mark in u]
    for unit, counts_a in a_units.items():
        head, sep, qualifier = unit.partition(mark)
        if sep:
            for other, other_qualifier, counts_b in qualified_b:
                if other == head and other_qualifier != qualifier:
                    yield head, counts_a, counts_b


def _done_differ(a_units: Counts, b_units: Counts, a_values: frozenset[float], b_values: frozenset[float]) -> bool:
    """Whether the two count what one verb did incompatibly ("killed two" and "killed at least three
    people"), where one of them does not say of whom: where both do, their nouns are what they count."""
    for verb_a, counts_a in a_units.items():
        if not verb_a.startswith(DONE):
            continue
        verb, _, noun_a = verb_a.partition(OF)
        for verb_b, counts_b in b_units.items():
            head, _, noun_b = verb_b.partition(OF)
            if head == verb and not (noun_a and noun_b) and _disagree(counts_a, counts_b, a_values, b_values):
                return True
    return False


def _disagree(
    counts_a: list[tuple[float, str]],
    counts_b: list[tuple[float, str]],
    a_values: frozenset[float],
    b_values: frozenset[float],
) -> bool:
    """Whether two counts of one thing cannot both be true, where neither sentence gives the other's figure
    (for whatever this reading says it counts: "about 250,000 members" and "a membership of 250,000")."""
    echoed = any(_close(v, set(b_values)) for v, _ in counts_a) or any(_close(v, set(a_values)) for v, _ in counts_b)
    return not echoed and not any(_compatible(x, y) for x in counts_a for y in counts_b)


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
    """Rounding: "about 500" and "512" are not two numbers for one thing, "25" and "30" are; nor are
    "35.12 billion" and "36.47 billion": a figure given to its last digit is a rounding only of figures
    that round to it (the coarser of the two sets the digit: "1.5 million" and "1,520,000" agree)."""
    return any(
        abs(value - o) <= 0.05 * max(abs(value), abs(o)) and abs(value - o) < max(_unit(value), _unit(o)) / 2
        for o in others
    )


@lru_cache(maxsize=4096)
def _unit(value: float) -> float:
    """The place of a figure's last significant digit: 100 for 600, 0.01 for 35.12, 1e7 for 35.12 billion."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    exponent = Decimal(repr(abs(value))).normalize().as_tuple().exponent
    return 10.0**exponent if isinstance(exponent, int) else 1.0


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
