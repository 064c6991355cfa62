from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import ConfigError, load


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load(None, tmp_path)
    assert config.sources == tmp_path / "seeds"
    assert config.out == tmp_path / "site"
    assert config.summary_sentences == 3


def test_values_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('title = "Desk"\nsources = "articles"\nsummary_sentences = 2\n')
    config = load(None, tmp_path)
    assert (config.title, config.sources, config.summary_sentences) == ("Desk", tmp_path / "articles", 2)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('titel = "x"', "unknown setting 'titel'"),
        ('summary_sentences = "3"', "'summary_sentences' must be an integer"),
        ("title = 3", "'title' must be a str"),
        ("workers = 0", "'workers' is out of range"),
        ("title = ", "invalid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load(path, tmp_path)
    assert needle in str(error.value) and str(path) in str(error.value)
