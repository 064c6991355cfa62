"""Brief stage: ranked, cited claims for one topic.

Extractive: every claim shows one source sentence verbatim. Sentences of
different sources that say the same thing are grouped into one claim that
cites all of them.

1. Candidates: the sentences of each member source that may stand on their
   own (no boilerplate, headline, caption, fragment or exact repeat).
2. Pair score between sentences of different sources: TF-IDF cosine over
   stemmed terms with news paraphrases merged (serious/significant,
   pact/treaty), plus shared named entities, shared numbers, quoted words and
   a shared act; minus conflicting numbers, different people or actors and
   different acts.
3. Grouping, greedy by importance: a sentence takes the best-scoring unused
   sentence of every other source above ``GROUP``; the clearest member is
   shown, and every other member must pass :func:`verify` against it or it is
   dropped from the claim: compatible numbers; the same people; the same
   actor (the first person named, the countries named before the verb); the
   same act when both state one (:func:`~briefgen.similarity.predicates`:
   "stands behind" is "supports", which is not "will consider"); enough
   shared words that are not just the names everybody mentions. The check
   runs again on every citation of the final claims.
4. Ranking: corroboration across sources, centrality (LexRank over the topic)
   and lead position; redundancy removed MMR-style; cut to ``length``.
5. ``only_in``: sentences no other source reports, that are informative (a
   name or a number) and not redundant with a claim; at most ``only_in`` per
   source (so every source's own contribution stays visible), in document
   order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .model import Briefing, Citation, Claim, Detail, Document, Topic
from .similarity import (
    TfidfSpace,
    canonical_terms,
    entity_key,
    lexrank,
    numbers_in,
    predicates,
    quoted_terms,
    subject_end,
    words,
)
from .summarize import eligible, position_weight

GROUP = 0.30
"""Pair score from which two sentences of different sources may be grouped."""
REDUNDANT = 0.45
"""Cosine between a candidate claim and a chosen one above which it repeats it."""
ENTITY_WEIGHT = 0.15
NUMBER_WEIGHT = 0.10
QUOTE_WEIGHT = 0.10
CONFLICT_PENALTY = 0.25
PREDICATE_WEIGHT = 0.10
PREDICATE_PENALTY = 0.10
CORROBORATION_WEIGHT = 1.0
VERIFY_SHARE = 0.3
MUTUAL_SLACK = 0.15
"""A sentence joins a group only if the seed is (within this) its own best match in the seed's source."""
_PRONOUN_START = ("he ", "she ", "they ", "it ", "this ", "that ", "these ", "those ", "but ", "and ", "so ")
_PERSONISH = ("PERSON",)
_PLACES = frozenset({"GPE", "NORP"})
_SKIP_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})


@dataclass(frozen=True)
class _Candidate:
    doc: int
    source: str
    number: int
    rank: int
    """Position among the source's eligible sentences, 0 = first."""
    text: str
    terms: tuple[str, ...]
    entities: frozenset[str]
    entity_words: frozenset[str]
    persons: tuple[frozenset[str], ...]
    numbers: frozenset[str]
    quoted: frozenset[str]
    length: int
    lead: frozenset[str]
    """The first person named (the one who acts or speaks, in news style); empty when none."""
    places: frozenset[str]
    """Places and peoples named before the first verb: who acts, when a country or a group of them does."""

    @cached_property
    def predicates(self) -> frozenset[str]:
        """What the sentence says happened: canonical verbs, reporting verbs left out.
        Found on first use: most sentences are never compared with another source's."""
        return predicates(self.text)

    @cached_property
    def one_person(self) -> bool:
        """ "He said", "She added": one person, whoever it is (asked of every pair)."""
        return self.text.lower().startswith(("he ", "she "))

    @cached_property
    def full_names(self) -> bool:
        """Whether it names some person by more than one word."""
        return any(len(p) > 1 for p in self.persons)


def _candidates(documents: Sequence[Document]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for d, document in enumerate(documents):
        analysis = document.analysis
        by_sentence: dict[int, list[tuple[str, str]]] = {}
        subject_places: dict[int, set[str]] = {}
        subjects: dict[int, int] = {}
        for m in analysis.mentions:
            by_sentence.setdefault(m.sentence, []).append((m.label, entity_key(m.text)))
            if m.label in _PLACES:
                if m.sentence not in subjects:
                    s = analysis.sentence(m.sentence)
                    subjects[m.sentence] = s.start + subject_end(s.text)
                if m.start < subjects[m.sentence]:
                    subject_places.setdefault(m.sentence, set()).add(entity_key(m.text))
        for rank, number in enumerate(eligible(analysis, document.source.title)):
            sentence = analysis.sentence(number)
            mentions = [(label, key) for label, key in by_sentence.get(number, []) if key]
            entities = frozenset(key for label, key in mentions if label not in _SKIP_LABELS)
            persons = tuple(frozenset(key.split()) for label, key in mentions if label in _PERSONISH)
            entity_words = frozenset(w for key in entities for w in canonical_terms(key.split()))
            out.append(
                _Candidate(
                    doc=d,
                    source=document.id,
                    number=number,
                    rank=rank,
                    text=sentence.text,
                    terms=canonical_terms(sentence.terms),
                    entities=entities,
                    entity_words=entity_words,
                    persons=persons,
                    numbers=numbers_in(sentence.text),
                    quoted=quoted_terms(sentence.text),
                    length=len(words(sentence.text)),
                    lead=persons[0] if persons else frozenset(),
                    places=frozenset(subject_places.get(number, ())),
                )
            )
    return out


def _different_people(a: _Candidate, b: _Candidate) -> bool:
    """Both name people with full names and no name of one fits a name of the other."""
    if not a.full_names or not b.full_names:
        return False
    return not any(x <= y or y <= x for x in a.persons for y in b.persons)


def _fits(person: frozenset[str], people: Sequence[frozenset[str]]) -> bool:
    return any(person <= p or p <= person for p in people)


def _names_place(key: str, c: _Candidate) -> bool:
    """Whether a sentence names a place, loosely: "us" is "united states", "south korean" is "south korea"."""
    for e in c.entities:
        if e == key or e.startswith(key) or key.startswith(e):
            return True
        parts = e.split()
        if len(parts) > 1 and "".join(p[0] for p in parts) == key.replace(" ", ""):
            return True
        parts = key.split()
        if len(parts) > 1 and "".join(p[0] for p in parts) == e.replace(" ", ""):
            return True
    return False


def _other_actor(a: _Candidate, b: _Candidate) -> bool:
    """The person one sentence is about is not named at all by the other, which names people; or
    the countries that act in one are not all named by the other ("South Korea, the U.S. and Japan"
    is not "South Korea and the U.S.")."""
    if (a.lead and b.persons and not _fits(a.lead, b.persons)) or (
        b.lead and a.persons and not _fits(b.lead, a.persons)
    ):
        return True
    if a.one_person and len(b.places) > 1 and not b.persons or b.one_person and len(a.places) > 1 and not a.persons:
        return True  # "He said" is one person; "the U.S., South Korea and Japan" are three governments
    if a.places and b.places:
        return not all(_names_place(p, b) for p in a.places) or not all(_names_place(p, a) for p in b.places)
    return False


def _other_act(a: _Candidate, b: _Candidate) -> bool:
    """Both say someone did something, and not the same thing."""
    return bool(a.predicates and b.predicates and not (a.predicates & b.predicates))


def _pair_score(a: _Candidate, b: _Candidate, cosine: float, idf: dict[str, float], floor: float = -np.inf) -> float:
    """How surely two sentences of different sources say the same thing.

    A pair that cannot reach ``floor`` even with the bonus of a shared act
    gets a value below ``floor`` (not its score) before the acts of its
    sentences are read: they are the dearest feature, and a third of the
    sentences then never need theirs.
    """
    actor = CONFLICT_PENALTY if _other_actor(a, b) else 0.0
    entities = 0.0
    if a.entities and b.entities:
        shared = a.entities & b.entities
        union = a.entities | b.entities
        entities = ENTITY_WEIGHT * sum(idf.get(e, 1.0) for e in shared) / sum(idf.get(e, 1.0) for e in union)
    numbers = 0.0
    if a.numbers and b.numbers:
        numbers = NUMBER_WEIGHT if a.numbers & b.numbers else -CONFLICT_PENALTY
    quoted = QUOTE_WEIGHT * min(1.0, len(a.quoted & b.quoted) / 3) if a.quoted & b.quoted else 0.0
    people = CONFLICT_PENALTY if _different_people(a, b) else 0.0
    # The score with a shared act, added in the order below: no other act scores more.
    best = cosine + PREDICATE_WEIGHT - actor + entities + numbers + quoted - people
    if best < floor:
        return best
    score = cosine
    if a.predicates & b.predicates:
        score += PREDICATE_WEIGHT
    elif _other_act(a, b):
        score -= PREDICATE_PENALTY
    score -= actor
    score += entities
    score += numbers
    score += quoted
    score -= people
    return score


def verify(shown: _Candidate, cited: _Candidate, common: frozenset[str]) -> bool:
    """The stricter check a cited sentence must pass against the shown one.

    Run on every citation at build time: a sentence that fails it is not
    cited. Numbers, when both give some, must meet; the people named must not
    differ, and the person each sentence is about must be named by the other
    (a summit of Kim and Putin is not a call of Cho and Blinken); when both
    say someone did something, it must be the same act ("supports" is not
    "will consider"). Then the content: a shared act and one more shared word
    or name that is not among the topic's ubiquitous words, or else at least
    two shared content words outside names and ubiquitous words that make up
    a fair share of the shorter sentence.
    """
    if shown.numbers and cited.numbers and not (shown.numbers & cited.numbers):
        return False
    if _different_people(shown, cited) or _other_actor(shown, cited) or _other_act(shown, cited):
        return False
    names = shown.entity_words | cited.entity_words
    a = set(shown.terms) - names
    b = set(cited.terms) - names
    shared = a & b
    if shown.predicates & cited.predicates:
        rest = ((a | shown.entity_words) & (b | cited.entity_words)) - common - shown.predicates
        if rest:
            return True
    if len(shared - common) < 2:
        return False
    return len(shared) >= VERIFY_SHARE * min(len(a), len(b))


def _clarity(c: _Candidate) -> float:
    """How well a sentence stands on its own as the shown text of a claim."""
    score = 1.0
    if c.length < 10:
        score -= 0.4
    elif c.length > 45:
        score -= 0.3 * min(1.0, (c.length - 45) / 30)
    if c.text.lower().startswith(_PRONOUN_START):
        score -= 0.4
    if c.text.lstrip().startswith(("“", '"')):
        score -= 0.2
    return score


def brief(topic: Topic, documents: Sequence[Document], *, length: int = 8, only_in: int = 5) -> Briefing:
    """The ranked, cited claims of a topic and the details only one source gives."""
    by_id = {d.id: d for d in documents}
    members = [by_id[s] for s in topic.source_ids if s in by_id]
    cands = _candidates(members)
    if not cands:
        return Briefing(topic=topic, claims=(), only_in=())
    n_sources = len(members)
    space = TfidfSpace([c.terms for c in cands])
    cosine = space.cosine()
    centrality = lexrank(cosine)
    entity_df: dict[str, int] = {}
    for c in cands:
        for e in c.entities:
            entity_df[e] = entity_df.get(e, 0) + 1
    idf = {e: float(np.log((1 + len(cands)) / (1 + k)) + 1.0) for e, k in entity_df.items()}
    source_of = np.array([c.doc for c in cands])
    common = _common_terms(cands, n_sources)

    # Pair scores, only between different sources and where there is some overlap.
    scores: dict[tuple[int, int], float] = {}
    rows, cols = np.nonzero((cosine >= 0.08) & (source_of[:, None] != source_of[None, :]))
    for i, j in zip(rows.tolist(), cols.tolist()):
        if i < j:
            s = _pair_score(cands[i], cands[j], float(cosine[i, j]), idf, floor=GROUP)
            if s >= GROUP:
                scores[(i, j)] = scores[(j, i)] = s

    support = np.zeros(len(cands))
    for (i, j), s in scores.items():
        support[i] += 1.0
    position = np.array([position_weight(c.rank) for c in cands])
    importance = 0.45 * position + 0.35 * centrality + 0.2 * support / max(1, n_sources - 1)

    groups = _group(cands, scores, importance, common)
    chosen = _rank(groups, cands, scores, cosine, importance, common, length)
    # The build-time check: every citation is verified against the sentence its claim shows, once
    # more after grouping and merging, so a citation no rule let through on its own cannot ship.
    chosen = [[g[0]] + [k for k in g[1:] if verify(cands[g[0]], cands[k], common)] for g in chosen]
    claims = [_claim(g, cands) for g in chosen]
    claimed = {k for g in chosen for k in g}
    details = _only_in(groups, cands, cosine, scores, importance, claimed, only_in)
    return Briefing(topic=topic, claims=tuple(claims), only_in=tuple(details))


def _common_terms(cands: Sequence[_Candidate], n_sources: int) -> frozenset[str]:
    """Terms in at least a third of the topic's sentences: what the story is about, not what is said."""
    if len(cands) < 8:
        return frozenset()
    counts: dict[str, int] = {}
    for c in cands:
        for t in set(c.terms):
            counts[t] = counts.get(t, 0) + 1
    return frozenset(t for t, k in counts.items() if k >= 0.35 * len(cands))


def _group(
    cands: Sequence[_Candidate],
    scores: dict[tuple[int, int], float],
    importance: np.ndarray,
    common: frozenset[str],
) -> list[list[int]]:
    """Greedy star grouping around the most important sentences; the first member is the shown one."""
    neighbours: dict[int, list[tuple[float, int]]] = {}
    best_in: dict[tuple[int, int], float] = {}
    for (i, j), s in scores.items():
        neighbours.setdefault(i, []).append((s, j))
        key = (i, cands[j].doc)
        best_in[key] = max(best_in.get(key, 0.0), s)
    used: set[int] = set()
    groups: list[list[int]] = []
    for i in sorted(range(len(cands)), key=lambda k: (-importance[k], k)):
        if i in used:
            continue
        best: dict[int, tuple[float, int]] = {}
        for s, j in neighbours.get(i, []):
            if j in used or s < best_in[(j, cands[i].doc)] - MUTUAL_SLACK:
                continue
            d = cands[j].doc
            if d not in best or s > best[d][0]:
                best[d] = (s, j)
        members = [i] + [j for _, j in best.values()]
        shown = max(members, key=lambda k: (_clarity(cands[k]) + 0.5 * importance[k], -k))
        kept = [shown] + [k for k in members if k != shown and verify(cands[shown], cands[k], common)]
        if i not in kept:  # the seed itself does not pass against the clearer one: keep the seed's view
            kept = [i] + [k for k in members if k != i and verify(cands[i], cands[k], common)]
        used.update(kept)
        groups.append(kept)
    return groups


def _rank(
    groups: Sequence[list[int]],
    cands: Sequence[_Candidate],
    scores: dict[tuple[int, int], float],
    cosine: np.ndarray,
    importance: np.ndarray,
    common: frozenset[str],
    length: int,
) -> list[list[int]]:
    """The chosen groups, best first. A group that repeats a chosen one is not
    shown, but its sentences that pass :func:`verify` against the chosen
    claim's shown sentence are cited by it."""
    n_sources = len({c.doc for c in cands})
    value = []
    for g in groups:
        corroboration = len({cands[k].doc for k in g})
        value.append(
            float(importance[g].max())
            + CORROBORATION_WEIGHT * min(1.0, (corroboration - 1) / max(1, min(2, n_sources - 1)))
        )
    chosen: list[list[int]] = []
    for k in sorted(range(len(groups)), key=lambda k: (-value[k], k)):
        g = groups[k]
        same = [
            c
            for c in chosen
            if (float(cosine[g[0], c[0]]) > REDUNDANT and not _other_act(cands[g[0]], cands[c[0]]))
            or ((g[0], c[0]) in scores and verify(cands[c[0]], cands[g[0]], common))
        ]
        if same:  # says what a chosen claim says: cite what passes against its shown sentence
            claim = same[0]
            cited = {cands[m].doc for m in claim}
            for m in g:
                if cands[m].doc not in cited and verify(cands[claim[0]], cands[m], common):
                    claim.append(m)
                    cited.add(cands[m].doc)
            continue
        if len(chosen) < length:
            chosen.append(list(g))
    return chosen


def _claim(group: Sequence[int], cands: Sequence[_Candidate]) -> Claim:
    shown = cands[group[0]]
    cited = tuple(
        Citation(cands[m].source, cands[m].number)
        for m in sorted(set(group), key=lambda m: (cands[m].doc, cands[m].number))
    )
    return Claim(text=shown.text, source=shown.source, sentence=shown.number, cited=cited)


def _only_in(
    groups: Sequence[list[int]],
    cands: Sequence[_Candidate],
    cosine: np.ndarray,
    scores: dict[tuple[int, int], float],
    importance: np.ndarray,
    claimed: set[int],
    limit: int,
) -> list[Detail]:
    """Informative sentences that no other source reports and no claim covers."""
    if limit <= 0:
        return []
    claimed_list = sorted(claimed)
    matched = {i for i, _ in scores}
    picked: dict[int, list[int]] = {}
    singles = [g[0] for g in groups if len(g) == 1]
    for k in sorted(singles, key=lambda k: (-importance[k], k)):
        c = cands[k]
        if k in claimed or not (c.entities or c.numbers) or c.length < 8:
            continue
        if claimed_list and float(cosine[k, claimed_list].max()) > 0.3:
            continue
        if k in matched:
            continue  # another source says something close to it
        mine = picked.setdefault(c.doc, [])
        if len(mine) >= limit or (mine and float(cosine[k, mine].max()) > REDUNDANT):
            continue
        mine.append(k)
    return [
        Detail(source=cands[k].source, sentence=cands[k].number, text=cands[k].text)
        for doc in sorted(picked)
        for k in sorted(picked[doc], key=lambda k: cands[k].number)
    ]
