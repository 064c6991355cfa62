"""The editor's content folder: a project's own alias table."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import build, project


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
