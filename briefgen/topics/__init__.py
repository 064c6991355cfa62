"""Topics stage: editor definitions first, story clustering for the rest.

Which definition claims a source, strongest reason first:

1. the source's own front matter (``Source.topic``) names the definition's slug;
2. the definition lists the source in ``sources`` (an id or an fnmatch glob over ids);
3. one of the definition's ``match`` terms occurs in the source's title or text
   (case-insensitive, whole words; a multi-word term matches across any whitespace).

A source belongs to at most one topic: the strongest reason wins, and among
definitions with the same reason the first in slug order. Definitions that
claim nothing produce no topic; ``unclaimed_definitions`` lists them so that
the caller can warn.

Every other source goes to story clustering (``clustering.py``); a source
with no partner is a topic of one. A front-matter topic that names no
definition names the story its source falls in, as a Hugo term names its
pages' list, rather than splitting the source from the story it belongs to
(see ``requested_topics``). Everything is sorted by id first, so the result
does not depend on the order of the input.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fnmatch import fnmatchcase

from ..model import Document, Source, Topic, TopicDefinition
from ..runtime.maps import Map, in_order
from .clustering import DEFAULT_SETTINGS, Bags, Cluster, bags_of, central_member, cluster_indices
from .titles import story_title

SLUG_MAX = 60


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated, at most SLUG_MAX characters cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[: SLUG_MAX + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:SLUG_MAX]
    return slug or "topic"


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    words = [t.strip() for t in terms if t.strip()]
    if not words:
        return None
    # \w-lookarounds instead of \b, so that terms starting or ending in punctuation ("C++", "U.S.") still match.
    alternatives = (r"\s+".join(re.escape(part) for part in word.split()) for word in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _claimers(definitions: Sequence[TopicDefinition]) -> list[Callable[[Source], str | None]]:
    """One test per strength of claim; each returns the claiming slug or None."""
    ordered = sorted(definitions, key=lambda d: d.slug)
    by_slug = {slugify(d.slug): d.slug for d in reversed(ordered)}
    patterns = [(d.slug, _term_pattern(d.match)) for d in ordered]

    def front_matter(source: Source) -> str | None:
        return by_slug.get(slugify(source.topic)) if source.topic else None

    def listed(source: Source) -> str | None:
        for definition in ordered:
            if any(fnmatchcase(source.id, pattern) for pattern in definition.sources):
                return definition.slug
        return None

    def matched(source: Source) -> str | None:
        for slug, pattern in patterns:
            if pattern is not None and (pattern.search(source.title) or pattern.search(source.text)):
                return slug
        return None

    return [front_matter, listed, matched]


def _claims(documents: Sequence[Document], definitions: Sequence[TopicDefinition]) -> dict[str, str]:
    """Source id -> slug of the definition that claims it. A source whose front matter asks for a
    topic that no definition has is claimed by none: its own request is the strongest reason."""
    tests = _claimers(definitions)
    known = {slugify(d.slug) for d in definitions}
    claims: dict[str, str] = {}
    for document in documents:
        if document.source.topic and slugify(document.source.topic) not in known:
            continue
        for test in tests:
            slug = test(document.source)
            if slug is not None:
                claims[document.id] = slug
                break
    return claims


def _sorted_unique(documents: Sequence[Document]) -> list[Document]:
    """By id; of two documents with the same id only the first (in id, then input, order) counts."""
    unique: dict[str, Document] = {}
    for document in sorted(documents, key=lambda d: d.id):
        unique.setdefault(document.id, document)
    return list(unique.values())


def requested_topics(
    documents: Sequence[Document], definitions: Sequence[TopicDefinition]
) -> dict[str, tuple[str, ...]]:
    """Front-matter topic slugs that no definition has -> the ids of the sources asking for them."""
    known = {slugify(d.slug) for d in definitions}
    requests: dict[str, list[str]] = {}
    for document in _sorted_unique(documents):
        wanted = document.source.topic
        if wanted and slugify(wanted) not in known:
            requests.setdefault(slugify(wanted), []).append(document.id)
    return {slug: tuple(ids) for slug, ids in sorted(requests.items())}


def join_requests(clusters: Sequence[Cluster], wanted: Mapping[int, str]) -> list[tuple[Cluster, str | None]]:
    """The stories, each with the slug its members' front matter asks for (or None), after moving
    every member that asks for a slug into the story named by it.

    ``wanted`` maps a member (an index, as in ``clusters``) to the slug it asks for. A slug names the
    story that holds most of the members asking for it (of equals, the one whose first member comes
    first); the slug that more members ask for chooses first. When every story holding its members
    already carries another slug, the members asking for it make a story of their own. A story that
    loses its central member is named by the most central of those that stay.
    """
    members = [list(c.members) for c in clusters]
    cohesion = {m: w for c in clusters for m, w in zip(c.members, c.cohesion or [0.0] * len(c.members))}
    home = {m: k for k, c in enumerate(clusters) for m in c.members}
    asking: dict[str, list[int]] = {}
    for index, slug in sorted(wanted.items()):
        asking.setdefault(slug, []).append(index)
    names: dict[int, str] = {}
    for slug in sorted(asking, key=lambda s: (-len(asking[s]), s)):
        counts = Counter(home[i] for i in asking[slug])
        free = [k for k in counts if k not in names]
        target = min(free, key=lambda k: (-counts[k], min(members[k]))) if free else len(members)
        if target == len(members):
            members.append([])
        names[target] = slug
        for i in asking[slug]:
            if home[i] != target:
                members[home[i]].remove(i)
                members[target].append(i)
                home[i] = target
    joined = []
    for k, group in enumerate(members):
        if not group:
            continue
        group.sort()
        unchanged = k < len(clusters) and tuple(group) == clusters[k].members
        cluster = (
            clusters[k]
            if unchanged
            else Cluster(tuple(group), central_member(group, cohesion), tuple(cohesion[m] for m in group))
        )
        joined.append((cluster, names.get(k)))
    return joined


def unclaimed_definitions(
    documents: Sequence[Document], definitions: Sequence[TopicDefinition]
) -> tuple[TopicDefinition, ...]:
    """Definitions that claim no source: ``assign_topics`` leaves them out, the caller warns."""
    claimed = set(_claims(_sorted_unique(documents), definitions).values())
    return tuple(d for d in sorted(definitions, key=lambda d: d.slug) if d.slug not in claimed)


def _label(slug: str) -> str:
    words = slug.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else slug


def _unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _by_centrality(cluster: Cluster) -> list[int]:
    """The members, the central one first, then the more cohesive before the less."""
    weight = dict(zip(cluster.members, cluster.cohesion)) if cluster.cohesion else {}
    rest = sorted((m for m in cluster.members if m != cluster.central), key=lambda m: -weight.get(m, 0.0))
    return [cluster.central, *rest]


def assign_topics(
    documents: Sequence[Document],
    definitions: Sequence[TopicDefinition],
    *,
    threshold: float | None = None,
    bags: Callable[[Document], Bags] = bags_of,
    map: Map = in_order,
) -> tuple[Topic, ...]:
    """Group documents into topics: definitions first, then story clustering. A source that is page
    furniture throughout (``Source.furniture``) joins a story only beside sources that are not, by what
    it says or by a definition's claim: alone, or by its front matter, it makes no story.

    ``threshold`` overrides the clustering's merge distance (0–1; higher
    merges more); ``bags`` gives a document's clustering features
    (``clustering.bags_of``); ``map`` may spread the clustering's similarity
    products over processes. Topics come largest first, then by slug; the source ids in
    a topic are sorted.
    """
    ordered = _sorted_unique(documents)
    claims = _claims(ordered, definitions)
    topics: list[Topic] = []
    taken = {d.slug for d in definitions}

    for definition in sorted(definitions, key=lambda d: d.slug):
        ids = tuple(d.id for d in ordered if claims.get(d.id) == definition.slug)
        if ids:
            topics.append(
                Topic(
                    slug=definition.slug,
                    title=definition.title or _label(definition.slug),
                    source_ids=ids,
                    note_html=definition.note_html,
                    defined=True,
                )
            )

    # A page the furniture model reads as furniture throughout is a crawl notice or a widget, or as often a
    # short news item it misjudges: it is grouped by what it says, so an item joins its story, but it makes no
    # story of its own (a notice would be one, with itself as key point) and its front matter asks for none.
    rest = [d for d in ordered if d.id not in claims]
    requests = requested_topics([d for d in rest if not d.source.furniture], definitions)
    taken.update(requests)
    position = {d.id: i for i, d in enumerate(rest)}
    wanted = {position[i]: slug for slug, ids in requests.items() for i in ids}
    settings = DEFAULT_SETTINGS if threshold is None else dataclasses.replace(DEFAULT_SETTINGS, threshold=threshold)
    found = []
    for cluster, asked in join_requests(cluster_indices(rest, settings, bags, map), wanted):
        named = [rest[i] for i in _by_centrality(cluster) if not rest[i].source.furniture]
        if not named:
            continue
        title = story_title(named)
        ids = tuple(rest[i].id for i in cluster.members)
        if asked is not None:
            topics.append(Topic(slug=asked, title=title, source_ids=ids))
        else:
            found.append((slugify(title), title, ids))
    # Suffixes follow (base slug, first member id): a story keeps its slug when unrelated stories change.
    for base, title, ids in sorted(found, key=lambda f: (f[0], f[2][0])):
        topics.append(Topic(slug=_unique_slug(base, taken), title=title, source_ids=ids))

    topics.sort(key=lambda t: (-len(t.source_ids), t.slug))
    return tuple(topics)
