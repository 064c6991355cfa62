"""The pages a reader sees, on built sites: citations by outlet, the coverage
grid, the home page's headings, the 404 at any depth, and the web's basics
(favicon, Open Graph, canonical links, robots.txt, Atom feeds)."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from briefgen.build import BuildReport
from briefgen.config import Config
from briefgen.model import Briefing, Citation, Claim, Detail, Difference, Topic
from briefgen.site.citations import DIFFERS, REPORTS, SILENT, coverage, domain_of, lead

from ..conftest import build, project

ATOM = "{http://www.w3.org/2005/Atom}"
EPOCH_TIME = "2024-06-20T00:00:00Z"  # SOURCE_DATE_EPOCH as the tests set it (conftest)

LEDGER = """---
title: Dock workers walk out at Port Elmsworth over night-shift pay
outlet: The Coastal <Ledger>
url: https://ledger.example/news/strike
published: 2025-03-14
---
Around 400 dock workers at Port Elmsworth walked off the job on Friday after talks over night-shift pay broke down, the Harbour Workers Union said.

The union said the port authority had offered a 2 percent rise, far below the 6 percent its members had asked for.

Port director Alan Whitby said cargo ships would be diverted to the northern terminal while the strike lasts.
"""
WIRE = """---
title: Port Elmsworth strike halts cargo traffic
url: https://www.harbourwire.example/2025/03/strike
published: 2025-03-15
---
Cargo traffic at Port Elmsworth came to a halt on Friday as around 400 dock workers went on strike over night-shift pay.

The Harbour Workers Union had asked for a 6 percent rise for night shifts, while the port authority offered 2 percent.

Port director Alan Whitby said ships would be sent to the northern terminal until the dispute is settled.
"""
NOTES = """Harbour strike enters its second day

Around 400 dock workers at Port Elmsworth stayed off the job on Saturday in a dispute over night-shift pay.

Port director Alan Whitby said cargo ships were being diverted to the northern terminal.
"""
TOPIC = """---
title: The Port Elmsworth strike
sources: ["*"]
---
Dock workers at Port Elmsworth struck over night-shift pay in March 2025.
"""


def harbour_project(tmp_path: Path, **changes: Any) -> Config:
    """Three reports of one strike: an outlet in front matter, only a URL, nothing."""
    config = project(tmp_path, sources=None, content=None)
    (config.sources / "ledger.md").write_text(LEDGER)
    (config.sources / "wire.md").write_text(WIRE)
    (config.sources / "notes.txt").write_text(NOTES)
    (config.content / "topics").mkdir(parents=True)
    (config.content / "topics" / "harbour.md").write_text(TOPIC)
    return dataclasses.replace(config, **changes)


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Config:
    config = harbour_project(tmp_path_factory.mktemp("harbour"), base_url="https://example.org/briefs/")
    report = build(config)
    assert not report.problems
    return config


def cells(html: str) -> list[tuple[str, list[str]]]:
    """The coverage grid: (row heading's text, states of its cells) per row."""
    table = html.split('<table class="coverage-grid">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL):
        heading = re.sub(r"<[^>]+>", "", re.search(r'<th scope="row">(.*?)</th>', row, re.DOTALL).group(1))  # type: ignore[union-attr]
        rows.append((heading, re.findall(r'<td class="(\w+)">', row)))
    return rows


# -- citations by outlet ---------------------------------------------------


def test_citations_name_the_outlet_its_domain_or_the_sources_place(harbour: Config) -> None:
    page = (harbour.out / "topics" / "harbour.html").read_text()
    data = json.loads((harbour.out / "data" / "topics" / "harbour.json").read_text())
    place = data["sources"].index("notes") + 1
    chips = dict(re.findall(r'<a class="cite" href="\.\./sources/(\w+)\.html#s-\d+" title="[^"]*">([^<]*)</a>', page))
    assert chips.get("ledger") == "The Coastal &lt;Ledger&gt;"  # escaped, as everything from a source
    assert chips.get("wire") == "harbourwire.example"  # www. dropped
    assert chips.get("notes") == f"Source {place}"
    # The headline is in the chip's title; a cut-off headline is never the label.
    assert 'title="Port Elmsworth strike halts cargo traffic (sentence' in page
    assert "Harbour strike enters" not in "".join(chips.values())
    assert "<Ledger>" not in page
    home = (harbour.out / "index.html").read_text()
    assert "3 sources · 2 outlets" in home


def test_only_known_outlets_are_counted(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None, content=None)
    (config.sources / "a.txt").write_text(NOTES)
    (config.sources / "b.txt").write_text(NOTES.replace("second day", "second day, says union"))
    build(config)
    home = (config.out / "index.html").read_text()
    assert re.search(r"2 sources</p>|2 sources ·", home) and "outlet" not in home.split("cards", 1)[1].split("</ol>")[0]


def test_domain_of_a_url() -> None:
    assert domain_of("https://www.ledger.example/a?b") == "ledger.example"
    assert domain_of("http://news.example.co.uk") == "news.example.co.uk"
    assert domain_of(None) is None and domain_of("https://localhost/x") is None


# -- the coverage grid -----------------------------------------------------


def test_the_grid_shows_who_reports_each_point_who_tells_it_differently_and_who_is_silent() -> None:
    topic = Topic("t", "T", ("a", "b", "c", "d"))
    briefing = Briefing(
        topic,
        claims=(
            Claim("One.", "a", 1, (Citation("a", 1), Citation("b", 2))),
            Claim("Two.", "c", 3, (Citation("c", 3),)),
        ),
        only_in=(),
        differences=(
            Difference((Detail("a", 1, "One."), Detail("d", 5, "One, otherwise."))),
            Difference((Detail("b", 7, "Ten."), Detail("c", 8, "Twelve."))),
        ),
    )
    rows = coverage(briefing, topic.source_ids, lambda s, n: f"{s}#{n}")
    assert [(r.label, r.short) for r in rows] == [("Key point 1", "1"), ("Key point 2", "2"), ("Difference 2", "≠2")]
    assert [c.state for c in rows[0].cells] == [REPORTS, REPORTS, SILENT, DIFFERS]
    assert rows[0].cells[3].href == "d#5" and rows[0].cells[2].href is None
    assert [c.state for c in rows[1].cells] == [SILENT, SILENT, REPORTS, SILENT]
    assert [c.state for c in rows[2].cells] == [SILENT, DIFFERS, DIFFERS, SILENT]


def test_the_sample_briefing_has_an_accessible_grid_that_matches_its_data(
    seeds_site: tuple[Config, BuildReport],
) -> None:
    config, _ = seeds_site
    page = (config.out / "topics" / "russia-north-korea-treaty.html").read_text()
    data = json.loads((config.out / "data" / "topics" / "russia-north-korea-treaty.json").read_text())
    assert "<caption" in page and page.count('<th scope="col"') == len(data["sources"])
    assert 'role="region"' in page and 'tabindex="0"' in page  # scrolls by keyboard too
    rows = cells(page)
    assert len(rows) >= len(data["claims"])
    for (heading, states), claim in zip(rows, data["claims"], strict=False):
        cited = {c["source"] for c in claim["cited"]}
        assert heading.startswith("Key point")
        assert [s for s, state in zip(data["sources"], states, strict=True) if state == "reports"] == [
            s for s in data["sources"] if s in cited
        ]
    assert any("differs" in states for _, states in rows)  # the sample's speaker difference
    for word in ("reports it", "tells it differently", "not reported"):
        assert word in page
    assert "<script" not in page.split('class="coverage"', 1)[1].split("</section>", 1)[0]


def test_the_topic_page_has_a_side_column_and_only_in_by_outlet(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    page = (config.out / "topics" / "russia-north-korea-treaty.html").read_text()
    side = page.split('<aside class="side"', 1)[1].split("</aside>", 1)[0]
    assert "Who reports what" in side and "Sources" in side and "People and places" in side
    assert "Yonhap News Agency" in side and 'href="../entities/' in side
    only = page.split('<section class="only-in"', 1)[1].split("</section>", 1)[0]
    assert only.count("<h2") == 1 and "Only in one source" in only
    assert re.findall(r'<h3 class="outlet-name">([^<]*)</h3>', only) and "Only in South Korea" not in page


# -- the home page -----------------------------------------------------------


def test_one_heading_says_briefings(seeds_site: tuple[Config, BuildReport], tmp_path: Path) -> None:
    config, _ = seeds_site
    home = (config.out / "index.html").read_text()
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", home, re.DOTALL)
    assert [re.sub(r"<[^>]+>", "", h).strip() for h in headings].count("Briefings") == 1
    other = harbour_project(tmp_path, title="Harbour desk")
    build(other)
    home = (other.out / "index.html").read_text()
    assert "<h1>Harbour desk</h1>" in home and '<h2 id="topics-h">Briefings</h2>' in home


# -- the web's basics --------------------------------------------------------


def test_favicon_open_graph_canonical_and_robots(harbour: Config) -> None:
    out = harbour.out
    assert (out / "favicon.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (out / "assets" / "favicon.svg").read_text().startswith("<svg")
    topic = (out / "topics" / "harbour.html").read_text()
    assert '<link rel="icon" href="../assets/favicon.svg" type="image/svg+xml">' in topic
    assert '<link rel="icon" href="../favicon.ico" sizes="32x32">' in topic
    assert '<meta property="og:title" content="The Port Elmsworth strike">' in topic
    assert '<meta property="og:description" content="Dock workers at Port Elmsworth struck' in topic
    assert '<meta name="twitter:card" content="summary">' in topic
    assert '<link rel="canonical" href="https://example.org/briefs/topics/harbour.html">' in topic
    assert '<meta property="og:url" content="https://example.org/briefs/topics/harbour.html">' in topic
    source = (out / "sources" / "wire.html").read_text()
    assert '<meta property="og:type" content="article">' in source
    assert (
        out / "robots.txt"
    ).read_text() == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/briefs/sitemap.xml\n"
    assert "https://example.org/briefs/topics/harbour.html" in (out / "sitemap.xml").read_text()


def test_no_canonical_link_or_sitemap_without_base_url(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    assert 'rel="canonical"' not in (config.out / "index.html").read_text()
    assert (config.out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_feeds_per_topic_and_entity_are_linked_and_dated_by_their_sources(harbour: Config) -> None:
    out = harbour.out
    topic = (out / "topics" / "harbour.html").read_text()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="The Port Elmsworth strike (new sources)" href="../topics/harbour.xml">'
        in topic
    )
    feed = ET.parse(out / "topics" / "harbour.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2025-03-15T00:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Briefings"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[:2] == ["harbourwire.example: Port Elmsworth strike halts cargo traffic",
                          "The Coastal <Ledger>: Dock workers walk out at Port Elmsworth over night-shift pay"]  # fmt: skip
    dates = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in entries}
    assert dates["Harbour strike enters its second day"] == EPOCH_TIME  # undated: the build's time
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert all(link.startswith("https://example.org/briefs/sources/") for link in links)  # type: ignore[union-attr]
    whitby = next(out.glob("entities/alan-whitby*.html"))
    page = whitby.read_text()
    assert f'href="../entities/{whitby.stem}.xml"' in page
    entity = ET.parse(whitby.with_suffix(".xml")).getroot()
    assert len(entity.findall(f"{ATOM}entry")) == 3
    assert all("Whitby" in (e.findtext(f"{ATOM}summary") or "") for e in entity.findall(f"{ATOM}entry"))
    # An entity only one source names has no feed: nothing new would ever enter it.
    entities = json.loads((out / "data" / "entities.json").read_text())
    entities = entities.get("entities", entities) if isinstance(entities, dict) else entities
    for e in entities:
        assert (out / "entities" / f"{e['id']}.xml").exists() == (len({m["source"] for m in e["mentions"]}) > 1)
    site = ET.parse(out / "feed.xml").getroot()
    assert site.findtext(f"{ATOM}updated") == "2025-03-15T00:00:00Z"


def test_a_feed_of_undated_sources_keeps_its_date_until_its_entries_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(tmp_path, sources=None, content=None)
    (config.sources / "notes.txt").write_text(NOTES)
    (config.sources / "other.txt").write_text("Tide tables\n\nThe tide tables for April were published.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718841600")
    build(config)
    feeds = {p: p.read_bytes() for p in config.out.glob("*/*.xml")}
    assert feeds and all(EPOCH_TIME.encode() in data for data in feeds.values())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718928000")  # a day later
    (config.sources / "other.txt").write_text("Tide tables\n\nThe tide tables for May were published.\n")
    build(config)
    for path, before in feeds.items():
        if "notes" in path.read_text() and "Tide" not in path.read_text():
            assert path.read_bytes() == before, path  # its entries did not change: its date did not either
    feed = next(p for p in config.out.glob("topics/*.xml") if b"Tide" in p.read_bytes())
    assert b"2024-06-21T00:00:00Z" in feed.read_bytes()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (config.sources / "other.txt").write_text("Tide tables\n\nThe tide tables for June were published.\n")
    build(config)
    feed = next(p for p in config.out.glob("topics/*.xml") if b"Tide" in p.read_bytes())
    updated = ET.parse(feed).getroot().findtext(f"{ATOM}updated") or ""
    assert updated[:4] >= "2025" and updated.endswith("Z")  # now, not 1970


# -- the 404 page --------------------------------------------------------------


def test_the_404_page_works_at_any_depth(seeds_site: tuple[Config, BuildReport], harbour: Config) -> None:
    config, _ = seeds_site
    page = (config.out / "404.html").read_text()
    assert "assets/style.css" not in page and "<style>" in page and "--bg:" in page
    assert 'href="/index.html"' in page and 'rel="canonical"' not in page
    assert "</style" not in page.split("<style>", 1)[1].split("</style>", 1)[0]
    published = (harbour.out / "404.html").read_text()
    assert '<link rel="stylesheet" href="https://example.org/briefs/assets/style.css">' in published
    assert 'href="https://example.org/briefs/index.html"' in published and "<style>" not in published


# -- search ------------------------------------------------------------------


def test_filters_stay_out_of_the_indexed_text(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    fragments = [json.loads(gzip.decompress(p.read_bytes()).split(b"{", 1)[1].join([b"{", b""]))
                 for p in (config.out / "pagefind" / "fragment").iterdir()]  # fmt: skip
    entity = next(f for f in fragments if f["url"].endswith("/antony-blinken.html"))
    assert entity["filters"]["kind"] == ["entity"] and entity["filters"]["type"] == ["People"]
    assert "entity People" not in entity["content"] and "People" not in entity["content"]
    source = next(f for f in fragments if f["url"].endswith("/001_aa54f520d41888ff.html"))
    assert source["filters"]["kind"] == ["source"] and source["filters"]["outlet"] == ["Yonhap News Agency"]
    topic = source["filters"]["topic"][0]
    for f in fragments:
        assert f" source {topic.split()[0]}" not in f["content"], f["url"]
        assert "Key point 1" not in f["content"] and "reports it" not in f["content"]  # the grid is not searched


def test_the_lead_is_the_first_paragraph_of_the_note_else_the_first_key_point() -> None:
    topic = Topic("t", "T", ("a",))
    briefing = Briefing(topic, (Claim("The port reopened.", "a", 1, (Citation("a", 1),)),), ())
    assert lead("<h1>Hi</h1>\n<p>The <em>strike</em> &amp; after.</p><p>More.</p>", briefing) == "The strike & after."
    assert lead("", briefing) == "The port reopened."
    assert lead("", None) is None
    assert lead("<p>" + "word " * 100 + "</p>", None).endswith("…")  # type: ignore[union-attr]
