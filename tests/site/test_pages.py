"""The editor's pages: every ``content/*.md`` is a page; the navigation lists
About when it exists and any page marked ``nav: true``. Drafts: left out of a
build, shown marked in the preview."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

from ..conftest import FIXTURES, ROOT, build, project
from ..ingest.test_bad_input import GOOD


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


DRAFT = """---
title: Harbour talks to resume on Monday
outlet: The Coastal Ledger
draft: true
---
Talks between the Harbour Workers Union and the port authority will resume on Monday, both sides said.
"""


def test_a_draft_is_left_out_of_a_build_and_shown_marked_in_the_preview(tmp_path: Path) -> None:
    config = project(tmp_path, sources=FIXTURES / "mixed", content=None)
    (config.sources / "talks.md").write_text(DRAFT)
    (tmp_path / "briefgen.toml").write_text(f'cache = "{config.cache}"\n')
    command = [sys.executable, "-m", "briefgen.cli"]
    done = subprocess.run([*command, "build"], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 draft left out" in done.stderr
    assert not (config.out / "sources" / "talks.html").exists()
    assert "draft-mark" not in (config.out / "index.html").read_text()

    pages = _served(tmp_path, [*command, "serve", "--port", "0"], ["sources/talks.html", "index.html"])
    assert re.search(r'class="kicker"[^>]*>Source <span class="draft-mark">Draft</span>', pages[0])
    assert "--drafts" in pages[0]
    listed = re.search(r'<a href="sources/talks.html">Harbour talks to resume on Monday</a>(.{0,40})', pages[1])
    assert listed and "draft-mark" in listed.group(1)
    assert pages[1].count("draft-mark") == 1  # the other sources carry no mark


def _served(folder: Path, command: list[str], paths: list[str]) -> list[str]:
    """The pages at ``paths`` as ``command`` (``briefgen serve``) serves them, then Ctrl-C."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job's children ignore it
    try:
        started = subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    with started as process:
        lines: list[str] = []
        address = threading.Event()

        def drain() -> None:
            assert process.stderr is not None
            for line in process.stderr:
                lines.append(line)
                if line.startswith("http://"):
                    address.set()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            assert address.wait(120), "".join(lines) or "serve printed no address"
            url = next(line for line in lines if line.startswith("http://")).strip()
            pages = []
            for path in paths:
                with urllib.request.urlopen(url + path, timeout=10) as response:
                    pages.append(response.read().decode("utf-8"))
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=30) == 0, "".join(lines)
        finally:
            if process.poll() is None:
                process.kill()
            reader.join(timeout=5)
    return pages


def test_extra_css_is_linked_after_the_theme_stylesheet_in_order(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None, content=None)
    (config.sources / "strike.txt").write_text(GOOD)
    assets = tmp_path / "templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "extra.css").write_text("main { max-width: 60rem; }\n")
    (assets / "desk.css").write_text(".kicker { color: darkred; }\n")
    toml = tmp_path / "briefgen.toml"
    toml.write_text(f'cache = "{config.cache}"\nextra_css = ["/assets/desk.css", "https://cdn.example/fonts.css"]\n')
    command = [sys.executable, "-m", "briefgen.cli", "build"]
    done = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    links = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
    assert links.findall((config.out / "index.html").read_text()) == [
        "assets/style.css", "assets/extra.css", "assets/desk.css", "https://cdn.example/fonts.css"
    ]  # fmt: skip
    page = next((config.out / "sources").glob("*.html")).read_text()
    assert links.findall(page)[:3] == ["../assets/style.css", "../assets/extra.css", "../assets/desk.css"]
    assert (config.out / "assets" / "desk.css").read_text() == ".kicker { color: darkred; }\n"

    before = {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file()}
    for wrong, said in (('"desk.css"', "templates' assets folder"), ('["assets/desk.cs"]', "no file"),
                        ("[1]", "must be a list of stylesheets")):  # fmt: skip
        toml.write_text(f'cache = "{config.cache}"\nextra_css = {wrong}\n')
        done = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 2, done.stderr
        assert "briefgen.toml" in done.stderr and "extra_css" in done.stderr and said in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in config.out.rglob("*") if p.is_file()} == before


def test_the_theme_guide_names_every_template_and_block() -> None:
    guide = (ROOT / "docs" / "themes.md").read_text()
    for template in sorted((ROOT / "templates").glob("*.html")):
        assert f"### `{template.name}`" in guide, template.name
        for block in set(re.findall(r"{%-?\s*block\s+(\w+)", template.read_text())):
            assert f"`{block}`" in guide, (template.name, block)
