"""The learned merge of a story's entities: which two clusters are one thing.

The rules of ``resolver.py`` join what general facts of English make sure
(one key, a surname in its own document, an acronym and its words). What is
left are pairs of clusters of one story that share a word of their names:
"the Larkmoor Clinic" and "the Larkmoor Treatment Center", "Harlow" and
"Harlow Savings Bank", or two different things that look alike ("Orlin"
the town and "Orlin Rovers" the team). A logistic
model weighs the evidence of each pair (``FEATURES``) with weights fitted by
``training/entities.py`` on the ECB+ dev topics and shipped in
``briefgen/data/merges.json``.

Two facts are never left to the model: persons whose given names differ
are two people, and a surname alone is nobody's when the story names two
people who bear that word, as surname or given name (``people.one_person``);
these and the other hard facts are in ``apart``.
"""

from __future__ import annotations

import importlib.resources
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .apart import PLACES, forbidden, story_people
from .names import JOINERS, TITLES, initials, is_acronym
from .orgnames import GENERIC
from .people import given_names_agree, tokens
from .spans import Span

FEATURES = (
    "same_type",
    "both_person",
    "one_person_one_not",
    "place_and_other",
    "jaccard",
    "containment",
    "part_of",
    "same_last_word",
    "acronym",
    "characters",
    "given_names",
    "titles",
    "context",
    "same_documents",
    "rivals",
    "mentions",
)
# A word of more clusters than this in one story says nothing of a pair.
_MAX_SHARING = 12
_CONTEXT_SPANS = 12


@dataclass
class Cluster:
    """What one story says of one cluster of spans."""

    root: str
    spans: list[Span] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    titles: set[str] = field(default_factory=set)
    terms: list[Sequence[str]] = field(default_factory=list)
    """The content words of the sentences of its first spans: its context, read only when it is in a pair."""
    entries: set[int] = field(default_factory=set)
    """The alias-table entries its names are in."""

    @cached_property
    def context(self) -> Counter[str]:
        own = {w for k in self.keys for w in k.split()}
        return Counter(w for terms in self.terms for w in terms if w not in own)

    @cached_property
    def letters(self) -> set[str]:
        """The initials of its names of two words or more ("hcc" of "Harbour Conservation Council")."""
        surfaces = {s.surface for s in self.spans[:_CONTEXT_SPANS] if " " in s.key}
        return {x for surface in surfaces for x in initials(surface)}

    @cached_property
    def name(self) -> str:
        """The key of most spans, the longest among equals: "betty ford center"."""
        plain = {k: n for k, n in self.keys.items() if " " in k} or self.keys
        return max(plain.items(), key=lambda item: (item[1], len(item[0]), item[0]))[0]

    @cached_property
    def type(self) -> str:
        # The most frequent label, the first seen among equals.
        return max(self.labels, key=self.labels.__getitem__) if self.labels else "ORG"

    @cached_property
    def words(self) -> set[str]:
        return {w for k in self.keys for w in k.split() if w not in JOINERS and w not in GENERIC and len(w) > 1}

    def full_names(self) -> set[str]:
        return {s.key for s in self.spans if len(tokens(s.key)) >= 2 and not is_acronym(s.surface)}

    def full_people(self) -> set[str]:
        """Its full names when any span of it is a person's (a person the model also took for a team)."""
        return self.full_names() if "PERSON" in self.labels else set()


@dataclass(frozen=True)
class Weights:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    """One per feature, then the intercept."""
    threshold: float

    def probability(self, x: Sequence[float]) -> float:
        z = self.weights[-1] + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def shipped() -> Weights:
    text = importlib.resources.files("briefgen").joinpath("data/merges.json").read_text(encoding="utf-8")
    data = json.loads(text)
    if tuple(data["features"]) != FEATURES:
        raise ValueError("briefgen/data/merges.json: its features are not merges.FEATURES; run training/entities.py")
    return Weights(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["threshold"]))


def clusters_of(
    spans: Iterable[tuple[Span, str]],
    texts: Mapping[int, str],
    terms: Mapping[int, Sequence[Sequence[str]]],
    alias_index: Mapping[str, int],
) -> dict[str, Cluster]:
    """Clusters of one story from (span, root) pairs, with their titles and context words.

    ``texts`` gives each document's text, ``terms`` the content words of each of its sentences,
    ``alias_index`` the alias-table entry of a key.
    """
    found: dict[str, Cluster] = {}
    for span, root in spans:
        cluster = found.get(root)
        if cluster is None:
            cluster = found[root] = Cluster(root)
        cluster.spans.append(span)
        cluster.keys[span.key] = cluster.keys.get(span.key, 0) + 1
        if span.key in alias_index:
            cluster.entries.add(alias_index[span.key])
        if span.label:
            cluster.labels[span.label] = cluster.labels.get(span.label, 0) + 1
        if len(cluster.terms) >= _CONTEXT_SPANS:
            continue
        found_in = terms[span.doc]
        cluster.terms.append(found_in[span.sentence - 1] if 0 < span.sentence <= len(found_in) else ())
        before = texts[span.doc][max(0, span.start - 40) : span.start].lower().split()[-3:]
        cluster.titles.update(w.strip(".,") for w in before if w.strip(".,") in TITLES)
    return found


def candidates(clusters: Mapping[str, Cluster]) -> list[tuple[str, str]]:
    """Pairs of clusters that share a word of their names, or an acronym and its words."""
    by_word: dict[str, set[str]] = defaultdict(set)
    by_letters: dict[str, set[str]] = defaultdict(set)
    for root, cluster in clusters.items():
        for word in cluster.words:
            by_word[word].add(root)
        for letters in cluster.letters:
            by_letters[letters].add(root)
    pairs: set[tuple[str, str]] = set()
    for roots in by_word.values():
        if 1 < len(roots) <= _MAX_SHARING:
            ordered = sorted(roots)
            pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    for root, cluster in clusters.items():
        for k in cluster.keys:
            if " " not in k and len(k) >= 2:
                for other in by_letters.get(k, ()):
                    if other != root:
                        pairs.add((min(root, other), max(root, other)))
    return sorted(pairs)


def _bigrams(a: str, b: str) -> float:
    """Dice coefficient of the letter pairs of two names: spelling closeness."""
    pa, pb = {a[i : i + 2] for i in range(len(a) - 1)}, {b[i : i + 2] for i in range(len(b) - 1)}
    return 2 * len(pa & pb) / (len(pa) + len(pb)) if pa and pb else float(a == b)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(n * b[w] for w, n in a.items() if w in b)
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


def features(a: Cluster, b: Cluster, rivals: int) -> list[float]:
    """The evidence that clusters ``a`` and ``b`` are one thing, in the order of ``FEATURES``."""
    na, nb = a.name, b.name
    wa, wb = a.words, b.words
    short, long = sorted((na, nb), key=lambda n: (len(n.split()), n))
    ta, tb = a.type, b.type
    people = {ta, tb} == {"PERSON"}
    acronym = any(k in b.letters for k in a.keys if " " not in k) or any(k in a.letters for k in b.keys if " " not in k)
    given = 0.0
    if people:
        fa, fb = tokens(na), tokens(nb)
        if len(fa) >= 2 and len(fb) >= 2:
            given = 1.0 if given_names_agree(fa[0], fb[0]) else -1.0
    docs_a, docs_b = {s.doc for s in a.spans}, {s.doc for s in b.spans}
    titles = len(a.titles & b.titles) / len(a.titles | b.titles) if a.titles | b.titles else 0.0
    return [
        float(ta == tb),
        float(people),
        float((ta == "PERSON") != (tb == "PERSON")),
        float((ta in PLACES) != (tb in PLACES)),
        len(wa & wb) / max(1, len(wa | wb)),
        len(set(short.split()) & set(long.split())) / max(1, len(short.split())),
        float(long.startswith(short + " ") or long.endswith(" " + short)),
        float(na.split()[-1] == nb.split()[-1]),
        float(acronym),
        _bigrams(na, nb),
        given,
        titles,
        _cosine(a.context, b.context),
        len(docs_a & docs_b) / max(1, min(len(docs_a), len(docs_b))),
        math.log1p(rivals),
        math.log1p(min(len(a.spans), len(b.spans))),
    ]


def scored(
    clusters: Mapping[str, Cluster], known: Mapping[str, str] | None = None
) -> list[tuple[str, str, list[float]]]:
    """Candidate pairs of a story with their features.

    With ``known`` (a name's key -> the label the collection mostly gives
    it), pairs a hard fact keeps apart are left out before their features
    are read; without, all are given (training learns from them too).
    """
    pairs = candidates(clusters)
    partners: Counter[str] = Counter()
    for a, b in pairs:
        partners[a] += 1
        partners[b] += 1
    if known is not None:
        people = story_people(clusters, known)
        pairs = [(a, b) for a, b in pairs if not forbidden(clusters[a], clusters[b], people, known)]
    return [(a, b, features(clusters[a], clusters[b], min(partners[a], partners[b]) - 1)) for a, b in pairs]


def merges(clusters: Mapping[str, Cluster], weights: Weights, known: Mapping[str, str]) -> list[tuple[str, str]]:
    """Pairs of clusters to join: average link over scored pairs, never against a hard fact."""
    people = story_people(clusters, known)
    scores = {(a, b): weights.probability(x) for a, b, x in scored(clusters, known)}
    group = {root: root for root in clusters}
    members: dict[str, list[str]] = {root: [root] for root in clusters}
    joined: list[tuple[str, str]] = []
    for (a, b), p in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if p < weights.threshold:
            break
        ga, gb = group[a], group[b]
        if ga == gb:
            continue
        cross = [scores.get((min(x, y), max(x, y))) for x in members[ga] for y in members[gb]]
        seen = [s for s in cross if s is not None]
        if sum(seen) / len(seen) < weights.threshold:
            continue
        if any(forbidden(clusters[x], clusters[y], people, known) for x in members[ga] for y in members[gb]):
            continue
        joined.append((a, b))
        members[ga].extend(members[gb])
        for x in members.pop(gb):
            group[x] = ga
    return joined
