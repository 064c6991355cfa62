"""What keeps two entity clusters of a story apart, whatever the merge model scores.

Hard facts of names: two people of different given names, a word two people
of the story bear, a person and what the model never called a person, two
entries of the alias table, a nationality, a place and what is no place, two
places a point of the compass apart, names with other numbers, two
companies' legal names, an institution and its namesake of one country, two
things of one family of names, a place and a longer name that holds it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .names import JOINERS
from .orgnames import GENERIC, without_generic
from .people import one_edit, one_person, surname, tokens

if TYPE_CHECKING:
    from .merges import Cluster

PLACES = frozenset({"GPE", "LOC"})
"""The model's labels of places."""
# Articles that open place names ("Los Brenas", "El Orlin", "The Larkmoor").
_ARTICLES = frozenset({"the", "la", "las", "los", "el", "le", "les", "al"})
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"northeast", "northwest", "southeast", "southwest", "central", "upper", "lower"}
)


def _compass_apart(a: str, b: str) -> bool:
    """ "north korea" / "south korea", "africa" / "south east africa": names only points of the compass apart."""
    apart = set(a.split()) ^ set(b.split())
    return bool(apart) and apart <= _COMPASS


def _other_company(a: str, b: str) -> bool:
    """ "Harlow Motor Co" / "Harlow Motor Credit Co": two legal names, one with more words, are two companies."""
    core_a, core_b = without_generic(a), without_generic(b)
    return core_a is not None and core_b is not None and core_a != core_b


def _digits(keys: Iterable[str]) -> set[str]:
    """The numbers in names: "79th Society Awards" is not the "78th"."""
    return {w for k in keys for w in k.split() if any(ch.isdigit() for ch in w)}


def _namesake(a: str, b: str, known: Mapping[str, str]) -> bool:
    """ "Japanese Ministry of Foreign Affairs" is not the "Ministry of Foreign Affairs" of another
    country: a longer name that adds a nationality, or words before a description with "of"
    that many countries' institutions share; "Gulf of Orlin" is not Orlin, nor is "Orlin
    County". Other words after a name ("Office for Harbour Safety and Rescue") only
    complete it."""
    short, long = sorted((a, b), key=len)
    if long.startswith(short + " "):
        # "Orlin County" is not the town of Orlin, its seat.
        rest = long[len(short) + 1 :]
        return known.get(rest) == "NORP" or rest.split()[0] == "county"
    if not long.endswith(" " + short):
        return False
    before = long[: -len(short) - 1]
    # "Gulf of Aden" is not Aden: what a name is "of" is another thing.
    return known.get(before) == "NORP" or "of" in short.split() or before.endswith(" of")


def _siblings(a: str, b: str) -> bool:
    """ "Harbour Budget Committee" / "Harbour Banking Committee": two names of things, each
    with a word the other lacks, are two members of one family (committees, banks, cups),
    not one thing named two ways; a word spelled one letter apart is a misspelling."""
    wa = {w for w in a.split() if w not in JOINERS and w not in GENERIC}
    wb = {w for w in b.split() if w not in JOINERS and w not in GENERIC}
    only_a, only_b = wa - wb, wb - wa
    if len(wa) < 2 or len(wb) < 2 or not only_a or not only_b or not wa & wb:
        return False
    return not (len(only_a) == len(only_b) == 1 and one_edit(next(iter(only_a)), next(iter(only_b))))


def _in_place_name(a: Cluster, b: Cluster, known: Mapping[str, str]) -> bool:
    """ "Orlin City" is not the state of Orlin, nor the "Orlin River", the "Orlin Sun" (a paper
    the model took for a place), "South-western Orlin" or "Larkmoor, Orlin": a country, state or
    city (GPE) and a longer name that holds it with words before or after are two things, but
    for an article before it ("Los Brenas" / "Brenas"). A
    longer name of one place is in the alias table ("New York City" / "NYC"), or a landmark's
    short form ("Mount Larkmoor" / "Larkmoor", no GPE)."""
    for x in a.keys:
        for y in b.keys:
            (short, held_by), (long, _) = sorted(((x, a), (y, b)), key=lambda item: len(item[0]))
            if known.get(short, held_by.type) != "GPE":
                continue
            # "Brenas" of "Los Brenas": an article that opens a place's name is no other word.
            if long.startswith(short + " ") or (
                long.endswith(" " + short) and long[: -len(short) - 1] not in _ARTICLES
            ):
                return True
    return False


def forbidden(a: Cluster, b: Cluster, story_people: Mapping[str, set[str]], known: Mapping[str, str]) -> bool:
    """Hard facts: two people of different given names, a word two people of the story bear,
    a person and what the model never called a person, two entries of the alias table, a
    nationality, a place and what is no place, two places a point of the compass apart, names
    with other numbers, two companies' legal names, an institution and its namesake of one
    country, two things of one family of names, a place and a longer name that holds it."""
    if a.entries and b.entries and a.entries != b.entries:
        return True
    # A nationality is no name of a thing ("American" of "American Olympic"), and a place is
    # only a place: "Bank of Thailand" is not Thailand, "Times of London" not London.
    if "NORP" in (a.type, b.type) or ((a.type in PLACES) != (b.type in PLACES)):
        return True
    if (a.type == "PERSON" and "PERSON" not in b.labels) or (b.type == "PERSON" and "PERSON" not in a.labels):
        return True
    if any(_namesake(x, y, known) for x in a.keys for y in b.keys):
        return True
    if _digits(a.keys) and _digits(b.keys) and _digits(a.keys) != _digits(b.keys):
        return True
    if any(_compass_apart(x, y) or _other_company(x, y) for x in a.keys for y in b.keys):
        return True
    if "PERSON" not in (a.type, b.type) and (_siblings(a.name, b.name) or _in_place_name(a, b, known)):
        return True
    fa, fb = a.full_people(), b.full_people()
    # Once either is a person, every full name of the two must be one person's.
    if (fa or fb) and not one_person(a.full_names() | b.full_names()):
        return True
    for bare, full in ((a, fb), (b, fa)):
        singles = {k for k in bare.keys if " " not in k}
        for single in singles:
            named = any(single in (tokens(f)[0], tokens(f)[-1]) for f in full)
            if named and not one_person(story_people.get(single, set())):
                return True
    return False


def story_people(clusters: Mapping[str, Cluster], known: Mapping[str, str] | None = None) -> dict[str, set[str]]:
    """The full names of people of a story by surname, and by a given name that the story
    also uses alone for that person: when "Ashford" stands alone for "Ashford Pell", a bare
    "Ashford" elsewhere may be him as well as "Dale Ashford"."""
    found: dict[str, set[str]] = defaultdict(set)
    for cluster in clusters.values():
        fulls = cluster.full_people()
        for full in fulls:
            found[surname(full)].add(full)
        if cluster.type != "PERSON":
            continue
        for single in (k for k in cluster.keys if " " not in k):
            for full in fulls:
                # A given name and a surname: "Vance Harbour Office" is no person's name, nor
                # "Vance Orlin" (a surname run onto a place the collection knows).
                words = tokens(full)
                if len(words) == 2 and single == words[0] and (known or {}).get(words[1], "PERSON") == "PERSON":
                    found[single].add(full)
    return found
