"""Entities stage: the index of named things, every alias under one name.

``resolve`` takes all documents (source + analysis) and returns ``Entity``
values. The steps, each a general rule:

1. Spans (``spans.py``): the model's mentions trimmed of titles, "the",
   possessives and stray punctuation; compounds ("South Korea-U.S.") and
   nested places ("X Centre in Orlin, Ohio") split; quantities,
   lowercase fragments and spans in headline-like lines dropped.
   Labels (``labels.py``): one story's mentions of a name take its majority
   label; a surname of a person the story names in full is that person
   unless it stands as a place; a "person" that is the first word of an
   institution's name is that institution.
2. Short names: a surname or first name ("Cho"), or the first words of an
   institution ("Larkspur"), stands for the longer name it is part of in the
   same document (the nearest one when two people share the surname), else
   for the only such name in the story (a topic; the whole collection when
   no topics are given). With two candidates it stays on its own; a bare
   word prefers the name it heads ("Society" of "Society of ...").
3. Same key: spellings that differ in case, hyphens, spaces, periods
   ("Kim Jong Un" / "Kim Jong-un", "U. S." / "U.S.") are one name.
4. The alias table (countries, institutions) and acronyms whose letters are
   the initials of a longer name of the same document or story ("DPRK").
   A person is never merged by an acronym or a prefix, and nothing merges a
   country with its demonym or its capital (they never share a key).
5. The learned merge (``merges.py``): two clusters of a story that share a
   word of their names or an acronym are joined when a model fitted on the
   ECB+ dev topics weighs their evidence high enough, never against a hard
   fact (two people of different given names, a surname two people bear).
6. Spans the model missed where a known name of the story appears again,
   also where the model cut it ("Silver" of "Silver Harbour"), and the
   first word of a long institution name of the same document ("Larkspur").
7. Type by majority over the model's labels (the alias table's type wins),
   name by the form that covers most mentions; editor overrides last.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import Document, Entity, EntityMention, Mention, Sentence
from ..text.dateline import without_dateline
from .aliases import AliasTable, Overrides, default_aliases
from .labels import majority
from .matching import is_subsequence
from .merges import Weights, shipped
from .names import display, is_acronym, key, slug
from .resolver import PerDocument, Resolver
from .spans import Span


def _name(spans: Sequence[Span]) -> str:
    """The form that covers most mentions: "Ada Vance" covers "Vance"."""
    counts = Counter(s.key for s in spans if not s.recovered) or Counter(s.key for s in spans)
    keys = [k for k, _ in counts.most_common(50)]
    if len(keys) == 1:
        best = keys[0]
    else:
        words = {k: k.split() for k in keys}
        acronyms = {s.key for s in spans if is_acronym(s.surface)}
        plain = [k for k in keys if k not in acronyms] or keys

        def cover(candidate: str) -> tuple[int, int, int]:
            covered = sum(counts[k] for k in keys if is_subsequence(words[k], words[candidate]))
            return covered, counts[candidate], len(candidate)

        best = max(plain, key=cover)
    forms = Counter(display(s.surface) for s in spans if s.key == best)
    return max(forms.items(), key=lambda item: (item[1], "-" in item[0], item[0]))[0]


def _type(spans: Sequence[Span]) -> str:
    # Full names carry more evidence than a bare surname the model mislabels.
    full = Counter(s.label for s in spans if s.label and " " in s.key)
    if full and majority(full) == "PERSON":
        return "PERSON"
    labels = Counter(s.label for s in spans if s.label)
    return majority(labels) or "ORG"


@dataclass
class _Cluster:
    spans: list[Span]
    name: str | None = None
    type: str | None = None

    def key_set(self) -> set[str]:
        return {s.key for s in self.spans}


def _apply(clusters: list[_Cluster], overrides: Overrides) -> list[_Cluster]:
    for name in overrides.split:
        wanted = key(name)
        for cluster in list(clusters):
            apart = [s for s in cluster.spans if s.key == wanted]
            if apart and len(apart) < len(cluster.spans):
                cluster.spans = [s for s in cluster.spans if s.key != wanted]
                clusters.append(_Cluster(apart))
    for group in overrides.merge:
        wanted_keys = {key(n) for n in group}
        chosen = [c for c in clusters if c.key_set() & wanted_keys]
        if chosen:
            first = chosen[0]
            for other in chosen[1:]:
                first.spans.extend(other.spans)
                clusters.remove(other)
            first.name = group[0]
    for old, new in overrides.rename.items():
        for cluster in clusters:
            if key(old) in cluster.key_set() or (cluster.name and key(cluster.name) == key(old)):
                cluster.name = new
    for old, kind in overrides.retype.items():
        for cluster in clusters:
            if key(old) in cluster.key_set() or (cluster.name and key(cluster.name) == key(old)):
                cluster.type = kind
    hidden = {key(n) for n in overrides.hide}
    return [c for c in clusters if not (c.key_set() & hidden or (c.name and key(c.name) in hidden))]


def resolve(
    documents: Sequence[Document],
    *,
    overrides: Overrides | None = None,
    aliases: AliasTable | None = None,
    topics: Mapping[str, str] | None = None,
    kept: PerDocument | None = None,
    learned: bool = True,
    weights: Weights | None = None,
) -> tuple[Entity, ...]:
    """The entity index of ``documents``; deterministic for the same input.

    ``topics`` maps a source id to its topic slug: short names and known
    names are then resolved across the documents of one topic (a story).
    Without it the whole collection is one story. ``kept`` holds per-document
    work of earlier builds; the result is the same with or without it.
    ``weights`` replace the shipped merge scorer (a benchmark's refit);
    ``learned=False`` resolves by the rules alone.
    A mention in a source's headline has sentence 0 and offsets into the title.
    """
    given = documents
    documents = [headed(d) for d in documents]
    resolver = Resolver(documents, aliases if aliases is not None else default_aliases(), topics, kept)
    clusters = []
    for spans in resolver.clusters((weights or shipped()) if learned else None).values():
        entry = resolver.alias_entry(spans)
        cluster = _Cluster(spans)
        if entry is not None:
            cluster.name = resolver.table.entries[entry].name
            cluster.type = resolver.table.entries[entry].type
        clusters.append(cluster)
    if overrides:
        clusters = _apply(clusters, overrides)
    ids = [d.id for d in documents]
    bodies = [len(d.source.text) for d in given]
    entities = []
    for cluster in clusters:
        spans = sorted(cluster.spans, key=lambda s: (s.doc, s.start, s.end))
        name = cluster.name or _name(spans)
        forms = Counter(display(s.surface) for s in spans)
        aliases_found = tuple(f for f, _ in sorted(forms.items(), key=lambda i: (-i[1], i[0])) if f != name)
        # A source's headline first (it sorts after the text: ``headed``), as its page shows it.
        ordered = sorted(spans, key=lambda s: (s.doc, s.start < bodies[s.doc], s.start, s.end))
        mentions = tuple(_mention(s, ids[s.doc], bodies[s.doc]) for s in ordered)
        entities.append(Entity("", name, cluster.type or _type(spans), aliases_found, mentions))
    return _with_ids(entities, documents)


_GAP = "\n\n"


def headed(document: Document) -> Document:
    """The document with its headline as a last paragraph, so the rules read
    a name in it as they read one in the text ("Vance" of the headline is the
    "Ada Vance" of the text); a title-case headline is a headline-like line,
    where only the story's known names are taken (``spans.extract``).

    At the end, not the start: the text's offsets and sentence numbers stand."""
    title = document.source.title
    words = title.rstrip("…").split()
    # A title ingest made of the text's first words (a file that starts with
    # its text; the dateline and the sentence's end left out) is no headline
    # of its own: its names would count twice.
    if not words or _taken_from(title, document.source.text):
        return document
    text, analysis = document.source.text, document.analysis
    at = len(text) + len(_GAP)
    number = len(analysis.sentences) + 1
    headline = Sentence(number, at, at + len(title), title)
    # In Title Case the model's boundaries are guesses ("Condemn New Treaty"
    # as an organisation): only the story's known names are taken there.
    found = () if _title_case(words) else analysis.headline
    mentions = tuple(Mention(m.text, m.label, at + m.start, at + m.end, number) for m in found)
    return Document(
        replace(document.source, text=text + _GAP + title),
        replace(analysis, sentences=(*analysis.sentences, headline), mentions=analysis.mentions + mentions),
    )


def _taken_from(title: str, text: str) -> bool:
    """Whether the title is the text's first words, read word by word without punctuation."""
    mine = _WORD.findall(title.lower())
    lead = _WORD.findall(without_dateline(text[: 2 * len(title) + 100]).lower())
    return lead[: len(mine)] == mine


_WORD = re.compile(r"[^\W_]+")


def _title_case(words: Sequence[str]) -> bool:
    """Most words capitalised, as a headline in Title Case has them (``spans.is_headline_like`` without its length cap)."""
    alphabetic = [w for w in words if w[:1].isalpha()]
    return bool(alphabetic) and sum(w[0].isupper() for w in alphabetic) >= 0.7 * len(alphabetic)


def _mention(span: Span, source: str, body: int) -> EntityMention:
    if span.start < body:
        return EntityMention(source, span.sentence, span.surface, span.start, span.end)
    at = body + len(_GAP)
    return EntityMention(source, 0, span.surface, span.start - at, span.end - at)


def _with_ids(entities: list[Entity], documents: Sequence[Document]) -> tuple[Entity, ...]:
    order = {d.id: i for i, d in enumerate(documents)}
    slugs = {name: slug(name) for name in {e.name for e in entities}}

    def rank(entity: Entity) -> tuple[Any, ...]:
        first = entity.mentions[0] if entity.mentions else None
        where = (order.get(first.source, 0), first.start) if first else (0, 0)
        return (slugs[entity.name], -len(entity.mentions), entity.name, entity.type, where)

    taken: set[str] = set()
    result = []
    for entity in sorted(entities, key=rank):
        base = slugs[entity.name]
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        taken.add(ident)
        result.append(Entity(ident, entity.name, entity.type, entity.aliases, entity.mentions))
    return tuple(result)
