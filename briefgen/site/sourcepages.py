"""A page and a data file per source: the part of the render stage about the sources.

A mixin of :class:`briefgen.site.render.Renderer`, which gives it the site, the
page writer and what is kept between builds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Document, Entity, Topic
from . import views
from .citations import outlet_of
from .theme import TYPE_NAMES
from .views import Row

if TYPE_CHECKING:
    from .render import Reuse, Site

_TYPE_ORDER = {t: i for i, t in enumerate(TYPE_NAMES)}


class SourcePages:
    if TYPE_CHECKING:
        site: Site
        topic_of: dict[str, Topic]
        entities: dict[str, Entity]
        entity_spans: dict[str, list[tuple[int, int, str, str]]]
        reuse: Reuse | None

        @staticmethod
        def root_for(path: str) -> str: ...
        def page(self, path: str, template: str, **context: Any) -> None: ...
        def json(self, path: str, value: Any) -> None: ...
        def keep(self, paths: Sequence[str], inputs: Callable[[], Any]) -> bool: ...

    def source_page(self, document: Document) -> None:
        s, a = document.source, document.analysis
        path = f"sources/{s.id}.html"
        topic = self.topic_of.get(s.id)

        def inputs() -> Any:
            spans = sorted(self.entity_spans[s.id])
            names = [(self.entities[eid].name, self.entities[eid].type) for _, _, eid, _ in spans]
            return (self.reuse.versions.get(s.id) if self.reuse else None, self.site.summaries.get(s.id), spans,
                    names, (topic.slug, topic.title) if topic else None, bool(self.site.entities))  # fmt: skip

        if self.keep([path, f"data/sources/{s.id}.json"], inputs):
            return
        root = self.root_for(path)
        spans: list[tuple[int, int, str | None, str]]
        if self.site.entities:
            spans = [(st, en, f"{root}entities/{eid}.html", kind) for st, en, eid, kind in self.entity_spans[s.id]
                     if st >= 0]  # fmt: skip
        else:
            spans = [(m.start, m.end, None, m.label) for m in a.mentions if m.label in TYPE_NAMES]
        paragraphs = views.paragraphs(s.text, a, spans)
        summary = [a.sentence(n) for n in self.site.summaries.get(s.id, ())]
        named = self.source_entities(document)
        self.page(path, "source.html", source=s, summary=summary, paragraphs=paragraphs, entities=named, topic=topic,
                  title=s.title, outlet=outlet_of(s), lead=summary[0].text if summary else None, kind="article")  # fmt: skip
        self.json(f"data/sources/{s.id}.json", {
            "id": s.id, "title": s.title, "outlet": s.outlet, "author": s.author, "url": s.url,
            "published": s.published, "page": path, "origin": s.origin, "topic": topic.slug if topic else None,
            "summary": [x.text for x in summary],
            "summary_sentences": [x.anchor for x in summary],
            "sentences": [{"id": x.anchor, "text": x.text} for x in a.sentences],
            "entities": [{"name": e.name, "type": e.type, "id": e.id} for e in named],
        })  # fmt: skip

    def source_entities(self, document: Document) -> list[Row]:
        if self.site.entities:
            counts = Counter(eid for _, _, eid, _ in self.entity_spans[document.id])
            by_id = self.entities
            rows = [Row(id=eid, name=by_id[eid].name, type=by_id[eid].type, count=n,
                        href=f"../entities/{eid}.html") for eid, n in counts.items()]  # fmt: skip
        else:
            seen: Counter[tuple[str, str]] = Counter(
                (m.text, m.label) for m in document.analysis.mentions if m.label in TYPE_NAMES
            )
            rows = [Row(id=None, name=n, type=t, count=c, href=None) for (n, t), c in seen.items()]
        return sorted(rows, key=lambda r: (_TYPE_ORDER.get(r.type, 99), -r.count, r.name.lower()))
