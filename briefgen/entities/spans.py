"""Name spans of one document: the model's mentions cleaned and split.

The NER model's spans are a starting point: they carry titles ("Intelligence
Cho Koo-rae"), possessives and a leading "the", glue two names with a hyphen
("South Korea-U.S."), hold a place inside an institution's name ("Larkspur
Centre in Orlin, Ohio") and miss a name the model tagged elsewhere.
This module turns them into ``Span`` values the entity index can trust;
``recovery`` finds the names missed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..model import Analysis, Sentence
from ..runtime.lookups import Answers, Lookups, same_answers
from ..text.lexicon import function_words
from .names import TITLES, clean_spaces, has_capital, key, trim
from .notnames import after_credit, is_dateline, is_time, person_after_acronym, person_after_name, title_at_end

# Labels of quantities and times: never index entries.
QUANTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"})
# Labels whose spans may hold a place after "in" or ", ".
_NESTING = frozenset({"ORG", "FAC", "LOC", "GPE"})
_PLACE = frozenset({"GPE", "LOC"})
_DASH_JOIN_RE = re.compile(r"(?<=[\w.])[-–—](?=[A-Z])")
_IN_RE = re.compile(r"\s+(?:in|at|near)\s+(?=[A-Z])")
_AND_RE = re.compile(r"\s+(?:and|&)\s+(?=[A-Z])")
_COMMA_RE = re.compile(r",\s+(?=[A-Z])")
# "49ers": a number grown into a plural noun is a name (a team), not
# a quantity; "1990s", "10km" and "4th" have no vowel or are not plurals.
_DIGIT_NAME_RE = re.compile(r"\d+[a-z]*[aeiou][a-z]*s", re.IGNORECASE)
_DIGIT_NAME_AFTER_RE = re.compile(r" (\d+[a-z]*[aeiou][a-z]*s)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    doc: int
    start: int
    end: int
    surface: str
    """The span's text with Unicode spaces made ordinary."""
    key: str
    label: str
    sentence: int
    recovered: bool = False
    """Found by matching a known name, not tagged by the model."""


def is_headline_like(sentence: Sentence) -> bool:
    """A title-case line without a final stop: a menu, a heading or a byline.

    Entity boundaries are unreliable there ("Condemn New Russia-North Korea
    Treaty"), so the model's spans in it are not trusted; known names in it
    are still recovered.
    """
    words = [w for w in sentence.text.split() if w[:1].isalpha()]
    if not words:
        return False
    capitals = sum(w[0].isupper() for w in words)
    if capitals / len(words) < 0.7:
        return False
    # Title Case leaves only the closed classes (articles, prepositions,
    # conjunctions) in lower case: such a line is a heading at any length,
    # and a heading may end in "!" or "?". Prose of many names has verbs.
    small = function_words()
    title_case = all(w[0].isupper() or w.lower().strip(",;:") in small for w in words)
    last = sentence.text.rstrip()[-1:]
    if last in '.!?"”’:' and not (title_case and last in "!?" and len(words) >= 3):
        return False
    return len(words) <= 12 or capitals == len(words) or title_case


def _pieces(
    text: str, start: int, end: int, label: str, known: Mapping[str, str], institution: Mapping[str, int] | None = None
) -> list[tuple[int, int, str]]:
    """Split a span that holds two names; each piece keeps its own label."""
    surface = text[start:end]
    # "Ada and Vance": two people, never one; two names seen on their own
    # ("Harbour Post and Orlin Weekly") under any label.
    joined = _AND_RE.search(surface)
    if joined:
        left, right = surface[: joined.start()], surface[joined.end() :]
        if label == "PERSON" or (key(left) in known and key(right) in known):
            return [(start, start + joined.start(), label), (start + joined.end(), end, label)]
    # "American Ada Vance": a demonym before a name says where they are
    # from; under another label only when the rest is known as a person.
    first = surface.split(" ", 1)
    demonym = len(first) == 2 and known.get(key(first[0])) == "NORP" and first[1][:1].isupper()
    if demonym and (label == "PERSON" or known.get(key(first[1])) == "PERSON"):
        start += len(first[0]) + 1
        surface = text[start:end]
        label = "PERSON"
    person = person_after_acronym(text, start, end, label, known, institution or {})
    if person:
        return [(start, person, label), (person, end, "PERSON")]
    person = person_after_name(surface, label, known)
    if person:
        before = text[start : start + person].rstrip()
        return [(start, start + len(before), known.get(key(before), label)), (start + person, end, "PERSON")]
    # "South Korea-U.S.", "Russia-North Korea": split only where both sides
    # are names seen on their own, so "Coca-Cola" and "Kim Jong-un" stay whole.
    cuts = [m.start() for m in _DASH_JOIN_RE.finditer(surface)]
    if cuts:
        bounds = [0, *cuts, len(surface)]
        parts = [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(bounds) - 1)]
        if all(key(surface[a:b]) in known for a, b in parts):
            return [(start + a, start + b, label) for a, b in parts]
    if label in _NESTING:
        # "Larkspur Centre in Orlin, Ohio": an institution, then places.
        found = _IN_RE.search(surface)
        if found and label not in _PLACE:
            head = (start, start + found.start(), label)
            return [head, *_pieces(text, start + found.end(), end, "GPE", known, institution)]
        if label in _PLACE:
            commas = list(_COMMA_RE.finditer(surface))
            if commas:
                pieces, position = [], 0
                for comma in commas:
                    pieces.append((start + position, start + comma.start(), label))
                    position = comma.end()
                pieces.append((start + position, end, label))
                return pieces
    return [(start, end, label)]


def raw_keys(text: str, analysis: Analysis) -> list[tuple[str, str]]:
    """Keys and labels of the model's mentions before any splitting: the names known on their own."""
    found = []
    for mention in analysis.mentions:
        start, end = trim(text, mention.start, mention.end, mention.label == "PERSON")
        kind = _digit_name(text, start, end, mention.label)
        if start < end and kind not in QUANTITIES:
            found.append((key(text[start:end]), kind))
    return found


def extract(
    doc: int, text: str, analysis: Analysis, known: Mapping[str, str], institution: Mapping[str, int] | None = None
) -> list[Span]:
    """The model's mentions of one document, cleaned; junk dropped.

    ``known`` maps the key of every name the model tagged anywhere (and of the
    alias table) to its majority label; ``institution`` holds the words of
    those that are not people (see ``institution_words``).
    """
    held = {m.sentence for m in analysis.mentions}
    headline = {s.number for s in analysis.sentences if s.number in held and is_headline_like(s)}
    people = {m.start for m in analysis.mentions if m.label == "PERSON"}
    spans: list[Span] = []
    for mention in analysis.mentions:
        if mention.sentence in headline:
            continue
        start, end = trim(text, mention.start, mention.end, mention.label == "PERSON")
        if start >= end:
            continue
        kind = _digit_name(text, start, end, mention.label)
        if kind in QUANTITIES or is_time(text[start:end], kind):
            continue
        if kind != "GPE" and is_dateline(text, start, end):
            kind = "GPE"
        end = title_at_end(text, start, end, kind, people)
        credit = after_credit(text[start:end])
        if credit is not None:
            start, end = trim(text, start + credit, end, kind == "PERSON")
            if start >= end:
                continue
        if kind == "GPE":
            # "San Francisco 49ers": a place and a team name are one name.
            team = _DIGIT_NAME_AFTER_RE.match(text, end)
            if team:
                end, kind = team.end(), "ORG"
        for a, b, label in _pieces(text, start, end, kind, known, institution):
            a, b = trim(text, a, b, label == "PERSON")
            surface = clean_spaces(text[a:b])
            name_key = key(surface)
            if not _acceptable(surface, name_key) or _in_title(text, a, surface):
                continue
            spans.append(Span(doc, a, b, surface, name_key, label, mention.sentence))
    return spans


@dataclass(frozen=True)
class Extracted:
    """One document's ``extract`` with the answers it got from ``known`` and
    ``institution``, so that a rebuild can keep it while they still hold."""

    spans: tuple[Span, ...]
    known: Answers
    institution: Answers


def extract_kept(
    doc: int,
    text: str,
    analysis: Analysis,
    known: Mapping[str, str],
    institution: Mapping[str, int],
    kept: Extracted | None,
) -> tuple[list[Span], Extracted]:
    """``extract``, or the spans of ``kept`` when every lookup it made still
    gives the same answer (the text and analysis being the same, the caller's key)."""
    if kept is not None and same_answers(known, kept.known) and same_answers(institution, kept.institution):
        spans = [s if s.doc == doc else replace(s, doc=doc) for s in kept.spans]
        return spans, kept
    asked_known, asked_institution = Lookups(known), Lookups(institution)
    spans = extract(doc, text, analysis, asked_known, asked_institution)
    return spans, Extracted(tuple(spans), asked_known.answers(), asked_institution.answers())


def institution_words(known: Mapping[str, str]) -> dict[str, int]:
    """Words of the known multi-word names that are not people's names: in how many."""
    return dict(Counter(w for k, label in known.items() if label != "PERSON" and " " in k for w in set(k.split())))


def _digit_name(text: str, start: int, end: int, label: str) -> str:
    """A "cardinal" such as "49ers" is the name of a team: ORG."""
    if label == "CARDINAL" and _DIGIT_NAME_RE.fullmatch(text, start, end):
        return "ORG"
    return label


def _in_title(text: str, start: int, surface: str) -> bool:
    """ "Supreme" of "Supreme Leader", "State" of "Secretary of State": part of a role."""
    words = surface.split()
    if all(w.lower().strip(".") in TITLES for w in words):
        return True
    before = text[max(0, start - 40) : start].split()
    return len(words) == 1 and len(before) >= 2 and before[-1] == "of" and before[-2].lower() in TITLES


def _acceptable(surface: str, name_key: str) -> bool:
    """Lowercase fragments, numbers and one-letter leftovers are not names ("49ers" is)."""
    if len(surface) < 2 or not name_key or not (has_capital(surface) or _DIGIT_NAME_RE.fullmatch(surface)):
        return False
    if not surface[0].isupper() and not surface[0].isdigit():
        return False
    return not all(word.isdigit() for word in name_key.split())
