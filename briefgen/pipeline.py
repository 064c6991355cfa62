"""The build: one line per stage, each timed.

``Builder`` keeps what is worth keeping between two builds of the same
project (the loaded spaCy model, the last gathered site) so that ``serve``
reruns only the stages a change needs: a template edit re-renders, a topic
note re-groups, a source edit re-reads (the analysis cache does the rest).

Between two runs of ``briefgen build`` the same holds through files: a build
whose inputs all match the site's manifest stops after the check; otherwise
each stage takes what the memo (``memo.py``) kept for unchanged inputs, so
one edited source costs its own cleaning, analysis, summary and briefing,
plus the stages that look at all sources at once.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import fingerprint, ingest, search
from .analyze import Analyzer, model_signature
from .cache import Cache
from .config import Config
from .content import Content, read_content
from .guard import check_publishable, check_sources
from .lexicon import load_words
from .memo import Memo, digest
from .model import Briefing, Document, Entity, Problem, Topic
from .parallel import Later, WorkerLost, can_fork, fork_map_later
from .publish import Index, Published, Staging, intact, on_disk, read_manifest
from .render import DEFAULT_THEME, Reuse, Site, SiteSettings, render_site
from .theme import unused_templates

if TYPE_CHECKING:
    from .clustering import Bags


FULL_COLLECTION_NEVER = 1 << 30
"""Collections of the middle generation after which the old one is collected, during a build."""
SUMMARIES_IN_WORKERS = 100
"""Sources from which their summaries are made in workers (a summary is ~1 ms of
work; forking a large build's process costs some tens of ms)."""
BRIEFINGS_IN_WORKERS = 64
"""Stories from which their briefings are made in workers."""


@contextmanager
def _no_full_collections() -> Iterator[None]:
    """Python's cyclic collector left to its young generations for a build.

    A build keeps what it makes (analyses, entities, pages) until its end, and
    makes it without reference cycles to speak of. A full collection walks all
    of it, and one comes each time the old generation has grown by a quarter:
    fifteen in a 10,000-source build, the last ones over a second each (8 s in
    all, in this process, on the build's longest path), to free ~80 objects.
    Thresholds, not ``gc.disable``: spaCy's model loading enables the collector
    again. The forked workers inherit the setting.
    """
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


class Change(IntEnum):
    """What changed, from cheapest to dearest to rebuild."""

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

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class Options:
    """How a build treats what it finds (not settings of the site)."""

    strict: bool = False
    """Refuse to publish when any file had a problem."""
    allow_empty: bool = False
    """Publish even a site without a single source."""
    drafts: bool = False
    """Include the sources marked ``draft: true``."""


Progress = Callable[[str, int], Callable[[int], None]]
"""progress(description, total) -> advance(n)."""


def _no_progress(description: str, total: int) -> Callable[[int], None]:
    return lambda n: None


class Builder:
    def __init__(
        self, config: Config, progress: Progress = _no_progress, index: bool = True, options: Options = Options()
    ) -> None:
        self.config = config
        self.options = options
        self.progress = progress
        self.index = index
        self.cache = Cache(config.cache)
        self.analyzer = Analyzer(config.spacy_model, self.cache, workers=config.workers)
        self.memo = Memo(config.cache, f"{fingerprint.code_digest()}:{model_signature(config.spacy_model)}")
        self._documents: tuple[Document, ...] | None = None
        self._analysis_keys: dict[str, str] = {}
        self._versions: dict[str, str] = {}
        self._source_problems: list[Problem] = []
        self._drafts = 0
        self._site: Site | None = None
        self._site_problems: list[Problem] = []

    def build(self, change: Change = Change.SOURCES) -> BuildReport:
        with _no_full_collections():
            return self._build(change)

    def _build(self, change: Change) -> BuildReport:
        c = self.config
        report = BuildReport()
        with report.stage("check"):
            check_sources(c.sources, exclude=(c.out, c.content, c.templates, c.cache))
            files: dict[str, str] = {}
            inputs = fingerprint.inputs_digest(c, DEFAULT_THEME, f"index={self.index}",
                                               f"drafts={self.options.drafts}", sources=files)  # fmt: skip
            if self.index and self._unchanged(inputs, report):
                self._check_publishable(report)
                return report
        # The stages' own modules load spaCy and SciPy (~1 s): only
        # a build with something to do pays for them.
        from . import topics
        from .summarize import remember_eligible

        if change >= Change.SOURCES or self._documents is None:
            with report.stage("ingest"):
                words = c.spacy_model  # the word list loads only when a file must be cleaned

                sources, self._source_problems = ingest.read_sources(
                    c.sources, is_word=lambda w: w in load_words(words), max_bytes=c.max_bytes,
                    known=self.memo.table("sources"), workers=c.workers, digests=files,
                )  # fmt: skip
                self._drafts = 0
                if not self.options.drafts:
                    kept = [s for s in sources if not s.draft]
                    self._drafts, sources = len(sources) - len(kept), kept
            with report.stage("analyze"):
                analyses = self.analyzer.analyze(
                    sources, self.progress("Analysing sources", len(sources)), memo=self.memo.table("analyses")
                )
                self._source_problems += [Problem(*entry) for entry in [*self.cache.corrupt, *self.memo.problems]]
                self.cache.corrupt.clear()
                self.memo.problems.clear()
            self._documents = tuple(Document(s, analyses[s.id]) for s in sources)
            self._analysis_keys = {s.id: self.analyzer.key(s.text) for s in sources}
            self._versions = {s.id: digest(s, self._analysis_keys[s.id]) for s in sources}
        documents = self._documents
        if change >= Change.CONTENT or self._site is None:
            with report.stage("content"):
                content = read_content(c.content)
            memo, keys = self.memo, self._analysis_keys
            # What every document-wide stage depends on: sources and their analyses.
            corpus = digest(list(self._versions.items()))
            workers = c.workers
            entity_inputs = (corpus, content.entities_toml, content.aliases_toml)
            per_document = (memo.table("entity_spans"), [keys[d.id] for d in documents])
            later: Later[Briefing] | None = None
            summarising: Later[tuple[tuple[int, ...], tuple[int, ...]]] | None = None
            grouping: Later[tuple[Topic, ...]] | None = None
            speculated: tuple[tuple[Entity, ...], list[Problem]] | None = None
            try:
                topics_key = digest(corpus, content.topics)
                # The entities depend on the stories only as groups of sources,
                # and an edit seldom regroups them: while a worker groups the
                # sources, this process resolves the entities for the groups of
                # the last build. That result is taken only for those very groups.
                guess: dict[str, str] | None = memo.get("stories", "last")
                if (
                    guess is not None
                    and workers > 1
                    and can_fork()
                    and guess.keys() == self._versions.keys()
                    and memo.peek("topics", topics_key) is None
                    and memo.peek("entities", digest(*entity_inputs, sorted(guess.items()))) is None
                ):
                    # Started first, as the longer of the two: the worker reads
                    # the features it needs, this process what it keeps. It groups
                    # in one process (a worker's workers would run in order), which
                    # takes about as long as the entities take here.
                    grouping = fork_map_later(partial(_topics_for, documents, content, self._bags),
                                              [None], workers, min_items=1)  # fmt: skip
                n = c.summary_sentences
                keys_s = [digest(keys[d.id], n, d.source.title) for d in documents]
                known_s, missing_s = memo.lookup("summaries", keys_s)
                # A summary needs no story: summaries are made in workers from now,
                # behind the grouping, on the core its serial steps leave idle.
                summarising = fork_map_later(partial(_summary_work, n, documents), missing_s, workers, behind=True,
                                             min_items=SUMMARIES_IN_WORKERS)  # fmt: skip
                memo.carry("entity_spans", per_document[1])  # kept for the next build whatever happens
                with report.stage("topics"):
                    for document in documents:  # kept for the next build, a new source's made
                        self._named_features(document)
                if grouping is not None and guess is not None:
                    with report.stage("entities"):
                        speculated = self._entities(documents, content, guess, per_document)
                with report.stage("topics"):
                    if grouping is not None:
                        try:
                            memo.put("topics", topics_key, grouping.result()[0])
                        except WorkerLost:
                            pass  # grouped here instead, as without a guess
                        grouping = None
                    found = memo.get_or("topics", topics_key,
                                        lambda: tuple(topics.assign_topics(documents, content.topics, bags=self._bags, workers=workers)))  # fmt: skip
                    position = _positions(documents)
                    stories = _stories(found, position)
                    memo.put("stories", "last", stories)
                with report.stage("summarize and brief"):
                    made = summarising.result()
                    summarising = None
                    # A briefing screens its sources' sentences as their summaries did:
                    # the briefing workers, forked next, inherit what the summaries found.
                    for i, (_, screened) in zip(missing_s, made, strict=True):
                        remember_eligible(documents[i].analysis, documents[i].source.title, screened)
                    made_s = memo.fill("summaries", keys_s, known_s, missing_s, [summary for summary, _ in made])
                    summaries = {d.id: made_s[i] for i, d in enumerate(documents)}
                    by_id = {d.id: d for d in documents}
                    jobs = [(t, [by_id[i] for i in t.source_ids]) for t in found]
                    keys_b = [digest(t, [(m.source, keys[m.id]) for m in members], c.briefing_claims, c.only_in)
                              for t, members in jobs]  # fmt: skip
                    known_b, missing_b = memo.lookup("briefings", keys_b)
                    # Briefings are made in workers while this process resolves the
                    # entities (unless it did so ahead); they yield to it, and take
                    # every core once it is done. A briefing is several sources' work:
                    # fewer of them repay the workers.
                    later = fork_map_later(partial(_briefing, c.briefing_claims, c.only_in),
                                           [jobs[i] for i in missing_b], workers, behind=True,
                                           min_items=BRIEFINGS_IN_WORKERS)  # fmt: skip
                with report.stage("entities"):
                    key = digest(*entity_inputs, sorted(stories.items()))
                    if speculated is not None and stories == guess and memo.peek("entities", key) is None:
                        memo.put("entities", key, speculated)
                    resolved, entity_problems = memo.get_or(
                        "entities", key, lambda: self._entities(documents, content, stories, per_document)
                    )
            except BaseException:
                for running in (later, summarising, grouping):
                    if running is not None:
                        running.cancel()
                raise
            with report.stage("summarize and brief"):
                assert later is not None
                made_b = memo.fill("briefings", keys_b, known_b, missing_b, later.result())
                briefings = {t.slug: made_b[i] for i, (t, _) in enumerate(jobs)}
            self._site = Site(
                settings=SiteSettings(c.title, c.description, c.base_url, c.language, c.extra_css),
                content=content,
                documents=documents,
                summaries=summaries,
                topics=found,
                briefings=briefings,
                entities=resolved,
            )
            self._site_problems = [*content.problems, *entity_problems, *self._topic_problems(documents, content),
                                   *unused_templates(c.templates)]  # fmt: skip
        site = self._site
        report.problems = [*self._source_problems, *self._site_problems, *self._memo_problems()]
        report.sources, report.topics, report.entities = len(documents), len(site.topics), len(site.entities)
        report.drafts = self._drafts
        self._check_publishable(report)
        with report.stage("render"):
            staging = Staging(c.out)
        try:
            with report.stage("render"):
                self.memo.read_table("pages")  # the render workers ask for all of it
                reuse = Reuse(known=self.memo.table("pages"), on_disk=on_disk(c.out, staging.previous),
                              versions=self._versions, salt=fingerprint.templates_digest(c, DEFAULT_THEME))  # fmt: skip
                render_site(site, c.templates, staging, reuse, workers=c.workers)
            # Saved while publishing, in a thread: the previous build's tables are
            # let go before Pagefind runs, and the pickling uses the core Pagefind
            # leaves idle. The last step, as a thread makes every later fork unsafe
            # and glibc's malloc slower. Safe if publishing fails, as a page is only
            # ever kept when the site on disk holds the very bytes the memo names.
            saved = self.memo.save(background=True)
            with report.stage("publish"):
                try:
                    report.published = staging.finish(index=self._index if self.index else None, inputs=inputs,
                                                      report=self._summary(report))  # fmt: skip
                finally:
                    saved()
                # Not beside the thread: it holds the GIL through long stretches of
                # pickling, and every one of the previous site's files, unlinked,
                # would wait for it in turn (3.7 s against 0.5 s alone).
                staging.tidy()
        except BaseException:
            staging.discard()  # nothing if it became the site
            raise
        report.problems += self._memo_problems()  # buckets first read by render
        return report

    def _check_publishable(self, report: BuildReport) -> None:
        o = self.options
        check_publishable(self.config.sources, report.sources, report.problems, drafts=report.drafts,
                          strict=o.strict, allow_empty=o.allow_empty)  # fmt: skip

    def _memo_problems(self) -> list[Problem]:
        """Stage cache files found unreadable since last asked: the memo reads
        each bucket when a stage first asks for one of its keys."""
        found = [Problem(*entry) for entry in self.memo.problems]
        self.memo.problems.clear()
        return found

    def _bags(self, document: Document) -> Bags:
        """A document's clustering features (its body terms are in its analysis already)."""
        from .clustering import body_terms

        return (body_terms(document), *self._named_features(document))

    def _named_features(self, document: Document) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The costly clustering features, kept per source between builds."""
        from .clustering import named_features

        return self.memo.get_or("features", self._features_key(document), partial(named_features, document))  # type: ignore[no-any-return]

    def _features_key(self, document: Document) -> str:
        s = document.source
        return digest(self._analysis_keys[s.id], s.title, s.published)

    @staticmethod
    def _summary(report: BuildReport) -> dict[str, Any]:
        """What a build with nothing changed reports again (see ``_unchanged``)."""
        return {"sources": report.sources, "topics": report.topics, "entities": report.entities,
                "drafts": report.drafts, "problems": [[p.path, p.reason] for p in report.problems]}  # fmt: skip

    def _unchanged(self, inputs: str, report: BuildReport) -> bool:
        """True when the site on disk was built from exactly these inputs and
        is intact: the build then has nothing to do, and says what it said."""
        manifest = read_manifest(self.config.out)
        if manifest is None or manifest.inputs != inputs or not intact(self.config.out, manifest):
            return False
        told = manifest.report
        report.sources, report.topics, report.entities, report.drafts = (
            int(told.get(k, 0)) for k in ("sources", "topics", "entities", "drafts")
        )
        report.problems = [Problem(str(path), str(reason)) for path, reason in told.get("problems", [])]
        report.published = Published(written=0, unchanged=len(manifest.files), removed=0, indexed=False)
        # The site stands for these inputs; what this builder kept in memory may not.
        self._documents = self._site = None
        return True

    def _index(
        self,
        staging: Path,
        pages: Mapping[str, str],
        previous: Path,
        shards: Mapping[str, str],
        before: Mapping[str, str],
    ) -> Index:
        # A story's source pages by its first source: a key that outlives a new title.
        site = self._site
        named = _stories(site.topics, _positions(site.documents)) if site else {}
        stories = {f"sources/{sid}.html": first for sid, first in named.items()}
        return search.index_shards(
            staging, pages, previous, shards, self.config.language, before, stories, workers=self.config.workers
        )

    @staticmethod
    def _entities(
        documents: tuple[Document, ...],
        content: Content,
        topic_of: dict[str, str],
        per_document: tuple[MutableMapping[str, Any], list[str]] | None = None,
    ) -> tuple[tuple[Entity, ...], list[Problem]]:
        from . import aliases, entities
        from .resolver import PerDocument

        overrides: aliases.Overrides | None = None
        problems: list[Problem] = []
        if content.entities_toml is not None:
            overrides, found = aliases.parse_overrides(content.entities_toml, content.entities_origin)
            problems += found
        table = aliases.default_aliases()
        if content.aliases_toml is not None:
            own, found = aliases.parse_alias_table(content.aliases_toml, content.aliases_origin)
            problems += found
            table = table.extended(own)
        kept = PerDocument(*per_document) if per_document else None
        return entities.resolve(documents, overrides=overrides, aliases=table, topics=topic_of, kept=kept), problems

    @staticmethod
    def _topic_problems(documents: tuple[Document, ...], content: Content) -> list[Problem]:
        from . import topics

        return [
            Problem(d.origin, f"topic '{d.slug}' matches no source")
            for d in topics.unclaimed_definitions(documents, content.topics)
        ]


def _positions(documents: Sequence[Document]) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(documents)}


def _stories(found: Sequence[Topic], position: Mapping[str, int]) -> dict[str, str]:
    """Source id -> its story, named by its first source: a name that stays
    while the story keeps its sources, whatever its title becomes."""
    stories = {}
    for topic in found:
        first = min(topic.source_ids, key=position.__getitem__)
        for sid in topic.source_ids:
            stories[sid] = first
    return stories


def _topics_for(
    documents: tuple[Document, ...], content: Content, bags: Callable[[Document], Bags], _: None
) -> tuple[Topic, ...]:
    """The topics stage in a worker, beside the entities resolved for a guess."""
    from . import topics

    return tuple(topics.assign_topics(documents, content.topics, bags=bags))


def _summary(n: int, document: Document) -> tuple[int, ...]:
    from .summarize import summarize

    return summarize(document.analysis, n, document.source.title)


def _summary_work(n: int, documents: Sequence[Document], i: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A document's summary, and the sentences it screened as eligible (for its briefing)."""
    from .summarize import eligible

    document = documents[i]
    return _summary(n, document), eligible(document.analysis, document.source.title)


def _briefing(length: int, only_in: int, job: tuple[Topic, list[Document]]) -> Briefing:
    from .brief import brief

    return brief(job[0], job[1], length=length, only_in=only_in)


def with_overrides(config: Config, **changes: Any) -> Config:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
