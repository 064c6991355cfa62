"""``briefgen init``: a starter project that builds at once and never overwrites."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.config import Config, load
from briefgen.site.starter import STARTER

from .conftest import ROOT


def test_init_then_build_makes_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "desk"
    assert main(["init", str(target)]) == 0
    out = capsys.readouterr().err
    assert "briefgen.toml" in out and f"cd {target} && briefgen build" in out
    assert 'sources = "sources"' in (target / "briefgen.toml").read_text()
    assert len(list((target / "sources").glob("*.md"))) == 2
    assert (target / "templates" / "README.txt").is_file() and (target / ".gitignore").is_file()

    done = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", "--strict"], cwd=target,
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Built 2 sources, 1 topic," in done.stderr
    site = target / "site"
    assert "<h1>Larchmere briefings</h1>" in (site / "index.html").read_text()
    assert "About this site" in (site / "about.html").read_text()
    assert sorted(p.name for p in (site / "sources").glob("*.html")) == [
        "courier-footbridge-reopens.html", "post-footbridge-reopens.html",
    ]  # fmt: skip
    [topic] = (site / "topics").glob("*.html")
    briefing = topic.read_text()
    assert "The Larchmere Courier" in briefing and "Valley Evening Post" in briefing


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path)]) == 0
    capsys.readouterr()
    index = tmp_path / "content" / "index.md"
    index.write_text("# Our desk\n")
    (tmp_path / "content" / "about.md").unlink()
    assert main(["init", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "Created in" in err and "content/about.md" in err.split("left as they were")[0]
    assert "left as they were (already there):" in err and "content/index.md" in err.split("left as they were")[1]
    assert index.read_text() == "# Our desk\n"
    assert (tmp_path / "content" / "about.md").is_file()


def test_init_into_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").write_text("mine")
    assert main(["init", str(tmp_path / "taken")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert (tmp_path / "taken").read_text() == "mine"


def test_every_setting_is_in_the_readme_and_in_the_starter_and_its_examples_are_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    starter = (STARTER / "briefgen.toml").read_text()
    for setting in fields(Config):
        assert f"| `{setting.name}` |" in readme, setting.name
        assert re.search(rf"^(# )?{setting.name} = ", starter, re.MULTILINE), setting.name
    # Every example the starter comments out is a valid setting once uncommented.
    (tmp_path / "briefgen.toml").write_text(re.sub(r"(?m)^# (\w+ = )", r"\1", starter))
    (tmp_path / "templates" / "assets").mkdir(parents=True)
    (tmp_path / "templates" / "assets" / "desk.css").write_text("h1 { color: navy; }\n")
    config = load(tmp_path / "briefgen.toml")
    assert config.extra_css == ("assets/desk.css",) and config.base_url.startswith("https://")
