"""How a briefing names its sources and shows who reports what.

A source is named by its outlet: the one ingest found (front matter, a
"Source:" line, the page's metadata), else the domain of its URL. A source
of no known outlet is "Source 3", by its place in the briefing, and only
then: a headline cut short says less and takes more room. Outlets are
counted only when known, so that five anonymous files are not "5 outlets".

The coverage grid is the briefing at a glance: a row per key point, a
column per source, each cell saying whether that source reports the point,
tells it differently (a version of one of the briefing's differences), or
is silent. A difference that no key point cites gets a row of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from markupsafe import Markup

from ..model import Briefing, Source
from ..text.dateline import without_dateline

REPORTS, DIFFERS, SILENT = "reports", "differs", "silent"


def domain_of(url: str | None) -> str | None:
    """The host of a web address, without a leading ``www.``: ``ledger.example``."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".")
    host = host.removeprefix("www.")
    return host if "." in host else None


def outlet_of(source: Source) -> str | None:
    """The outlet a source came from, when anything says so."""
    return source.outlet or domain_of(source.url)


def count_outlets(sources: Iterable[Source]) -> int:
    """Known outlets, each once (case aside)."""
    return len({o.casefold() for o in map(outlet_of, sources) if o})


@dataclass(frozen=True)
class Named:
    """A source as a briefing names it."""

    source: Source
    number: int
    """1-based, in the briefing's order of sources."""
    outlet: str | None

    @property
    def label(self) -> str:
        return self.outlet or f"Source {self.number}"


def name_sources(sources: Sequence[Source]) -> dict[str, Named]:
    return {s.id: Named(s, i, outlet_of(s)) for i, s in enumerate(sources, start=1)}


@dataclass(frozen=True)
class Cell:
    state: str
    """``reports``, ``differs`` or ``silent``."""
    href: str | None = None


@dataclass(frozen=True)
class Row:
    label: str
    """What the row is, for the row's heading: ``Key point 3``, ``Difference 1``."""
    short: str
    """What the row's heading shows: ``3``, ``≠1``."""
    anchor: str
    """The id of the key point or difference on the page."""
    text: str
    cells: tuple[Cell, ...]


def differences_by_point(briefing: Briefing) -> tuple[dict[int, list[int]], list[int]]:
    """For each key point (by index), the differences (by index) one of
    whose versions it cites; and the differences no key point cites."""
    by_point: dict[int, list[int]] = {}
    alone: list[int] = []
    cited = [{(c.source, c.sentence) for c in claim.cited} for claim in briefing.claims]
    for d, difference in enumerate(briefing.differences):
        versions = {(v.source, v.sentence) for v in difference.versions}
        points = [i for i, sentences in enumerate(cited) if sentences & versions]
        for i in points:
            by_point.setdefault(i, []).append(d)
        if not points:
            alone.append(d)
    return by_point, alone


def coverage(briefing: Briefing, order: Sequence[str], href: Callable[[str, int], str]) -> list[Row]:
    """The grid's rows: sources in ``order``; ``href(source, sentence)`` links a cell to what it stands for."""
    by_point, alone = differences_by_point(briefing)
    rows: list[Row] = []
    for i, claim in enumerate(briefing.claims):
        states: dict[str, Cell] = {}
        for c in claim.cited:
            states.setdefault(c.source, Cell(REPORTS, href(c.source, c.sentence)))
        for d in by_point.get(i, ()):
            for v in briefing.differences[d].versions:
                states.setdefault(v.source, Cell(DIFFERS, href(v.source, v.sentence)))
        rows.append(Row(f"Key point {i + 1}", str(i + 1), f"point-{i + 1}", claim.text,
                        tuple(states.get(s, Cell(SILENT)) for s in order)))  # fmt: skip
    for d in alone:
        states = {}
        for v in briefing.differences[d].versions:
            states.setdefault(v.source, Cell(DIFFERS, href(v.source, v.sentence)))
        text = briefing.differences[d].versions[0].text
        rows.append(Row(f"Difference {d + 1}", f"≠{d + 1}", f"differ-{d + 1}", text,
                        tuple(states.get(s, Cell(SILENT)) for s in order)))  # fmt: skip
    return rows


def plain(html: str) -> str:
    """The text of a fragment of HTML (an editor's note), tags removed."""
    return Markup(html).striptags()


def shorten(text: str, limit: int = 240) -> str:
    """``text`` cut at a word before ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def lead(note_html: str, briefing: Briefing | None) -> str | None:
    """What a briefing (or a page) is, in a sentence or two: the first
    paragraph of its editor's note (its text), else its first key point."""
    paragraph = re.search(r"<p[^>]*>(.*?)</p>", note_html, re.DOTALL)
    first = plain(paragraph.group(1)) if paragraph else ""
    if first:
        return shorten(first)
    if briefing and briefing.claims:
        return shorten(briefing.claims[0].text)
    return None


def as_shown(briefing: Briefing) -> Briefing:
    """The briefing as pages show it: each quoted sentence without the dateline it opens with ("ORLIN (AP) —").
    The briefing itself keeps the source sentence whole; the place stays in the source's text and index."""
    return replace(
        briefing,
        claims=tuple(replace(c, text=without_dateline(c.text)) for c in briefing.claims),
        differences=tuple(
            replace(d, versions=tuple(replace(v, text=without_dateline(v.text)) for v in d.versions))
            for d in briefing.differences
        ),
        only_in=tuple(replace(d, text=without_dateline(d.text)) for d in briefing.only_in),
    )
