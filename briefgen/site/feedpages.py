"""The site's feeds, sitemap and ``robots.txt``: the part of the render stage about feeds.

A mixin of :class:`briefgen.site.render.Renderer`, which gives it the site, the
file writer and what is kept between builds; :mod:`.feeds` writes the XML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Document
from . import feeds
from .citations import lead

if TYPE_CHECKING:
    from .publish import Kept, Record, Staging
    from .render import Site


class FeedPages:
    if TYPE_CHECKING:
        site: Site
        built: str
        addresses: feeds.Addresses
        documents: dict[str, Document]
        staging: Staging
        _feed_entries: dict[tuple[str, str, str], str]

        def emit(self, path: str, data: bytes | Kept) -> None: ...
        def keep(self, paths: Sequence[str], inputs: Callable[[], Any]) -> bool: ...
        def _take(self) -> tuple[list[Record], list[tuple[str, str]]]: ...
        def _absorb(self, written: list[Record], learned: list[tuple[str, str]]) -> None: ...

    def feed_file(self, path: str, make: Callable[[str], bytes]) -> None:
        """Write the feed ``make(built)`` makes. One whose entries are what the
        last build gave keeps its bytes, and so its date: the build's time
        dates only what changed. It is made once, with a stand-in for that time."""
        timeless = make(feeds.UNDATED)
        if not self.keep([path], lambda: timeless):
            self.emit(path, timeless.replace(feeds.UNDATED.encode(), self.built.encode()))

    def sources_feed(self, title: str, page: str, at: str, urn: tuple[str, str], ids: Sequence[str],
                     sentence: Mapping[str, int] | None, built: str) -> bytes:  # fmt: skip
        """The feed at ``at`` of the sources ``ids``, each summed up by its sentence
        numbered in ``sentence``, else by the first of its summary."""
        first = sentence or {}

        def summary(d: Document) -> str:
            number = first.get(d.id) or next(iter(self.site.summaries.get(d.id) or ()), None)
            return d.analysis.sentence(number).text if number else ""

        return feeds.sources_feed(title, page, at, urn, [self.documents[i] for i in ids], summary, self.addresses,
                                  self.site.settings.title, built, self._feed_entries)  # fmt: skip

    def site_feed(self, built: str) -> bytes:
        s, a = self.site.settings, self.addresses
        entries = []
        for topic in self.site.topics:
            path = f"topics/{topic.slug}.html"
            entries.append(feeds.Entry(topic.title, a.link(path, "feed.xml"), a.id(path, "topic", topic.slug),
                                       feeds.stamp([self.documents[i].source.published for i in topic.source_ids], built),
                                       lead(topic.note_html, self.site.briefings.get(topic.slug)) or ""))  # fmt: skip
        entries.sort(key=lambda e: e.updated, reverse=True)
        return feeds.atom(feeds.Feed(s.title, a.base or "urn:briefgen:site", a.link("index.html", "feed.xml"),
                                     a.link("feed.xml", "feed.xml"), s.title,
                                     max((e.updated for e in entries), default=built), entries))  # fmt: skip

    def feed(self) -> None:
        """The site's feed (a briefing an entry), the sitemap and ``robots.txt``."""
        s = self.site.settings
        self.feed_file("feed.xml", self.site_feed)
        self.emit("robots.txt", feeds.robots(s.base_url))
        if s.base_url:
            self._absorb(*self._take())
            urls = [p for p in self.staging.recorded if p.endswith(".html") and p != "404.html"]
            self.emit("sitemap.xml", feeds.sitemap(s.base_url, urls))
