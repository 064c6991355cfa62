"""Brief stage: ranked, cited key points for one topic, where sources differ, what only one reports.

Extractive: every key point shows one source sentence verbatim and cites
every source sentence that reports the same fact.

1. Candidates (:mod:`.candidates`): each member source's citable sentences;
   those that stand on their own may be shown.
2. Pairs: each candidate is related (:func:`briefgen.relation.relate`:
   ``same`` / ``conflict`` / ``different``) to its closest sentences in every
   other source; TF-IDF picks which ones, as two tellings of one fact share
   at least some words.
3. Key points, greedy by value (lead position, centrality, corroboration):
   a sentence that may be shown takes, from every other source, its best
   ``same`` sentence not used yet. A key point that says what a chosen one
   says is folded into it. No cited sentence conflicts with another of its
   key point.
4. Differences: ``conflict`` pairs, each version quoted and cited.
5. Only in: informative sentences no other source reports, nor even comes
   close to, and no key point covers; at most ``only_in`` per source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Briefing, Citation, Claim, Detail, Difference, Document, Topic
from ..relation import APART, Relation, Statement, relate, statements
from ..text.leaning import points_back
from ..text.similarity import TfidfSpace, lexrank
from .candidates import Candidate, candidates
from .summarize import position_weight

PAIR_FLOOR = 0.15
"""TF-IDF cosine below which two sentences are not compared: two tellings of one fact share some words
(every pair of the claims dev set that reports the same fact is above it, in either half)."""
PER_SOURCE = 2
"""How many of another source's closest sentences each sentence is compared with."""
REDUNDANT = 0.45
"""Cosine between a candidate key point and a chosen one above which it repeats it."""
ONLY_IN_BELOW = 0.15
"""A sentence is "only in" its source when no other source's sentence reaches this probability of the same fact.
On half A of the claims dev set, 6% of the pairs that report the same fact (or part of it) score below it, and
50% of those that do not (half B: 9% and 44%)."""
MUTUAL_SLACK = 0.05
"""How far below a sentence's best match in a source another of its matches there may be, and still count."""
CORROBORATION_WEIGHT = 1.0
MAX_DIFFERENCES = 6


def brief(
    topic: Topic,
    documents: Sequence[Document],
    *,
    length: int = 8,
    only_in: int = 5,
    screened: Mapping[str, Sequence[int]] | None = None,
) -> Briefing:
    """The ranked, cited key points of a topic, its differences, and the details only one source gives.

    ``screened`` maps a source to its sentences that may be shown on their own
    (``summarize.eligible``), where its summary already found them."""
    by_id = {d.id: d for d in documents}
    members = [by_id[s] for s in topic.source_ids if s in by_id]
    cands = candidates(members, screened)
    if not cands:
        return Briefing(topic=topic, claims=(), only_in=())
    n_sources = len(members)
    cosine = TfidfSpace([c.terms for c in cands]).cosine()
    centrality = lexrank(cosine)
    position = np.array([position_weight(c.rank) for c in cands])
    prior = 0.45 * position + 0.35 * centrality
    anchors = _anchors(cands, prior, length, only_in)
    said: dict[int, Statement] = {}
    relations = _relations(cands, cosine, anchors, said)
    best: dict[int, float] = {}
    best_in: dict[tuple[int, int], float] = {}
    for (i, j), r in relations.items():
        best[i] = max(best.get(i, 0.0), r.score)
        best_in[(i, cands[j].doc)] = max(best_in.get((i, cands[j].doc), 0.0), r.score)
    # Two sentences report the same fact when each is the other's best match in its source: a
    # sentence that only comes close to one of another source's matches reports something else.
    # The same holds of two tellings of one fact that conflict.
    same: dict[int, dict[int, float]] = {}
    conflicts: dict[tuple[int, int], Relation] = {}
    for (i, j), r in relations.items():
        mutual = (
            r.score >= best_in[(j, cands[i].doc)] - MUTUAL_SLACK
            and r.score >= best_in[(i, cands[j].doc)] - MUTUAL_SLACK
        )
        if r.label == "same" and mutual:
            same.setdefault(i, {})[j] = r.score
        elif r.label == "conflict" and mutual:
            conflicts[(i, j)] = r
    support = np.array([len({cands[j].doc for j in same.get(i, {})}) for i in range(len(cands))], dtype=float)
    importance = prior + 0.2 * support / max(1, n_sources - 1)
    value = importance + CORROBORATION_WEIGHT * np.minimum(1.0, support / max(1, min(2, n_sources - 1)))

    chosen = _key_points(cands, same, relations, cosine, value, length)
    claims = [_claim(g, cands) for g in chosen]
    cited = {k for g in chosen for k in g}
    differences = _differences(cands, conflicts, relations)
    in_difference = {v for pair in differences for v in pair}
    taken = cited | in_difference
    # A sentence is said to be only in one source once it was compared with every other source:
    # the likeliest details were (they are anchors); the next ones are compared now.
    later = [k for k in _only_in_pool(cands, cosine, importance, taken, sorted(cited), 2 * only_in) if k not in anchors]
    for (i, _), r in _relations(cands, cosine, later, said).items():
        best[i] = max(best.get(i, 0.0), r.score)
    checked = set(anchors) | set(later)
    details = _only_in(
        cands, cosine, best, importance, taken | (set(range(len(cands))) - checked), sorted(cited), only_in
    )
    return Briefing(
        topic=topic,
        claims=tuple(claims),
        only_in=tuple(details),
        differences=tuple(_difference(d, cands, conflicts) for d in differences),
    )


def _anchors(cands: Sequence[Candidate], prior: np.ndarray, length: int, only_in: int) -> list[int]:
    """The sentences that may end up on the page: the likeliest key points, and each source's likeliest
    "only in" details. Only their pairs are scored: pairs grow with the square of a story's sources."""
    order = [i for i in sorted(range(len(cands)), key=lambda k: (-prior[k], k)) if cands[i].shown]
    anchors = set(order[: 2 * length])
    per_source: dict[int, int] = {}
    for i in order:
        if _informative(cands[i]) and per_source.get(cands[i].doc, 0) < only_in + 2:
            anchors.add(i)
            per_source[cands[i].doc] = per_source.get(cands[i].doc, 0) + 1
    return sorted(anchors)


def _informative(c: Candidate) -> bool:
    """A detail worth listing on its own: it names someone or something, or gives a number, and names
    what it tells of rather than pointing back at a sentence before (``points_back``)."""
    return bool(c.entities or c.numbers) and c.length >= 8 and not points_back(c.text)


def _relations(
    cands: Sequence[Candidate], cosine: np.ndarray, anchors: Sequence[int], said: dict[int, Statement]
) -> dict[tuple[int, int], Relation]:
    """The relation of each anchor to its closest sentences in every other source, both ways round.
    ``said`` keeps the statements made so far: only the sentences of a pair are made into one."""
    docs = np.array([c.doc for c in cands])
    wanted: set[tuple[int, int]] = set()
    if len(anchors):
        # Every other source's closest sentences: by source, closest first, ties in sentence order; all
        # anchors' rows sorted at once. Sorted by source first, every row holds the sources in one order.
        rows = np.asarray(anchors)
        keys = np.broadcast_to(np.arange(len(cands)), (len(rows), len(cands)))
        order = np.lexsort((keys, -cosine[rows], np.broadcast_to(docs, keys.shape)), axis=-1)
        by_source = docs[order[0]]
        first = (np.arange(len(cands)) - np.searchsorted(by_source, by_source)) < PER_SOURCE
        for i, row in zip(anchors, order):
            near = row[first & (by_source != cands[i].doc)]
            wanted.update((min(i, j), max(i, j)) for j in near.tolist() if cosine[i, j] >= PAIR_FLOOR)
    pairs = sorted(wanted)
    needed = sorted({k for pair in pairs for k in pair} - said.keys())
    said.update(zip(needed, statements([cands[k].spec for k in needed])))
    found = relate([(said[i], said[j]) for i, j in pairs])
    out: dict[tuple[int, int], Relation] = {}
    for (i, j), r in zip(pairs, found):
        out[(i, j)] = out[(j, i)] = r
    return out


def _key_points(
    cands: Sequence[Candidate],
    same: dict[int, dict[int, float]],
    relations: dict[tuple[int, int], Relation],
    cosine: np.ndarray,
    value: np.ndarray,
    length: int,
) -> list[list[int]]:
    """Groups of sentences that report one fact, best first; the first member is the one shown."""
    used: set[int] = set()
    chosen: list[list[int]] = []
    for i in sorted(range(len(cands)), key=lambda k: (-value[k], k)):
        if i in used or not cands[i].shown:
            continue
        group = [i]
        by_doc: dict[int, tuple[float, int]] = {}
        for j, score in same.get(i, {}).items():
            d = cands[j].doc
            if j not in used and (d not in by_doc or score > by_doc[d][0]):
                by_doc[d] = (score, j)
        for _, j in sorted(by_doc.values(), reverse=True):
            if not any(_apart(relations.get((j, k), _NONE)) for k in group):
                group.append(j)
        repeated = next((g for g in chosen if g[0] in same.get(i, {}) or float(cosine[i, g[0]]) > REDUNDANT), None)
        if repeated is not None:  # says what a chosen key point says: cite what that one's sentence matches
            docs = {cands[k].doc for k in repeated}
            for k in group:
                clash = any(_apart(relations.get((k, m), _NONE)) for m in repeated)
                if cands[k].doc not in docs and k in same.get(repeated[0], {}) and not clash:
                    repeated.append(k)
                    docs.add(cands[k].doc)
            used.update(group)
            continue
        if len(chosen) < length:
            chosen.append(group)
            used.update(group)
    return chosen


def _claim(group: Sequence[int], cands: Sequence[Candidate]) -> Claim:
    shown = cands[group[0]]
    cited = tuple(
        Citation(cands[m].source, cands[m].number)
        for m in sorted(set(group), key=lambda m: (cands[m].doc, cands[m].number))
    )
    return Claim(text=shown.text, source=shown.source, sentence=shown.number, cited=cited)


def _apart(r: Relation) -> bool:
    """Whether two sentences may not be cited for one key point: they conflict, or tell of two occasions or owners."""
    return r.label == "conflict" or not APART.isdisjoint(r.differs)


def _differences(
    cands: Sequence[Candidate], conflicts: dict[tuple[int, int], Relation], relations: dict[tuple[int, int], Relation]
) -> list[list[int]]:
    """Sentences of different sources that tell one fact incompatibly, most certain first."""
    ranked = sorted(((r.score, i, j) for (i, j), r in conflicts.items() if i < j), reverse=True)
    out: list[list[int]] = []
    for _, i, j in ranked:
        homes = [g for g in out if i in g or j in g]
        if len(homes) > 1 or (homes and i in homes[0] and j in homes[0]):
            continue  # both already shown, each in a difference of its own
        home = homes[0] if homes else None
        if home is None:
            if len(out) < MAX_DIFFERENCES:
                out.append([i, j])
            continue
        new = j if i in home else i
        # A version joins a difference when it conflicts with, or tells the same as, each one already there:
        # a sentence that is merely about something else is not a third telling.
        told = all((new, k) in conflicts or relations.get((new, k), _NONE).label == "same" for k in home)
        if new not in home and cands[new].doc not in {cands[k].doc for k in home} and told:
            home.append(new)
    return [sorted(g, key=lambda k: (cands[k].doc, cands[k].number)) for g in out]


def _difference(
    group: Sequence[int], cands: Sequence[Candidate], conflicts: dict[tuple[int, int], Relation]
) -> Difference:
    kinds: list[str] = []
    for a in group:
        for b in group:
            for kind in conflicts.get((a, b), _NONE).differs:
                if kind not in kinds:
                    kinds.append(kind)
    versions = tuple(Detail(source=cands[k].source, sentence=cands[k].number, text=cands[k].text) for k in group)
    return Difference(versions=versions, kinds=tuple(kinds))


def _only_in_pool(
    cands: Sequence[Candidate],
    cosine: np.ndarray,
    importance: np.ndarray,
    taken: set[int],
    cited: list[int],
    limit: int,
) -> list[int]:
    """The sentences that may be listed as "only in" their source, whatever the other sources say: up to
    ``limit`` per source, most important first."""
    count: dict[int, int] = {}
    out = []
    for k in sorted(range(len(cands)), key=lambda k: (-importance[k], k)):
        c = cands[k]
        if k in taken or not c.shown or not _informative(c) or count.get(c.doc, 0) >= limit:
            continue
        if cited and float(cosine[k, cited].max()) > 0.3:
            continue
        count[c.doc] = count.get(c.doc, 0) + 1
        out.append(k)
    return out


def _only_in(
    cands: Sequence[Candidate],
    cosine: np.ndarray,
    best: dict[int, float],
    importance: np.ndarray,
    taken: set[int],
    cited: list[int],
    limit: int,
) -> list[Detail]:
    """Informative sentences that no other source reports and no key point covers."""
    if limit <= 0:
        return []
    picked: dict[int, list[int]] = {}
    for k in sorted(range(len(cands)), key=lambda k: (-importance[k], k)):
        c = cands[k]
        if k in taken or not c.shown or not _informative(c):
            continue
        if best.get(k, 0.0) >= ONLY_IN_BELOW:
            continue  # another source says something close to it
        if cited and float(cosine[k, cited].max()) > 0.3:
            continue
        mine = picked.setdefault(c.doc, [])
        if len(mine) >= limit or (mine and float(cosine[k, mine].max()) > REDUNDANT):
            continue
        mine.append(k)
    return [
        Detail(source=cands[k].source, sentence=cands[k].number, text=cands[k].text)
        for doc in sorted(picked)
        for k in sorted(picked[doc], key=lambda k: cands[k].number)
    ]


_NONE = Relation("different", 0.0)
