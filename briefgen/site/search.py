"""Search stage: a Pagefind index of the staged site, in shards.

The binary that the ``pagefind`` package ships (``pagefind_bin``) is run
directly over written folders: the package's Python API waits 0.1 s per
poll of its service and per added page, and gains nothing over one run of
the binary on a folder.

A large site is indexed in shards — source pages, entity pages and
briefings each in buckets of a bounded size, by a hash of the page's path,
plus a main bundle for the rest — that the search page merges
(``mergeIndex``; Pagefind merges results and filters across bundles). A
shard whose pages did not change keeps its bundle from the previous site,
so one changed source re-indexes its own shard and not 47,000 pages, and
each run of Pagefind holds one shard in memory, not the whole site. A small
site is one bundle, as if there were no shards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .publish import BODY, ENTRY, Index

BUNDLE = "pagefind"
"""The main bundle's folder; the search page loads Pagefind's UI from here."""
SHARDS = "shards"
"""Other bundles live in ``pagefind/shards/<name>/``."""
LIST = "shards.json"
"""``pagefind/shards.json``: the other bundles' folders, for the search page."""
ONE_BUNDLE = 2000
"""Up to this many pages a site is a single bundle."""
SHARD_PAGES = {"sources": 1250, "topics": 1250, "entities": 10000}
"""Pages per shard by kind: entity pages index only a name, aliases and filters. Smaller
shards re-index less after an edit and each Pagefind run holds less in memory; more
shards cost the search page a request each."""
PAGEFIND_AT_ONCE = 2
"""Pagefind keeps about one core busy: two shards at a time use both (more
would only add Pagefind's memory, a few hundred MB each)."""


class SearchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Shard:
    name: str
    pages: tuple[str, ...]
    everything: bool = False
    """True when this one bundle indexes the whole site."""

    @property
    def folder(self) -> str:
        return BUNDLE if self.name == "main" else f"{BUNDLE}/{SHARDS}/{self.name}"


def kind_of(page: str) -> str:
    folder, _, name = page.partition("/")
    if folder in SHARD_PAGES and name and "/" not in name and name != "index.html":
        return folder
    return "main"


def _bucket(page: str, buckets: int) -> int:
    return int.from_bytes(hashlib.blake2b(page.encode(), digest_size=8).digest(), "big") % buckets


def plan(pages: Iterable[str], stories: Mapping[str, str] | None = None) -> list[Shard]:
    """The shards of a site with these pages (paths of its ``.html`` files).

    ``stories`` maps a page to a key of the story it belongs to: such pages
    share a bucket, so a briefing renamed after a collection-wide change
    (its title comes from its most central member) re-indexes one shard of
    source pages, not all of them.
    """
    stories = stories or {}
    pages = sorted(pages)
    if len(pages) <= ONE_BUNDLE:
        return [Shard("main", tuple(pages), everything=True)]
    by_kind: dict[str, list[str]] = {}
    for page in pages:
        by_kind.setdefault(kind_of(page), []).append(page)
    # The main bundle carries the UI, even with no page of its own.
    groups: dict[str, list[str]] = {"main": by_kind.pop("main", [])}
    for kind, members in sorted(by_kind.items()):
        # Powers of two: a page changes bucket only when its kind doubles or halves.
        buckets = 1
        while len(members) > buckets * SHARD_PAGES[kind]:
            buckets *= 2
        sizes = Counter(stories.get(page) for page in members)
        for page in members:
            story = stories.get(page)
            # A story large beside a shard would unbalance the shards: its pages go by path.
            together = story is not None and sizes[story] * 8 <= SHARD_PAGES[kind]
            bucket = _bucket(story if together and story else page, buckets)
            groups.setdefault(f"{kind}-{bucket + 1}-of-{buckets}", []).append(page)
    return [Shard(name, tuple(group)) for name, group in groups.items()]


def pagefind_command() -> list[str]:
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except Exception:  # noqa: BLE001 - no bundled binary: let the package find one
        return [sys.executable, "-m", "pagefind"]


def pagefind_version() -> str:
    import importlib.metadata

    for distribution in ("pagefind-bin", "pagefind"):
        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "-"


def run_pagefind(site: Path, output: Path, language: str) -> None:
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output),
               "--root-selector", "html", "--force-language", language, "--quiet"]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchError(f"Pagefind could not index {site}: {error}") from error
    if done.returncode != 0:
        raise SearchError(f"Pagefind could not index {site}: {(done.stderr or done.stdout).strip()}")


def _has_body(page: Path) -> bool:
    try:
        return BODY in page.read_bytes()
    except OSError:
        return False


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
SAME_INDEX_PAGES = 200
"""A shard with more changed pages than this is indexed again without looking closer."""


class _Indexed(HTMLParser):
    """What of a page Pagefind may read, erring on the side of too much.

    Everything counts except inside an element marked ``data-pagefind-ignore``:
    there only elements that carry a ``data-pagefind-*`` attribute (filters,
    metadata, kept even by Pagefind's default ignore) or an ``id`` (anchors
    of sub-results) count, with their text. So a page whose ignored parts
    alone changed (an entity page's list of briefings, an index of links)
    leaves its shard's bundle as it was.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = hashlib.blake2b(digest_size=16)
        self.stack: list[tuple[str, bool, bool, bool]] = []
        """(tag, inside an ignored element, its text counts, the tag counts)."""

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ignored, counts = self._state()
        names = [name for name, _ in attrs]
        pagefind = any(name.startswith("data-pagefind-") and name != "data-pagefind-ignore" for name in names)
        ignored = ignored or "data-pagefind-ignore" in names
        # An id is an anchor (its tag counts); a filter's or metadata's text counts too.
        shown = not ignored or pagefind or "id" in names
        counts = not ignored or pagefind or (counts and bool(self.stack) and self.stack[-1][1])
        if shown:
            self.out.update(f"<{tag} {sorted(attrs)!r}>".encode())
        if tag not in _VOID:
            self.stack.append((tag, ignored, counts, shown))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                if self.stack[depth][3]:
                    self.out.update(f"</{tag}>".encode())
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self._state()[1]:
            self.out.update(data.encode())


def indexed_digest(html: bytes) -> str:
    """A digest of what Pagefind may index of a page (see ``_Indexed``)."""
    parser = _Indexed()
    parser.feed(html.decode("utf-8", "replace"))
    parser.close()
    return parser.out.hexdigest()


def _shard_digest(shard: Shard, pages: Mapping[str, str], language: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{pagefind_version()}\0{language}\0{shard.folder}\0{shard.everything}\n".encode())
    for page in shard.pages:
        digest.update(f"{page}\0{pages[page]}\n".encode())
    return digest.hexdigest()


def _same_index(shard: Shard, pages: Mapping[str, str], staging: Path, old: Mapping[str, str], site: Path) -> bool:
    """True when the pages of the shard whose bytes changed since the previous
    site keep the same searchable content (a renamed briefing in an entity
    page's ignored list): that site's bundle still stands for them."""
    changed = [page for page in shard.pages if pages[page] != old.get(page)]
    if len(changed) > SAME_INDEX_PAGES:
        return False
    for page in changed:
        try:
            then, now = (site / page).read_bytes(), (staging / page).read_bytes()
        except OSError:
            return False
        # The bundle was made from the bytes the manifest recorded, not from a file edited since.
        if hashlib.blake2b(then, digest_size=16).hexdigest() != old[page]:
            return False
        # A shard leaves out a page without a body (a list of links: the home
        # page, the entity index), whatever it holds (``_index_shard``).
        if not shard.everything and BODY not in then and BODY not in now:
            continue
        if indexed_digest(then) != indexed_digest(now):
            return False
    return True


def _index_shard(staging: Path, shard: Shard, language: str, bodies: Mapping[str, bool] | None = None) -> None:
    output = staging / shard.folder
    if shard.everything:
        run_pagefind(staging, output, language)
        return
    # Pagefind takes a folder: give it one holding only this shard's pages,
    # laid out as in the site so that their URLs come out the same. Pagefind
    # leaves out the pages without ``data-pagefind-body`` when some page of
    # its folder has one; the site's other pages have it, so a shard leaves
    # them out too (the home page, the entity index: lists of links).
    # What the staging saw as it wrote each page (``bodies``), else the page read back.
    known = bodies or {}
    pages = [p for p in shard.pages if known.get(p) or (p not in known and _has_body(staging / p))]
    if not pages and "index.html" in shard.pages:
        # Pagefind builds no bundle, and so no search UI, without a word to index: with no page of its
        # own (a project without content pages), the main bundle indexes the home page, whole.
        pages = ["index.html"]
    view = staging.parent / f".{staging.name}.search-{shard.name}"
    shutil.rmtree(view, ignore_errors=True)
    try:
        view.mkdir()
        for page in pages:
            target = view / page
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(staging / page, target)
        run_pagefind(view, output, language)
    finally:
        shutil.rmtree(view, ignore_errors=True)


def index_shards(
    staging: Path,
    pages: Mapping[str, str],
    previous_site: Path,
    previous: Mapping[str, str],
    language: str = "en",
    previous_pages: Mapping[str, str] | None = None,
    stories: Mapping[str, str] | None = None,
    bodies: Mapping[str, bool] | None = None,
) -> Index:
    """Index the staged site's ``pages`` (path -> content digest) shard by shard.

    ``previous`` maps the bundles of ``previous_site`` (by folder) to their
    digests and ``previous_pages`` its pages to theirs; a shard keeps its
    bundle from there when it has the same digest, or the same pages whose
    searchable content is the same (``_same_index``): the bundle is then
    among the paths to carry over (``Index.carried``). ``stories`` as for
    ``plan``; ``bodies`` maps pages to whether they hold ``data-pagefind-body``
    where known (``Staging.bodies``). Up to ``PAGEFIND_AT_ONCE`` Pagefind runs at a time.
    """
    shards = plan(pages, stories)
    old_pages = previous_pages or {}
    digests: dict[str, str] = {}
    todo: list[Shard] = []
    carried: list[str] = []
    indexed = 0
    for shard in sorted(shards, key=lambda s: s.name != "main"):  # main first: the others nest inside it
        digests[shard.folder] = _shard_digest(shard, pages, language)
        old = previous_site / shard.folder
        kept = (old / ENTRY).is_file() and shard.folder in previous
        if kept and previous[shard.folder] != digests[shard.folder]:
            # The same Pagefind, language and pages, some with other bytes that search the same.
            kept = (
                all(page in old_pages for page in shard.pages)
                and previous[shard.folder] == _shard_digest(shard, old_pages, language)
                and _same_index(shard, pages, staging, old_pages, previous_site)
            )
        if kept and shard.name == "main":
            # The other bundles nest inside the main one's folder: its own files move one by one.
            carried += [f"{BUNDLE}/{entry.name}" for entry in old.iterdir() if entry.name not in (SHARDS, LIST)]
        elif kept:
            carried.append(shard.folder)
        elif shard.name == "main":
            shutil.rmtree(staging / shard.folder, ignore_errors=True)
            _index_shard(staging, shard, language, bodies)
            indexed += 1
        else:
            todo.append(shard)
    with ThreadPoolExecutor(PAGEFIND_AT_ONCE) as pool:
        runs = [pool.submit(_index_shard, staging, shard, language, bodies) for shard in todo]
        try:
            for run in runs:
                run.result()
        except BaseException:
            # A failed shard or Ctrl-C: start no other; the running ones end before staging goes.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    indexed += len(todo)
    others = [s.folder.removeprefix(BUNDLE + "/") + "/" for s in shards if s.name != "main"]
    (staging / BUNDLE).mkdir(exist_ok=True)
    (staging / BUNDLE / LIST).write_text(json.dumps(others) + "\n")
    return Index(digests, indexed, carried)
