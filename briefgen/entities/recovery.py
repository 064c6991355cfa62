"""Names the model missed, recovered: a known name of the story found again in a document's text.

The NER model tags a name in one sentence and misses it, or cuts it, in the
next. Once the story's names are known (``resolver``), each document's text
is read again for them, longest first; a recovered span may swallow a model
span it continues by a word or two ("Silver" of "Silver Harbour").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import Sentence
from ..runtime.lookups import Answers, Lookups, same_answers
from .names import clean_spaces, key
from .spans import Span

_WORD_RE = re.compile(r"[^\W_]+(?:(?:[.&]|[-–](?![A-Z]))[^\W_]+)*")
_MAX_WORDS = 8
_JOINING = r"(?:(?:of|for|and|&|de|du|la|the) )*"
_CAPITAL_NEXT_RE = re.compile(rf"[ -]{_JOINING}[A-Z0-9]")
_CAPITAL_BEFORE_RE = re.compile(rf"(?<![\w.])[A-Z][\w.]*[ -]{_JOINING}\Z")
# A known name may replace a model span it continues by at most this many words.
_MAX_CONTINUED = 2


def recover(
    doc: int,
    text: str,
    sentences: Sequence[Sentence],
    spans: Sequence[Span],
    lookup: Callable[[str], str | None],
    lengths: Mapping[str, int],
    short: Mapping[str, str] | None = None,
) -> list[tuple[Span, str]]:
    """Spans the model missed where a known name of the story appears again.

    ``lookup`` answers a surface (exact case, so "US" is not "us") with what
    it names (an opaque id returned beside the span), or None. Longest match
    first. A recovered span overlaps no other span, except that it may hold
    a shorter one that it continues by a word or two ("Silver" of
    "Silver Harbour", "Coastal" of "The Coastal Ledger"): the model cut
    a name there that it tagged whole elsewhere, and the caller drops the
    shorter span. ``lengths`` maps the first word of every known name to
    the most words such a name has.

    ``short`` maps the first word of an institution's name to what the name
    names ("Larkspur" of "Larkspur Recovery Centre"): such a word counts
    on its own only inside a sentence (not its first word, where a capital
    says nothing) and not before another capitalised word.
    """
    taken = sorted((s.start, s.end) for s in spans)
    starts = [a for a, _ in taken]
    sentence_starts = [s.start for s in sentences]
    words = list(_WORD_RE.finditer(text))
    # Each word asked once, however often it occurs (``lengths`` may be a
    # recording view, whose every question costs a call); words inside a
    # name found are never asked, so the answers a rebuild must check stay few.
    asked: dict[str, int] = {}
    found: list[tuple[Span, str]] = []
    # No name starts with a word in lower case (``names.trim`` cuts them):
    # most words are passed over here, in one comprehension.
    surfaces = [w.group() for w in words]
    capitalised = [i for i, w in enumerate(surfaces) if not (w[0].isalpha() and w.islower())]
    after = 0
    for i in capitalised:
        if i < after:
            continue  # inside a name found
        first = words[i]
        word = surfaces[i]
        longest = asked.get(word)
        if longest is None:
            longest = asked[word] = lengths.get(word, 0)
        if not longest:
            continue
        matched = 0
        for n in range(min(longest, _MAX_WORDS, len(words) - i), 0, -1):
            last = words[i + n - 1]
            if n > 1 and not (last.group()[0].isupper() or last.group()[0].isdigit()):
                continue
            end = last.end()
            surface = clean_spaces(text[first.start() : end])
            hit = lookup(surface)
            if hit is None and text[end : end + 1] == ".":
                surface, end = surface + ".", end + 1
                hit = lookup(surface)
            if hit is None or _clashes(text, taken, starts, first.start(), end, n):
                continue
            number = max(1, bisect_right(sentence_starts, first.start()))
            found.append((Span(doc, first.start(), end, surface, key(surface), "", number, True), hit))
            matched = n
            break
        if not matched:
            hit = _short_name(text, first, short or {}, sentence_starts)
            if hit is not None and not _clashes(text, taken, starts, first.start(), first.end(), 1):
                number = max(1, bisect_right(sentence_starts, first.start()))
                surface = first.group()
                found.append((Span(doc, first.start(), first.end(), surface, key(surface), "", number, True), hit))
        after = i + max(1, matched)
    return found


@dataclass(frozen=True)
class Recovered:
    """One document's ``recover`` with the answers it got, like ``Extracted``."""

    taken: tuple[tuple[int, int], ...]
    lengths: Answers
    names: tuple[tuple[str, object], ...]
    short: Answers
    found: tuple[tuple[Span, str], ...]


def recover_kept(
    doc: int,
    text: str,
    sentences: Sequence[Sentence],
    spans: Sequence[Span],
    lookup: Callable[[str], str | None],
    lengths: Mapping[str, int],
    short: Mapping[str, str],
    kept: Recovered | None,
) -> tuple[list[tuple[Span, str]], Recovered]:
    """``recover``, or what ``kept`` found when the document's spans sit where
    they sat and every lookup still gives the same answer."""
    taken = tuple((s.start, s.end) for s in spans)
    if (
        kept is not None
        and kept.taken == taken
        and same_answers(lengths, kept.lengths)
        and all(lookup(surface) == hit for surface, hit in kept.names)
        and same_answers(short, kept.short)
    ):
        return [(s if s.doc == doc else replace(s, doc=doc), hit) for s, hit in kept.found], kept
    asked: dict[str, str | None] = {}

    def noted(surface: str) -> str | None:
        asked[surface] = hit = lookup(surface)
        return hit

    asked_lengths, asked_short = Lookups(lengths), Lookups(short)
    found = recover(doc, text, sentences, spans, noted, asked_lengths, asked_short)
    return found, Recovered(taken, asked_lengths.answers(), tuple(asked.items()), asked_short.answers(), tuple(found))


def _short_name(text: str, word: re.Match[str], short: Mapping[str, str], sentence_starts: Sequence[int]) -> str | None:
    hit = short.get(word.group())
    if hit is None:
        return None
    before = text[max(0, word.start() - 4) : word.start()].rstrip(" \"“'‘(\n")
    opening = word.start() in sentence_starts or not before or before[-1] in ".!?:;"
    # Inside a longer name ("The Marine Society", "Society for Harbour
    # Safety"), a word is part of that name, not a short one.
    inside = _CAPITAL_BEFORE_RE.search(text[max(0, word.start() - 40) : word.start()]) or _CAPITAL_NEXT_RE.match(
        text, word.end()
    )
    return None if opening or inside else hit


def first_words(surfaces: Iterable[str]) -> dict[str, int]:
    """First word of each name -> the most words a name starting with it has."""
    lengths: dict[str, int] = {}
    for surface in surfaces:
        words = _WORD_RE.findall(surface)
        if words:
            lengths[words[0]] = max(lengths.get(words[0], 0), len(words))
    return lengths


def _clashes(
    text: str, taken: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int, words: int
) -> bool:
    # Spans barely nest, so the neighbours around the insertion point decide.
    position = bisect_right(starts, start)
    for a, b in taken[max(0, position - 3) : position + 2]:
        if a < end and start < b:
            inside = start <= a and b <= end and b - a < end - start
            if not inside or words - len(_WORD_RE.findall(text, a, b)) > _MAX_CONTINUED:
                return True
    return False
