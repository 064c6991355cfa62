"""End-to-end builds of the sample site with the real model and Pagefind."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from briefgen.build import BuildReport
from briefgen.config import Config

from ..conftest import FIXTURES, build, project
from ..ingest.test_clean import JUNK

HREF = re.compile(r"""(?:href|src)="([^"]*)\"""")


def text_of(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


def test_every_seed_gets_a_page_with_summary_text_and_anchors(seeds_site: tuple[Config, BuildReport]) -> None:
    config, report = seeds_site
    assert report.sources == 5 and not report.problems
    for seed in sorted(Path(config.sources).glob("*.txt")):
        page = (config.out / "sources" / f"{seed.stem}.html").read_text()
        data = json.loads((config.out / "data" / "sources" / f"{seed.stem}.json").read_text())
        assert data["page"] == f"sources/{seed.stem}.html"
        sentences = {s["id"]: s["text"] for s in data["sentences"]}
        assert len(sentences) >= 8
        for anchor in sentences:
            assert f'id="{anchor}"' in page
        # Summaries are verbatim source sentences, in source order.
        assert 1 <= len(data["summary"]) <= 3
        numbers = [int(a.removeprefix("s-")) for a in data["summary_sentences"]]
        assert numbers == sorted(numbers)
        assert [sentences[a] for a in data["summary_sentences"]] == data["summary"]
        assert {"id", "title", "outlet", "author", "url", "published"} <= data.keys()


def test_no_boilerplate_reaches_pages_or_search(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    for page in (config.out / "sources").glob("*.html"):
        body = text_of(page.read_text()).lower()
        for junk in JUNK:
            assert junk.lower() not in body, (page.name, junk)
    fragments = b" ".join(gzip.decompress(p.read_bytes()) for p in (config.out / "pagefind" / "fragment").iterdir())
    assert b"missile" in fragments
    for junk in ("LEAVE A REPLY", "Exit mobile version", "Join NewsTrack", "Log in to Twitter"):
        assert junk.encode() not in fragments, junk


def test_every_link_is_relative(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    pages = [p for p in config.out.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html"]
    assert len(pages) > 10
    for page in pages:
        for link in HREF.findall(page.read_text()):
            if link.startswith("https://") and 'rel="noopener' in page.read_text():
                continue  # a source's original article
            assert not link.startswith(("/", "http:", "//")), (page, link)
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            if link.split("#")[0]:
                assert target.exists() or "pagefind" in link, (page, link)


def test_search_page_and_filters(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    assert (config.out / "pagefind" / "pagefind-ui.js").is_file()
    search = (config.out / "search.html").read_text()
    assert "PagefindUI" in search and 'src="pagefind/pagefind-ui.js"' in search
    source = next((config.out / "sources").glob("*.html")).read_text()
    # Filters live in attributes: no filter text joins the indexed text.
    assert "data-pagefind-body" in source and 'data-pagefind-filter="topic[data-topic], kind:source"' in source
    filters = list((config.out / "pagefind" / "filter").iterdir())
    assert filters


def test_nothing_changed_rewrites_nothing(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config)
    index = config.out / "index.html"
    before = index.stat()
    second = build(config)
    assert second.published is not None
    assert second.published.written == 0 and not second.published.indexed
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    seed = next(config.sources.glob("*.txt"))
    seed.write_text(
        seed.read_text().replace("Blinken", "Blinken", 1) + "\n\nA new paragraph about the treaty was added today.\n"
    )
    third = build(config)
    assert third.published is not None and third.published.indexed and third.published.written >= 1


def test_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    config = project(tmp_path)
    build(config)
    before = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file()}
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "source.html").write_text(
        "{% extends 'default/source.html' %}{% block main %}{{ oops( }}{% endblock %}"
    )
    import jinja2

    with pytest.raises(jinja2.TemplateSyntaxError):
        build(config)
    after = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".site.*"))


def test_template_override_extends_the_default(tmp_path: Path) -> None:
    config = project(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "source.html").write_text(
        "{% extends 'default/source.html' %}{% block description %}OVERRIDDEN {{ source.title }}{% endblock %}"
    )
    build(config)
    page = next((config.out / "sources").glob("*.html")).read_text()
    assert 'content="OVERRIDDEN ' in page and 'id="s-1"' in page


def test_a_web_page_read_again_and_again_keeps_its_text() -> None:
    """A rebuild in ``serve`` reads an edited page again in the same process:
    what an earlier reading saw must not count against it."""
    from briefgen.ingest import html_to_text

    raw = (FIXTURES / "mixed" / "harbour-strike-wire.html").read_text()
    first = html_to_text(raw)
    assert "dock workers" in first[1]
    assert all(html_to_text(raw) == first for _ in range(4))


def test_markdown_and_html_sources_and_escaping(tmp_path: Path) -> None:
    config = project(tmp_path, sources=FIXTURES / "mixed")
    report = build(config)
    assert report.sources == 3, report.problems
    md = json.loads((config.out / "data" / "sources" / "harbour-strike.json").read_text())
    assert (md["outlet"], md["author"], md["published"]) == ("The Coastal Ledger", "Maria Okafor", "2025-03-14")
    assert md["url"] == "https://ledger.example/news/port-elmsworth-strike"
    assert not any("Share this" in s["text"] for s in md["sentences"])
    html = json.loads((config.out / "data" / "sources" / "harbour-strike-wire.json").read_text())
    assert html["title"] == "Port Elmsworth strike halts cargo traffic"
    assert html["outlet"] == "Harbour Wire" and html["published"] == "2025-03-14"
    assert not any("comment" in s["text"].lower() for s in html["sentences"])
    page = (config.out / "sources" / "injected-markup.html").read_text()
    assert "<script>alert" not in page and "<b>library" not in page
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in page
    index = (config.out / "index.html").read_text()
    assert "<script>alert" not in index
