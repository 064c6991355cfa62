"""The build: one line per stage, each timed once.

``Builder`` keeps what is worth keeping between two builds of the same
project (the runtime with its store and workers, the last gathered site) so
that ``serve`` reruns only the stages a change needs: a template edit
re-renders, a topic note re-groups, a source edit re-reads (the store does
the rest).

Between two runs of ``briefgen build`` the same holds through files: a build
whose inputs all match the site's manifest stops after the check; otherwise
each stage takes what the store kept for unchanged inputs, so one edited
source costs its own cleaning, analysis, summary and briefing, plus the
stages that look at all sources at once (grouping, entity resolution).
Where work runs (forked workers, spawned ones, a Dask cluster) is the
runtime's business (``runtime/``): the stages are pure functions.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import analyze
from ..analyze import ANALYSIS_VERSION, BATCH_SIZE, SPACY_TABLE, analysis_key, from_data, worth_spreading
from ..config import Config
from ..model import Briefing, Document, Entity, Problem, Source, Topic
from ..runtime import Executor, Later, Runtime, Store, digest, fingerprint
from ..runtime.executor import executor_for
from ..runtime.files import default_theme
from ..runtime.fork import can_fork, detached
from ..site import search
from ..site.publish import Index, Published, Staging, intact, on_disk, read_manifest
from . import steps
from .guard import check_publishable, check_sources
from .values import DEFAULT_OPTIONS, BuildReport, Change, Corpus, Options, Progress, no_progress, with_overrides

if TYPE_CHECKING:
    from ..model import Content
    from ..site.render import Site

__all__ = ["FULL_COLLECTION_NEVER", "BuildReport", "Builder", "Change", "Options", "Progress", "with_overrides"]

STORIES = "stories"
"""The store's table of the last build's stories (source id -> story), under the key "last"."""
FULL_COLLECTION_NEVER = 1 << 30
"""Collections of the middle generation after which the old one is collected, during a build."""
SUMMARIES_IN_WORKERS = 100
"""Sources from which their summaries are made in workers (a summary is ~1 ms of
work; forking a large build's process costs some tens of ms)."""
BRIEFINGS_IN_WORKERS = 64
"""Stories from which their briefings are made in workers."""
FEATURES_IN_WORKERS = 200
"""Sources from which their clustering features are made in workers."""


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


class Builder:
    def __init__(
        self,
        config: Config,
        progress: Progress = no_progress,
        index: bool = True,
        options: Options = DEFAULT_OPTIONS,
        executor: Executor | None = None,
    ) -> None:
        self.config, self.options, self.progress, self.index = config, options, progress, index
        store = Store(config.cache, f"{fingerprint.code_digest()}", {SPACY_TABLE: ANALYSIS_VERSION})
        self.run = Runtime(store, executor or executor_for(config.scheduler, config.workers))
        self._corpus: Corpus | None = None
        self._site: Site | None = None
        self._site_problems: list[Problem] = []

    def close(self) -> None:
        """Stop the workers this builder started (a Dask cluster's connection, spawned processes)."""
        self.run.close()

    def build(self, change: Change = Change.SOURCES) -> BuildReport:
        with _no_full_collections():
            return self._build(change)

    def _build(self, change: Change) -> BuildReport:
        c, report, t = self.config, BuildReport(), BuildReport.timed
        inputs = t(report, "check", self._check, report)
        if inputs is None:
            return report
        # The stages' modules load NumPy, Jinja, spaCy and SciPy (~1 s): only a build with something to do pays.
        from ..ingest.content import read_content
        from ..site.render import Site, SiteSettings
        from ..site.theme import unused_templates

        if change >= Change.SOURCES or self._corpus is None:
            sources, problems, drafts = t(report, "ingest", self._ingest, inputs[1])
            self._corpus = t(report, "analyze", self._analyze, sources, problems, drafts)
        corpus = self._corpus
        documents = corpus.documents
        if change >= Change.CONTENT or self._site is None:
            content = t(report, "content", read_content, c.content)
            summarising = self._summaries(corpus)  # behind the grouping, on the core it leaves idle
            found = t(report, "topics", self._topics, corpus, content)
            screened, summaries = zip(*t(report, "summarize", summarising.result)) if documents else ((), ())
            # In workers while this process resolves the entities; each source screened once, by its summary.
            briefing = self._briefings(corpus, found, dict(zip((d.id for d in documents), screened, strict=True)))
            resolved, entity_problems = t(report, "entities", self._entities, corpus, content, found)
            briefings = t(report, "brief", briefing.result)
            self._site = Site(
                settings=SiteSettings(c.title, c.description, c.base_url, c.language, c.extra_css), content=content,
                documents=documents, summaries={d.id: s for d, s in zip(documents, summaries, strict=True)},
                topics=found, briefings={tp.slug: b for tp, b in zip(found, briefings, strict=True)},
                entities=resolved,
            )  # fmt: skip
            self._site_problems = [*content.problems, *entity_problems, *self._topic_problems(documents, content),
                                   *unused_templates(c.templates)]  # fmt: skip
        report.problems = [*corpus.problems, *self._site_problems, *self._store_problems()]
        report.sources, report.topics, report.entities = (
            len(documents),
            len(self._site.topics),
            len(self._site.entities),
        )
        report.drafts = corpus.drafts
        self._check_publishable(report)
        staging = Staging(c.out)
        try:
            t(report, "render", self._render, self._site, staging, change)
            report.published = t(report, "publish", self._publish, staging, inputs[0], report)
        except BaseException:
            staging.discard()  # nothing if it became the site
            raise
        report.problems += self._store_problems()  # buckets first read by render
        return report

    # -- the stages, each as the runtime runs it ----------------------------
    def _check(self, report: BuildReport) -> tuple[str, dict[str, str]] | None:
        """The digest of every input, and each source file's; None when the
        site on disk was built from exactly these inputs (nothing to do)."""
        c = self.config
        check_sources(c.sources, exclude=(c.out, c.content, c.templates, c.cache))
        files: dict[str, str] = {}
        known = fingerprint.Known(c.cache / fingerprint.DIGESTS if c.cache else None)
        inputs = fingerprint.inputs_digest(c, default_theme(), f"index={self.index}",
                                           f"drafts={self.options.drafts}", sources=files, known=known)  # fmt: skip
        known.save()
        if self.index and self._unchanged(inputs, report):
            self._check_publishable(report)
            return None
        return inputs, files

    def _ingest(self, files: dict[str, str]) -> tuple[list[Source], list[Problem], int]:
        from .. import ingest
        from ..text.lexicon import load_words

        c, run = self.config, self.run
        words = c.spacy_model  # the word list loads only when a file must be cleaned

        def each(function: Any, entries: Sequence[Any], keys: Sequence[str | None]) -> list[Any]:
            # Cleaning reads the files here, on this machine.
            return run.each("sources", function, entries, keys, portable=False).result()

        sources, problems = ingest.read_sources(c.sources, is_word=lambda w: w in load_words(words),
                                                max_bytes=c.max_bytes, digests=files, each=each)  # fmt: skip
        kept = sources if self.options.drafts else [s for s in sources if not s.draft]
        return kept, problems, len(sources) - len(kept)

    def _analyze(self, sources: list[Source], problems: list[Problem], drafts: int) -> Corpus:
        model = self.config.spacy_model
        keys = [analysis_key(s.text, model, s.title) for s in sources]
        found = self.run.batches(
            SPACY_TABLE, partial(analyze.analyse_texts, model), [(s.title, s.text) for s in sources], keys, BATCH_SIZE,
            spread=worth_spreading,
            progress=self.progress("Analysing sources", len(sources)),
        )  # fmt: skip
        documents = tuple(Document(s, from_data(s.id, s.text, data, s.title))
                          for s, data in zip(sources, found, strict=True))  # fmt: skip
        by_id = {s.id: k for s, k in zip(sources, keys, strict=True)}
        versions = {s.id: digest(s, by_id[s.id]) for s in sources}
        return Corpus(documents, by_id, versions, [*problems, *self._store_problems()], drafts)

    def _summaries(self, corpus: Corpus) -> Later[tuple[tuple[int, ...], tuple[int, ...]]]:
        n, documents = self.config.summary_sentences, corpus.documents
        keys = [digest(corpus.keys[d.id], n, d.source.title) for d in documents]
        return self.run.each("summaries", partial(steps.summary, n), documents, keys, behind=True,
                             min_items=SUMMARIES_IN_WORKERS)  # fmt: skip

    def _topics(self, corpus: Corpus, content: Content) -> tuple[Topic, ...]:
        from .. import topics
        from ..topics import clustering

        documents = corpus.documents
        keys = [digest(corpus.keys[d.id], d.source.title, d.source.published) for d in documents]
        named = self.run.each("features", clustering.named_features, documents, keys,
                              min_items=FEATURES_IN_WORKERS).result()  # fmt: skip
        features = {d.id: f for d, f in zip(documents, named, strict=True)}

        def bags(document: Document) -> clustering.Bags:
            return (clustering.body_terms(document), *features[document.id])

        key = digest(list(corpus.versions.items()), content.topics)

        def group(_: object = None) -> tuple[Topic, ...]:
            # The clustering spreads its similarity blocks only where they repay the workers (``PARALLEL_BLOCKS``).
            spread = partial(self.run.map, min_items=clustering.PARALLEL_BLOCKS)
            return tuple(topics.assign_topics(documents, content.topics, bags=bags, map=spread))

        last = self.run.store.peek(STORIES, "last")
        # Only where the grouping can go to a forked worker: in order, a changed grouping would cost two resolutions.
        beside = self.run.executor.workers > 1 and can_fork()
        if last is None or not beside or self.run.store.peek("topics", key) is not None:
            return self.run.once("topics", key, group)
        # After an edit the grouping mostly keeps its stories: while a worker
        # groups, this process resolves the entities of the last build's
        # stories, which the entities stage then finds in the store.
        grouping = self.run.each("topics", group, [None], [key], portable=False, min_items=1)
        self._entities(corpus, content, stories=last)
        return grouping.result()[0]

    def _briefings(
        self, corpus: Corpus, found: Sequence[Topic], screened: Mapping[str, tuple[int, ...]]
    ) -> Later[Briefing]:
        c, by_id = self.config, {d.id: d for d in corpus.documents}
        # The screening is the sources' own (it follows from their analyses), so not part of the key.
        jobs = [(t, [by_id[i] for i in t.source_ids], {i: screened[i] for i in t.source_ids}) for t in found]
        keys = [digest(t, [(m.source, corpus.keys[m.id]) for m in members], c.briefing_claims, c.only_in)
                for t, members, _ in jobs]  # fmt: skip
        # A briefing is several sources' work: fewer of them repay the workers.
        return self.run.each("briefings", partial(steps.briefing, c.briefing_claims, c.only_in), jobs, keys,
                             behind=True, min_items=BRIEFINGS_IN_WORKERS)  # fmt: skip

    def _entities(
        self, corpus: Corpus, content: Content, found: Sequence[Topic] = (), stories: dict[str, str] | None = None
    ) -> tuple[tuple[Entity, ...], list[Problem]]:
        if stories is None:
            stories = steps.stories_of(found, steps.positions(corpus.documents))
            self.run.store.put(STORIES, "last", stories)
        per_document = (self.run.store.table("entity_spans"), [corpus.keys[d.id] for d in corpus.documents])
        key = digest(
            list(corpus.versions.items()), content.entities_toml, content.aliases_toml, sorted(stories.items())
        )
        self.run.store.carry("entity_spans", per_document[1])  # kept for the next build whatever happens
        return self.run.once(
            "entities", key, lambda: steps.resolve_entities(corpus.documents, content, stories, per_document)
        )

    def _render(self, site: Site, staging: Staging, change: Change) -> None:
        from ..site.render import Reuse, render_site

        c, store = self.config, self.run.store
        if change == Change.ASSETS and steps.restyle(site, c.templates, staging):
            return
        store.read_table("pages")  # the render workers ask for all of it
        reuse = Reuse(known=store.table("pages"), on_disk=on_disk(c.out, staging.previous),
                      versions=self._corpus.versions if self._corpus else {},
                      salt=fingerprint.templates_digest(c, default_theme()))  # fmt: skip
        render_site(site, c.templates, staging, reuse, map=self.run.map)

    def _publish(self, staging: Staging, inputs: str, report: BuildReport) -> Published:
        # Saved while publishing, in a thread: the pickling uses the core Pagefind
        # leaves idle. The last step, as a thread makes every later fork unsafe
        # and glibc's malloc slower. Safe if publishing fails, as a page is only
        # ever kept when the site on disk holds the very bytes the store names.
        saved = self.run.store.save(background=True)
        try:
            published = staging.finish(index=partial(self._index, bodies=staging.bodies) if self.index else None,
                                       inputs=inputs,
                                       report=self._summary(report))  # fmt: skip
        finally:
            saved()
        # Not beside the thread: it holds the GIL through long stretches of
        # pickling, and every one of the previous site's files, unlinked,
        # would wait for it in turn (3.7 s against 0.5 s alone). Nothing waits
        # for the old site's deletion: the new one is in place.
        detached(staging.tidy)
        return published

    # -- reporting ------------------------------------------------------------
    def _check_publishable(self, report: BuildReport) -> None:
        o = self.options
        check_publishable(self.config.sources, report.sources, report.problems, drafts=report.drafts,
                          strict=o.strict, allow_empty=o.allow_empty)  # fmt: skip

    def _store_problems(self) -> list[Problem]:
        """Stored files found unreadable since last asked: the store reads
        each bucket when a stage first asks for one of its keys."""
        found = [Problem(*entry) for entry in self.run.store.problems]
        self.run.store.problems.clear()
        return found

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
        report.published = Published(written=0, unchanged=len(manifest.paths), removed=0, indexed=False)
        # The site stands for these inputs; what this builder kept in memory may not.
        self._corpus, self._site = None, None
        return True

    def _index(
        self,
        staging: Path,
        pages: Mapping[str, str],
        previous: Path,
        shards: Mapping[str, str],
        before: Mapping[str, str],
        bodies: Mapping[str, bool] | None = None,
    ) -> Index:
        # A story's source pages by its first source: a key that outlives a new title.
        site = self._site
        named = steps.stories_of(site.topics, steps.positions(site.documents)) if site else {}
        stories = {f"sources/{sid}.html": first for sid, first in named.items()}
        return search.index_shards(staging, pages, previous, shards, self.config.language, before, stories, bodies)

    @staticmethod
    def _topic_problems(documents: tuple[Document, ...], content: Content) -> list[Problem]:
        from .. import topics

        return [
            Problem(d.origin, f"topic '{d.slug}' matches no source")
            for d in topics.unclaimed_definitions(documents, content.topics)
        ]
