"""A document's features for story clustering beside its body terms: its headline's terms, the
entities it names, its dates and quantities (what tells two earthquakes apart)."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from ..model import Document
from ..text.lexicon import MONTHS, WEEKDAYS

MENTIONS_KEPT = 100_000
"""Mention texts whose features a process keeps (a few MB)."""
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_WORD = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?\s+(\d{1,2})\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\b", re.IGNORECASE)
_WHEN = re.compile(r"\b(" + "|".join(WEEKDAYS + MONTHS) + r")\b")
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")


def _normalise_entity(text: str) -> str:
    text = " ".join(text.split())
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return text.strip(" .,;:'\"’“”()-").lower()


def title_terms(title: str) -> list[str]:
    """The headline's content words, lower-cased like the analysis terms."""
    words = (w.lower().replace(",", "") for w in _WORD.findall(title))
    return [w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def entity_features(document: Document) -> list[str]:
    features: list[str] = []
    for mention in document.analysis.mentions:
        if mention.label in ENTITY_LABELS:
            features.extend(_entity_features(mention.label, mention.text))
    return features


@lru_cache(maxsize=MENTIONS_KEPT)
def _entity_features(label: str, text: str) -> tuple[str, ...]:
    """A name's features: the articles of a collection name the same entities again and again."""
    name = _normalise_entity(text)
    if not name:
        return ()
    # "Smith" later in an article is the "John Smith" of its first line.
    if label == "PERSON" and " " in name:
        return (f"{label}:{name}", f"PERSON:{name.rsplit(' ', 1)[1]}")
    return (f"{label}:{name}",)


def date_features(document: Document) -> list[str]:
    """Years, calendar days and quantities: what tells two earthquakes apart."""
    features = [f"year:{y}" for y in _YEAR.findall(document.source.title)]
    for mention in document.analysis.mentions:
        if mention.label == "DATE" or mention.label in NUMBER_LABELS:
            features.extend(_date_features(mention.label == "DATE", mention.text))
    if document.source.published:
        features.append(f"year:{document.source.published[:4]}")
    return features


@lru_cache(maxsize=MENTIONS_KEPT)
def _date_features(date: bool, text: str) -> tuple[str, ...]:
    """A date's or a quantity's features (the same few recur: "Monday", "two", "2024")."""
    if not date:
        return tuple(f"num:{n.replace(',', '')}" for n in _NUMBER.findall(text))
    features = [f"year:{y}" for y in _YEAR.findall(text)]
    for month, day in _MONTH.findall(text):
        features.append(f"day:{month.lower()[:3]}-{int(day)}")
    for day, month in _DAY_MONTH.findall(text):
        features.append(f"day:{month.lower()[:3]}-{int(day)}")
    features.extend(f"when:{w}" for w in _WHEN.findall(text.lower()))
    return tuple(features)
