"""The entity index of a built site: a small invented story, the real model.

Three articles about one shooting name a mother and her son, who share a
surname and whose given names start alike, and a man whose surname stands
alone in two of them. The assertions read the built ``data/entities.json``
and the entity pages, as a reader would meet them. Then headlines: a name
only a headline holds, a surname in a headline beside the full name in the
text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import Config, anchor

from ..conftest import FIXTURES, build, project


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, list[dict[str, Any]]]:
    config = project(tmp_path_factory.mktemp("people"), FIXTURES / "people", None)
    report = build(config)
    assert report.sources == 3 and not report.problems
    return config, json.loads((config.out / "data" / "entities.json").read_text())


def holding(entities: list[dict[str, Any]], source: str, text: str) -> list[dict[str, Any]]:
    return [e for e in entities if any(m["source"] == source and m["text"] == text for m in e["mentions"])]


def named(entities: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [e for e in entities if e["name"] == name]
    assert len(found) == 1, (name, [e["name"] for e in entities])
    return found[0]


def test_two_people_of_one_surname_and_different_given_names_are_two_entities(
    story: tuple[Config, list[dict[str, Any]]],
) -> None:
    config, entities = story
    mother, son = named(entities, "Marla Quenby"), named(entities, "Marlon Quenby")
    assert mother["id"] != son["id"] and mother["type"] == son["type"] == "PERSON"
    for entity in entities:
        texts = {m["text"] for m in entity["mentions"]}
        assert not {"Marla Quenby", "Marlon Quenby"} <= texts, entity["name"]
    page = (config.out / mother["page"]).read_text()
    assert "Marla Quenby" in page and "17-year-old" not in page


def test_a_surname_alone_joins_the_one_person_of_that_surname_its_document_names(
    story: tuple[Config, list[dict[str, Any]]],
) -> None:
    _, entities = story
    # The inquiry names the son only: its "Quenby" is the son.
    assert holding(entities, "quenby-inquiry", "Quenby") == [named(entities, "Marlon Quenby")]
    # The vigil names both, the hearing neither while the story names two:
    # their bare "Quenby" is neither person.
    for source in ("quenby-vigil", "quenby-hearing"):
        owners = holding(entities, source, "Quenby")
        assert owners and all(e["name"] not in ("Marla Quenby", "Marlon Quenby") for e in owners), source
    # The story names one Penhallow: his surname alone is him, in every article.
    penhallow = named(entities, "Osric Penhallow")
    for source in ("quenby-inquiry", "quenby-hearing"):
        assert holding(entities, source, "Penhallow") == [penhallow]


def test_an_institution_written_two_ways_is_one_entity(story: tuple[Config, list[dict[str, Any]]]) -> None:
    _, entities = story
    justice = holding(entities, "quenby-vigil", "Department of Justice")
    assert justice and justice == holding(entities, "quenby-inquiry", "Justice Department")


def test_an_entity_page_shows_a_readable_share_of_a_large_archive(tmp_path: Path) -> None:
    """Five sentences a source, a hundred sources a page: the rest is a link to the source, or a search."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "profile.txt").write_text(
        "Maria Delgado runs the harbour pilots' union.\n\n"
        + "\n\n".join(
            f"Maria Delgado said the {w} shift would stay."
            for w in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
        ),
        encoding="utf-8",
    )
    for i in range(103):
        (sources / f"notice-{i:03d}.txt").write_text(
            f"Notice {i}\n\nThe Port of Valmora Authority closed berth {i} for repairs on Tuesday.", encoding="utf-8"
        )
    config = project(tmp_path, sources, None)
    report = build(config)
    assert report.sources == 104
    entities = json.loads((config.out / "data" / "entities.json").read_text())
    person = named(entities, "Maria Delgado")
    page = (config.out / "entities" / f"{person['id']}.html").read_text()
    # The first line is the headline: it and seven sentences name her; it is shown first, then four sentences.
    assert page.count('href="../sources/profile.html#s-') == 4 and 'href="../sources/profile.html"' in page
    assert page.index("runs the harbour pilots") < page.index("said the first shift")
    assert "3 more mentions in this source" in page
    port = max(entities, key=lambda e: len({m["source"] for m in e["mentions"]}))
    assert len({m["source"] for m in port["mentions"]}) == 103
    page = (config.out / "entities" / f"{port['id']}.html").read_text()
    assert page.count('<h3 class="source-name">') == 100
    assert "Named in 3 more sources" in page and "search.html?q=" in page


def test_an_index_of_many_names_lists_the_most_cited_and_links_a_page_of_them_all(tmp_path: Path) -> None:
    given = ["Anna", "Brian", "Clara", "David", "Elena", "Frank", "Grace", "Henry", "Irene", "James",
             "Karen", "Louis", "Maria", "Nathan", "Olivia", "Peter", "Rachel", "Samuel", "Teresa", "Victor"]  # fmt: skip
    family = ["Abbott", "Barker", "Carter", "Dawson", "Ellis", "Fisher", "Gordon", "Harper", "Irwin", "Jensen",
              "Keller", "Lawson", "Mason", "Norris", "Owens", "Parker", "Quinn", "Reyes", "Shaw", "Turner"]  # fmt: skip
    sources = tmp_path / "sources"
    sources.mkdir()
    names = [f"{g} {f}" for g in given for f in family]
    (sources / "roll-call.txt").write_text(
        "Roll call\n\n" + "\n\n".join(f"Councillor {n} voted for the harbour budget." for n in names), encoding="utf-8"
    )
    (sources / "follow-up.txt").write_text(
        "Budget passes\n\nCouncillor Anna Abbott said the harbour budget would pass on Tuesday.", encoding="utf-8"
    )
    config = project(tmp_path, sources, None)
    build(config)
    people = [e for e in json.loads((config.out / "data" / "entities.json").read_text()) if e["type"] == "PERSON"]
    assert len(people) > 300
    index = (config.out / "entities" / "index.html").read_text()
    every = (config.out / "entities" / "all" / "person.html").read_text()
    assert f"all {len(people)} names" in index and 'href="../entities/all/person.html"' in index
    assert index.count('href="../entities/') < len(people) + 10
    assert 'href="../entities/anna-abbott.html"' in index  # named by two sources: among the most cited
    assert all(f'href="../../entities/{e["id"]}.html"' in every for e in people)


# --- headlines --------------------------------------------------------------------

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
def headlines(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("entity-site")
    (root / "seeds").mkdir()
    for name, text in SOURCES.items():
        (root / "seeds" / name).write_text(text + "\n", encoding="utf-8")
    config = anchor(Config(cache=root / "cache"), root)
    build(config)
    return config


def _entities(headlines: Config) -> list[dict]:
    return json.loads((Path(headlines.out) / "data" / "entities.json").read_text(encoding="utf-8"))


def _holding_at(entities: list[dict], source: str, text: str, where: str | None = None) -> dict:
    found = [
        e
        for e in entities
        if any(m["source"] == source and m["text"] == text and where in (None, m["sentence"]) for m in e["mentions"])
    ]
    assert len(found) == 1, (source, text, [e["name"] for e in found])
    return found[0]


def test_a_name_only_in_a_headline_reaches_the_index(headlines: Config) -> None:
    entities = _entities(headlines)
    ferry = _holding_at(entities, "harbour-0", "Vanderlinde Lines", "headline")
    assert all(m["sentence"] == "headline" for m in ferry["mentions"])
    page = (Path(headlines.out) / ferry["page"]).read_text(encoding="utf-8")
    # The headline is the sentence shown, linked to the top of its source's page.
    assert "welcomes Dutch ferry company" in page and 'href="../sources/harbour-0.html"' in page


def test_a_surname_in_a_headline_is_the_person_the_text_names(headlines: Config) -> None:
    entities = _entities(headlines)
    mayor = _holding_at(entities, "harbour-1", "Ortiz", "headline")
    assert mayor is _holding_at(entities, "harbour-1", "Lena Ortiz")
    # Headline mentions count: the mayor is named in both of her sources' headlines.
    assert {m["source"] for m in mayor["mentions"] if m["sentence"] == "headline"} == {"harbour-0", "harbour-1"}
    assert mayor is not _holding_at(entities, "harbour-2", "Tomas Ortiz")


def test_a_headline_name_is_listed_on_its_source_page_and_links_nothing_in_the_text(headlines: Config) -> None:
    page = (Path(headlines.out) / "sources" / "harbour-0.html").read_text(encoding="utf-8")
    text = page.split('class="fulltext"', 1)[1].split("</section>", 1)[0]
    link = 'href="../entities/vanderlinde-lines.html"'
    # Named on the page (the list of who the source names), but a headline
    # mention's offsets are the title's: no words of the text link to it.
    assert link in page
    assert "ferry line across the river" in text and link not in text
