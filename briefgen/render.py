"""Render stage: every page, asset and data file of the site.

Each file goes straight into the staging folder (``publish.Staging``) as it
is rendered, so a large site's pages never sit in memory all at once; on a
large site the pages are rendered by forked workers that write their share
and hand back only the records. The templates and their environment are
the theme's (``theme.py``); autoescape is on: source text is data.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup, escape

from . import __version__
from .content import Content
from .memo import digest
from .model import Briefing, Document, Entity, Topic
from .parallel import fork_map
from .publish import Kept, Record, Staging
from .theme import DEFAULT_THEME, TYPE_NAMES, asset_files, describe_template_error, make_environment

__all__ = ["DEFAULT_THEME", "Reuse", "Site", "SiteSettings", "describe_template_error", "render_site"]

_DIFFERS_ON = {"number": "the numbers", "day": "the day", "date": "the date", "stance": "whether it is so",
               "speaker": "who said it"}  # fmt: skip
"""How a reader is told what two versions of one fact disagree on."""


@dataclass(frozen=True)
class SiteSettings:
    title: str
    description: str
    base_url: str = ""
    language: str = "en"


@dataclass(frozen=True)
class Site:
    settings: SiteSettings
    content: Content
    documents: tuple[Document, ...]
    summaries: Mapping[str, tuple[int, ...]]
    topics: tuple[Topic, ...] = ()
    briefings: Mapping[str, Briefing] = field(default_factory=dict)
    entities: tuple[Entity, ...] = ()


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


def short_label(outlet: str | None, title: str, words: int = 5) -> str:
    """A citation chip's text: the outlet, else the headline's first words."""
    if outlet:
        return outlet
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def mark_text(text: str, offset: int, spans: Sequence[tuple[int, int, str | None, str]]) -> Markup:
    """Escape ``text`` (which starts at ``offset`` in its source) and wrap
    each (start, end, href, type) span in a link or a mark."""
    out: list[str] = []
    cursor = 0
    for start, end, href, kind in sorted(spans):
        start -= offset
        end -= offset
        if start < cursor or end > len(text) or start >= end:
            continue
        out.append(str(escape(text[cursor:start])))
        inner = escape(text[start:end])
        if href:
            out.append(f'<a class="ent ent-{escape(kind.lower())}" href="{escape(href)}">{inner}</a>')
        else:
            out.append(f'<mark class="ent ent-{escape(kind.lower())}">{inner}</mark>')
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


class Renderer:
    def __init__(self, site: Site, env: jinja2.Environment, staging: Staging, reuse: Reuse | None = None) -> None:
        self.site = site
        self.env = env
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
                self.entity_spans[m.source].append((m.start, m.end, entity.id, entity.type))
        self.nav = [{"href": f"{p.slug}.html", "title": p.title} for p in site.content.pages if p.nav]
        if reuse is not None:  # every page shows the navigation: a kept page must have been made with it
            self.reuse = replace(reuse, salt=digest(reuse.salt, self.nav))
        self._keys: dict[str, str] = {}
        self._written: list[Record] = []
        self._learned: list[tuple[str, str]] = []
        """(input key, digest) of pages rendered under a key from ``keep``."""

    # -- helpers -----------------------------------------------------------
    @staticmethod
    def root_for(path: str) -> str:
        depth = path.count("/")
        return "../" * depth

    def page(self, path: str, template: str, **context: Any) -> None:
        root = self.root_for(path)
        html = self.env.get_template(template).render(
            site=self.site.settings,
            root=root,
            path=path,
            version=__version__,
            canonical=self.absolute(path),
            nav=self.nav,
            **context,
        )
        self.emit(path, html.encode("utf-8"))

    def emit(self, path: str, data: bytes | Kept) -> None:
        """Write a file into the staging folder; its record waits for ``_take``."""
        record = self.staging.write(path, data)
        self._written.append(record)
        key = self._keys.pop(path, None)
        if key is not None:
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
        return self.documents[source].analysis.sentence(number).text

    def keep(self, paths: Sequence[str], inputs: Callable[[], Any]) -> bool:
        """True when every one of ``paths`` can stay as the previous build wrote
        it, its inputs (``inputs()``, with the salt) being the same; the files
        are then recorded as kept. Otherwise the caller renders them, and
        ``emit`` notes what they were made from. Either way the key and
        digest go back to the memo (from a worker, through ``_take``)."""
        reuse = self.reuse
        if reuse is None:
            return False
        what = inputs()
        keys = {path: digest(reuse.salt, path, what) for path in paths}
        found = {path: reuse.known.get(key) for path, key in keys.items()}
        if all(d is not None and reuse.on_disk.get(path) == d for path, d in found.items()):
            for path, d in found.items():
                self.emit(path, Kept(str(d)))
                self._learned.append((keys[path], str(d)))
            return True
        self._keys.update(keys)
        return False

    # -- pages -------------------------------------------------------------
    def render(self, workers: int = 1, assets: Mapping[str, bytes] | None = None) -> None:
        site = self.site
        # The pages that list everything first: each is a task of its own.
        jobs: list[Callable[[], None]] = [self.home, *self.entity_index()]
        jobs += [partial(self.source_page, d) for d in site.documents]
        jobs += [partial(self.topic_page, t) for t in site.topics]
        jobs += self.entity_pages()
        for name in ("source.html", "topic.html", "entity.html"):
            self.env.get_template(name)  # compiled once here, not in every worker
        for written, learned in fork_map(self._run, jobs, workers):
            self._absorb(written, learned)
        self.feed()  # its sitemap lists the pages, not the theme's assets
        for path, data in (assets or {}).items():
            self.emit(path, data)
        self._absorb(*self._take())

    def home(self) -> None:
        site = self.site
        topics = [self.topic_view(t) for t in site.topics]
        intro = site.content.index_html
        self.page("index.html", "index.html", intro=Markup(intro), heading="<h1" not in intro, topics=topics,
                  sources=[self.source_card(d) for d in sorted(site.documents, key=self._source_order)])  # fmt: skip
        for p in site.content.pages:
            self.page(f"{p.slug}.html", "page.html", title=p.title, body=Markup(p.html), heading="<h1" not in p.html)
        self.page("search.html", "search.html", title="Search")
        self.page("404.html", "404.html", title="Page not found",
                  home=(site.settings.base_url.rstrip("/") + "/") if site.settings.base_url else "/")  # fmt: skip

    @staticmethod
    def _source_order(d: Document) -> tuple[str, str]:
        return ("~" if not d.source.published else "", d.source.title.lower())

    def source_card(self, d: Document) -> dict[str, Any]:
        s = d.source
        topic = self.topic_of.get(s.id)
        return {"id": s.id, "title": s.title, "outlet": s.outlet, "published": s.published, "author": s.author,
                "href": f"sources/{s.id}.html", "topic": topic}  # fmt: skip

    def topic_view(self, topic: Topic) -> dict[str, Any]:
        briefing = self.site.briefings.get(topic.slug)
        outlets = {self.documents[i].source.outlet or self.documents[i].source.id for i in topic.source_ids}
        return {
            "topic": topic,
            "href": f"topics/{topic.slug}.html",
            "lead": briefing.claims[0].text if briefing and briefing.claims else None,
            "sources": len(topic.source_ids),
            "outlets": len(outlets),
        }

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
            spans = [(st, en, f"{root}entities/{eid}.html", kind) for st, en, eid, kind in self.entity_spans[s.id]]
        else:
            spans = [(m.start, m.end, None, m.label) for m in a.mentions if m.label in TYPE_NAMES]
        paragraphs: list[list[dict[str, Any]]] = []
        bounds = _paragraph_starts(s.text)
        current = -1
        spans.sort(key=lambda sp: sp[0])
        starts = [sp[0] for sp in spans]
        for sentence in a.sentences:
            index = _index_at(bounds, sentence.start)
            if index != current:
                paragraphs.append([])
                current = index
            # Spans by start: a sentence's own are a slice, not a scan of all.
            first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
            inside = [sp for sp in spans[first:last] if sp[1] <= sentence.end]
            paragraphs[-1].append({"anchor": sentence.anchor, "number": sentence.number,
                                   "html": mark_text(sentence.text, sentence.start, inside)})  # fmt: skip
        summary = [a.sentence(n) for n in self.site.summaries.get(s.id, ())]
        named = self.source_entities(document)
        self.page(path, "source.html", source=s, summary=summary, paragraphs=paragraphs, entities=named, topic=topic,
                  title=s.title)  # fmt: skip
        self.json(f"data/sources/{s.id}.json", {
            "id": s.id, "title": s.title, "outlet": s.outlet, "author": s.author, "url": s.url,
            "published": s.published, "page": path, "origin": s.origin, "topic": topic.slug if topic else None,
            "summary": [x.text for x in summary],
            "summary_sentences": [x.anchor for x in summary],
            "sentences": [{"id": x.anchor, "text": x.text} for x in a.sentences],
            "entities": [{"name": e["name"], "type": e["type"], "id": e.get("id")} for e in named],
        })  # fmt: skip

    def source_entities(self, document: Document) -> list[dict[str, Any]]:
        if self.site.entities:
            counts = Counter(eid for _, _, eid, _ in self.entity_spans[document.id])
            by_id = self.entities
            rows = [{"id": eid, "name": by_id[eid].name, "type": by_id[eid].type, "count": n,
                     "href": f"../entities/{eid}.html"} for eid, n in counts.items()]  # fmt: skip
        else:
            seen: Counter[tuple[str, str]] = Counter(
                (m.text, m.label) for m in document.analysis.mentions if m.label in TYPE_NAMES
            )
            rows = [{"id": None, "name": n, "type": t, "count": c, "href": None} for (n, t), c in seen.items()]
        return sorted(rows, key=lambda r: (list(TYPE_NAMES).index(r["type"]) if r["type"] in TYPE_NAMES else 99,
                                           -r["count"], r["name"].lower()))  # fmt: skip

    def topic_page(self, topic: Topic) -> None:
        briefing = self.site.briefings.get(topic.slug)
        path = f"topics/{topic.slug}.html"

        def inputs() -> Any:
            named = set(topic.source_ids)
            if briefing:
                named |= {c.source for claim in briefing.claims for c in claim.cited}
                named |= {d.source for d in briefing.only_in}
                named |= {v.source for diff in briefing.differences for v in diff.versions}
            versions = self.reuse.versions if self.reuse else {}
            return topic, briefing, [(i, versions.get(i)) for i in sorted(named)]

        if self.keep([path, f"data/topics/{topic.slug}.json"], inputs):
            return
        docs = [self.documents[i] for i in topic.source_ids]
        total = len(docs)

        def cite(source: str, sentence: int) -> dict[str, Any]:
            src = self.documents[source].source
            return {"source": src, "sentence": sentence, "href": f"../sources/{source}.html#s-{sentence}",
                    "label": short_label(src.outlet, src.title)}  # fmt: skip

        claims = []
        only_in: dict[str, list[Any]] = defaultdict(list)
        if briefing:
            for claim in briefing.claims:
                claims.append({"claim": claim, "citations": [cite(c.source, c.sentence) for c in claim.cited],
                               "corroboration": claim.corroboration, "of": total})  # fmt: skip
            for detail in briefing.only_in:
                only_in[detail.source].append(
                    {"detail": detail, "href": f"../sources/{detail.source}.html#s-{detail.sentence}"}
                )
        groups = [{"source": self.documents[sid].source, "details": items} for sid, items in only_in.items()]
        differences = [
            {
                "kinds": list(dict.fromkeys(_DIFFERS_ON.get(k, k) for k in diff.kinds)),
                "versions": [{"text": v.text, "cite": cite(v.source, v.sentence)} for v in diff.versions],
            }
            for diff in (briefing.differences if briefing else ())
        ]
        self.page(path, "topic.html", topic=topic, title=topic.title, claims=claims, only_in=groups,
                  differences=differences,
                  sources=[self.source_card(d) for d in docs], note=Markup(topic.note_html))  # fmt: skip
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

    def entity_index(self) -> list[Callable[[], None]]:
        """The jobs that write the index of entities and their data."""
        entities = self.site.entities
        if not entities:
            return []
        return [self._entity_list, self._entity_data]

    def _entity_list(self) -> None:
        groups: dict[str, list[Entity]] = defaultdict(list)
        for e in self.site.entities:
            groups[e.type].append(e)
        ordered = sorted(groups, key=lambda t: list(TYPE_NAMES).index(t) if t in TYPE_NAMES else 99)
        self.page("entities/index.html", "entities.html", title="People, organisations and places",
                  groups=[(t, sorted(groups[t], key=lambda e: e.name.lower())) for t in ordered],
                  sources=self.sources_of)  # fmt: skip

    def _entity_data(self) -> None:
        self.json("data/entities.json", [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "page": f"entities/{e.id}.html",
             "mentions": [{"source": m.source, "sentence": f"s-{m.sentence}", "text": m.text} for m in e.mentions],
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
        return [partial(self.entity_page, e, by_source, names, topic_at) for e in entities]

    def _entity_topics(self, e: Entity) -> list[str]:
        return sorted({self.topic_of[s].slug for s in self.sources_of[e.id] if s in self.topic_of})

    def entity_page(
        self, e: Entity, by_source: Mapping[str, set[str]], names: Mapping[str, Entity], topic_at: Mapping[str, int]
    ) -> None:
        topics = self._entity_topics(e)
        together: Counter[str] = Counter()
        sources = self.sources_of[e.id]
        for sid in sources:
            together.update(by_source[sid] - {e.id})
        related = [(names[i], n) for i, n in sorted(together.items(), key=lambda x: (-x[1], x[0]))[:12]]
        if self.keep([f"entities/{e.id}.html"], partial(self._entity_inputs, e, topics, related, topic_at)):
            return
        mentions = [{"mention": m, "sentence": self.sentence_text(m.source, m.sentence),
                     "source": self.documents[m.source].source,
                     "href": f"../sources/{m.source}.html#s-{m.sentence}"} for m in e.mentions]  # fmt: skip
        self.page(f"entities/{e.id}.html", "entity.html", entity=e, title=e.name, mentions=mentions,
                  topics=[self.site.topics[i] for i in sorted(topic_at[slug] for slug in topics)],
                  sources=[self.documents[s].source for s in sources], related=related,
                  searchable=len(sources) > 1)  # fmt: skip

    def _entity_inputs(self, e: Entity, topics: list[str], related: list[tuple[Entity, int]],
                       topic_at: Mapping[str, int]) -> Any:  # fmt: skip
        versions = self.reuse.versions if self.reuse else {}
        return (e, [versions.get(sid) for sid in self.sources_of[e.id]], [self.site.topics[topic_at[t]] for t in topics],
                [(r.id, r.name, r.type, n) for r, n in related])  # fmt: skip

    def feed(self) -> None:
        s = self.site.settings
        base = s.base_url.rstrip("/") + "/" if s.base_url else ""
        entries = []
        for topic in self.site.topics:
            briefing = self.site.briefings.get(topic.slug)
            summary = briefing.claims[0].text if briefing and briefing.claims else ""
            dates = sorted(self.documents[i].source.published or "" for i in topic.source_ids)
            updated = (dates[-1] if dates and dates[-1] else "1970-01-01") + "T00:00:00Z"
            link = f"{base}topics/{topic.slug}.html"
            entries.append(
                f'<entry><title>{xml_escape(topic.title)}</title><link href="{xml_escape(link)}"/>'
                f"<id>{xml_escape(link if base else 'urn:briefgen:topic:' + topic.slug)}</id>"
                f"<updated>{updated}</updated><summary>{xml_escape(summary)}</summary></entry>"
            )
        updated = max((e.split("<updated>")[1][:20] for e in entries), default="1970-01-01T00:00:00Z")
        feed = (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{xml_escape(s.title)}</title><id>{xml_escape(base or 'urn:briefgen:site')}</id>"
            f"<updated>{updated}</updated><link href=\"{xml_escape(base + 'feed.xml')}\" rel=\"self\"/>"
            + "".join(entries) + "</feed>\n"
        )  # fmt: skip
        self.emit("feed.xml", feed.encode("utf-8"))
        if base:
            self._absorb(*self._take())
            urls = sorted(p for p in self.staging.recorded if p.endswith(".html") and p != "404.html")
            body = "".join(f"<url><loc>{xml_escape(base + quote(p))}</loc></url>" for p in urls)
            self.emit("sitemap.xml", (
                '<?xml version="1.0" encoding="utf-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
            ).encode())  # fmt: skip


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n\n")
    while index != -1:
        starts.append(index + 2)
        index = text.find("\n\n", index + 2)
    return starts


def _index_at(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset) - 1


def render_site(
    site: Site, templates: Path | None, staging: Staging, reuse: Reuse | None = None, workers: int = 1
) -> None:
    """Write every file of the site into ``staging``; with ``reuse``, pages
    whose inputs did not change are linked from the current site, not rendered."""
    Renderer(site, make_environment(templates), staging, reuse).render(workers, asset_files(templates))
