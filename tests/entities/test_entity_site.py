"""The entity index of a built site: a small invented story, the real model.

Three articles about one shooting name a mother and her son, who share a
surname and whose given names start alike, and a man whose surname stands
alone in two of them. The assertions read the built ``data/entities.json``
and the entity pages, as a reader would meet them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import Config

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
        + "\n\n".join(f"Maria Delgado said the {w} shift would stay." for w in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")),
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
    assert page.count('href="../sources/profile.html#s-') == 5
    assert "2 more mentions in this source" in page  # the first line is the title: seven sentences name her
    port = max(entities, key=lambda e: len({m["source"] for m in e["mentions"]}))
    assert len({m["source"] for m in port["mentions"]}) == 103
    page = (config.out / "entities" / f"{port['id']}.html").read_text()
    assert page.count('<h3 class="source-name">') == 100
    assert "Named in 3 more sources" in page and 'search.html?q=' in page


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
