"""The sample site in a real browser (Debian's Chromium through Playwright),
served as a static host serves it: axe-core on every page kind in light and
dark, the search from the site's own box, a 404 deep in the site, the topic
page's height on a phone, and screenshots at 390 and 1280 px written to
``benchmarks/out/`` for the README."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.config import Config

from ..conftest import ROOT, build, project
from ..preview.test_browser import CHROMIUM, browser

__all__ = ["browser"]

AXE = ROOT / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "benchmarks" / "out"
TOPIC = "topics/russia-north-korea-treaty.html"
SOURCE = "sources/001_aa54f520d41888ff.html"
ENTITY = "entities/antony-blinken.html"
PAGES = {"home": "index.html", "briefing": TOPIC, "source": SOURCE, "entity": ENTITY, "index": "entities/index.html",
         "page": "about.html", "search": "search.html?q=Blinken", "404": "sources/gone/missing.html"}  # fmt: skip
PHONE_HEIGHT = 4_500
"""The most the sample briefing may be on a 390 px screen (it was 7,117 px)."""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make browser)")


class Host(http.server.SimpleHTTPRequestHandler):
    """A static host: the file, else the site's 404.html with status 404."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        missing = Path(self.directory) / "404.html"
        if code != 404 or not missing.is_file():
            super().send_error(code, message, explain)
            return
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Config, str]]:
    config = project(tmp_path_factory.mktemp("pages-site"))
    build(config)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(config.out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield config, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    try:
        yield page
    finally:
        page.close()


def results(page: Any, word: str) -> None:
    """Wait until Pagefind has filled in a result that holds ``word``."""
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20_000)
    page.wait_for_function(
        "w => document.querySelector('.pagefind-ui__results').innerText.includes(w)", arg=word, timeout=20_000
    )


def open_page(page: Any, base: str, path: str) -> None:
    page.goto(base + path)
    if path.startswith("search.html?q="):
        results(page, path.split("=", 1)[1])


@pytest.mark.skipif(not AXE.is_file(), reason="needs axe-core from npm in .npm/ (make test installs it; npm missing?)")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_kind(site: tuple[Config, str], page: Any, scheme: str) -> None:
    _, base = site
    page.emulate_media(color_scheme=scheme)
    found: dict[str, list[str]] = {}
    for kind, path in PAGES.items():
        open_page(page, base, path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in violations
                   if v["impact"] in ("serious", "critical")]  # fmt: skip
        if serious:
            found[kind] = serious
    assert not found, json.dumps(found, indent=1)


def test_the_search_box_of_any_page_finds_results(site: tuple[Config, str], page: Any) -> None:
    _, base = site
    page.goto(base + TOPIC)
    page.locator("#q").fill("Blinken")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/search.html?q=Blinken")
    results(page, "Blinken")
    box = page.locator(".pagefind-ui__search-input")
    assert box.get_attribute("aria-label") and box.input_value() == "Blinken"
    assert page.locator(".pagefind-ui__result-thumb").count() == 0  # no empty image column
    excerpts = page.locator(".pagefind-ui__results").inner_text()
    assert "entity People" not in excerpts and "source South" not in excerpts


def test_slash_goes_to_the_search_box(site: tuple[Config, str], page: Any) -> None:
    _, base = site
    page.goto(base + ENTITY)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.locator("#q").input_value() == ""  # the key itself was not typed
    page.goto(base + "search.html")
    page.locator(".pagefind-ui__search-input").wait_for()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")


def test_the_search_page_is_readable_in_dark_mode(site: tuple[Config, str], page: Any) -> None:
    _, base = site
    page.emulate_media(color_scheme="dark")
    open_page(page, base, "search.html?q=Blinken")
    colours = page.evaluate("""() => {
        const style = e => getComputedStyle(document.querySelector(e));
        return [style('.pagefind-ui__search-input').backgroundColor, style('.pagefind-ui__search-input').color,
                style('.pagefind-ui__result-excerpt').color, style('body').backgroundColor];
    }""")
    assert colours == ["rgb(30, 33, 38)", "rgb(232, 230, 227)", "rgb(232, 230, 227)", "rgb(22, 24, 28)"]


def test_on_a_phone_the_filters_wait_behind_a_button(site: tuple[Config, str], page: Any) -> None:
    _, base = site
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, base, "search.html?q=Blinken")
    panel = page.locator(".pagefind-ui__filter-panel")
    panel.wait_for(state="attached")
    button = page.get_by_role("button", name="Filters")
    assert button.is_visible() and not panel.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert panel.is_visible() and button.get_attribute("aria-expanded") == "true"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not button.is_visible()


def test_the_search_page_opened_from_disk_says_why_it_cannot_search(site: tuple[Config, str], page: Any) -> None:
    config, _ = site
    page.goto((config.out / "search.html").as_uri())
    notice = page.locator("#search-offline")
    notice.wait_for(timeout=10_000)
    assert "briefgen serve" in notice.inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_missing_page_deep_in_the_site_is_styled(site: tuple[Config, str], page: Any, scheme: str) -> None:
    _, base = site
    page.emulate_media(color_scheme=scheme)
    response = page.goto(base + "sources/gone/missing.html")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(253, 252, 249)" if scheme == "light" else "rgb(22, 24, 28)")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    page.locator("a.brand").click()
    page.wait_for_url(base + "index.html")


def test_the_briefing_fits_a_phone_and_screenshots_are_written(site: tuple[Config, str], page: Any) -> None:
    _, base = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    heights: dict[str, int] = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for kind in ("home", "briefing", "entity", "search"):
                open_page(page, base, PAGES[kind])
                heights[f"{kind}-{width}-{scheme}"] = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(path=str(SHOTS / f"{kind}-{width}-{scheme}.png"), full_page=True)
    (SHOTS / "page-heights.json").write_text(json.dumps(heights, indent=1) + "\n")
    assert heights["briefing-390-light"] <= PHONE_HEIGHT, heights
    assert heights["briefing-1280-light"] < heights["briefing-390-light"]  # the width is used
