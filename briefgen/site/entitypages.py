"""The entity index, its data and a page per entity: the part of the render stage about entities.

A mixin of :class:`briefgen.site.render.Renderer`, which gives it the site, the
page writer and what is kept between builds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from ..model import Document, Entity, Topic
from ..runtime.store import digest
from . import views
from .theme import TYPE_NAMES

if TYPE_CHECKING:
    from .render import Reuse, Site


class EntityPages:
    if TYPE_CHECKING:
        site: Site
        documents: dict[str, Document]
        topic_of: dict[str, Topic]
        sources_of: dict[str, tuple[str, ...]]
        reuse: Reuse | None

        def page(self, path: str, template: str, **context: Any) -> None: ...
        def json(self, path: str, value: Any) -> None: ...
        def keep(self, paths: Sequence[str], inputs: Callable[[], Any]) -> bool: ...
        def sentence_text(self, source: str, number: int) -> str: ...
        def feed_file(self, path: str, make: Callable[[str], bytes]) -> None: ...
        def sources_feed(self, title: str, page: str, at: str, urn: tuple[str, str], ids: Sequence[str],
                         sentence: Mapping[str, int] | None, built: str) -> bytes: ...  # fmt: skip

    def entity_index(self) -> list[Callable[[], None]]:
        """The jobs that write the index of entities and their data."""
        entities = self.site.entities
        if not entities:
            return []
        return [self._entity_list, self._entity_data]

    def _entity_list(self) -> None:
        groups, complete = views.entity_index(self.site.entities, self.sources_of, list(TYPE_NAMES))
        self.page("entities/index.html", "entities.html", title="People, organisations and places", groups=groups,
                  sources=self.sources_of, complete={t: {**c, "names": None} for t, c in complete.items()})  # fmt: skip
        for t, c in complete.items():
            self.page(c["path"], "entities.html", title=f"{TYPE_NAMES.get(t, t.title())}: every name",
                      groups=[(t, c["names"])], sources=self.sources_of, complete={})  # fmt: skip

    def _entity_data(self) -> None:
        self.json("data/entities.json", [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "page": f"entities/{e.id}.html",
             "mentions": [{"source": m.source, "sentence": f"s-{m.sentence}" if m.sentence else "headline",
                           "text": m.text} for m in e.mentions],
             "topics": self._entity_topics(e)} for e in self.site.entities
        ])  # fmt: skip

    def entity_pages(self) -> list[Callable[[], None]]:
        """The jobs that write a page per entity."""
        entities = self.site.entities
        by_source: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for sid in self.sources_of[e.id]:
                by_source[sid].add(e.id)
        names = {e.id: e for e in entities}
        topic_at = {t.slug: i for i, t in enumerate(self.site.topics)}
        # A topic is part of the inputs of every entity page that lists it: digested once, here.
        topic_keys = {t.slug: digest(t) for t in self.site.topics} if self.reuse else {}
        return [partial(self.entity_page, e, by_source, names, topic_at, topic_keys) for e in entities]

    def _entity_topics(self, e: Entity) -> list[str]:
        return sorted({self.topic_of[s].slug for s in self.sources_of[e.id] if s in self.topic_of})

    def entity_page(
        self,
        e: Entity,
        by_source: Mapping[str, set[str]],
        names: Mapping[str, Entity],
        topic_at: Mapping[str, int],
        topic_keys: Mapping[str, str],
    ) -> None:
        topics = self._entity_topics(e)
        together: Counter[str] = Counter()
        sources = self.sources_of[e.id]
        for sid in sources:
            together.update(by_source[sid])
        del together[e.id]  # in each of its own sources
        # The most sources first, then by id: sorted by id, then stably by count (no key tuple per name).
        ranked = sorted(together)
        ranked.sort(key=together.__getitem__, reverse=True)
        related = [(names[i], together[i]) for i in ranked[:12]]
        # A feed only where more than one source names it: a large archive names tens of thousands once,
        # and each such feed would cost a file that nothing new will ever enter.
        path = f"entities/{e.id}.html"
        feed = f"entities/{e.id}.xml" if len(sources) > 1 else None
        if self.keep([path] + ([feed] if feed else []), partial(self._entity_inputs, e, topics, related, topic_keys)):
            return
        groups, more_sources = views.mention_groups(e, self.documents, self.sentence_text)
        shown = [self.site.topics[i] for i in sorted(topic_at[slug] for slug in topics)]
        said = f"Named {len(e.mentions)} time{'s' if len(e.mentions) != 1 else ''} in {len(sources)} source{'s' if len(sources) != 1 else ''}"
        self.page(path, "entity.html", entity=e, title=e.name, groups=groups, more_sources=more_sources, topics=shown,
                  sources=[self.documents[s].source for s in sources], related=related, feed=feed,
                  lead=said + (f", in the briefing {shown[0].title}." if len(shown) == 1 else "."),
                  searchable=len(sources) > 1)  # fmt: skip
        first: dict[str, int] = {}
        for m in e.mentions:
            first.setdefault(m.source, m.sentence)
        if feed:
            self.feed_file(feed, partial(self.sources_feed, e.name, path, feed, ("entity", e.id), sources, first))

    def _entity_inputs(self, e: Entity, topics: list[str], related: list[tuple[Entity, int]],
                       topic_keys: Mapping[str, str]) -> Any:  # fmt: skip
        versions = self.reuse.versions if self.reuse else {}
        return (e, [versions.get(sid) for sid in self.sources_of[e.id]], [topic_keys[t] for t in topics],
                [(r.id, r.name, r.type, n) for r, n in related])  # fmt: skip
