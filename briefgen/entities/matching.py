"""Union-find and comparisons of name keys used by the resolver.

Pure functions on keys (see ``names.key``) and spans: whether one name is
part of another, which of several candidates a story names far more often.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .spans import Span


class Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            root = self.find(parent)
            self.parent[item] = root
            return root
        return item

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller id wins so that the result never depends on order.
            low, high = sorted((ra, rb))
            self.parent[high] = low


def is_subsequence(short: Sequence[str], full: Sequence[str]) -> bool:
    position = 0
    for token in full:
        if position < len(short) and token == short[position]:
            position += 1
    return position == len(short)


def inside(span: Span, bounds: Iterable[tuple[int, int]]) -> bool:
    return any(a <= span.start and span.end <= b for a, b in bounds)


def part_of(short: str, full: str) -> bool:
    """ "Larkspur" of "Larkspur Recovery Centre", "Hawks" of "Elmsworth Hawks"."""
    return full.startswith(short + " ") or full.endswith(" " + short)


def heads(short: str, longer: set[str]) -> set[str]:
    """The longer names ``short`` is the head of, when there are any.

    "Society" is the head of "Society of Marine Engineers" but only a
    modifier in "Society Awards": a bare "Society" means the
    former.
    """
    heads = {name for name in longer if name.startswith(short + " of ")}
    return heads or longer


def dominant(candidates: set[str], counts: Mapping[str, int], factor: int = 2) -> set[str]:
    """The one candidate the story names far more often than all others, if any.

    An institution's short name in a story about one that names another once
    means the one it is about.
    """
    if len(candidates) < 2:
        return candidates
    ranked = sorted(candidates, key=lambda c: (-counts.get(c, 0), c))
    rest = sum(counts.get(c, 0) for c in ranked[1:])
    return {ranked[0]} if counts.get(ranked[0], 0) >= factor * max(1, rest) else candidates


def one_root(union: Union, found: set[str], counts: Mapping[str, int] | None = None) -> set[str]:
    """Names already joined (variants of one person, parts of one name) count as one candidate.

    With ``counts`` (institutions), one the story names far more often than
    the others wins; never among people: a surname shared by two people
    of the story is either of them.
    """
    by_root: dict[str, set[str]] = defaultdict(set)
    for name in found:
        by_root[union.find(name)].add(name)
    if counts is None:
        return {min(next(iter(by_root.values())))} if len(by_root) == 1 else found
    totals = {root: sum(counts.get(n, 0) for n in names) for root, names in by_root.items()}
    chosen = dominant(set(by_root), totals)
    return {min(by_root[chosen.pop()])} if len(chosen) == 1 else found
