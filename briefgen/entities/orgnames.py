"""Other ways a story writes the name of one institution.

Pure functions on name keys (``names.key``) that find pairs of names of
institutions written differently by general rules of English and of news
style, never from a list of names:

- "X of Y" is also written "Y X": "Department of Transport" and "Transport
  Department";
- a word written as an acronym stands for the words it abbreviates, the
  rest being the same: "EU Trade Commission" and "European Union Trade
  Commission";
- generic organisational words at the end ("News Agency", "Inc",
  "Group") may be left out: "Harlow Wire Service" and "Harlow".

The caller joins a pair only when a name has one candidate in the story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Any, Protocol

from .names import JOINERS, TITLES, initials, is_acronym

# Generic English words that end institutions' names without naming them.
GENERIC = frozenset(
    """
    agency news service wire press company co corp corporation inc incorporated ltd limited llc plc
    group holdings
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Head nouns of the names of agreements: "the Comprehensive Strategic
# Partnership Agreement" is the "Treaty on Comprehensive Strategic Partnership".
_AGREEMENTS = frozenset({"treaty", "agreement", "pact", "accord", "accords", "convention", "charter", "protocol"})
_MAX_HEAD = 2
_MAX_COMPLEMENT = 3


def reordered(name_key: str) -> str | None:
    """ "department of justice" -> "justice department"; None when not of that shape."""
    words = name_key.split()
    if words.count("of") != 1:
        return None
    at = words.index("of")
    head, complement = words[:at], words[at + 1 :]
    if not (1 <= len(head) <= _MAX_HEAD and 1 <= len(complement) <= _MAX_COMPLEMENT):
        return None
    if {"the", "and", "for"}.intersection(words):
        return None
    return " ".join(complement + head)


def without_generic(name_key: str) -> str | None:
    """ "harlow wire service" -> "harlow"; None when nothing generic ends it or nothing else is left."""
    words = name_key.split()
    n = len(words)
    while n > 1 and words[n - 1] in GENERIC:
        n -= 1
    if n == len(words) or words[0] in GENERIC:
        return None
    return " ".join(words[:n])


def acronym_expands(short: list[str], long: list[str], acronyms: set[str]) -> bool:
    """Whether ``short`` is ``long`` with a run of its words written as one acronym."""
    if len(short) >= len(long):
        return False
    for i, word in enumerate(short):
        if word not in acronyms:
            continue
        tail = len(short) - i - 1
        middle = long[i : len(long) - tail]
        if (
            short[:i] == long[:i]
            and short[i + 1 :] == long[len(long) - tail :]
            and len(middle) >= 2
            and "".join(w[0] for w in middle) == word
        ):
            return True
    return False


def variant_pairs(found: Iterable[str], acronyms: set[str]) -> list[tuple[str, str]]:
    """Pairs of institution names of one story that are one name written two ways.

    ``acronyms`` holds the keys of the words written in capitals. A name
    with several candidates of one kind is paired with none of them.
    """
    known = set(found)
    names = sorted(known)
    pairs: list[tuple[str, str]] = []
    by_form: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_form[reordered(name) or name].add(name)
    for group in by_form.values():
        first, *rest = sorted(group)
        pairs.extend((first, other) for other in rest)
    shorter: dict[str, set[str]] = defaultdict(set)
    for name in names:
        core = without_generic(name)
        if core is not None and core in known:
            shorter[core].add(name)
    pairs.extend((short, next(iter(long))) for short, long in shorter.items() if len(long) == 1)
    # "Office for Harbour Safety" of "Office for Harbour Safety and Rescue":
    # a described institution ("X of/for Y", three words or more) is often
    # named without the last part of its description.
    completed: dict[str, set[str]] = defaultdict(set)
    for name in names:
        head, joined, tail = name.partition(" and ")
        words = head.split()
        if joined and head in known and len(words) >= 3 and {"of", "for"} & set(words[1:-1]) and len(tail.split()) <= 2:
            completed[head].add(name)
    pairs.extend((short, next(iter(long))) for short, long in completed.items() if len(long) == 1)
    by_last: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_last[name.split()[-1]].append(name)
    for ending in by_last.values():
        for short in ending:
            words = short.split()
            if not acronyms.intersection(words):
                continue
            longer = [o for o in ending if acronym_expands(words, o.split(), acronyms)]
            if len(longer) == 1:
                pairs.append((short, longer[0]))
    return pairs


ORGISH = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
"""The model's labels of names of institutions and of things institutions make."""


class Joins(Protocol):
    def find(self, item: str) -> str: ...

    def join(self, a: str, b: str) -> None: ...


# One document of a story: its spans, the node of each, whether each is a
# person's full name, and the document's text.
StoryDocument = tuple[Sequence[Any], list[str], Sequence[bool], str]


def join_agreements(story: Sequence[StoryDocument], union: Joins) -> None:
    """Names of one agreement with its head noun moved or changed are one name."""
    cores: dict[str, set[str]] = defaultdict(set)
    for spans, nodes, _, _ in story:
        for span, node in zip(spans, nodes):
            words = span.key.split()
            if _AGREEMENTS.intersection(words) and not words[0].isdigit() and words[0] != "article":
                core = [w for w in words if w not in _AGREEMENTS and w not in JOINERS]
                if len(core) >= 2:
                    cores[" ".join(core)].add(node)
    for found in cores.values():
        first, *others = sorted(found)
        for other in others:
            union.join(first, other)


def join_acronyms(story: Sequence[StoryDocument], union: Joins, alias_index: Mapping[str, int]) -> dict[str, str]:
    """An acronym is the one name of its document, else of its story, whose initials it is.

    Its mention takes that name's node; the acronym's own node (its key, one
    for the collection) is left alone: "DC" may be one name's initials in one
    story and another's in the next, and joining the key would join those.
    Returns each acronym key resolved, with a node of its name.
    """
    chosen: dict[str, str] = {}
    story_initials: dict[str, set[str]] = defaultdict(set)
    doc_initials: list[dict[str, set[str]]] = []
    for spans, nodes, full, text in story:
        local: dict[str, set[str]] = defaultdict(set)
        for span, node, is_full in zip(spans, nodes, full, strict=True):
            if " " in span.key and not is_full:
                # "TCL" is "The Coastal Ledger": a capital "The" before a name may be part of it.
                forms = [span.surface]
                if text[max(0, span.start - 4) : span.start] == "The ":
                    forms.append("The " + span.surface)
                for letters in {x for form in forms for x in initials(form)}:
                    local[letters].add(node)
                    story_initials[letters].add(node)
        doc_initials.append(local)
    for (spans, nodes, _, _), local in zip(story, doc_initials):
        for i, span in enumerate(spans):
            if not is_acronym(span.surface) or span.key in alias_index:
                continue
            letters = span.key.replace(" ", "")
            found = local.get(letters) or story_initials.get(letters, set())
            roots = {union.find(n) for n in found}
            if len(roots) == 1 and union.find(nodes[i]) not in roots:
                if nodes[i] == span.key:
                    nodes[i] = chosen[span.key] = min(found)
                else:  # already resolved to a node of its own (a short name): join it
                    union.join(nodes[i], next(iter(roots)))
    return chosen


def spread_acronyms(
    documents: Sequence[tuple[Sequence[Any], list[str]]], chosen: Sequence[Mapping[str, str]], union: Joins
) -> None:
    """An acronym a story leaves unexplained is the name it stands for in the
    stories that explain it (``chosen``: what ``join_acronyms`` gave each),
    when they all agree on one ("AP" of a story that never spells it out); a
    word merely spelled alike ("Va.") is not."""
    nodes: dict[str, set[str]] = defaultdict(set)
    for story in chosen:
        for acronym, node in story.items():
            nodes[acronym].add(node)
    agreed = {k: min(found) for k, found in nodes.items() if len({union.find(n) for n in found}) == 1}
    for spans, doc_nodes in documents:
        for i, span in enumerate(spans):
            if span.key in agreed and doc_nodes[i] == span.key and is_acronym(span.surface):
                doc_nodes[i] = agreed[span.key]


def first_words_standing(
    spans: Sequence[Any],
    nodes: Sequence[str],
    union: Joins,
    story: Mapping[str, set[str]],
    starts: Mapping[str, set[str]],
    alias_index: Container[str],
    known: Container[str],
) -> dict[str, str]:
    """ "Larkspur" for "Larkspur Recovery Centre" named in the same document: each such first word, and the root
    of the institution it stands for.

    The first word of an institution's name of three words or more (two are often a person the model took for
    one: "Dana Hollis") stands for it when that word is no name of its own in the ``story`` (surface -> roots)
    and starts no other known name (``starts``: first word -> roots; a person's, a place's or another
    institution's): "Larkspur" does, "National" of "National Rowing League" does not.
    """
    found: dict[str, str] = {}
    for span, node in zip(spans, nodes):
        words = span.surface.split()
        if (
            span.label not in ORGISH
            or len(words) < 3
            or {"and", "&"}.intersection(words)
            or is_acronym(span.surface)
            or span.key in alias_index
        ):
            continue
        first = words[0]
        if not (first.isalpha() and first[0].isupper() and len(first) >= 4) or first in story:
            continue
        lower = first.lower()
        root = union.find(node)
        if lower in TITLES or lower in JOINERS or lower in known or starts.get(first, {root}) != {root}:
            continue
        found[first] = root
    return found
