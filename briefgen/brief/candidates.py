"""The sentences of a topic a briefing may cite, and those it may show.

A sentence is *citable* when it is article text that reads as a statement
(no furniture, headline or fragment). It may be *shown* as a key point only
if it also stands on its own: a reader who sees it without its article must
know who acts and what is claimed. So not shown:

* a sentence led by a pronoun or a demonstrative ("He also said ...",
  "This is ..."): its actor is in the sentence before;
* one led by a connective that answers the sentence before ("But ...",
  "However, ...");
* a quotation with no speaker named outside the quotation marks;
* a question.

Such sentences still count as support for a key point another sentence
shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Document
from ..relation import Spec
from ..text.leaning import (
    QUOTED_SPAN,
    in_voice,
    leads_with_connective,
    leads_with_pronoun,
    opened_pronoun,
    pronoun_says,
    pronoun_speaks,
    voiced,
)
from ..text.lexicon import REPORTING
from ..text.lineshape import dated_like_a_caption
from ..text.similarity import content_terms, entity_key, is_showable, numbers_in, stems, word_count
from .summarize import eligible

_SKIP_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})
_QUOTE_OPEN = "\"“‘'"
_QUOTE_CLOSED_FIRST = re.compile(r"^[^\"“”]*(?:”|(?<=[\w.,!?])\"(?=\s|$))")
"""A sentence whose first quotation mark closes a quotation: it began in an earlier sentence."""


@dataclass(frozen=True)
class Candidate:
    doc: int
    source: str
    number: int
    rank: int
    """Position among the source's citable sentences, 0 = first."""
    text: str
    terms: tuple[str, ...]
    entities: frozenset[str]
    numbers: frozenset[str]
    length: int
    shown: bool
    """Whether it stands on its own as a key point."""
    spec: Spec
    """What :func:`briefgen.relation.statements` needs to relate it; made into a statement only if it is."""


def citable(text: str, terms: Sequence[str]) -> bool:
    """Article text that reads as a statement: the screening every briefing sentence passes."""
    return is_showable(text, stems(terms))


def stands_alone(text: str, persons: int) -> bool:
    """Whether a reader can take the sentence in without the one before it."""
    stripped = text.strip()
    if leads_with_pronoun(stripped) or leads_with_connective(stripped) or opened_pronoun(stripped):
        return False
    if (
        '"' not in stripped
        and "”" not in stripped
        and (in_voice(stripped) or (voiced(stripped) and not REPORTING.search(stripped)))
    ):
        return False  # with a closing quotation mark or a verb of saying, the rules below judge whose words they are
    if stripped.rstrip(" \"'”’)").endswith("?"):
        return False
    # The patterns below scan the whole sentence: each is tried only where what it needs is there.
    closed = _QUOTE_CLOSED_FIRST.match(stripped) if ('"' in stripped or "”" in stripped) else None
    if closed:  # 'so we stayed," Ali said.': the quotation opened in the sentence before
        after = stripped[closed.end() :]
        if not (REPORTING.search(after) and re.search(r"\b[A-Z][a-z]+", after)):
            return False  # and nobody is named as saying it
    if pronoun_says(stripped):
        return False  # "..., he added.": whose words they are is in the sentence before
    if dated_like_a_caption(stripped):
        return False
    if stripped[:1] in _QUOTE_OPEN or QUOTED_SPAN.search(stripped):
        outside = QUOTED_SPAN.sub(" ", stripped)
        if stripped[:1] in _QUOTE_OPEN and not QUOTED_SPAN.search(stripped):
            outside = ""  # a quotation that runs to the end of the sentence
        if not REPORTING.search(outside):
            return False
        if persons == 0 and not re.search(r"\b[A-Z][a-z]+", outside[1:]):
            return False  # "..., he said": the speaker is someone in the sentence before
        if pronoun_speaks(outside):
            return False
    return True


def in_full(names: Sequence[str]) -> dict[str, str]:
    """Each one-word name of an article mapped to the one full name of it the article gives, if just one.

    News names a person in full once, then by surname (or, in stories about
    ordinary people, by given name): "Ziegenhorn said" and "Paula said" may
    be one person, and only the article's full name tells."""
    full = {" ".join(n.split()) for n in names if len(n.split()) > 1}
    out: dict[str, str] = {}
    for name in {n.strip() for n in names if len(n.split()) == 1}:
        bare = re.sub(r"['’]s$", "", name)
        matches = {f for f in full if bare in f.replace("’s", "").replace("'s", "").split()}
        if len(matches) == 1:
            out[name] = matches.pop()
    return out


def candidates(documents: Sequence[Document], screened: Mapping[str, Sequence[int]] | None = None) -> list[Candidate]:
    """``screened``: a source's eligible sentences where already known (``summarize.eligible``)."""
    out: list[Candidate] = []
    for d, document in enumerate(documents):
        analysis = document.analysis
        by_sentence: dict[int, list[tuple[str, str]]] = {}
        persons: dict[int, list[tuple[int, int, str]]] = {}
        full = in_full([m.text for m in analysis.mentions if m.label == "PERSON"])
        for m in analysis.mentions:
            by_sentence.setdefault(m.sentence, []).append((m.label, entity_key(m.text)))
            if m.label == "PERSON":
                persons.setdefault(m.sentence, []).append((m.start, m.end, full.get(m.text.strip(), m.text)))
        numbers = screened.get(document.id) if screened else None
        if numbers is None:
            numbers = eligible(analysis, document.source.title)
        for rank, number in enumerate(numbers):
            sentence = analysis.sentence(number)
            mentions = [(label, key) for label, key in by_sentence.get(number, []) if key]
            mine = [(s - sentence.start, e - sentence.start, t) for s, e, t in persons.get(number, [])]
            before = [t for _, _, t in persons.get(number - 1, [])]
            out.append(
                Candidate(
                    doc=d,
                    source=document.id,
                    number=number,
                    rank=rank,
                    text=sentence.text,
                    terms=content_terms(sentence.terms),
                    entities=frozenset(key for label, key in mentions if label not in _SKIP_LABELS),
                    numbers=numbers_in(sentence.text),
                    length=word_count(sentence.text),
                    shown=stands_alone(sentence.text, len(mine)),
                    spec=(sentence.text, tuple(mine), tuple(before)),
                )
            )
    return out
