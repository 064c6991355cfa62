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
        ('titel = "x"', "unknown setting 'titel' (did you mean 'title'?); the settings are: title, description"),
        ("sumary_sentences = 2", "(did you mean 'summary_sentences'?)"),
        ('summary_sentences = "3"', "'summary_sentences' must be a whole number, 0 or more (such as summary_sentences = 3), not '3'"),
        ("title = 3", "'title' must be text in quotes, such as title = \"Harbour briefings\", not 3"),
        ("workers = 0", "'workers' must be 1 or more, not 0"),
        ("workers = -3", "'workers' must be 1 or more, not -3"),
        ("sources = 1", "'sources' must be a folder name in quotes, such as sources = \"seeds\""),
        ('base_url = "briefs.example.org"', "'base_url' must be an absolute http(s) URL such as \"https://example.org/briefs/\", not 'briefs.example.org' (perhaps \"https://briefs.example.org\")"),
        ('base_url = "ftp://example.org/"', "absolute http(s) URL"),
        ("title = ", "invalid TOML"),
    ],
)  # fmt: skip
def test_bad_config_names_the_key(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "briefgen.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load(path, tmp_path)
    assert needle in str(error.value) and str(path) in str(error.value)


def test_a_good_base_url(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('base_url = "https://example.org/briefs/"\n')
    assert load(None, tmp_path).base_url == "https://example.org/briefs/"


def test_a_bad_base_url_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from briefgen.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["build", "--base-url", "example.org/briefs"]) == 2
    assert "--base-url: 'base_url' must be an absolute http(s) URL" in capsys.readouterr().err
