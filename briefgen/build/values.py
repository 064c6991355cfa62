"""What a build takes and gives: the kind of change it answers, its options, its report, the analysed corpus.

Plain values, apart from the builder that makes them, so that the preview
and the command line name them without reading how a build runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any, TypeVar

from ..config import Config
from ..model import Document, Problem
from ..site.publish import Published

R = TypeVar("R")


class Change(IntEnum):
    """What changed, from cheapest to dearest to rebuild."""

    ASSETS = 0
    TEMPLATES = 1
    CONTENT = 2
    SOURCES = 3


@dataclass
class BuildReport:
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    sources: int = 0
    topics: int = 0
    entities: int = 0
    drafts: int = 0
    """Sources left out as drafts."""
    published: Published | None = None

    def timed(self, name: str, function: Callable[..., R], *args: Any) -> R:
        start = time.perf_counter()
        try:
            return function(*args)
        finally:
            self.timings[name] = time.perf_counter() - start


@dataclass(frozen=True)
class Options:
    """How a build treats what it finds (not settings of the site)."""

    strict: bool = False
    """Refuse to publish when any file had a problem."""
    allow_empty: bool = False
    """Publish even a site without a single source."""
    drafts: bool = False
    """Include the sources marked ``draft: true``."""


DEFAULT_OPTIONS = Options()

Progress = Callable[[str, int], Callable[[int], None]]
"""progress(description, total) -> advance(n)."""


def no_progress(description: str, total: int) -> Callable[[int], None]:
    return lambda n: None


@dataclass(frozen=True)
class Corpus:
    """The analysed sources and what keys the later stages' results by them."""

    documents: tuple[Document, ...]
    keys: dict[str, str]
    """Source id -> its analysis key."""
    versions: dict[str, str]
    """Source id -> a digest of the source and its analysis."""
    problems: list[Problem]
    drafts: int


def with_overrides(config: Config, **changes: Any) -> Config:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
