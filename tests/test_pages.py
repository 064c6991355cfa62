"""The editor's pages: every ``content/*.md`` is a page; the navigation lists
About when it exists and any page marked ``nav: true``."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import build, project
from .test_bad_input import GOOD


def nav(html: str) -> list[str]:
    block = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.DOTALL)
    assert block is not None
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', block.group(1))


def test_a_project_without_content_has_a_heading_and_no_about(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None, content=None)
    (config.sources / "strike.txt").write_text(GOOD)
    report = build(config)
    assert not report.problems
    home = (config.out / "index.html").read_text()
    assert "<h1>Briefings</h1>" in home
    assert nav(home) == ["Briefings", "Index"]
    assert not (config.out / "about.html").exists()


def test_every_content_page_is_built_and_nav_pages_are_listed(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None, content=None)
    (config.sources / "strike.txt").write_text(GOOD)
    content = config.content
    content.mkdir()
    (content / "index.md").write_text("# The harbour desk\n\nOur notes.\n")
    (content / "about.md").write_text("We read the papers.\n")
    (content / "methodology.md").write_text("---\ntitle: How we <work>\nnav: true\n---\nWe quote, never paraphrase.\n")
    (content / "notes.md").write_text("---\ntitle: Notes\n---\n# Working notes\n\nNot in the menu.\n")
    (content / "search.md").write_text("Would replace the search page.\n")
    (content / "odd.md").write_text("---\nnav: perhaps\ncolour: red\n---\nText.\n")
    report = build(config)
    reasons = [f"{Path(p.path).name}: {p.reason}" for p in report.problems]
    assert any(r.startswith("search.md: ") and "makes itself" in r for r in reasons), reasons
    assert any(r.startswith("odd.md: 'nav' must be true or false") for r in reasons), reasons
    assert any(r.startswith("odd.md: unknown page key(s) ignored: colour") for r in reasons), reasons
    site = config.out
    home = (site / "index.html").read_text()
    assert "<h1>The harbour desk</h1>" in home and "<h1>Briefings</h1>" not in home
    assert nav(home) == ["Briefings", "Index", "How we &lt;work&gt;", "About"]
    source_page = (site / "sources" / "strike.html").read_text()
    assert '<a href="../methodology.html">How we &lt;work&gt;</a>' in source_page
    assert '<a href="../about.html">About</a>' in source_page
    methodology = (site / "methodology.html").read_text()
    assert "<h1>How we &lt;work&gt;</h1>" in methodology and "We quote, never paraphrase." in methodology
    assert "<h1>About</h1>" in (site / "about.html").read_text()
    notes = (site / "notes.html").read_text()
    assert notes.count("<h1>") == 1 and "<title>Notes · Briefings</title>" in notes
    assert "Would replace" not in (site / "search.html").read_text()

    # The navigation is on every page: a page kept from the last build must not keep the old one.
    (content / "about.md").unlink()
    (content / "methodology.md").write_text("---\ntitle: Method\n---\nWe quote.\n")
    build(config)
    assert nav((site / "sources" / "strike.html").read_text()) == ["Briefings", "Index"]
    assert not (site / "about.html").exists() and (site / "methodology.html").is_file()
