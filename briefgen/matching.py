"""Union-find and comparisons of name keys used by the resolver.

Pure functions on keys (see ``names.key``) and spans: whether one name is
part of another, which of several candidates a story names far more often,
which names are spelled one letter apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .people import one_edit
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


def digit_edit(a: str, b: str) -> bool:
    """Whether the letter that differs between two near spellings is a digit."""
    return sorted(ch for ch in a if ch.isdigit()) != sorted(ch for ch in b if ch.isdigit())


def heads(short: str, longer: set[str]) -> set[str]:
    """The longer names ``short`` is the head of, when there are any.

    "Society" is the head of "Society of Marine Engineers" but only a
    modifier in "Society Awards": a bare "Society" means the
    former.
    """
    heads = {name for name in longer if name.startswith(short + " of ")}
    return heads or longer


def rest(full: str, part: str) -> str:
    """The words of ``full`` around its first or last words ``part``."""
    return full[len(part) + 1 :] if full.startswith(part + " ") else full[: -len(part) - 1]


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


def near_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names one letter apart, never a digit ("79th" / "78th").

    Two such names share a form with one letter deleted (or one of them is
    that form of the other), so only names that share one are compared.
    """
    deleted: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        for i in range(len(name) + 1):
            form = name[:i] + name[i + 1 :]
            if form != name or i == len(name):
                deleted[form].append(name)
    pairs = []
    for similar in deleted.values():
        for other in similar[1:]:
            if one_edit(similar[0], other) and not digit_edit(similar[0], other):
                pairs.append((similar[0], other))
    return pairs
