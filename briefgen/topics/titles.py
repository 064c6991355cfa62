"""A story's title: what the story is, in the words its sources share.

A source's own headline (given by the file, its front matter or a headline
line) says what its story is, and a story whose most central source has one
keeps it. When that source has none, ingest stood its first sentence of news
in (``Source.title_derived``), and a feature's first sentence is often a
scene, an anecdote, a quotation or a question put to the reader rather than
what happened. The story's title is then chosen among every member's title
and first sentence (news puts what happened in its first sentence): one that
reads on its own and states something, and whose words the story's other
sources use most (a sentence cut after a clause competes as it is: preferring
whole ones let a member's short page leftover beat the central source's cut
lead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Document
from ..text import leaning
from ..text.dateline import without_dateline
from ..text.headline import is_headline, is_prompt_or_caption, is_truncated, shortened
from ..text.similarity import content_terms
from .features import title_terms


@dataclass(frozen=True)
class Candidate:
    text: str
    member: int
    """Its source's place in the story, the most central first."""


LEADS = 1
"""How many of each member's first sentences stand as candidates beside the titles. Later sentences
share more words with the other sources (details: names, figures) but say less of what happened."""


def _clean(title: str) -> str:
    # A dash left at the start is what remains of a dateline the page set apart.
    return " ".join(without_dateline(title).split()).lstrip("—–- ")


def candidates(documents: Sequence[Document], leads: int = LEADS) -> list[Candidate]:
    """Every member's title and its first ``leads`` sentences (shortened as ingest shortens a title)."""
    found: list[Candidate] = []
    for k, document in enumerate(documents):
        title = _clean(document.source.title)
        first = [_clean(s.text) for s in document.analysis.sentences[:leads]]
        if title:
            found.append(Candidate(title, k))
        for sentence in first:
            text = shortened(sentence)
            if text and text != title:
                found.append(Candidate(text, k))
    return found


_LEANS_BACK = leaning.WORDS | frozenset(("there", "here", "now", "well", "perhaps", "maybe"))
"""Words a statement that stands alone does not open with (:mod:`briefgen.text.leaning`), and those a report's
sentence may open with but a headline does not: a place or a time pointed at, a speaker's hedge."""

_FIRST_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def declares(text: str) -> bool:
    """A statement of its own: it opens as a sentence does (a capital or a figure: a lower-case word is
    a label or a fragment glued on), not a question, an exclamation or an introduction (":"), not a
    quotation, not leaning on what came before or on its writer's voice."""
    text = text.strip()
    first = _FIRST_WORD.search(text)
    if first is None:
        return False
    word = first.group()
    base = re.split(r"['’]", word)[0]  # "It's" leans back as "It" does
    leans = base == "I" or (base[1:].islower() and base.lower() in _LEANS_BACK)  # "It", not "IT", "So-called"
    return (
        not word[0].islower()
        and not leans
        and text[0] not in "\"“‘'?¿"
        and not text.rstrip(" \"'”’)").endswith(("?", "!", ":"))
    )


def stands_alone(text: str) -> bool:
    """A headline's shape: a few words, complete, no stamp, address, prompt or caption."""
    return is_headline(text) and not is_prompt_or_caption(text) and not is_truncated(text)


def support(candidate: Candidate, bodies: Sequence[frozenset[str]]) -> float:
    """How much of the story the candidate says: of its content words, how many each other source of the
    story uses, on average, over the square root of their number (a cosine against each source's set of
    words: a longer candidate is not favoured for its length alone, nor a three-word one for its brevity)."""
    words = set(content_terms(title_terms(candidate.text)))
    others = [body for k, body in enumerate(bodies) if k != candidate.member]
    if not words or not others:
        return 0.0
    return sum(len(words & body) for body in others) / (len(others) * len(words) ** 0.5)


def most_central_whole(documents: Sequence[Document]) -> str:
    """The most central source's title, unless it is cut off ("…") and another source's is whole."""
    titles = [_clean(d.source.title) for d in documents]
    whole = [t for t in titles if t and not is_truncated(t)]
    return (whole or [t for t in titles if t] or [documents[0].source.id])[0]


def story_title(documents: Sequence[Document]) -> str:
    """A story's title, its documents given the most central first."""
    if not documents:
        return ""
    if not documents[0].source.title_derived or len(documents) < 2:
        # A headline of the source's own names the story; a lone source's title is all there is.
        return most_central_whole(documents)
    found = candidates(documents)
    usable = [c for c in found if stands_alone(c.text)] or [c for c in found if not is_truncated(c.text)]
    if not usable:
        return most_central_whole(documents)
    usable = [c for c in usable if declares(c.text)] or usable
    bodies = [frozenset(content_terms(t for s in d.analysis.sentences for t in s.terms)) for d in documents]
    return max(usable, key=lambda c: (support(c, bodies), -c.member)).text
