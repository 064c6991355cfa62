"""The build: one line per stage, each timed.

``Builder`` keeps what is worth keeping between two builds of the same
project (the loaded spaCy model, the last gathered site) so that ``serve``
reruns only the stages a change needs: a template edit re-renders, a topic
note re-groups, a source edit re-reads (the analysis cache does the rest).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from typing import Any

from . import aliases, brief, entities, ingest, search, summarize, topics
from .analyze import Analyzer
from .cache import Cache
from .config import Config
from .content import Content, read_content
from .lexicon import load_words
from .model import Document, Problem
from .publish import Published, publish
from .render import Site, SiteSettings, render_site


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
    published: Published | None = None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


Progress = Callable[[str, int], Callable[[int], None]]
"""progress(description, total) -> advance(n)."""


def _no_progress(description: str, total: int) -> Callable[[int], None]:
    return lambda n: None


class Builder:
    def __init__(self, config: Config, progress: Progress = _no_progress, index: bool = True) -> None:
        self.config = config
        self.progress = progress
        self.index = index
        self.cache = Cache(config.cache)
        self.analyzer = Analyzer(config.spacy_model, self.cache, workers=config.workers)
        self._documents: tuple[Document, ...] | None = None
        self._source_problems: list[Problem] = []
        self._site: Site | None = None
        self._site_problems: list[Problem] = []

    def build(self, change: Change = Change.SOURCES) -> BuildReport:
        c = self.config
        report = BuildReport()
        if change >= Change.SOURCES or self._documents is None:
            with report.stage("ingest"):
                sources, self._source_problems = ingest.read_sources(
                    c.sources, is_word=load_words(c.spacy_model).__contains__, max_bytes=c.max_bytes
                )
            with report.stage("analyze"):
                analyses = self.analyzer.analyze(sources, self.progress("Analysing sources", len(sources)))
                self._source_problems += [Problem(entry, "cache") for entry in self.cache.corrupt]
                self.cache.corrupt.clear()
            self._documents = tuple(Document(s, analyses[s.id]) for s in sources)
        documents = self._documents
        if change >= Change.CONTENT or self._site is None:
            with report.stage("content"):
                content = read_content(c.content)
            with report.stage("summarize"):
                summaries = {d.id: summarize.summarize(d.analysis, c.summary_sentences, d.source.title) for d in documents}
            with report.stage("topics"):
                found = topics.assign_topics(documents, content.topics)
            with report.stage("brief"):
                by_id = {d.id: d for d in documents}
                briefings = {
                    t.slug: brief.brief(t, [by_id[i] for i in t.source_ids], length=c.briefing_claims, only_in=c.only_in)
                    for t in found
                }
            with report.stage("entities"):
                resolved, entity_problems = self._entities(documents, content, {sid: t.slug for t in found for sid in t.source_ids})
            self._site = Site(
                settings=SiteSettings(c.title, c.description, c.base_url, c.language),
                content=content,
                documents=documents,
                summaries=summaries,
                topics=found,
                briefings=briefings,
                entities=resolved,
            )
            self._site_problems = [*content.problems, *entity_problems, *self._topic_problems(documents, content)]
        site = self._site
        report.problems = [*self._source_problems, *self._site_problems]
        with report.stage("render"):
            files = render_site(site, c.templates)
        with report.stage("publish"):
            report.published = publish(files, c.out, index=self._index if self.index else None)
        report.sources, report.topics, report.entities = len(documents), len(site.topics), len(site.entities)
        return report

    def _index(self, folder: Path) -> None:
        search.index_site(folder, self.config.language)

    @staticmethod
    def _entities(
        documents: tuple[Document, ...], content: Content, topic_of: dict[str, str]
    ) -> tuple[tuple[entities.Entity, ...], list[Problem]]:
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
        return entities.resolve(documents, overrides=overrides, aliases=table, topics=topic_of), problems

    @staticmethod
    def _topic_problems(documents: tuple[Document, ...], content: Content) -> list[Problem]:
        return [
            Problem(d.origin, f"topic '{d.slug}' matches no source")
            for d in topics.unclaimed_definitions(documents, content.topics)
        ]


def with_overrides(config: Config, **changes: Any) -> Config:
    return replace(config, **{k: v for k, v in changes.items() if v is not None})
