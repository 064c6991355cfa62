"""Per-source extractive summary.

``summarize(analysis, n)`` picks ``n`` sentences of one source and returns
their numbers in document order (like sumy's summarisers). Ranking: continuous
LexRank centrality over TF-IDF vectors of the stemmed terms, blended with a
lead bias (news puts the key facts first); sentences that look like
boilerplate, headlines, captions repeated, the title again, or short fragments
are never picked; a candidate too close to one already picked is skipped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import Analysis
from ..text.similarity import TfidfSpace, is_showable, lexrank, normalised, stems, title_terms_of

LEAD_WEIGHT = 0.55
"""Share of the score that comes from position; the rest is centrality."""
REDUNDANT = 0.6
"""Cosine above which a candidate repeats a sentence already picked."""
_TAKEN_WORDS = 6
"""Words a title needs before a sentence holding all of it counts as the sentence it was taken from."""


def eligible(analysis: Analysis, title: str = "") -> tuple[int, ...]:
    """Numbers of the sentences that may be shown on their own, first copy only.

    The build screens a source once, in its summary's step, and hands the
    result to its story's briefing (``summarize`` and ``brief`` take it)."""
    title_terms = title_terms_of(title) if title else frozenset()
    # A title taken from a sentence (a page without a headline) is no headline that sentence repeats.
    whole = normalised(title.rstrip("…. ")) if len(title.split()) >= _TAKEN_WORDS else ""
    seen: set[str] = set()
    keep = []
    for sentence in analysis.sentences:
        key = normalised(sentence.text)
        if key in seen:
            continue
        seen.add(key)
        if is_showable(sentence.text, stems(sentence.terms), frozenset() if whole and whole in key else title_terms):
            keep.append(sentence.number)
    return tuple(keep)


def position_weight(rank: int) -> float:
    """Lead bias by rank among the eligible sentences (0 = first)."""
    return 1.0 / math.sqrt(1.0 + rank)


def summarize(analysis: Analysis, n: int, title: str = "", screened: Sequence[int] | None = None) -> tuple[int, ...]:
    """Sentence numbers of an ``n``-sentence extractive summary, in document order;
    ``screened``: the source's ``eligible`` sentences, where already known."""
    if n <= 0:
        return ()
    numbers = eligible(analysis, title) if screened is None else screened
    if not numbers:
        return ()
    if len(numbers) <= n:
        return tuple(numbers)
    rows = [stems(analysis.sentence(k).terms) for k in numbers]
    space = TfidfSpace(rows)
    similarity = space.cosine()
    centrality = lexrank(similarity)
    scores = [LEAD_WEIGHT * position_weight(i) + (1 - LEAD_WEIGHT) * float(centrality[i]) for i in range(len(numbers))]
    order = sorted(range(len(numbers)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for i in order:
        if any(similarity[i, j] > REDUNDANT for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == n:
            break
    if len(chosen) < n:  # everything left is redundant: fill by score anyway
        for i in order:
            if i not in chosen:
                chosen.append(i)
                if len(chosen) == n:
                    break
    return tuple(sorted(numbers[i] for i in chosen))
