"""The editor's content folder and front matter: a project's own alias table, a source's own topic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefgen.config import Config

from ..conftest import FIXTURES, build, project


def test_a_project_alias_table_extends_the_shipped_one(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None, content=None)
    (config.content / "topics").mkdir(parents=True)
    (config.sources / "ferry.txt").write_text(
        "Ferry line to Colombo reopens\n\n"
        "The ferry between India and Sri Lanka resumed service on Monday after a storm.\n\n"
        "Old charts still call the island Ceylon, the captain said as the ferry left Chennai.\n",
        encoding="utf-8",
    )
    before = build(config)
    names = {e["name"]: e for e in json.loads((config.out / "data" / "entities.json").read_text())}
    assert "Ceylon" in names and "Sri Lanka" in names, before  # two entries without the table

    (config.content / "aliases.toml").write_text(
        '[[entity]]\nname = "Sri Lanka"\ntype = "GPE"\naliases = ["Ceylon"]\n', encoding="utf-8"
    )
    report = build(config)
    assert not report.problems
    names = {e["name"]: e for e in json.loads((config.out / "data" / "entities.json").read_text())}
    assert "Ceylon" not in names
    assert "Ceylon" in names["Sri Lanka"]["aliases"]


def test_a_bad_project_alias_table_is_reported_and_the_build_goes_on(tmp_path: Path) -> None:
    config = project(tmp_path)
    (config.content / "aliases.toml").write_text('[[entity]]\nname = "X"\ntype = "ROBOT"\n', encoding="utf-8")
    report = build(config)
    reasons = [str(p) for p in report.problems]
    assert any("aliases.toml" in r and "ROBOT" in r for r in reasons), reasons
    assert (config.out / "index.html").is_file()


def test_a_front_matter_topic_without_a_definition_names_the_story_of_its_source(tmp_path: Path) -> None:
    config = project(tmp_path, sources=FIXTURES / "mixed", content=None)
    build(config)
    story = next(t for t in _topics(config) if "harbour-strike" in t["sources"])
    assert len(story["sources"]) > 1  # the article and the wire's copy of the story

    article = config.sources / "harbour-strike.md"
    article.write_text(article.read_text().replace("---\n", "---\ntopic: port-dispute\n", 1))
    report = build(config)
    assert not report.problems
    topics = {t["slug"]: t for t in _topics(config)}
    assert topics["port-dispute"]["sources"] == story["sources"]
    assert story["slug"] not in topics
    page = (config.out / "topics" / "port-dispute.html").read_text()
    assert "sources/harbour-strike-wire.html" in page
    assert 'href="topics/port-dispute.html"' in (config.out / "index.html").read_text()


def _topics(config: Config) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted((config.out / "data" / "topics").glob("*.json"))]
