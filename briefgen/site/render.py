"""Render stage: every page, asset and data file of the site.

Each file goes straight into the staging folder (``publish.Staging``) as it
is rendered, so a large site's pages never sit in memory all at once; on a
large site the pages are rendered by forked workers that write their share
and hand back only the records. The templates and their environment are
the theme's (``theme.py``); autoescape is on: source text is data.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .. import __version__
from ..model import Briefing, Content, Document, Entity, Topic
from ..runtime.maps import Map, in_order
from ..runtime.store import digest
from . import feeds, views
from .citations import as_shown, count_outlets, lead, outlet_of
from .entitypages import EntityPages
from .feedpages import FeedPages
from .publish import Kept, Record, Staging
from .sourcepages import SourcePages
from .theme import DEFAULT_THEME, asset_files, describe_template_error, make_environment
from .views import Row

__all__ = ["DEFAULT_THEME", "Reuse", "Site", "SiteSettings", "describe_template_error", "render_site"]


EXTRA_CSS = "assets/extra.css"
"""A project's own ``templates/assets/extra.css`` is linked after the theme's stylesheet, before the
``extra_css`` setting's: its rules add to the theme's or override them, without a copy of the whole
stylesheet."""


@dataclass(frozen=True)
class SiteSettings:
    title: str
    description: str
    base_url: str = ""
    language: str = "en"
    extra_css: tuple[str, ...] = ()
    """Stylesheets linked after the theme's: asset paths (``assets/desk.css``) or URLs."""


@dataclass(frozen=True)
class Site:
    settings: SiteSettings
    content: Content
    documents: tuple[Document, ...]
    summaries: Mapping[str, tuple[int, ...]]
    topics: tuple[Topic, ...] = ()
    briefings: Mapping[str, Briefing] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "briefings", {slug: as_shown(b) for slug, b in self.briefings.items()})


@dataclass
class Reuse:
    """What lets a rebuild skip pages whose inputs did not change.

    ``known`` maps a page's input key to the digest of the bytes rendered
    for it (kept between builds); ``on_disk`` maps a path of the current
    site to the digest of its file, for the files still as written;
    ``versions`` maps a source id to a digest of the source and its
    analysis; ``salt`` covers what every page depends on (templates,
    settings, briefgen itself). A page is kept when its key is known and the
    site holds exactly the bytes made for it.
    """

    known: MutableMapping[str, str]
    on_disk: Mapping[str, str]
    versions: Mapping[str, str]
    salt: str = ""


class Renderer(EntityPages, FeedPages, SourcePages):
    def __init__(
        self, site: Site, env: jinja2.Environment, staging: Staging, reuse: Reuse | None = None, built: str = ""
    ) -> None:
        self.site = site
        self.built = built or feeds.build_time()
        """When the site was built, as Atom writes it: the date of a feed without dated sources."""
        self.addresses = feeds.Addresses(site.settings.base_url)
        self.assets: Mapping[str, bytes] = {}
        self.stylesheets: list[str] = []
        """What pages link after the theme's stylesheet (``extra_css``), set with the assets."""
        self.env = env
        # A build reads its templates once: Jinja would otherwise stat each template (the page's and
        # the one it extends) at every page to see whether it changed on disk.
        env.auto_reload = False
        self._templates: dict[str, jinja2.Template] = {}
        self._feed_entries: dict[tuple[str, str, str], str] = {}
        """A source's entry in a feed, but its summary (``feeds.sources_feed``)."""
        self.staging = staging
        self.reuse = reuse
        self.documents = {d.id: d for d in site.documents}
        self.topic_of: dict[str, Topic] = {sid: t for t in site.topics for sid in t.source_ids}
        self.entities = {e.id: e for e in site.entities}
        # ``Entity.source_ids`` walks every mention: asked once here, not at every use.
        self.sources_of = {e.id: e.source_ids for e in site.entities}
        self.entity_spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
        for entity in site.entities:
            for m in entity.mentions:
                # Sentence 0 is the headline: it names the entity, at no place in the text (-1).
                at = (m.start, m.end) if m.sentence else (-1, -1)
                self.entity_spans[m.source].append((*at, entity.id, entity.type))
        self.nav = [Row(href=f"{p.slug}.html", title=p.title) for p in site.content.pages if p.nav]
        if reuse is not None:  # every page shows the navigation: a kept page must have been made with it
            self.reuse = replace(reuse, salt=digest(reuse.salt, self.nav))
        self._keys: dict[str, list[str]] = defaultdict(list)
        """The input keys a path is about to be written under (a feed has two: see ``feed_file``)."""
        self._written: list[Record] = []
        self._learned: list[tuple[str, str]] = []
        """(input key, digest) of pages rendered under a key from ``keep``."""

    # -- helpers -----------------------------------------------------------
    @staticmethod
    def root_for(path: str) -> str:
        depth = path.count("/")
        return "../" * depth

    def page(self, path: str, template: str, **context: Any) -> None:
        """Render a page; ``context`` may set its ``root`` (the way to the
        site's top), ``canonical`` address, ``lead`` and ``feed``."""
        values = {"root": self.root_for(path), "canonical": self.absolute(path), "lead": None, "feed": None,
                  "kind": "website", **context}  # fmt: skip
        html = self._template(template).render(
            site=self.site.settings,
            path=path,
            version=__version__,
            nav=self.nav,
            extra_css=self.stylesheets,
            **values,
        )
        self.emit(path, html.encode("utf-8"))

    def _template(self, name: str) -> jinja2.Template:
        # Looked up once per build, not once per page (Jinja's cache is behind a lock and an LRU).
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def emit(self, path: str, data: bytes | Kept) -> None:
        """Write a file into the staging folder; its record waits for ``_take``."""
        record = self.staging.write(path, data)
        self._written.append(record)
        for key in self._keys.pop(path, ()):
            self._learned.append((key, record.digest))

    def _take(self) -> tuple[list[Record], list[tuple[str, str]]]:
        """What was written since the last call: a worker's result."""
        taken = self._written, self._learned
        self._written, self._learned = [], []
        return taken

    def _absorb(self, written: list[Record], learned: list[tuple[str, str]]) -> None:
        self.staging.record(written)
        if self.reuse is not None:
            for key, digest in learned:
                self.reuse.known[key] = digest

    def _run(self, job: Callable[[], None]) -> tuple[list[Record], list[tuple[str, str]]]:
        job()
        return self._take()

    def absolute(self, path: str) -> str | None:
        base = self.site.settings.base_url
        return f"{base.rstrip('/')}/{quote(path)}" if base else None

    def json(self, path: str, value: Any) -> None:
        # Compact: json's C encoder runs only without indent (10x faster on 40,000 files).
        self.emit(path, (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))

    def sentence_text(self, source: str, number: int) -> str:
        document = self.documents[source]
        return document.analysis.sentence(number).text if number else document.source.title

    def keep(self, paths: Sequence[str], inputs: Callable[[], Any]) -> bool:
        """True when every one of ``paths`` can stay as the previous build wrote
        it, its inputs (``inputs()``, with the salt) being the same; the files
        are then recorded as kept. Otherwise the caller renders them, and
        ``emit`` notes what they were made from. Either way the key and
        digest go back to the memo (from a worker, through ``_take``)."""
        reuse = self.reuse
        if reuse is None:
            return False
        # The inputs (a briefing, an entity with its mentions) pickled once for all the page's files.
        what = digest(inputs())
        keys = {path: digest(reuse.salt, path, what) for path in paths}
        found = {path: reuse.known.get(key) for path, key in keys.items()}
        if all(d is not None and reuse.on_disk.get(path) == d for path, d in found.items()):
            for path, d in found.items():
                self.emit(path, Kept(str(d)))
                self._learned.append((keys[path], str(d)))
            return True
        for path, key in keys.items():
            self._keys[path].append(key)
        return False

    # -- pages -------------------------------------------------------------
    def render(self, map: Map = in_order, assets: Mapping[str, bytes] | None = None) -> None:
        site = self.site
        self.use_assets(assets or {})
        # The pages that list everything first: each is a task of its own.
        jobs: list[Callable[[], None]] = [self.home, *self.entity_index()]
        jobs += [partial(self.source_page, d) for d in site.documents]
        jobs += [partial(self.topic_page, t) for t in site.topics]
        jobs += self.entity_pages()
        for name in ("source.html", "topic.html", "entity.html"):
            self._template(name)  # compiled once here, not in every worker
        for written, learned in map(self._run, jobs):
            self._absorb(written, learned)
        self.feed()  # its sitemap lists the pages, not the theme's assets
        self.static()
        self._absorb(*self._take())

    def use_assets(self, assets: Mapping[str, bytes]) -> None:
        """The theme's static files, and the stylesheets every page links after the theme's."""
        self.assets = assets
        asked = self.site.settings.extra_css
        self.stylesheets = [EXTRA_CSS] if EXTRA_CSS in assets and EXTRA_CSS not in asked else []
        self.stylesheets += [s for s in asked if "://" in s or s in assets]

    def static(self) -> None:
        """The theme's assets, and the 404 page that inlines its stylesheet."""
        self.not_found()
        for path, data in self.assets.items():
            self.emit(path, data)
        if "assets/favicon.ico" in self.assets:  # where browsers look for it unasked
            self.emit("favicon.ico", self.assets["assets/favicon.ico"])

    def home(self) -> None:
        site = self.site
        topics = [self.topic_view(t) for t in site.topics]
        intro = site.content.index_html
        # One heading says "Briefings": the list has its own unless the page's title says it.
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", intro, re.DOTALL)
        shown = Markup(h1.group(1)).striptags() if h1 else site.settings.title
        self.page("index.html", "index.html", intro=Markup(intro), heading=not h1, topics=topics,
                  list_heading=shown.strip().casefold() != "briefings", lead=lead(intro, None),
                  sources=[self.source_card(d) for d in sorted(site.documents, key=self._source_order)])  # fmt: skip
        for p in site.content.pages:
            self.page(f"{p.slug}.html", "page.html", title=p.title, body=Markup(p.html), heading="<h1" not in p.html)
        self.page("search.html", "search.html", title="Search")

    def not_found(self) -> None:
        site = self.site
        # Served for a missing address at any depth: its links start from the
        # site's address, or the server's root; without an address its style is inlined.
        base = site.settings.base_url
        css = None if base else self.assets.get("assets/style.css", b"").decode("utf-8", "replace")
        self.page("404.html", "404.html", title="Page not found", root=(base.rstrip("/") + "/") if base else "/",
                  canonical=None, inline_css=Markup(css.replace("</", "<\\/")) if css else None)  # fmt: skip

    @staticmethod
    def _source_order(d: Document) -> tuple[str, str]:
        return ("~" if not d.source.published else "", d.source.title.lower())

    def source_card(self, d: Document) -> Row:
        s = d.source
        topic = self.topic_of.get(s.id)
        return Row(id=s.id, title=s.title, outlet=outlet_of(s), published=s.published, author=s.author,
                   href=f"sources/{s.id}.html", topic=topic, draft=s.draft)  # fmt: skip

    def topic_view(self, topic: Topic) -> Row:
        briefing = self.site.briefings.get(topic.slug)
        return Row(
            topic=topic,
            href=f"topics/{topic.slug}.html",
            lead=lead(topic.note_html, briefing),
            sources=len(topic.source_ids),
            outlets=count_outlets(self.documents[i].source for i in topic.source_ids),
            dates=_span(self.documents[i].source.published for i in topic.source_ids),
        )

    def topic_page(self, topic: Topic) -> None:
        briefing = self.site.briefings.get(topic.slug)
        path, feed = f"topics/{topic.slug}.html", f"topics/{topic.slug}.xml"
        people = views.briefing_entities(topic, self.entity_spans, self.entities)

        def inputs() -> Any:
            named = set(topic.source_ids)
            if briefing:
                named |= {c.source for claim in briefing.claims for c in claim.cited}
                named |= {d.source for d in briefing.only_in}
                named |= {v.source for diff in briefing.differences for v in diff.versions}
            versions = self.reuse.versions if self.reuse else {}
            summaries = [self.site.summaries.get(i) for i in topic.source_ids]
            return topic, briefing, [(i, versions.get(i)) for i in sorted(named)], summaries, people

        if self.keep([path, f"data/topics/{topic.slug}.json", feed], inputs):
            return
        view = views.briefing_view(topic, briefing, self.documents)
        self.page(path, "topic.html", topic=topic, title=topic.title, people=people, feed=feed, kind="article",
                  note=Markup(topic.note_html), sources=[self.source_card(self.documents[i]) for i in topic.source_ids],
                  **view)  # fmt: skip
        self.json(f"data/topics/{topic.slug}.json", {
            "slug": topic.slug, "title": topic.title, "page": path, "defined": topic.defined,
            "sources": list(topic.source_ids),
            "claims": [{"text": c.text, "source": c.source, "sentence": f"s-{c.sentence}",
                        "cited": [{"source": x.source, "sentence": f"s-{x.sentence}"} for x in c.cited],
                        "corroboration": c.corroboration} for c in (briefing.claims if briefing else ())],
            "only_in": [{"source": d.source, "sentence": f"s-{d.sentence}", "text": d.text}
                        for d in (briefing.only_in if briefing else ())],
            "differences": [{"kinds": list(diff.kinds),
                             "versions": [{"source": v.source, "sentence": f"s-{v.sentence}", "text": v.text}
                                          for v in diff.versions]}
                            for diff in (briefing.differences if briefing else ())],
        })  # fmt: skip
        self.feed_file(
            feed, partial(self.sources_feed, topic.title, path, feed, ("topic", topic.slug), topic.source_ids, None)
        )


def _span(dates: Iterable[str | None]) -> tuple[str, str] | None:
    """The first and the last of the known ``dates``."""
    known = sorted(d for d in dates if d)
    return (known[0], known[-1]) if known else None


def render_site(
    site: Site,
    templates: Path | None,
    staging: Staging,
    reuse: Reuse | None = None,
    map: Map = in_order,
    built: str = "",
) -> None:
    """Write every file of the site into ``staging``; with ``reuse``, pages
    whose inputs did not change are linked from the current site, not rendered.
    ``map`` may spread the pages over processes of this machine, each writing
    its share into ``staging``. ``built`` dates what has no date of its own
    (the build's time by default)."""
    Renderer(site, make_environment(templates), staging, reuse, built).render(map, asset_files(templates))


def render_static(site: Site, templates: Path | None, staging: Staging) -> list[str]:
    """Write only the static assets and the 404 page (it inlines the
    stylesheet) into ``staging``: what a stylesheet edit changes. Gives the
    paths written."""
    renderer = Renderer(site, make_environment(templates), staging)
    renderer.use_assets(asset_files(templates))
    renderer.static()
    written, _ = renderer._take()
    staging.record(written)
    return [record.path for record in written]
