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

from ..model import Analysis
from ..text.similarity import TfidfSpace, is_showable, lexrank, normalised, stems, title_terms_of

LEAD_WEIGHT = 0.55
"""Share of the score that comes from position; the rest is centrality."""
REDUNDANT = 0.6
"""Cosine above which a candidate repeats a sentence already picked."""


_SCREENED: dict[tuple[int, str], tuple[Analysis, tuple[int, ...]]] = {}
_SCREENED_KEPT = 1 << 12
"""Analyses whose screening this process remembers: a source's summary and
its story's briefing both ask, mostly in the same process soon after."""


def eligible(analysis: Analysis, title: str = "") -> tuple[int, ...]:
    """Numbers of the sentences that may be shown on their own, first copy only.

    Remembered per (analysis, title) in this process, as the summary and the
    briefing both ask; by identity, since hashing an analysis walks every
    one of its sentences."""
    kept = _SCREENED.get((id(analysis), title))
    if kept is not None and kept[0] is analysis:
        return kept[1]
    found = _eligible(analysis, title)
    if len(_SCREENED) >= _SCREENED_KEPT:
        _SCREENED.clear()
    # The analysis is held with its result, so its id cannot pass to another.
    _SCREENED[(id(analysis), title)] = (analysis, found)
    return found


def _eligible(analysis: Analysis, title: str) -> tuple[int, ...]:
    title_terms = title_terms_of(title) if title else frozenset()
    seen: set[str] = set()
    keep = []
    for sentence in analysis.sentences:
        key = normalised(sentence.text)
        if key in seen:
            continue
        seen.add(key)
        if is_showable(sentence.text, stems(sentence.terms), title_terms):
            keep.append(sentence.number)
    return tuple(keep)


def position_weight(rank: int) -> float:
    """Lead bias by rank among the eligible sentences (0 = first)."""
    return 1.0 / math.sqrt(1.0 + rank)


def summarize(analysis: Analysis, n: int, title: str = "") -> tuple[int, ...]:
    """Sentence numbers of an ``n``-sentence extractive summary, in document order."""
    if n <= 0:
        return ()
    numbers = eligible(analysis, title)
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
