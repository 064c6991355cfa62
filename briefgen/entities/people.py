"""Variants of one person's full name across the documents of a story.

"Alex Brannock" and "Alexander Brannock", "Ruth E. Quill" and "Ruth Quill",
"Ines Varga" and "Ines Vargas": pure functions on name keys (see
``names.key``) that say when two full names can be one person. "Oren Dalby
Jr." and "Oren Dalby" are two: a generational suffix is how news tells a son
from his father, who is named without it. The entity
index merges a set of full names with one surname only when each of them
agrees with every other of the set and with no other name, so two people who share a
surname ("Jim Smith", "John Smith") are never merged, nor is anyone with a
name that agrees with both ("J. Smith").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Sequence

# Generational suffixes: not a surname.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def tokens(name_key: str) -> list[str]:
    """The words of a person's name without a trailing "Jr." or "III"."""
    words = name_key.split()
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return words


def suffix(name_key: str) -> tuple[str, ...]:
    """The generational suffixes that end a person's name ("jr", "iii"), or ()."""
    words = name_key.split()
    return tuple(words[len(tokens(name_key)) :])


def surname(name_key: str) -> str:
    return tokens(name_key)[-1]


def one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of exactly one."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] if len(a) < len(b) else a[i + 1 :] == b[i + 1 :]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def given_names_agree(a: str, b: str) -> bool:
    """ "J"/"John", "Alex"/"Alexander": one given name, written in full or short.

    The same name, an initial, or a short form that is the start of the full
    name (three letters or more). Any other difference is another person:
    "Tracy" is not "Trayvon", "Jim" is not "John". A nickname that is no
    prefix ("Bob"/"Robert") or a spelling variant ("Jon"/"John") is left
    apart too: a missed merge costs a reader less than two people in one.
    """
    if a == b:
        return True
    short, full = sorted((a, b), key=len)
    if len(short) == 1:
        return short == full[0]
    return len(short) >= 3 and full.startswith(short)


def agree(a: str, b: str) -> bool:
    """Two full-name keys that can name one person (same or close surname)."""
    ta, tb = tokens(a), tokens(b)
    if len(ta) < 2 or len(tb) < 2 or suffix(a) != suffix(b):
        return False
    if ta == tb:
        return True
    if ta[-1] != tb[-1]:
        # A surname misspelt by one letter, only with the very same given name.
        if not (min(len(ta[-1]), len(tb[-1])) >= 4 and one_edit(ta[-1], tb[-1]) and ta[0] == tb[0]):
            return False
    elif not given_names_agree(ta[0], tb[0]):
        return False
    middle_a, middle_b = ta[1:-1], tb[1:-1]
    # A middle name or initial that one of the two leaves out.
    return not (middle_a and middle_b) or given_names_agree(middle_a[0], middle_b[0])


def not_the_son(bare: str, fulls: Sequence[str], keys: Container[str]) -> bool:
    """ "Dalby" where the document's only Dalby is "Oren Dalby Jr." (``fulls``, the full names it may be) but it
    writes "Dalby Jr." for him (``keys``, the document's names): the suffix is how it tells him from his father,
    so the bare surname is the father as much as the son."""
    endings = {suffix(p) for p in fulls}
    return bool(fulls) and all(endings) and not suffix(bare) and any(f"{bare} {' '.join(e)}" in keys for e in endings)


def one_person(names: Iterable[str]) -> bool:
    """Whether full names can all be one person: every two of them agree."""
    found = sorted(set(names))
    return all(agree(a, b) for i, a in enumerate(found) for b in found[i + 1 :])


def variant_groups(names: Iterable[str]) -> list[list[str]]:
    """Full names of one story that are all one person, by surname.

    Names are grouped by surname, and surnames one letter apart are one
    group; within a group, names that agree with one another and with no
    one else (see ``_cliques``) are returned together.
    """
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name in names:
        if len(tokens(name)) >= 2:
            by_surname[surname(name)].add(name)
    # Join surnames one letter apart ("varga", "vargas"): two such words share
    # a form with one letter deleted (or one is that form of the other).
    keys = sorted(by_surname)
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    deleted: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if len(k) >= 4:
            for form in {k, *(k[:i] + k[i + 1 :] for i in range(len(k)))}:
                deleted[form].append(k)
    for similar in deleted.values():
        for other in similar[1:]:
            if one_edit(similar[0], other):
                parent[find(other)] = find(similar[0])
    groups: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        groups[find(k)].update(by_surname[k])
    found = []
    for members in groups.values():
        found.extend(_cliques(sorted(members)))
    return found


def _cliques(names: list[str]) -> list[list[str]]:
    """Sets of names that agree with one another, apart from the rest.

    Names are linked when they agree; a connected set is one person only when
    every two of its names agree. "Jo Pell" stays apart from "Joan Pell"; "J. Smith" agrees with "Jim Smith" and "John Smith",
    who do not agree, so none of the three is merged.
    """
    links = {a: {b for b in names if b != a and agree(a, b)} for a in names}
    seen: set[str] = set()
    found = []
    for name in names:
        if name in seen:
            continue
        component, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in component:
                component.add(current)
                todo.extend(links[current] - component)
        seen |= component
        if len(component) > 1 and all(links[a] >= component - {a} for a in component):
            found.append(sorted(component))
    return found
