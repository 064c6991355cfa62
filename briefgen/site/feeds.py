"""The files a site gives to programs rather than readers: Atom feeds (the
whole site, each briefing, each entity), the sitemap and ``robots.txt``.

An entry is dated by its sources' dates, the newest; without any, by the
build's time (``SOURCE_DATE_EPOCH`` when set, for builds that must give the
same bytes twice). Links are absolute when the site's ``base_url`` is known,
else relative to the feed's own address, as Atom resolves them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from ..model import Document
from .citations import outlet_of

UNDATED = "9999-00-00T00:00:00Z"
"""Stands for the build's time in a feed being made: no date is written so,
and it sorts after every real one, as the build's time does."""


def build_time() -> str:
    """Now, as Atom writes it; ``SOURCE_DATE_EPOCH`` when the environment sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp(dates: Iterable[str | None], built: str) -> str:
    """The newest of ``dates`` (ISO days) as an Atom time, else ``built``."""
    known = sorted(d for d in dates if d)
    return f"{known[-1]}T00:00:00Z" if known else built


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    """The page's address: absolute, or relative to the feed."""
    id: str
    updated: str
    summary: str = ""


@dataclass(frozen=True)
class Feed:
    title: str
    id: str
    link: str
    """The page the feed follows."""
    self_link: str
    author: str
    updated: str
    entries: Sequence[Entry]


def _entry_head(title: str, link: str, id: str, updated: str) -> str:
    return f"<entry><title>{escape(title)}</title><link href={quoteattr(link)}/><id>{escape(id)}</id><updated>{updated}</updated>"


def _entry_tail(summary: str) -> str:
    return (f"<summary>{escape(summary)}</summary>" if summary else "") + "</entry>\n"


def atom(feed: Feed, entries_xml: str | None = None) -> bytes:
    """The feed's XML; ``entries_xml``, when given, stands for its entries, already written."""
    entries = entries_xml if entries_xml is not None else "".join(
        _entry_head(e.title, e.link, e.id, e.updated) + _entry_tail(e.summary) for e in feed.entries
    )  # fmt: skip
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{escape(feed.title)}</title><id>{escape(feed.id)}</id><updated>{feed.updated}</updated>\n"
        f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(feed.link)}/>"
        f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(feed.self_link)}/>\n"
        f"<author><name>{escape(feed.author)}</name></author>\n{entries}</feed>\n"
    ).encode()  # fmt: skip


class Addresses:
    """Where a path of the site is, seen from a feed at ``at``."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/") + "/" if base_url else ""

    def link(self, path: str, at: str) -> str:
        if self.base:
            return self.base + quote(path)
        return "../" * at.count("/") + quote(path)

    def id(self, path: str, kind: str, name: str) -> str:
        """A stable id: the page's address when known, else a URN of what it is."""
        return self.base + quote(path) if self.base else f"urn:briefgen:{kind}:{quote(name)}"


def sitemap(base_url: str, paths: Iterable[str]) -> bytes:
    base = base_url.rstrip("/") + "/"
    body = "".join(f"<url><loc>{escape(base + quote(p))}</loc></url>\n" for p in sorted(paths))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'
    ).encode()


def robots(base_url: str) -> bytes:
    """Every page may be read; the sitemap is named when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines += ["", f"Sitemap: {base_url.rstrip('/')}/sitemap.xml"]
    return ("\n".join(lines) + "\n").encode()


def sources_feed(title: str, page: str, at: str, urn: tuple[str, str], docs: Sequence[Document],
                 summary: Callable[[Document], str], addresses: Addresses, site: str, built: str,
                 heads: dict[tuple[str, str, str], str] | None = None) -> bytes:  # fmt: skip
    """A feed of ``docs`` for the page at ``page``, newest first: what a
    reader who follows a briefing or a name wants next. The feed is at ``at``;
    ``urn`` is (kind, name) for its id when the site's address is unknown.
    ``heads`` keeps each source's entry but its summary, for the next feed
    of the same depth: a source is an entry of a feed per name it holds."""
    a = addresses
    heads = {} if heads is None else heads
    depth = at.count("/")
    entries = []
    for d in sorted(docs, key=lambda d: (d.source.published or "", d.id), reverse=True):
        key = (d.id, str(depth), built)
        head = heads.get(key)
        if head is None:
            s, path = d.source, f"sources/{d.id}.html"
            outlet = outlet_of(s)
            head = heads[key] = _entry_head(f"{outlet}: {s.title}" if outlet else s.title, a.link(path, at),
                                            a.id(path, "source", s.id), stamp([s.published], built))  # fmt: skip
        entries.append(head + _entry_tail(summary(d)))
    return atom(Feed(f"{title} · {site}", a.id(page, *urn), a.link(page, at), a.link(at, at), site,
                     stamp([d.source.published for d in docs], built), ()), "".join(entries))  # fmt: skip
