"""Whose bare surname: the one person of it a document names in full, or another it names by given name.

News names a wife in full and her husband by his given name ("Ruth
Kessler", "Daniel"), or a son in full and his father by his: a bare
"Kessler" there may be either. Which one the collection's other documents
call by that surname alone says who the word means; where they do not
say, the document's own full name keeps it (brothers and sisters named by
given name beside the one the story is about).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from .people import one_person, surname


def rivals(
    bearer: str, given_names: Iterable[str], in_story: Mapping[str, set[str]], in_collection: Mapping[str, set[str]]
) -> set[str]:
    """Persons other than ``bearer`` (a full-name key) whose surname is its own and whose given name is
    among ``given_names`` (one-word names used alone). A given name is read as the story names it in full
    (``in_story``: a given name -> the full names of persons it opens there), else as the collection does
    (``in_collection``): "Jordan" of a story that names "Jordan Pell" is not "Jordan Kessler"."""
    last = surname(bearer)
    return {
        other
        for given in set(given_names)
        for other in in_story.get(given) or in_collection.get(given, ())
        if surname(other) == last and not one_person({bearer, other})
    }


def choose(bearer: str, others: set[str], uses: Counter[str], own: int = 0) -> str:
    """``bearer``, or the one of ``others`` the collection calls by the bare surname in more documents
    (``uses``: a full name -> the documents whose bare surname went to it, ``own`` of them being the
    document asking, which does not count for ``bearer``)."""
    if not others:
        return bearer
    best = max(others, key=lambda r: (uses[r], r))
    tied = sum(uses[r] == uses[best] for r in others) > 1
    return best if uses[best] > uses[bearer] - own and not tied else bearer
