"""The entity index of a built site, read off its pages and JSON: headlines count.

Small invented stories, analysed by the real model: a name that only a
headline holds, a surname in a headline beside the full name in the text,
two people of one surname and different given names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.config import Config, anchor

from .conftest import build

SOURCES = {
    "harbour-0.txt": (
        "Mayor Lena Ortiz welcomes Dutch ferry company Vanderlinde Lines to Porto\n\n"
        "The city council approved a new ferry line across the river on Monday.\n\n"
        "The first boats will sail in the spring, the council said."
    ),
    "harbour-1.txt": (
        "Council backs Ortiz on ferry plan\n\n"
        "Lena Ortiz told the council on Tuesday that the new ferry line would bring visitors to the old town.\n\n"
        "Two council members voted against the plan."
    ),
    "harbour-2.txt": (
        "Boat builders in Porto hope for more work\n\n"
        "Tomas Ortiz, who runs a boatyard on the south bank, said the ferry line was good news for his workers.\n\n"
        "He is not related to the mayor."
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("entity-site")
    (root / "seeds").mkdir()
    for name, text in SOURCES.items():
        (root / "seeds" / name).write_text(text + "\n", encoding="utf-8")
    config = anchor(Config(cache=root / "cache"), root)
    build(config)
    return config


def _entities(site: Config) -> list[dict]:
    return json.loads((Path(site.out) / "data" / "entities.json").read_text(encoding="utf-8"))


def _holding(entities: list[dict], source: str, text: str, where: str | None = None) -> dict:
    found = [
        e
        for e in entities
        if any(m["source"] == source and m["text"] == text and where in (None, m["sentence"]) for m in e["mentions"])
    ]
    assert len(found) == 1, (source, text, [e["name"] for e in found])
    return found[0]


def test_a_name_only_in_a_headline_reaches_the_index(site: Config) -> None:
    entities = _entities(site)
    ferry = _holding(entities, "harbour-0", "Vanderlinde Lines", "headline")
    assert all(m["sentence"] == "headline" for m in ferry["mentions"])
    page = (Path(site.out) / ferry["page"]).read_text(encoding="utf-8")
    # The headline is the sentence shown, linked to the top of its source's page.
    assert "welcomes Dutch ferry company" in page and 'href="../sources/harbour-0.html"' in page


def test_a_surname_in_a_headline_is_the_person_the_text_names(site: Config) -> None:
    entities = _entities(site)
    mayor = _holding(entities, "harbour-1", "Ortiz", "headline")
    assert mayor is _holding(entities, "harbour-1", "Lena Ortiz")
    # Headline mentions count: the mayor is named in both of her sources' headlines.
    assert {m["source"] for m in mayor["mentions"] if m["sentence"] == "headline"} == {"harbour-0", "harbour-1"}
    assert mayor is not _holding(entities, "harbour-2", "Tomas Ortiz")


def test_a_headline_name_is_listed_on_its_source_page_and_links_nothing_in_the_text(site: Config) -> None:
    page = (Path(site.out) / "sources" / "harbour-0.html").read_text(encoding="utf-8")
    text = page.split('class="fulltext"', 1)[1].split("</section>", 1)[0]
    link = 'href="../entities/vanderlinde-lines.html"'
    # Named on the page (the list of who the source names), but a headline
    # mention's offsets are the title's: no words of the text link to it.
    assert link in page
    assert "ferry line across the river" in text and link not in text
