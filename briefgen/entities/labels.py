"""The type of each name within one story: the model's labels corrected.

The small NER model labels the same word differently from sentence to
sentence (one given name as GPE, ORG, PERSON and FAC in one story) and often
wrongly for a surname ("Delacroix said" as GPE, "Okafor" as FAC). Clustering
trusts labels, so one story's mentions of one name are relabelled here
before it runs:

- a name takes the label most of its mentions in the story carry, except
  that a full name the model calls a person at least once is a person when
  its surname alone is one in the story and no "the" comes before it
  ("Ines Varga", mostly ORG; not "the Harbour Awards");
- a one-word name that is the surname of a person the story names in full
  is that person, except where it stands as a place ("in Orlin",
  "Orlin, Ohio");
- a one-word "person" that is no word of any person's full name but the
  first word of an institution's name ("at Larkspur" beside "Larkspur
  Recovery") is that institution;
- a one-word "person" that is no word of any person's full name and stands
  once as a place ("in Orlin", not "in Orlin's") is no person but a place
  (of the place label the model gave it most, else GPE). ("the Orlin
  parliament" says nothing: "the Vance administration" is written of a
  person.)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from .names import is_acronym
from .people import surname
from .spans import Span

_PLACE_BEFORE = frozenset({"in", "near", "outside", "across", "throughout", "into", "toward", "towards", "around"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NEXT_RE = re.compile(r",\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_ARTICLE_RE = re.compile(r"(?<![\w])[Tt]he\s")
"""A name that ever stands after "the" (inside its span or just before it) is no person's."""


def majority(labels: Counter[str]) -> str:
    return max(labels.items(), key=lambda item: (item[1], item[0] == "PERSON", item[0]))[0] if labels else ""


def in_place_context(text: str, span: Span, known: Mapping[str, str], key: Callable[[str], str]) -> bool:
    """ "in Orlin", "Orlin, Ohio": the word stands as a place here."""
    before = text[max(0, span.start - 20) : span.start].split()
    if before and before[-1].lower() in _PLACE_BEFORE:
        return True
    after = _NEXT_RE.match(text, span.end)
    return after is not None and known.get(key(after.group(1)), "") in ("GPE", "LOC")


def relabel(
    stories: Sequence[Sequence[tuple[str, list[Span]]]],
    known: Mapping[str, str],
    fixed: Callable[[Span], bool],
    key: Callable[[str], str],
) -> None:
    """Relabel the spans of each story in place (each document: its text, its spans).

    ``fixed`` names the spans whose label is not the model's guess (a name of
    the alias table), which are left alone.
    """
    for story in stories:
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        articled: set[str] = set()
        placed: set[str] = set()
        for text, spans in story:
            for span in spans:
                if span.label and not fixed(span):
                    labels[span.key][span.label] += 1
                if " " in span.key and _ARTICLE_RE.search(text, max(0, span.start - 4), span.start + 4):
                    articled.add(span.key)
                if " " not in span.key and text[span.end : span.end + 1] not in ("'", "’"):
                    before = text[max(0, span.start - 20) : span.start].split()
                    if before and before[-1] in _PLACE_BEFORE:
                        placed.add(span.key)
        common = {k: majority(c) for k, c in labels.items()}
        for name_key, label in list(common.items()):
            # A full name the model calls an organisation more often than a person,
            # in a story where its surname alone is a person: that person's. Not
            # "the Harbour Awards", though the model took "Awards" for a person too.
            full_name = label != "PERSON" and " " in name_key and labels[name_key]["PERSON"] > 0
            if full_name and name_key not in articled and common.get(surname(name_key)) == "PERSON":
                common[name_key] = "PERSON"
        person_words: set[str] = set()
        surnames: set[str] = set()
        institutions: dict[str, Counter[str]] = defaultdict(Counter)
        for name_key, label in common.items():
            words = name_key.split()
            if len(words) < 2:
                continue
            if label == "PERSON":
                person_words.update(words)
                surnames.add(surname(name_key))
            else:
                institutions[words[0]][label] += labels[name_key][label]
        wanted: dict[str, str] = {}
        for name_key, label in common.items():
            if " " in name_key:
                wanted[name_key] = label
            elif label != "PERSON" and name_key in surnames:
                wanted[name_key] = "PERSON"
            elif label == "PERSON" and name_key not in person_words and name_key in institutions:
                wanted[name_key] = majority(institutions[name_key])
            elif label == "PERSON" and name_key not in person_words and name_key in placed:
                places = Counter({k: n for k, n in labels[name_key].items() if k in _PLACE_LABELS})
                wanted[name_key] = majority(places) or "GPE"
            else:
                wanted[name_key] = label
        for text, spans in story:
            for i, span in enumerate(spans):
                label = wanted.get(span.key, "")
                if not label or label == span.label or fixed(span) or is_acronym(span.surface):
                    continue
                if span.label in _PLACE_LABELS and in_place_context(text, span, known, key):
                    continue
                spans[i] = replace(span, label=label)
