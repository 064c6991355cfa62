"""Rebuilds: a build redoes only what its changed inputs need, and the site
it leaves is the one a cold build of the same inputs would make."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen import analyze, brief, topics
from briefgen.brief import summarize
from briefgen.build import steps
from briefgen.config import Config
from briefgen.site import render

from ..conftest import FIXTURES, SEEDS, build, project


def two_topic_project(tmp_path: Path) -> Config:
    """The seeds (one story) and the harbour-strike fixtures (another)."""
    config = project(tmp_path)
    for path in FIXTURES.joinpath("mixed").glob("harbour-*"):
        shutil.copy(path, config.sources / path.name)
    return config


def snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file of the site outside the search index."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in out.rglob("*")
        if p.is_file() and "pagefind" not in p.relative_to(out).parts
    }


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class Calls:
    """Counts the calls of one stage function (the stage still runs for real)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
        self.args: list[tuple[object, ...]] = []
        real = getattr(module, name)

        def spy(*args: object, **kwargs: object) -> object:
            self.args.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)


def test_nothing_changed_stops_at_the_check_and_keeps_the_site(tmp_path: Path) -> None:
    config = project(tmp_path)
    (config.sources / "empty.txt").write_text("")
    first = build(config)
    before = snapshot(config.out)
    second = build(config)
    assert "ingest" not in second.timings and "render" not in second.timings
    assert second.published is not None and second.published.written == 0 and not second.published.indexed
    assert snapshot(config.out) == before
    # It says what the build that made the site said: counts and warnings.
    assert (second.sources, second.topics, second.entities) == (first.sources, first.topics, first.entities)
    assert second.problems == first.problems and any("empty" in p.reason for p in second.problems)


def test_a_damaged_site_is_rebuilt(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config)
    page = next((config.out / "sources").glob("*.html"))
    good = page.read_bytes()
    page.write_text("edited by hand")
    report = build(config)
    assert "render" in report.timings and page.read_bytes() == good
    (config.out / "about.html").unlink()
    report = build(config)
    assert "render" in report.timings and (config.out / "about.html").is_file()
    assert "render" not in build(config).timings


def test_one_changed_source_updates_its_page_and_its_briefing_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = two_topic_project(tmp_path)
    build(config)
    topic = json.loads((config.out / "data" / "sources" / "harbour-strike.json").read_text())["topic"]
    assert topic and topic != "russia-north-korea-treaty"
    before = snapshot(config.out)
    briefs = Calls(monkeypatch, brief, "brief")
    summaries = Calls(monkeypatch, summarize, "summarize")
    pages = Calls(monkeypatch, render.Renderer, "page")
    resolved = Calls(monkeypatch, steps, "resolve_entities")
    grouped_in = tmp_path / "grouped-in"
    group = topics.assign_topics

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        with grouped_in.open("a") as out:  # from whichever process groups
            out.write(f"{os.getpid()}\n")
        return group(*args, **kwargs)

    monkeypatch.setattr(topics, "assign_topics", recorded)
    seed = config.sources / "harbour-strike.md"
    seed.write_text(seed.read_text() + "\nThe mayor of Port Elmsworth said she would meet both sides on Monday.\n")
    report = build(config)
    assert report.published is not None and report.published.indexed
    # Resolved once, here, for the last build's stories, while a worker grouped the sources again into the same stories.
    assert len(resolved.args) == 1
    assert grouped_in.read_text().split() != [str(os.getpid())]
    assert [args[0].slug for args in briefs.args] == [topic]  # type: ignore[attr-defined]
    assert len(summaries.args) == 1
    rendered = {str(args[1]) for args in pages.args}
    assert {p for p in rendered if p.startswith(("sources/", "topics/"))} == {
        "sources/harbour-strike.html",
        f"topics/{topic}.html",
    }
    named = {
        e["id"] for e in json.loads((config.out / "data" / "sources" / "harbour-strike.json").read_text())["entities"]
    }
    assert {p for p in rendered if p.startswith("entities/") and p != "entities/index.html"} <= {
        f"entities/{i}.html" for i in named
    }
    touched = changed(before, snapshot(config.out))
    assert {"sources/harbour-strike.html", "data/sources/harbour-strike.json", f"topics/{topic}.html"} <= touched
    assert not {p for p in touched if p.startswith(("sources/", "data/sources/")) and "harbour-strike." not in p}
    assert not {p for p in touched if p.startswith(("topics/", "data/topics/")) and topic not in p}
    assert "Monday" in (config.out / "sources" / "harbour-strike.html").read_text()


def test_a_template_change_renders_again_without_analysing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project(tmp_path)
    build(config)

    def no_spacy(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spaCy pass ran again")

    monkeypatch.setattr(analyze, "analyse_texts", no_spacy)
    summaries = Calls(monkeypatch, summarize, "summarize")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "source.html").write_text(
        "{% extends 'default/source.html' %}{% block description %}REBUILT {{ source.title }}{% endblock %}"
    )
    build(config)
    assert not summaries.args
    for page in (config.out / "sources").glob("*.html"):
        assert 'content="REBUILT ' in page.read_text()


def test_a_stylesheet_edit_copies_the_stylesheet_and_renders_no_page_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.build import Builder, Change

    config = project(tmp_path)
    (tmp_path / "templates" / "assets").mkdir(parents=True)
    extra = tmp_path / "templates" / "assets" / "extra.css"
    extra.write_text("main { color: navy; }\n")
    builder = Builder(replace(config, templates=tmp_path / "templates"))
    builder.build()
    before = {p: p.stat().st_ino for p in config.out.rglob("*.html")}
    assert len(before) > 40
    rendered = Calls(monkeypatch, render.Renderer, "page")
    extra.write_text("main { color: teal; }\n")
    report = builder.build(Change.ASSETS)
    assert (config.out / "assets" / "extra.css").read_text() == "main { color: teal; }\n"
    # Only the 404 is made again: it inlines the theme's stylesheet.
    assert [call[1] for call in rendered.args] == ["404.html"]
    moved = [p.name for p, inode in before.items() if p.stat().st_ino != inode]
    # Written: the stylesheet; the 404 came out the same (it inlines the theme's stylesheet, not this one).
    assert moved == [] and report.published and report.published.written == 1
    # A stylesheet that was not there before changes what every page links: the pages are made again.
    (tmp_path / "templates" / "assets" / "print.css").write_text("nav { display: none; }\n")
    builder.build(Change.ASSETS)
    assert len(rendered.args) > 40 and (config.out / "assets" / "print.css").is_file()
    # What a template edit left in the store still serves the next source edit.
    texts = Calls(monkeypatch, analyze, "analyse_texts")
    seed = min(config.sources.iterdir())
    seed.write_text(seed.read_text() + "\n\nA sentence added for the rebuild.\n")
    builder.build(Change.SOURCES)
    assert [len(call[1]) for call in texts.args] == [1]


def test_settings_that_no_page_shows_keep_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = project(tmp_path)
    build(config)
    rendered = Calls(monkeypatch, render.Renderer, "page")
    report = build(replace(config, workers=1, max_file_mb=20))
    assert report.published is not None and report.published.written == 0
    paths = [str(args[1]) for args in rendered.args]
    assert paths and not [
        p for p in paths if p.startswith(("sources/", "topics/", "entities/")) and not p.endswith("/index.html")
    ]
    report = build(replace(config, workers=1, max_file_mb=20, title="Another title"))
    assert report.published is not None and report.published.written > 20


def test_a_deleted_source_disappears(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config)
    gone = max(SEEDS.glob("*.txt")).stem
    (config.sources / f"{gone}.txt").unlink()
    report = build(config)
    assert report.published is not None and report.published.indexed and report.sources == 4
    assert not (config.out / "sources" / f"{gone}.html").exists()
    assert not (config.out / "data" / "sources" / f"{gone}.json").exists()
    assert gone not in (config.out / "index.html").read_text()
    assert gone not in (config.out / "data" / "entities.json").read_text()


def test_a_new_builder_after_a_change_matches_a_cold_build(tmp_path: Path) -> None:
    """The memo never leaks an old result into the site: the rebuilt site is
    byte for byte the one a build from an empty cache makes."""
    config = two_topic_project(tmp_path)
    build(config)
    seed = min(config.sources.glob("*.txt"))
    seed.write_text(seed.read_text().replace("Blinken", "Antony Blinken", 1))
    (config.sources / "harbour-strike-wire.html").unlink()
    build(config)
    warm = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file() and "pagefind" not in p.parts}
    shutil.rmtree(config.cache)
    shutil.rmtree(config.out)
    build(config)
    cold = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file() and "pagefind" not in p.parts}
    manifest = config.out / ".briefgen-manifest.json"
    assert {p: b for p, b in warm.items() if p != manifest} == {p: b for p, b in cold.items() if p != manifest}


def site_files(out: Path) -> dict[str, bytes]:
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return {p: b for p, b in files.items() if not p.startswith("pagefind/") and p != ".briefgen-manifest.json"}


def test_store_keys_depend_on_values_not_on_shared_objects() -> None:
    from briefgen.model import Topic
    from briefgen.runtime.store import digest

    topic = Topic("t", "A title", ("a", "b"))
    copy = Topic("t", "A " + "title", ("a", "b"))
    assert digest(topic, topic) == digest(topic, copy)
    assert digest(topic) != digest(Topic("t", "A title", ("a",)))


def test_the_store_rewrites_only_the_buckets_whose_entries_changed(tmp_path: Path) -> None:
    from briefgen.runtime.store import FOLDER
    from briefgen.runtime.store import Store as Memo

    def inodes() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (tmp_path / FOLDER).iterdir()}

    memo = Memo(tmp_path, "v1")
    for i in range(500):
        memo.put("numbers", f"k{i}", i)
    memo.put("words", "one", ("a", "word"))
    memo.put("words", "two", ("two", "words"))
    memo.save()
    before = inodes()
    assert len(before) > 10

    memo = Memo(tmp_path, "v1")
    assert [memo.get("numbers", f"k{i}") for i in range(500)] == list(range(500))
    memo.put("numbers", "k7", "seven")  # a new value; "words" not asked of: kept as it is
    memo.save(background=True)()
    after = inodes()
    rewritten = {name for name in after if before.get(name) != after[name]}
    assert len(rewritten) == 1 and rewritten < {n for n in before if n.startswith("numbers-")}
    assert after.keys() == before.keys()

    memo = Memo(tmp_path, "v1")
    assert memo.get("numbers", "k7") == "seven" and memo.get("numbers", "k8") == 8
    assert memo.get("words", "one") == ("a", "word")  # "two", not asked of in a table asked of, goes
    for i in range(500):
        memo.get("numbers", f"k{i}")
    memo.put("numbers", "k7", "".join(["sev", "en"]))  # noqa: FLY002 - equal, another object (as a worker sends it back)
    memo.save()
    assert memo.get("words", "two") is None and Memo(tmp_path, "v1").get("words", "two") is None
    before = inodes()
    memo = Memo(tmp_path, "v1")
    for i in range(500):
        memo.get("numbers", f"k{i}")
    memo.save()
    assert inodes() == before
    memo = Memo(tmp_path, "v2")  # other code: nothing of v1 holds
    assert memo.get("numbers", "k8") is None
    memo.put("numbers", "k8", "eight")
    memo.save()
    assert len([name for name in inodes() if name.startswith("numbers-")]) == 1
    assert Memo(tmp_path, "v2").get("numbers", "k8") == "eight"


def test_the_store_writes_again_what_it_could_not_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import pickle

    from briefgen.runtime.store import FOLDER
    from briefgen.runtime.store import Store as Memo

    memo = Memo(tmp_path, "v1")
    memo.put("numbers", "k1", 1)
    real = pickle.dump
    monkeypatch.setattr(pickle, "dump", lambda *args, **kwargs: (_ for _ in ()).throw(OSError(28, "disk full")))
    memo.save()
    assert memo.problems and "could not be saved" in memo.problems[0][1]
    assert not list((tmp_path / FOLDER).glob("*.pickle")) and not list((tmp_path / FOLDER).glob("*.tmp"))
    monkeypatch.setattr(pickle, "dump", real)
    memo.get("numbers", "k1")  # the same value, the same object: written now all the same
    stale, fresh = tmp_path / FOLDER / "old.tmp", tmp_path / FOLDER / "new.tmp"
    stale.write_bytes(b"left by a build that was stopped")
    fresh.write_bytes(b"being written")
    os.utime(stale, (1_000_000_000, 1_000_000_000))
    memo.save()
    assert Memo(tmp_path, "v1").get("numbers", "k1") == 1
    assert not stale.exists() and fresh.exists()


def test_a_corrupt_store_file_is_a_miss_reported_by_the_build(tmp_path: Path) -> None:
    from briefgen.runtime.store import FOLDER

    config = project(tmp_path)
    build(config)
    damaged = min((config.cache / FOLDER).glob("sources-*.pickle"))
    damaged.write_bytes(b"not a pickle")
    (config.sources / "extra.txt").write_text("A headline\n\nThe council met on Monday and agreed the plan.\n")
    report = build(config)
    assert [p.reason for p in report.problems if p.path == str(damaged)] == ["corrupt stage cache, recomputed"]
    assert (config.out / "sources" / "extra.html").is_file()


def test_a_shard_whose_pages_changed_only_where_search_ignores_keeps_its_bundle(tmp_path: Path) -> None:
    """A renamed briefing changes an entity page's list of briefings, which
    Pagefind ignores: that page's shard keeps its bundle. A change to what
    is searched (text, a filter) indexes the shard again."""
    from briefgen.runtime.fingerprint import file_digest
    from briefgen.site import search

    def page(text: str, ignored: str, topic: str) -> bytes:
        return (f"<!doctype html><html><head><title>{text}</title></head><body>"
                f"<main id='main' data-pagefind-body><h1 id='h'>{text}</h1><p>{text} said more.</p>"
                f"<span hidden data-pagefind-filter='topic'>{topic}</span>"
                f"<p data-pagefind-ignore>In briefings: <a href='t/{ignored}.html'>{ignored}</a></p>"
                "</main></body></html>").encode()  # fmt: skip

    def site(folder: Path, pages: dict[str, bytes]) -> dict[str, str]:
        for path, data in pages.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
        return {path: file_digest(data) for path, data in pages.items()}

    first = {"a.html": page("Alpha", "one", "T"), "b.html": page("Beta", "two", "T")}
    old = tmp_path / "old"
    old_pages = site(old, first)
    shards, indexed, _ = search.index_shards(old, old_pages, tmp_path / "none", {})
    assert indexed == 1
    renamed = tmp_path / "renamed"
    pages = site(renamed, {**first, "b.html": page("Beta", "two and more", "T")})
    assert pages != old_pages
    kept = search.index_shards(renamed, pages, old, shards, previous_pages=old_pages)
    assert kept.indexed == 0
    assert "pagefind/pagefind-entry.json" in kept.carried
    for changed in (page("Beta", "two", "U"), page("Gamma", "two", "T")):
        again = tmp_path / f"again-{len(list(tmp_path.iterdir()))}"
        pages = site(again, {**first, "b.html": changed})
        assert search.index_shards(again, pages, old, shards, previous_pages=old_pages).indexed == 1


def test_the_source_pages_of_one_story_share_a_search_shard() -> None:
    from briefgen.site import search

    pages = [f"sources/s{i:05d}.html" for i in range(6000)] + ["index.html"]
    stories = {page: f"story-{i // 40}" for i, page in enumerate(pages[:6000])}
    shards = [s for s in search.plan(pages, stories) if s.name.startswith("sources-")]
    buckets = 1
    while buckets * search.SHARD_PAGES["sources"] < 6000:
        buckets *= 2
    assert buckets > 1 and len(shards) == buckets and sum(len(s.pages) for s in shards) == 6000
    home = {page: s.name for s in shards for page in s.pages}
    for story in {*stories.values()}:
        assert len({home[p] for p, key in stories.items() if key == story}) == 1


def test_recorded_answers_hold_while_every_answer_is_the_same() -> None:
    from briefgen.runtime.lookups import Lookups, same_answers

    data = {"a": 1, "b": None}
    view = Lookups(data)
    assert view.get("a") == 1 and view.get("zzz") is None and "b" in view and "q\0x" not in view
    assert view.get("") is None
    answers = view.answers()
    assert answers.misses == "\0zzz\0" and len(answers.hits) == 3
    assert not same_answers({**data, "": 0}, answers)
    assert same_answers(data, answers) and same_answers({**data, "other": 3}, answers)
    assert not same_answers({**data, "zzz": 2}, answers)  # a word that named nothing names something
    assert not same_answers({**data, "q\0x": 2}, answers)
    assert not same_answers({"a": 2, "b": None}, answers)
    assert not same_answers({"a": 1}, answers)


def test_per_source_work_outlives_a_build_that_reused_the_whole_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen.entities import spans
    from briefgen.topics import clustering

    config = replace(two_topic_project(tmp_path), workers=1)  # the calls are counted in this process
    build(config)
    about = config.content / "about.md"
    about.write_text(about.read_text() + "\nEdited.\n")
    build(config)  # topics and entities come whole from the memo
    extracted = Calls(monkeypatch, spans, "extract")
    named = Calls(monkeypatch, clustering, "named_features")
    seed = config.sources / "harbour-strike.md"
    seed.write_text(seed.read_text() + "\nThe mayor of Port Elmsworth said she would meet both sides on Monday.\n")
    build(config)
    # Only the edited source is read for names again (and others whose lookups changed).
    assert 1 <= len(extracted.args) < 5 and len(named.args) == 1


def test_the_store_reads_a_bucket_only_when_a_key_of_it_is_asked_for(tmp_path: Path) -> None:
    from briefgen.runtime.store import FOLDER, _bucket, _file_name
    from briefgen.runtime.store import Store as Memo

    keys = [f"k{i}" for i in range(200)]
    first = keys[0]
    other = next(k for k in keys if _bucket(k) != _bucket(first))
    memo = Memo(tmp_path, "v1")
    memo.put("numbers", first, 1)
    memo.put("numbers", other, 2)
    memo.save()
    damaged = tmp_path / FOLDER / _file_name("numbers", _bucket(other))
    damaged.write_bytes(b"not a pickle")

    again = Memo(tmp_path, "v1")
    assert again.get("numbers", first) == 1
    assert again.problems == []  # the damaged bucket was never read
    assert again.peek("numbers", other) is None
    assert again.problems == [(str(damaged), "corrupt stage cache, recomputed")]


def test_a_bucket_of_another_briefgen_is_a_silent_miss_even_when_its_classes_moved(tmp_path: Path) -> None:
    """After an upgrade the store holds buckets pickled with classes that may
    live elsewhere now: they are stale, not damaged, and the build says nothing."""
    import pickle
    import sys
    import types

    from briefgen.runtime.store import FOLDER, _bucket, _file_name
    from briefgen.runtime.store import Store as Memo

    memo = Memo(tmp_path, "v1")
    memo.put("spans", "k", 1)
    memo.save()
    bucket = tmp_path / FOLDER / _file_name("spans", _bucket("k"))
    old = types.ModuleType("briefgen_moved_away")
    old.Span = type("Span", (), {"__module__": old.__name__})  # type: ignore[attr-defined]
    sys.modules[old.__name__] = old
    try:
        moved = pickle.dumps(("v0", {"k": old.Span()}))  # the layout of older stores: one pickle
        versioned = pickle.dumps("v0") + pickle.dumps({"k": old.Span()})
    finally:
        del sys.modules[old.__name__]
    for data in (moved, versioned):
        bucket.write_bytes(data)
        again = Memo(tmp_path, "v1")
        assert again.peek("spans", "k") is None
        assert again.problems == []
    with pytest.raises(ModuleNotFoundError):  # what the store must not report as corrupt
        pickle.loads(moved)


def test_a_table_read_whole_before_workers_ask_for_it_is_not_written_again(tmp_path: Path) -> None:
    """Render's workers ask for every page key: the builder reads the table
    first, so that each worker inherits it and the save finds the unchanged
    buckets unchanged (the workers' answers come back as equal strings)."""
    from briefgen.runtime.store import FOLDER
    from briefgen.runtime.store import Store as Memo

    memo = Memo(tmp_path, "v1")
    for i in range(300):
        memo.put("pages", f"p{i}", f"digest {i}")
    memo.put("other", "k", 1)
    memo.save()
    inodes = {p.name: p.stat().st_ino for p in (tmp_path / FOLDER).iterdir()}

    again = Memo(tmp_path, "v1")
    again.read_table("pages")
    assert again._unread == {n for n in inodes if n.startswith("other-")}
    for i in range(300):  # as render takes back what its workers learned
        again.put("pages", f"p{i}", " ".join(["digest", str(i)]))
    again.carry("other", ["k"])
    again.save()
    assert {p.name: p.stat().st_ino for p in (tmp_path / FOLDER).iterdir()} == inodes


def test_a_corrupt_bucket_first_read_by_render_is_reported_too(tmp_path: Path) -> None:
    from briefgen.runtime.store import FOLDER

    config = project(tmp_path)
    build(config)
    damaged = sorted((config.cache / FOLDER).glob("pages-*.pickle"))
    for path in damaged:
        path.write_bytes(b"not a pickle")
    (config.sources / "extra.txt").write_text("A headline\n\nThe council met on Monday and agreed the plan.\n")
    report = build(config)
    reported = {p.path for p in report.problems if p.reason == "corrupt stage cache, recomputed"}
    assert reported == {str(path) for path in damaged}
    assert (config.out / "sources" / "extra.html").is_file()
