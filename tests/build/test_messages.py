"""What the user is told: dates, front matter, drafts, counts, template errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.ingest import read_source


def read(tmp_path: Path, front: str) -> tuple[str | None, str | None]:
    """(published, warning) of a Markdown source with this front matter."""
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: Ferry line reopens\n{front}\n---\nThe ferry to the islands runs again from Monday.\n")
    source, problem = read_source(path, "story.md", "story", is_word=lambda w: False, max_bytes=1 << 20)
    return (source.published if source else None), (str(problem) if problem else None)


@pytest.mark.parametrize(
    "value",
    ["2025-10-15", "2025-10-15T09:30:00Z", "15 October 2025", "October 15, 2025", "Wed, 15 Oct 2025 09:30:00 +0000",
     "15th Oct. 2025", "2025/10/15"],
)  # fmt: skip
def test_dates_in_common_forms(tmp_path: Path, value: str) -> None:
    assert read(tmp_path, f"published: {value}") == ("2025-10-15", None)


@pytest.mark.parametrize("value", ["15/10/2025", "yesterday", "31 February 2025"])
def test_a_date_not_understood_is_named(tmp_path: Path, value: str) -> None:
    published, warning = read(tmp_path, f"published: {value}")
    assert published is None
    assert warning is not None and warning.startswith("story.md: date ") and repr(value) in warning
    assert "2025-10-15" in warning


def test_a_yaml_error_names_the_line_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "talks.md"
    path.write_text("---\noutlet: The Courier\ntitle: Talks: day two\n---\nThe talks went on.\n")
    source, problem = read_source(path, "talks.md", "talks", is_word=lambda w: False, max_bytes=1 << 20)
    assert source is None and problem is not None
    assert str(problem).startswith("talks.md: malformed front matter: invalid YAML (line 3): mapping values")
    assert 'in quotes, e.g. title: "Talks: day two"' in str(problem)


@pytest.fixture
def starter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert main(["init", str(tmp_path), "--quiet"]) == 0
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_drafts_are_left_out_unless_asked_for(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = starter / "sources" / "post-footbridge-reopens.md"
    post.write_text(post.read_text().replace("---\n", "---\ndraft: true\n", 1))
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert "Built 1 source, 1 topic, " in err and "1 draft left out (build with --drafts" in err
    site = starter / "site"
    assert not (site / "sources" / "post-footbridge-reopens.html").exists()
    assert "post-footbridge" not in (site / "index.html").read_text()
    assert main(["build", "--drafts"]) == 0
    assert "Built 2 sources, 1 topic, " in capsys.readouterr().err
    assert (site / "sources" / "post-footbridge-reopens.html").is_file()
    # Only drafts: nothing to publish, and the message says why.
    courier = starter / "sources" / "courier-footbridge-reopens.md"
    courier.write_text(courier.read_text().replace("---\n", "---\ndraft: true\n", 1))
    before = (site / "index.html").read_bytes()
    assert main(["build"]) == 1
    assert "2 drafts left out (build with --drafts" in capsys.readouterr().err
    assert (site / "index.html").read_bytes() == before


def test_a_bad_date_in_a_build_is_a_warning_naming_file_and_value(
    starter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = starter / "sources" / "post-footbridge-reopens.md"
    post.write_text(post.read_text().replace("published: 2025-10-13", "published: 13/10/2025"))
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert "warning: post-footbridge-reopens.md: date '13/10/2025' not understood" in err
    data = json.loads((starter / "site" / "data" / "sources" / "post-footbridge-reopens.json").read_text())
    assert data["published"] is None


@pytest.mark.parametrize(
    ("template", "needle"),
    [
        ("{% extends 'default/topic.html' %}\n{% block main %}\n<p>\n{{ topc.title }}\n{% endblock %}\n",
         "templates/topic.html:4: 'topc' is undefined"),
        ("{% extends 'defaults/topic.html' %}\n",
         "templates/topic.html:1: template 'defaults/topic.html' not found in the project's templates or the default"
         + " theme (did you mean 'default/topic.html'?"),
        ("{% extends 'default/topic.html' %}\n{% block main %}{% include 'parts/box.html' %}{% endblock %}\n",
         "templates/topic.html:2: template 'parts/box.html' not found"),
        ("{% extends 'default/topic.html' %}\n{% block main %}\n{{ oops( }}{% endblock %}\n",
         "templates/topic.html:3: unexpected '}'"),
    ],
)  # fmt: skip
def test_template_errors_name_the_file_and_line(
    starter: Path, capsys: pytest.CaptureFixture[str], template: str, needle: str
) -> None:
    (starter / "templates" / "topic.html").write_text(template)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert f"error: {starter / needle}" in err and "the previous site is left as it was" in err


def test_a_template_that_overrides_nothing_is_a_warning_with_the_name_meant(
    starter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = starter / "templates"
    (templates / "topics.html").write_text("{% extends 'default/topic.html' %}\n")
    (templates / "source.html").write_text("{% extends 'default/source.html' %}\n{% include 'byline.html' %}\n")
    (templates / "byline.html").write_text("<p>A part the project's own source page includes.</p>\n")
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {templates / 'topics.html'}: overrides no template of the default theme" in err
    assert "did you mean 'topic.html'?" in err
    assert "byline.html" not in err


def test_a_language_that_is_not_a_language_tag_is_refused(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = starter / "briefgen.toml"
    config.write_text(config.read_text() + '\nlanguage = "klingon"\n')
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert '\'language\' must be a language tag such as "en", "en-GB" or "fr"' in err and "'klingon'" in err


def test_extra_css_is_linked_after_the_theme_stylesheet(starter: Path) -> None:
    assets = starter / "templates" / "assets"
    assets.mkdir()
    (assets / "extra.css").write_text("h1 { color: #7a1f1f; }\n")
    assert main(["build"]) == 0
    page = (starter / "site" / "index.html").read_text()
    assert page.index('href="assets/style.css"') < page.index('href="assets/extra.css"')
    assert (starter / "site" / "assets" / "extra.css").read_text() == "h1 { color: #7a1f1f; }\n"
