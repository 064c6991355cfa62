from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from briefgen.build import BuildReport

from briefgen.config import Config, anchor

# A feed of undated sources is dated by the build's time: the tests that compare
# two builds byte for byte build at one time, as reproducible builds do.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1718841600")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def project(tmp_path: Path, sources: Path | None = SEEDS, content: Path | None = ROOT / "content") -> Config:
    """A site project in tmp_path: copies of the sources and the content."""
    if sources is not None:
        shutil.copytree(sources, tmp_path / "seeds")
    else:
        (tmp_path / "seeds").mkdir()
    if content is not None:
        shutil.copytree(content, tmp_path / "content")
    return anchor(Config(cache=tmp_path / "cache"), tmp_path)


def build(config: Config) -> BuildReport:
    from briefgen.build import Builder

    return Builder(config).build()


def built_source(tmp_path: Path, source: Path) -> tuple[str, str]:
    """Build a site of the one source file ``source``: its sentences' text as the site's data gives
    them, and its HTML page."""
    import json

    config = project(tmp_path, sources=None)
    shutil.copy(source, config.sources)
    build(config)
    data = json.loads((config.out / "data" / "sources" / f"{source.stem}.json").read_text())
    page = (config.out / "sources" / f"{source.stem}.html").read_text()
    return " ".join(s["text"] for s in data["sentences"]), page


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, BuildReport]:
    """The sample site, built once for all the tests that only read it."""
    config = project(tmp_path_factory.mktemp("seeds"))
    return config, build(config)
