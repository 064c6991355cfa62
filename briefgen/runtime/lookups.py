"""A mapping view that records what a step asked of it, so the step's result
can be kept between builds for as long as the answers stay the same."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


class _Absent:
    """Stands for 'no such key' among recorded answers; a class, so it pickles."""


class Lookups(Mapping[str, Any]):
    """A read-only view of a mapping that notes every key asked for and its answer.

    A per-document step that consults a collection-wide mapping (the names
    known anywhere, their labels) can then be kept between builds: its result
    holds as long as every answer it got is still the same (``same_answers``),
    and the step need not say beforehand which keys it will ask for.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.asked: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        value = self.data.get(name, _Absent)
        self.asked[name] = value
        if value is _Absent:
            raise KeyError(name)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        # Mapping.get would go through __getitem__ and a KeyError for every
        # word that names nothing: most words asked, millions in a build.
        value = self.data.get(name, _Absent)
        self.asked[name] = value
        return default if value is _Absent else value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name, _Absent) is not _Absent

    def __iter__(self) -> Iterator[str]:
        # An answer that depends on every key cannot be checked key by key.
        raise TypeError("a recorded mapping cannot be iterated")

    def __len__(self) -> int:
        return len(self.data)

    def __bool__(self) -> bool:
        # ``mapping or {}`` must keep asking this view: an empty mapping's
        # silence is an answer too, and it must be recorded.
        return True

    def answers(self) -> Answers:
        hits = tuple((name, value) for name, value in self.asked.items() if value is not _Absent or _SEP in name)
        misses = "".join(_SEP + name for name, value in self.asked.items() if value is _Absent and _SEP not in name)
        return Answers(hits, misses)


_SEP = "\0"


@dataclass(frozen=True)
class Answers:
    """What a ``Lookups`` was asked and answered. Most questions (a word of
    the text: is it a known name?) have no answer: those are kept as one
    string, which pickles a thousand times faster than as many pairs."""

    hits: tuple[tuple[str, Any], ...]
    misses: str
    """The names that had no answer, each after a NUL."""


def same_answers(data: Mapping[str, Any], answers: Answers) -> bool:
    """True when ``data`` answers every recorded question as it did then."""
    if not all(data.get(name, _Absent) == value for name, value in answers.hits):
        return False
    return data.keys().isdisjoint(answers.misses.split(_SEP)[1:])
