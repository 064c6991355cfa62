"""The search index in shards: what a large site gets, tried on a small one
with tiny shard sizes. Real Pagefind; the browser test uses Debian's Chromium."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import Config
from briefgen.site import search

from ..conftest import FIXTURES, build, project
from ..preview.test_browser import CHROMIUM, browser, page

__all__ = ["browser", "page"]


@pytest.fixture
def sharded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "ONE_BUNDLE", 10)
    monkeypatch.setattr(search, "SHARD_PAGES", {"sources": 2, "topics": 5, "entities": 40})


def sharded_project(tmp_path: Path) -> Config:
    config = project(tmp_path)
    for path in FIXTURES.joinpath("mixed").glob("harbour-*"):
        shutil.copy(path, config.sources / path.name)
    return config


def bundles(out: Path) -> list[Path]:
    return [
        out / "pagefind",
        *(out / "pagefind" / s for s in json.loads((out / "pagefind" / "shards.json").read_text())),
    ]


def fragments(out: Path) -> bytes:
    return b" ".join(gzip.decompress(f.read_bytes()) for b in bundles(out) for f in (b / "fragment").iterdir())


def test_a_small_site_is_one_bundle(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config)
    assert json.loads((config.out / "pagefind" / "shards.json").read_text()) == []


@pytest.mark.usefixtures("sharded")
def test_every_page_is_in_one_shard_and_found(tmp_path: Path) -> None:
    config = sharded_project(tmp_path)
    build(config)
    found = bundles(config.out)
    assert len(found) > 3 and all((b / "pagefind-entry.json").is_file() for b in found)
    pages = [
        p for p in config.out.rglob("*.html") if "pagefind" not in p.parts and b"data-pagefind-body" in p.read_bytes()
    ]
    assert sum(len(list((b / "fragment").iterdir())) for b in found) == len(pages)
    text = fragments(config.out)
    assert b"missile" in text and b"Port Elmsworth" in text
    assert b"LEAVE A REPLY" not in text


@pytest.mark.usefixtures("sharded")
def test_a_sharded_site_without_content_pages_still_has_its_main_bundle(tmp_path: Path) -> None:
    config = project(tmp_path / "p", content=None)
    for path in FIXTURES.joinpath("mixed").glob("harbour-*"):
        shutil.copy(path, config.sources / path.name)
    report = build(config)
    assert not report.problems
    assert (config.out / "pagefind" / "pagefind-ui.js").is_file()
    assert json.loads((config.out / "pagefind" / "shards.json").read_text())


@pytest.mark.usefixtures("sharded")
def test_one_changed_source_indexes_its_own_shards_only(tmp_path: Path) -> None:
    config = sharded_project(tmp_path)
    build(config)
    entry = {b.name: (b / "pagefind-entry.json").stat().st_ino for b in bundles(config.out)}
    seed = config.sources / "harbour-strike.md"
    seed.write_text(seed.read_text() + "\nThe mayor of Port Elmsworth said she would meet both sides on Monday.\n")
    report = build(config)
    assert report.published is not None and report.published.indexed
    again = {b.name: (b / "pagefind-entry.json").stat().st_ino for b in bundles(config.out)}
    assert again.keys() == entry.keys()
    redone = {name for name in entry if entry[name] != again[name]}
    # Its own source shard, and whatever else its new mention touched — not the other sources' shards.
    assert sum(name.startswith("sources-") for name in redone) == 1, redone
    assert sum(name.startswith("sources-") for name in entry) > 2
    assert b"Monday" in fragments(config.out)


def files(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


@pytest.mark.usefixtures("sharded")
def test_a_swap_that_fails_leaves_the_site_and_its_bundles_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundles that still stand move into the new site just before the
    swap; when the swap fails they move back, and the old site is whole."""
    config = sharded_project(tmp_path)
    build(config)
    before = files(config.out)
    seed = config.sources / "harbour-strike.md"
    seed.write_text(seed.read_text() + "\nThe mayor said she would meet both sides on Monday.\n")
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        if Path(target).name.startswith(f".{config.out.name}.old-"):
            raise OSError("the disk is full")
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="disk is full"):
        build(config)
    monkeypatch.undo()
    assert files(config.out) == before
    assert not [p for p in config.out.parent.iterdir() if p.name.startswith(f".{config.out.name}.")]
    assert build(config).published.indexed  # type: ignore[union-attr]


@pytest.mark.usefixtures("sharded")
def test_a_site_that_lost_a_bundle_is_built_again(tmp_path: Path) -> None:
    config = sharded_project(tmp_path)
    build(config)
    lost = bundles(config.out)[-1]
    shutil.rmtree(lost)
    report = build(config)
    assert report.published is not None and report.published.indexed
    assert (lost / "pagefind-entry.json").is_file()


@pytest.fixture
def served(tmp_path: Path, sharded: None) -> Iterator[str]:
    config = sharded_project(tmp_path / "project")
    config = config.__class__(**{**config.__dict__, "out": tmp_path / "www" / "briefs"})
    build(config)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/briefs/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make browser)")
def test_search_merges_the_shards_under_a_sub_path(served: str, page: Any) -> None:
    page.goto(served + "search.html?q=Elmsworth")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=20_000)
    links = [results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())]
    assert any("/briefs/sources/harbour-strike" in (h or "") for h in links), links
    assert all((h or "").startswith("/briefs/") for h in links), links
    page.locator(".pagefind-ui__search-input").fill("Korea")
    page.wait_for_function("document.querySelector('.pagefind-ui__results') && "
                           "document.querySelector('.pagefind-ui__results').innerText.includes('Korea')", timeout=20_000)  # fmt: skip
    # Filters of every bundle, merged: entity type from the entity shards, outlet from the sources'.
    filters = set(page.locator(".pagefind-ui__filter-panel").inner_text().lower().split())
    assert {"kind", "type", "outlet", "topic"} <= filters


def test_an_entity_is_searched_for_on_its_own_page_when_more_than_one_source_names_it(
    seeds_site: tuple[Config, Any],
) -> None:
    config, _ = seeds_site
    entities = json.loads((config.out / "data" / "entities.json").read_text())
    by_sources = {len({m["source"] for m in e["mentions"]}) > 1: e for e in entities}
    assert by_sources.keys() == {True, False}
    for several, entity in by_sources.items():
        html = (config.out / entity["page"]).read_bytes()
        assert (search.BODY in html) == several, entity["name"]
        if not several:  # its source's page holds the name, and is indexed
            source = (config.out / "sources" / f"{entity['mentions'][0]['source']}.html").read_bytes()
            assert search.BODY in source and entity["mentions"][0]["text"].encode() in source
    indexed = sum(len(list((b / "fragment").iterdir())) for b in bundles(config.out))
    assert indexed == sum(
        search.BODY in p.read_bytes() for p in config.out.rglob("*.html") if "pagefind" not in p.parts
    )


def test_a_changed_page_without_a_body_keeps_its_shard(tmp_path: Path) -> None:
    import hashlib

    page = "<!doctype html><html><body><main>{}</main></body></html>"
    body = "<!doctype html><html><body><article data-pagefind-body><h1>{}</h1></article></body></html>"
    then = {"index.html": page.format("ten sources"), "about.html": body.format("About")}
    now = {"index.html": page.format("eleven sources"), "about.html": body.format("About")}
    for name, files in (("old", then), ("new", now)):
        (tmp_path / name).mkdir()
        for path, html in files.items():
            (tmp_path / name / path).write_text(html)
    digests = {n: {p: hashlib.blake2b(h.encode(), digest_size=16).hexdigest() for p, h in f.items()}
               for n, f in (("old", then), ("new", now))}  # fmt: skip
    shard = search.Shard("main", ("about.html", "index.html"))
    assert search._same_index(shard, digests["new"], tmp_path / "new", digests["old"], tmp_path / "old")
    (tmp_path / "new" / "about.html").write_text(body.format("About us"))
    digests["new"]["about.html"] = "changed"
    assert not search._same_index(shard, digests["new"], tmp_path / "new", digests["old"], tmp_path / "old")
    # One bundle for the whole site reads every page when none has a body.
    whole = search.Shard("main", ("index.html",), everything=True)
    assert not search._same_index(whole, digests["new"], tmp_path / "new", digests["old"], tmp_path / "old")
