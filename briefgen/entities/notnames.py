"""Spans the NER model tags that are no names, and names glued to others.

General facts about news text, not words seen in any data set:

- a clock time ("07:14:39 PM") or a date ("June 19", "Friday, March 3")
  is a time, whatever label the model gave it;
- a photo credit puts a photographer and an agency either side of a slash
  ("Jane Roe/AP"): neither is a name the story is about;
- two names the collection knows on their own may be run together by the
  model ("Energy Department Perry"): an institution, then a person;
- a dateline opens a report with the place it was filed from, before the
  agency or a dash ("ORLIN, Ohio (AP) —", "Orlin (CNN) The"; one definition,
  :mod:`briefgen.text.dateline`): a place, whatever the model took it for;
- a sentence's first word has a capital whatever it is: a one-word "name"
  the collection has only there, and writes elsewhere in lower case or is a
  function word ("Snow is rare here", "But the rate fell"), is a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Mapping, Sequence
from typing import Any

from ..model import Sentence
from ..text.dateline import read_dateline
from ..text.lexicon import MONTH_NAMES, WEEKDAYS, function_words
from .names import TITLES, is_acronym, key

_CLOCK_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?!\d)|\b\d{1,2}(?:[.:]\d{2})?\s*[AaPp]\.?[Mm]\b\.?")
_DATE_WORDS = frozenset((*MONTH_NAMES, *WEEKDAYS))
"""Not the shortened weekdays: "Sun" and "Sat" are names as often as days."""
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)?")
_CREDIT_RE = re.compile(r"(?<=[^\W\d_])\s?/\s?(?=[A-Z])")
_WORD_RE = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*\.?")
# A person's name run onto another name has at most this many words.
_MAX_PERSON_WORDS = 3
_NAME_WORD_RE = re.compile(r"[^\W_]+(?:(?:[.&]|[-–](?![A-Z]))[^\W_]+)*")
_NOT_PEOPLE = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})


def is_dateline(text: str, start: int, end: int) -> bool:
    """A span that opens a paragraph as the place of its dateline ("ORLIN (AP) —", "Orlin (CNN) The")."""
    if start and text[start - 1] != "\n":
        return False
    line_end = text.find("\n", start)
    found = read_dateline(text[start : line_end if line_end >= 0 else len(text)])
    return found is not None and 0 < end - start <= found[0]


def is_time(surface: str, label: str = "") -> bool:
    """A clock time, or a date: only month or weekday names and numbers.

    An event may be named by its day, month and day only ("September 11"):
    such a span the model calls an event is kept.
    """
    if _CLOCK_RE.search(surface):
        return True
    words = [w.lower().rstrip(".") for w in _WORD_RE.findall(surface)]
    if not words or not all(w in _DATE_WORDS or _ORDINAL_RE.fullmatch(w) or w == "of" for w in words):
        return False
    numbers = [int(w.rstrip("stndrh")) for w in words if w[0].isdigit()]
    weekday = any(w in WEEKDAYS for w in words)
    if label == "EVENT" and len(numbers) == 1 and numbers[0] <= 31 and not weekday:
        return False
    # A lone "May" or "June" may be a person; a number or a weekday makes it a date.
    return bool(numbers) or weekday


def after_credit(surface: str) -> int | None:
    """Where a span's name starts after a photo credit in it, or None if it holds none.

    "Jane Roe/AP" holds nothing else (returns its length); "Jane Roe/AP
    Vance" holds "Vance", after the agency's word.
    """
    slash = _CREDIT_RE.search(surface)
    # A credit names someone (two words or more) before the slash; one word
    # either side is a title or a name of its own ("Frost/Nixon", "AC/DC").
    if slash is None or len(_WORD_RE.findall(surface, 0, slash.start())) < 2:
        return None
    agency = _WORD_RE.match(surface, slash.end())
    end = agency.end() if agency else slash.end()
    rest = surface[end:]
    stripped = rest.lstrip()
    return end + len(rest) - len(stripped) if stripped[:1].isupper() else len(surface)


def person_after_name(surface: str, label: str, known: Mapping[str, str]) -> int:
    """Where a person's name starts after another name in one span, or 0.

    "Energy Department Perry": the collection knows "Energy Department" on
    its own as an institution (or a place) and "Perry" on its own as a
    person, so the span is the two. The name before is two words or more;
    the longest such person's name wins. A title ("County Sheriff") is no
    person.
    """
    words = list(_WORD_RE.finditer(surface))
    # A full name the collection knows as a person's is one, whatever its
    # first word is taken for alone; a one-word "institution" is too often
    # a given name the model mislabels.
    if len(words) < 3 or known.get(key(surface)) == "PERSON":
        return 0
    for n in range(min(_MAX_PERSON_WORDS, len(words) - 2), 0, -1):
        start = words[-n].start()
        head, tail = surface[:start].strip(), surface[start:]
        if not head[-1:].isalnum() and not head.endswith("."):
            continue
        if all(w.group().lower().rstrip(".") in TITLES for w in words[-n:]):
            continue
        if known.get(key(tail)) == "PERSON" and known.get(key(head)) in _NOT_PEOPLE and label != "NORP":
            return start
    return 0


def person_after_acronym(
    text: str, start: int, end: int, label: str, known: Mapping[str, str], institution: Mapping[str, int]
) -> int:
    """Where a person's name starts after a known acronym: "DPRK Jo Lin".

    "the senior envoy for the DPRK Jo Lin" is the country, then the
    official: a title or role ("official") stands in the four words before
    the span. The rest must be two or three capitalised words that are no
    known name together, none of them a word of a known institution or place
    name ("U.S. Geological Survey", "UN Security Council") nor written in
    lower case anywhere in the text (names, not vocabulary). Returns 0 when
    the span is one name.
    """
    words = list(_NAME_WORD_RE.finditer(text, start, end))
    if label == "PERSON" or not 3 <= len(words) <= 4:
        return 0
    head = text[start : words[0].end()]
    if text[words[0].end() : words[0].end() + 1] == ".":
        head += "."
    rest = words[1:]
    own = set(key(text[start:end]).split())
    before = [w.lower().strip(".,") for w in text[max(0, start - 60) : start].split()[-4:]]
    if not TITLES.intersection(before):
        return 0
    if not is_acronym(head) or key(head) not in known or key(text[rest[0].start() : end]) in known:
        return 0
    for word in rest:
        lower = word.group().lower()
        if (
            not word.group()[:1].isupper()
            or known.get(lower, "PERSON") != "PERSON"
            or institution.get(lower, 0) > (lower in own)
        ):
            return 0
        if re.search(rf"(?<![\w.]){re.escape(lower)}(?!\w)", text):
            return 0
    return rest[0].start()


_OPENING = " \t\n\"'“‘(["


def sentence_openers(
    documents: Sequence[tuple[str, Sequence[Sentence], Sequence[Any]]], names: Mapping[str, Any]
) -> set[str]:
    """Keys of one-word spans that are words, not names (see the module's notes).

    ``documents`` holds each text, its sentences and its spans (``spans.Span``);
    ``names`` holds keys that are names whatever (the alias table's: "Fed").
    A capital after a colon or a dash opens a clause too ("ADA VANCE: Well, ...").
    A key the collection ever has inside a sentence is a name; one it has only
    at sentence starts is a word when it is a function word, or when some
    document writes it in lower case (asked only of the documents whose
    sentences hold the word, found through their terms).
    """
    opening: Counter[str] = Counter()
    inside: set[str] = set()
    for text, sentences, spans in documents:
        # A word of a longer name of the document is that name's short form ("Church" of "Orlin Bible Church").
        parts = {w for s in spans if " " in s.key for w in s.key.split()}
        for span in spans:
            if " " in span.key or is_acronym(span.surface) or not span.surface.isalpha():
                continue
            start = sentences[span.sentence - 1].start if 0 < span.sentence <= len(sentences) else span.start
            before = text[start : span.start].rstrip(_OPENING)
            if span.key in parts or span.key in names or (before and before[-1] not in ":—–-"):
                inside.add(span.key)
            else:
                opening[span.key] += 1
    return in_lower_case(set(opening) - inside, documents)


def in_lower_case(candidates: set[str], documents: Sequence[tuple[str, Sequence[Sentence], Any]]) -> set[str]:
    """The ``candidates`` (lower case) that are function words or that some
    document writes in lower case (asked only of the documents whose
    sentences hold the word, found through their terms)."""
    words = candidates & function_words()
    rest = candidates - words
    if rest:
        for text, sentences, _ in documents:
            held = {t for s in sentences if not rest.isdisjoint(s.terms) for t in rest.intersection(s.terms)}
            for word in held:
                if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                    words.add(word)
            rest -= held & words
            if not rest:
                break
    return words


def opener_cuts(text: str, sentences: Sequence[Sentence], spans: Sequence[Any]) -> dict[int, tuple[str, int]]:
    """Spans of a person that may begin with the word opening their sentence:
    index of the span -> (that word in lower case, where the name after it starts).

    "Having Vance host the show ...": a sentence's first word has a capital
    whatever it is, and the model may run it onto the surname after it. The
    word is a candidate when the document never capitalises it inside a
    sentence and the word after it is the surname of another full name of
    the document ("Ada Vance"); the caller cuts it when it is a word
    (``in_lower_case``). Without the cut, "Having Vance" reads as a second
    person of that surname and leaves every "Vance" of the document nobody's.
    """
    surnames: dict[str, set[str]] = {}
    for s in spans:
        if " " in s.key:
            surnames.setdefault(s.key.split()[-1], set()).add(s.key)
    starts = {s.start for s in sentences}
    cuts: dict[int, tuple[str, int]] = {}
    for i, span in enumerate(spans):
        words = span.surface.split()
        # Another full name of that surname: the span is not the document's only name of the person.
        if (
            len(words) != 2
            or span.label != "PERSON"
            or not words[0].isalpha()
            or not surnames.get(key(words[1]), set()) - {span.key}
        ):
            continue
        if not 0 < span.sentence <= len(sentences) or text[sentences[span.sentence - 1].start : span.start].strip(
            _OPENING
        ):
            continue
        first = words[0]
        if any(
            m.start() not in starts and text[max(0, m.start() - 3) : m.start()].strip(_OPENING)[-1:] not in ".!?:"
            for m in re.finditer(rf"(?<![\w-]){re.escape(first)}(?![\w-])", text)
        ):
            continue
        cuts[i] = (first.lower(), span.start + span.surface.index(words[1], len(first)))
    return cuts


_NEXT_NAME_RE = re.compile(r"\.\s+(?=[A-Z])")


def title_at_end(text: str, start: int, end: int, label: str, people: Container[int]) -> int:
    """Where an institution's span ends once a title run onto it is cut, else ``end``.

    "Orlin Police Department Capt. Ada Vance": an abbreviated title ("Capt.",
    "Lt.") stands before a person's name, so a span of an institution that
    ends in one, its period then a person's name (``people`` holds where
    the model's persons start), ran into the person's title. A title
    written out may end an office's name ("State Fire Marshal."), so only an
    abbreviation (four letters at most) is cut.
    """
    last = text.rfind(" ", start, end)
    found = _NEXT_NAME_RE.match(text, end)
    if label == "PERSON" or last <= start or found is None or found.end() not in people:
        return end
    word = text[last + 1 : end].rstrip(".")
    return last if len(word) <= 4 and word.lower() in TITLES else end
