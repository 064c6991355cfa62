"""Preview latency: from saving a file to the browser showing the change.

    python benchmarks/serve.py [--edits 10]

Copies the seeds and content into a temporary project (with a topic note and
an override of the theme's stylesheet, as an editor would have), starts
``briefgen serve`` in-process on a free port, opens the affected page in
Debian's headless Chromium (Playwright) and, for each kind of edit, saves the
file N times. Each time is measured from just before the write to the moment
the page shows the new text (or, for CSS, the new computed style): that
includes the watcher, the debounce, the rebuild, the event, the reload or the
stylesheet swap and the page's own rendering. Prints the median, min and max
per kind beside its target, and the median of the rebuild's stages.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from briefgen.config import Config, anchor
from briefgen.preview import Preview

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SEED = "000_603be7503392a1d9"
TARGETS = {"source": 1.0, "topic note": 0.5, "css": 0.3}
NOTE = """---
title: The defence treaty
sources: ["{seed}"]
---
Editor's note, revision {mark}.
"""


def make_project(folder: Path) -> Config:
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "content", folder / "content")
    (folder / "content" / "topics").mkdir(exist_ok=True)
    (folder / "content" / "topics" / "treaty.md").write_text(NOTE.format(seed=SEED, mark="start"))
    (folder / "templates" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "assets" / "style.css", folder / "templates" / "assets")
    return anchor(Config(cache=folder / "cache"), folder)


def measure(preview: Preview, page: Any, path: Path, text: str, done: str) -> tuple[float, dict[str, float]]:
    """Seconds from writing ``text`` to ``path`` until ``done`` (JS) is true in the page."""
    page.wait_for_function("window.briefgenConnected === true")
    builds = preview.builds
    start = time.perf_counter()
    path.write_text(text)
    page.wait_for_function(done, polling="raf", timeout=30_000)
    seconds = time.perf_counter() - start
    preview.wait_builds(builds + 1)
    outcome = preview.last
    assert outcome is not None and outcome.error is None, outcome
    timings = dict(outcome.report.timings) if outcome.report else {}
    timings["build"] = outcome.seconds
    return seconds, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sources = len(list((ROOT / "seeds").iterdir()))
    results: dict[str, list[float]] = defaultdict(list)
    stages: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with tempfile.TemporaryDirectory(prefix="briefgen-serve-bench-") as tmp:
        folder = Path(tmp)
        config = make_project(folder / "project")
        preview = Preview(config, port=0)
        preview.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch_persistent_context(
                    str(folder / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS
                )
                try:
                    page = browser.new_page()
                    source = config.sources / f"{SEED}.txt"
                    original = source.read_text()
                    note = config.content / "topics" / "treaty.md"
                    css = config.templates / "assets" / "style.css"
                    theme = css.read_text()
                    page.goto(preview.url + f"sources/{SEED}.html")
                    for i in range(args.edits):
                        mark = f"Quillmark{i}x"
                        text = original + f"\n\nThe {mark} inquiry began on Friday.\n"
                        done = f"document.body.innerText.includes({mark!r})"
                        seconds, timings = measure(preview, page, source, text, done)
                        results["source"].append(seconds)
                        for k, v in timings.items():
                            stages["source"][k].append(v)
                    page.goto(preview.url + "topics/treaty.html")
                    for i in range(args.edits):
                        mark = f"n{i}v"
                        done = f"document.body.innerText.includes('revision {mark}.')"
                        seconds, timings = measure(preview, page, note, NOTE.format(seed=SEED, mark=mark), done)
                        results["topic note"].append(seconds)
                        for k, v in timings.items():
                            stages["topic note"][k].append(v)
                    for i in range(args.edits):
                        colour = f"rgb({i + 1}, 2, 3)"
                        text = theme + f"\nbody {{ background-color: {colour}; }}\n"
                        done = f"getComputedStyle(document.body).backgroundColor === {colour!r}"
                        seconds, timings = measure(preview, page, css, text, done)
                        results["css"].append(seconds)
                        for k, v in timings.items():
                            stages["css"][k].append(v)
                finally:
                    browser.close()
        finally:
            preview.stop()

    print(f"save-to-screen latency over {args.edits} edits each (seeds site, {sources} sources)")
    print(f"{'edit':<12} {'median':>8} {'min':>8} {'max':>8} {'target':>8}")
    for kind, values in results.items():
        median = statistics.median(values)
        mark = "ok" if median <= TARGETS[kind] else "MISSED"
        print(f"{kind:<12} {median:8.3f} {min(values):8.3f} {max(values):8.3f} {TARGETS[kind]:8.1f}  {mark}")
    print("\nmedian rebuild stages (s):")
    for kind, by_stage in stages.items():
        parts = ", ".join(f"{k} {statistics.median(v):.3f}" for k, v in by_stage.items())
        print(f"  {kind}: {parts}")


if __name__ == "__main__":
    main()
