"""What a page shows, gathered from the stages' values into what its
template reads: plain functions, no files, no templates.

A source's text is split into paragraphs of sentences with their names
marked; a briefing becomes its key points with their citations, the
versions of each difference, the "only in" details by source and the
coverage grid; an entity's mentions are grouped by source. Text stays text
here: the templates escape it (``mark_text`` escapes what it wraps).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from ..model import Analysis, Briefing, Document, Entity, Topic
from .citations import coverage, differences_by_point, lead, name_sources, outlet_of

MENTIONS_SHOWN = 5
"""Sentences of one source shown on an entity's page."""
SOURCES_SHOWN = 100
"""Sources shown on an entity's page."""
INDEX_PER_TYPE = 300
"""Names of one type the index lists; a type with more gets a page of all its names, and the index
lists those named by the most sources (a large archive names tens of thousands)."""

DIFFERS_ON = {"number": "the numbers", "amount": "the numbers", "day": "the day", "date": "the date",
              "stance": "whether it is so", "speaker": "who said it"}  # fmt: skip
"""How a reader is told what two versions of one fact disagree on."""

NAMED_IN_BRIEFINGS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
"""The kinds of entity a briefing's side column lists: who and where (not
nationalities, which read as adjectives there: "Russian")."""

Span = tuple[int, int, str | None, str]
"""(start, end, href or None, entity type) in a source's text."""


class Row(Mapping[str, Any]):
    """A record a template reads, as ``row.name`` or ``row["name"]``.

    Its values are attributes: Jinja tries ``getattr`` before an item, and on a
    dict each such miss costs an exception (a page reads hundreds of them).
    """

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only for a missing key: a typo reads as Jinja's undefined
        raise AttributeError(name)

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dict__)

    def __len__(self) -> int:
        return len(self.__dict__)

    def __repr__(self) -> str:
        return f"Row({self.__dict__!r})"


def mark_text(text: str, offset: int, spans: Sequence[Span]) -> Markup:
    """Escape ``text`` (which starts at ``offset`` in its source) and wrap
    each (start, end, href, type) span in a link or a mark."""
    out: list[str] = []
    cursor = 0
    for start, end, href, kind in sorted(spans):
        start -= offset
        end -= offset
        if start < cursor or end > len(text) or start >= end:
            continue
        out.append(str(escape(text[cursor:start])))
        inner = escape(text[start:end])
        if href:
            out.append(f'<a class="ent ent-{escape(kind.lower())}" href="{escape(href)}">{inner}</a>')
        else:
            out.append(f'<mark class="ent ent-{escape(kind.lower())}">{inner}</mark>')
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


def paragraphs(text: str, analysis: Analysis, spans: list[Span]) -> list[list[Row]]:
    """A source's sentences in its paragraphs, each sentence's names marked."""
    out: list[list[Row]] = []
    bounds = _paragraph_starts(text)
    current = -1
    spans = sorted(spans, key=lambda sp: sp[0])
    starts = [sp[0] for sp in spans]
    for sentence in analysis.sentences:
        index = bisect_right(bounds, sentence.start) - 1
        if index != current:
            out.append([])
            current = index
        # Spans by start: a sentence's own are a slice, not a scan of all.
        first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        inside = [sp for sp in spans[first:last] if sp[1] <= sentence.end]
        out[-1].append(Row(anchor=sentence.anchor, number=sentence.number,
                           html=mark_text(sentence.text, sentence.start, inside)))  # fmt: skip
    return out


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n\n")
    while index != -1:
        starts.append(index + 2)
        index = text.find("\n\n", index + 2)
    return starts


def briefing_view(topic: Topic, briefing: Briefing | None, documents: Mapping[str, Document]) -> dict[str, Any]:
    """A topic page's content: its sources named and numbered, the key points
    with their citations, the differences, the "only in" details by source,
    the coverage grid and the lead. Links are relative to ``topics/``."""
    docs = [documents[i] for i in topic.source_ids]
    named = name_sources([d.source for d in docs])

    def href(source: str, sentence: int) -> str:
        return f"../sources/{source}.html#s-{sentence}"

    def cite(source: str, sentence: int) -> Row:
        src = documents[source].source
        known = named.get(source)
        return Row(source=src, sentence=sentence, href=href(source, sentence),
                   label=known.label if known else outlet_of(src) or src.title)  # fmt: skip

    claims: list[Row] = []
    differences: list[Row] = []
    only_in: list[Row] = []
    if briefing:
        by_point, _ = differences_by_point(briefing)
        for i, claim in enumerate(briefing.claims):
            claims.append(Row(claim=claim, number=i + 1, of=len(docs), corroboration=claim.corroboration,
                              citations=[cite(c.source, c.sentence) for c in claim.cited],
                              differs=[d + 1 for d in by_point.get(i, ())]))  # fmt: skip
        for d, diff in enumerate(briefing.differences):
            differences.append(Row(number=d + 1, kinds=list(dict.fromkeys(DIFFERS_ON.get(k, k) for k in diff.kinds)),
                                   versions=[Row(text=v.text, cite=cite(v.source, v.sentence)) for v in diff.versions],
                                   points=[i + 1 for i, ds in sorted(by_point.items()) if d in ds]))  # fmt: skip
        grouped: dict[str, list[Row]] = defaultdict(list)
        for detail in briefing.only_in:
            grouped[detail.source].append(Row(text=detail.text, href=href(detail.source, detail.sentence)))
        order = {sid: i for i, sid in enumerate(topic.source_ids)}
        for sid in sorted(grouped, key=lambda sid: order.get(sid, len(order))):
            only_in.append(Row(named=named.get(sid), source=documents[sid].source, details=grouped[sid]))
    return {"named": list(named.values()), "claims": claims, "differences": differences, "only_in": only_in,
            "coverage": coverage(briefing, topic.source_ids, href) if briefing else [],
            "lead": lead(topic.note_html, briefing)}  # fmt: skip


def briefing_entities(
    topic: Topic, spans: Mapping[str, Sequence[tuple[int, int, str, str]]], entities: Mapping[str, Entity],
    limit: int = 10,
) -> list[Row]:  # fmt: skip
    """The people, organisations and places most of a briefing's sources name."""
    sources: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for sid in topic.source_ids:
        named = [eid for _, _, eid, kind in spans.get(sid, ()) if kind in NAMED_IN_BRIEFINGS]
        sources.update(set(named))
        mentions.update(named)
    ranked = sorted(sources, key=lambda eid: (-sources[eid], -mentions[eid], entities[eid].name.lower()))
    return [Row(id=eid, name=entities[eid].name, type=entities[eid].type, sources=sources[eid],
                href=f"../entities/{eid}.html") for eid in ranked[:limit]]  # fmt: skip


def mention_groups(entity: Entity, documents: Mapping[str, Document], sentence: Callable[[str, int], str]
                   ) -> tuple[list[Row], int]:  # fmt: skip
    """An entity's mentions by source, in order, and how many sources are left out.

    A sentence that names it twice is shown once. A page is for reading: it
    shows the first :data:`MENTIONS_SHOWN` sentences of each source (the rest
    are a link away, on the source's page) and the first
    :data:`SOURCES_SHOWN` sources (the rest are a search away); without
    limits a country of a large archive is a page of megabytes.
    """
    groups: dict[str, list[int]] = {}
    for m in entity.mentions:
        shown = groups.setdefault(m.source, [])
        if not shown or shown[-1] != m.sentence:
            shown.append(m.sentence)
    out = []
    for sid, numbers in list(groups.items())[:SOURCES_SHOWN]:
        # Sentence 0 is the headline: the top of the source's page.
        page = f"../sources/{sid}.html"
        mentions = [Row(number=n, sentence=sentence(sid, n), href=f"{page}#s-{n}" if n else page)
                    for n in numbers[:MENTIONS_SHOWN]]  # fmt: skip
        out.append(Row(source=documents[sid].source, outlet=outlet_of(documents[sid].source),
                       mentions=mentions, more=len(numbers) - len(mentions)))  # fmt: skip
    return out, max(0, len(groups) - SOURCES_SHOWN)


def entity_index(entities: Sequence[Entity], sources_of: Mapping[str, Sequence[str]], order: Sequence[str]
                 ) -> tuple[list[tuple[str, list[Entity]]], dict[str, dict[str, Any]]]:  # fmt: skip
    """The index's names by type (in ``order``, then the rest), each type's in alphabetical order,
    and for each type with more than :data:`INDEX_PER_TYPE` names, its page of them all
    (``{"path", "count", "names"}``)."""
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        groups.setdefault(e.type, []).append(e)
    types = sorted(groups, key=lambda t: list(order).index(t) if t in order else len(order))
    listed, complete = [], {}
    for t in types:
        names = sorted(groups[t], key=lambda e: e.name.lower())
        if len(names) > INDEX_PER_TYPE:
            complete[t] = {"path": f"entities/all/{t.lower()}.html", "count": len(names), "names": names}
            most = sorted(names, key=lambda e: (-len(sources_of[e.id]), e.name.lower()))[:INDEX_PER_TYPE]
            names = sorted(most, key=lambda e: e.name.lower())
        listed.append((t, names))
    return listed, complete
