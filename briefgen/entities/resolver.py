"""Clustering of name spans into entities: the rules of the entities stage.

``Resolver(documents, table, topics).clusters()`` returns the spans of each
entity, keyed by an opaque root id; ``entities.resolve`` names, types and
numbers them. The steps are described in ``entities.py``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Document
from .aliases import AliasTable
from .labels import majority, relabel
from .matching import Union, dominant, heads, inside, is_subsequence, one_root, part_of
from .merges import Cluster, Weights, clusters_of, merges
from .names import is_acronym, key
from .notnames import in_lower_case, opener_cuts, sentence_openers
from .orgnames import ORGISH, first_words_standing, join_acronyms, join_agreements, spread_acronyms, variant_pairs
from .people import given_names_agree, not_the_son, one_person, surname, tokens, variant_groups
from .recovery import first_words, recover_kept
from .spans import Span, extract_kept, institution_words, raw_keys

_COMPASS = frozenset({"north", "south", "east", "west"})
_ALIAS = "\x1ealias:"
_STORY = "\x1f"
_ALONE = "\x1e"
"""Opens the story of a source in no topic: no topic slug holds it."""
# Not whitespace to str.split, unlike the separators above: the word stays one word.
_WORD = "\u2063"


@dataclass(frozen=True)
class PerDocument:
    """Where to keep per-document results between builds: ``table`` under
    ``keys`` (one per document, a digest of its text and analysis)."""

    table: MutableMapping[str, Any]
    keys: Sequence[str]


@dataclass
class _Doc:
    index: int
    story: str
    spans: list[Span]
    nodes: list[str]
    full: list[bool] = field(default_factory=list)
    """Per span: a person's full name (``Resolver.full_person``), asked by every step."""


class Resolver:
    def __init__(
        self,
        documents: Sequence[Document],
        table: AliasTable,
        topics: Mapping[str, str] | None,
        kept: PerDocument | None = None,
    ) -> None:
        self.documents = documents
        self.table = table
        self.alias_index = table.index()
        # What a previous build found per document (its own keys and spans)
        # stands while the document and the answers it got are the same.
        old: list[Any] = [kept.table.get(k) for k in kept.keys] if kept else [None] * len(documents)
        raw = [o[0] if o else tuple(raw_keys(d.source.text, d.analysis)) for o, d in zip(old, documents)]
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for found in raw:
            for name_key, label in found:
                counts[name_key][label] += 1
        known = {name_key: majority(labels) for name_key, labels in counts.items()}
        self.known = known
        for name_key, position in self.alias_index.items():
            known.setdefault(name_key, table.entries[position].type or "ORG")
        institution = institution_words(known)
        self.kept, self.old, self.raw = kept, old, raw
        self.extracted: list[Any] = []
        self.docs = []
        acronym_only = table.acronym_keys()
        for i, d in enumerate(documents):
            before = old[i]
            spans, extracted = extract_kept(
                i, d.source.text, d.analysis, known, institution, before[1] if before is not None else None
            )
            self.extracted.append(extracted)
            # "US" is the country, "Us" a word or a title ("told Us", "Us Today"): its own key.
            spans = [
                replace(s, key=s.key + _WORD) if s.key in acronym_only and not is_acronym(s.surface) else s
                for s in spans
            ]
            # A source the topics keep out of every story is a story of its own, not one with every other such.
            story = "" if topics is None else topics.get(d.id, f"{_ALONE}{d.id}")
            self.docs.append(_Doc(i, story, spans, []))
        texts = [(d.source.text, d.analysis.sentences, doc.spans) for d, doc in zip(documents, self.docs, strict=True)]
        words = sentence_openers(texts, self.alias_index)
        for doc in self.docs if words else ():
            doc.spans = [s for s in doc.spans if s.key not in words]
        cuts = [opener_cuts(text, sentences, doc.spans) for doc, (text, sentences, _) in zip(self.docs, texts)]
        openers = in_lower_case({word for found in cuts for word, _ in found.values()}, texts)
        for doc, found in zip(self.docs, cuts, strict=True):
            for i, (word, start) in found.items():
                if word in openers:
                    span = doc.spans[i]
                    surface = documents[doc.index].source.text[start : span.end]
                    doc.spans[i] = replace(span, start=start, surface=surface, key=key(surface))
        by_story: dict[str, list[tuple[str, list[Span]]]] = defaultdict(list)
        for doc in self.docs:
            by_story[doc.story].append((documents[doc.index].source.text, doc.spans))
        relabel(list(by_story.values()), known, lambda s: s.key in self.alias_index, key)
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        for doc in self.docs:
            for span in doc.spans:
                labels[span.key][span.label] += 1
        self.common = {name_key: majority(found) for name_key, found in labels.items()}
        """The label most spans of a name carry, over the collection."""
        for doc in self.docs:
            doc.full = [self.full_person(s) for s in doc.spans]
        self.union = Union()

    def personish(self, span: Span, local_person: set[str]) -> bool:
        # A place label that survived the story's relabelling (``labels.py``)
        # stands where the word names a place: "in Orlin".
        if span.key in self.alias_index or is_acronym(span.surface) or span.label in ("GPE", "LOC"):
            return False
        return span.label == "PERSON" or span.key in local_person or self.common.get(span.key, "") == "PERSON"

    def maybe_person(self, span: Span, surnames: Mapping[str, int] | None = None) -> bool:
        """A model label that may be wrong for a surname ("Delacroix" as ORG).

        Never a name of the alias table or one the model mostly tags as a
        place; a "nationality" ("Varga" as NORP) only when the story
        names people with that surname at least three times.
        """
        if span.key in self.alias_index or is_acronym(span.surface) or " " in span.key:
            return False
        common = self.common.get(span.key, "")
        if span.label in ("GPE", "LOC"):
            return False
        if common == "PERSON":
            return True
        if common in ("GPE", "LOC", "FAC") or span.label == "FAC":
            return False
        if "NORP" in (common, span.label):
            return surnames is not None and surnames.get(span.key, 0) >= 3
        return True

    def full_person(self, span: Span) -> bool:
        # "Dalby Jr." is a surname with its suffix: a short name, like "Dalby".
        return (
            " " in span.key
            and len(tokens(span.key)) >= 2
            and not is_acronym(span.surface)
            and (span.label == "PERSON" or self.common.get(span.key, "") == "PERSON")
        )

    def short_names(self) -> dict[str, list[tuple[_Doc, int]]]:
        """Step 2 within each document; returns what is left for the story."""
        pending: dict[str, list[tuple[_Doc, int]]] = defaultdict(list)
        for doc in self.docs:
            people = [(s, s.key.split()) for s, full in zip(doc.spans, doc.full, strict=True) if full]
            surnames = Counter(words[-1] for _, words in people)
            local_person = {s.key for s in doc.spans if s.label == "PERSON"}
            orgs = [s for s in doc.spans if s.label in ORGISH and " " in s.key]
            keys = {s.key for s in doc.spans}
            for span, full in zip(doc.spans, doc.full, strict=True):
                node = span.key
                if full or (" " in span.key and span.label != "PERSON"):
                    doc.nodes.append(node)
                    continue
                person = self.personish(span, local_person)
                tokens = span.key.split()
                fulls = []
                if person or self.maybe_person(span, surnames):
                    fulls = [p for p, words in people if p.key != span.key and is_subsequence(tokens, words)]
                if (fulls and not one_person({p.key for p in fulls})) or not_the_son(
                    span.key, [p.key for p in fulls], keys
                ):
                    # Two people of this surname in the document (or a son
                    # it calls "Dalby Jr."): the bare surname is either, so
                    # it is nobody's.
                    node = f"{doc.story}{_STORY}{span.key}"
                elif fulls:
                    before = [p for p in fulls if p.start < span.start]
                    node = (before[-1] if before else fulls[0]).key
                elif span.key in _COMPASS:
                    # "the North" of a story about North Korea.
                    places = Counter(
                        p.key for p in doc.spans if p.label in ("GPE", "LOC") and p.key.startswith(span.key + " ")
                    )
                    found = dominant(set(places), places)
                    if len(found) == 1:
                        node = found.pop()
                elif span.label in ORGISH and not is_acronym(span.surface):
                    longer = heads(span.key, {o.key for o in orgs if part_of(span.key, o.key)})
                    if len(longer) == 1:
                        node = longer.pop()
                    else:
                        pending[doc.story].append((doc, len(doc.nodes)))
                elif person or (span.label == "NORP" and " " not in span.key):
                    pending[doc.story].append((doc, len(doc.nodes)))
                doc.nodes.append(node)
        return pending

    def stories(self) -> dict[str, list[_Doc]]:
        grouped: dict[str, list[_Doc]] = defaultdict(list)
        for doc in self.docs:
            grouped[doc.story].append(doc)
        return grouped

    def story_short_names(self, pending: Mapping[str, list[tuple[_Doc, int]]]) -> None:
        for story, docs in self.stories().items():
            by_last: dict[str, set[str]] = defaultdict(set)
            by_first: dict[str, set[str]] = defaultdict(set)
            org_prefixes: dict[str, set[str]] = defaultdict(set)
            surnames: Counter[str] = Counter()
            orgs: Counter[str] = Counter()
            for doc in docs:
                for span, full in zip(doc.spans, doc.full, strict=True):
                    if full:
                        last = surname(span.key)
                        surnames[last] += 1
                        by_last[last].add(span.key)
                        by_first[span.key.split()[0]].add(span.key)
                    elif span.label in ORGISH and " " in span.key:
                        words = span.key.split()
                        orgs[span.key] += 1
                        for n in range(1, len(words)):
                            org_prefixes[" ".join(words[:n])].add(span.key)
                            org_prefixes[" ".join(words[n:])].add(span.key)
            for doc, position in pending.get(story, []):
                span = doc.spans[position]
                tokens = span.key.split()
                found: set[str] = set()
                if span.label == "PERSON" or self.maybe_person(span, surnames):
                    found = {f for f in by_last.get(tokens[-1], set()) if is_subsequence(tokens, f.split())}
                    given = by_first.get(tokens[0], set()) if len(tokens) == 1 else set()
                    # A given name's bearer has a surname the collection takes for no other thing
                    # ("Ashford Orlin", a name run onto a place, is no such bearer).
                    rival = {f for f in given if self.common.get(surname(f), "PERSON") == "PERSON"}
                    if found and rival and not one_person(found | rival):
                        # "Ashford": the surname of "Dale Ashford", the given name of "Ashford Pell".
                        found = set()
                    elif not found:
                        found = given
                    found = one_root(self.union, found)
                if not found and span.label in ORGISH:
                    found = one_root(self.union, heads(span.key, org_prefixes.get(span.key, set())), orgs)
                if len(found) == 1:
                    doc.nodes[position] = next(iter(found))
                elif span.label != "PERSON" and self.common.get(span.key, "") != "PERSON":
                    doc.nodes[position] = span.key
                else:
                    # An unresolved surname means whoever it means in this story only.
                    doc.nodes[position] = f"{story}{_STORY}{span.key}"

    def person_variants(self) -> None:
        """Join full names of one story that are variants of one name (``people.py``).

        A multi-word name the model did not tag as a person ("Alex Brannock" as
        GPE) takes part when a full name of a person in the story has its
        surname and a given name that agrees with its first word.
        """
        for docs in self.stories().values():
            full: dict[str, set[str]] = defaultdict(set)
            others: set[str] = set()
            for doc in docs:
                for span, is_full in zip(doc.spans, doc.full, strict=True):
                    if is_full:
                        full[surname(span.key)].add(span.key.split()[0])
                    elif " " in span.key and not is_acronym(span.surface) and span.key not in self.alias_index:
                        others.add(span.key)
            candidates = {s.key for doc in docs for s, is_full in zip(doc.spans, doc.full, strict=True) if is_full}
            for name in others:
                words = tokens(name)
                if len(words) >= 2 and any(given_names_agree(words[0], f) for f in full.get(words[-1], ())):
                    candidates.add(name)
            for group in variant_groups(candidates):
                for other in group[1:]:
                    self.union.join(group[0], other)

    def org_variants(self) -> None:
        """One institution's name written two ways in a story (``orgnames.py``)."""
        for docs in self.stories().values():
            names: set[str] = set()
            acronyms: set[str] = set()
            for doc in docs:
                for s in doc.spans:
                    if s.label in ORGISH and self.common.get(s.key, "") in ORGISH and not is_acronym(s.surface):
                        names.add(s.key)
                        acronyms.update(key(w) for w in s.surface.split() if is_acronym(w))
            for a, b in variant_pairs(names, acronyms):
                self.union.join(a, b)

    def aliases_and_acronyms(self) -> None:
        for doc in self.docs:
            for span, node in zip(doc.spans, doc.nodes):
                self.union.find(node)
                position = self.alias_index.get(span.key)
                if position is not None and node == span.key:
                    self.union.join(node, f"{_ALIAS}{position:06d}")
        chosen: list[dict[str, str]] = []
        for docs in self.stories().values():
            story = [(d.spans, d.nodes, d.full, self.documents[d.index].source.text) for d in docs]
            join_agreements(story, self.union)
            chosen.append(join_acronyms(story, self.union, self.alias_index))
        spread_acronyms([(d.spans, d.nodes) for d in self.docs], chosen, self.union)

    def recover(self) -> list[tuple[Span, str]]:
        found: list[tuple[Span, str]] = []
        for docs in self.stories().values():
            story: dict[str, set[str]] = defaultdict(set)
            for doc in docs:
                for span, node in zip(doc.spans, doc.nodes):
                    story[span.surface].add(self.union.find(node))
            unique = {surface: next(iter(roots)) for surface, roots in story.items() if len(roots) == 1}
            lengths = first_words(story)
            starts: dict[str, set[str]] = defaultdict(set)
            for surface, roots in story.items():
                if " " in surface:
                    starts[surface.split()[0]].update(roots)
            for doc in docs:
                local = {s.surface: self.union.find(n) for s, n in zip(doc.spans, doc.nodes)}
                document = self.documents[doc.index]

                def lookup(surface: str, local: dict[str, str] = local, unique: dict[str, str] = unique) -> str | None:
                    return local.get(surface) or unique.get(surface)

                text = document.source.text
                short = first_words_standing(
                    doc.spans, doc.nodes, self.union, story, starts, self.alias_index, self.known
                )
                before = self.old[doc.index]
                spans, recovered = recover_kept(doc.index, text, document.analysis.sentences, doc.spans, lookup,
                                                lengths, short, before[2] if before else None)  # fmt: skip
                found.extend(spans)
                if self.kept:
                    entry = (self.raw[doc.index], self.extracted[doc.index], recovered)
                    # Only what changed: the memo compares every entry it is given with its file's.
                    if before is None or any(new is not old for new, old in zip(entry, before, strict=True)):
                        self.kept.table[self.kept.keys[doc.index]] = entry
        return found

    def rules(self) -> None:
        pending = self.short_names()
        self.person_variants()
        self.org_variants()
        self.story_short_names(pending)
        self.aliases_and_acronyms()

    def story_clusters(self) -> list[dict[str, Cluster]]:
        """What each story says of each cluster the rules made (``merges.py``)."""
        found = []
        for docs in self.stories().values():
            pairs = [(s, self.union.find(n)) for doc in docs for s, n in zip(doc.spans, doc.nodes, strict=True)]
            texts = {d.index: self.documents[d.index].source.text for d in docs}
            terms = {d.index: [s.terms for s in self.documents[d.index].analysis.sentences] for d in docs}
            found.append(clusters_of(pairs, texts, terms, self.alias_index))
        return found

    def clusters(self, weights: Weights | None = None) -> dict[str, list[Span]]:
        self.rules()
        if weights is not None:
            for story in self.story_clusters():
                for a, b in merges(story, weights, self.known):
                    self.union.join(a, b)
        grouped: dict[str, list[Span]] = defaultdict(list)
        for doc in self.docs:
            for span, node in zip(doc.spans, doc.nodes):
                grouped[self.union.find(node)].append(span)
        recovered = self.recover()
        longer: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for span, root in recovered:
            grouped[self.union.find(root)].append(span)
            longer[span.doc].append((span.start, span.end))
        if longer:
            # A model span inside a recovered one was a cut of that name.
            for root in list(grouped):
                spans = grouped[root]
                kept = [s for s in spans if s.recovered or not inside(s, longer.get(s.doc, ()))]
                if len(kept) < len(spans):
                    if kept:
                        grouped[root] = kept
                    else:
                        del grouped[root]
        return grouped

    def alias_entry(self, spans: Iterable[Span]) -> int | None:
        positions = {self.alias_index[s.key] for s in spans if s.key in self.alias_index}
        return min(positions) if positions else None
