"""The preview in a real browser: Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import anchor
from briefgen.preview import Preview

from ..conftest import ROOT, project

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SEED = "000_603be7503392a1d9"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make browser)")


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    root = tmp_path_factory.mktemp("browser-site")
    config = project(root)
    (root / "templates" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "assets" / "style.css", root / "templates" / "assets")
    running = Preview(anchor(config, root), port=0)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


def connected(page: Any) -> None:
    """Wait until the page listens for rebuilds (its event stream is open)."""
    page.wait_for_function("window.briefgenConnected === true", timeout=10_000)


def test_the_page_reloads_by_itself_after_a_source_edit(preview: Preview, page: Any) -> None:
    page.goto(preview.url + f"sources/{SEED}.html")
    connected(page)
    page.evaluate("window.untouched = true")
    source = preview.config.sources / f"{SEED}.txt"
    source.write_text(source.read_text() + "\n\nThe Pangolux observatory opened on Monday.\n")
    page.wait_for_function("document.body.innerText.includes('Pangolux')", timeout=20_000)
    assert page.evaluate("window.untouched") is None  # a new document: the page reloaded


def test_a_css_edit_restyles_without_a_reload(preview: Preview, page: Any) -> None:
    page.goto(preview.url + "index.html")
    connected(page)
    page.evaluate("window.untouched = true")
    css = preview.config.templates / "assets" / "style.css"
    css.write_text(css.read_text() + "\nbody { background-color: rgb(1, 2, 3); }\n")
    page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'", timeout=20_000)
    assert page.evaluate("window.untouched") is True


def test_a_template_error_shows_in_the_page_and_clears(preview: Preview, page: Any) -> None:
    page.goto(preview.url + "index.html")
    connected(page)
    override = preview.config.templates / "index.html"
    good = (ROOT / "templates" / "index.html").read_text()
    override.write_text(good + "\n{% if %}\n")
    overlay = page.locator("#briefgen-problem")
    overlay.wait_for(timeout=20_000)
    assert "index.html:" in overlay.inner_text()
    override.write_text(good)
    overlay.wait_for(state="detached", timeout=20_000)


def test_search_shows_pagefind_results(preview: Preview, page: Any) -> None:
    page.goto(preview.url + "search.html")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("Korea")
    # Pagefind UI first draws placeholder results (". . .") and fills each one
    # in when its fragment arrives, so wait for a filled-in result's link.
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=20_000)
    page.wait_for_function(
        "document.querySelector('.pagefind-ui__results').innerText.includes('Korea')", timeout=20_000
    )
    assert all(href.startswith(preview.url) for href in links.evaluate_all("ls => ls.map(l => l.href)"))
