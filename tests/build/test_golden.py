"""The sample site's HTML and JSON against ``tests/golden/``, so that every
change to what the build writes is a diff a reviewer reads.

``make golden`` (``python -m tests.build.test_golden``) writes the folder again
from a fresh build of the seeds. Left out: the Pagefind bundle (binary,
rebuilt by Pagefind's own version), the feeds and the sitemap (dated by the
build), the assets (copied as they are) and the manifest (digests).
Normalised: briefgen's version, any absolute path of the project, and JSON,
which is written compact and kept here indented, one value a line.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import __version__

from ..conftest import build, project

if TYPE_CHECKING:
    from briefgen.build import BuildReport
    from briefgen.config import Config

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
KEPT = (".html", ".json")
DIFF_LINES = 40
"""Lines of diff shown per file: enough to see what changed, not a whole page."""
DIFF_FILES = 12


def snapshot(site: Path, project_root: Path) -> dict[str, str]:
    """Relative path -> normalised text of every HTML and JSON file of ``site``."""
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in KEPT or relative.startswith(("pagefind/", ".")):
            continue
        files[relative] = normalise(path.read_text(encoding="utf-8"), path.suffix, project_root)
    return files


def normalise(text: str, suffix: str, project_root: Path) -> str:
    text = text.replace(str(project_root), "<project>")
    text = re.sub(r"briefgen " + re.escape(__version__) + r"(?![\w.]*\w)", "briefgen <version>", text)
    if suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    return text


def read_golden() -> dict[str, str]:
    return {
        path.relative_to(GOLDEN).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(GOLDEN.rglob("*"))
        if path.is_file() and path.suffix in KEPT
    }


def differences(expected: dict[str, str], built: dict[str, str]) -> str:
    """What a reader needs to see: files gone, files new, and a diff of each changed one."""
    lines = [f"missing from the build: {p}" for p in sorted(expected.keys() - built.keys())]
    lines += [f"new in the build (not in tests/golden/): {p}" for p in sorted(built.keys() - expected.keys())]
    changed = [p for p in sorted(expected.keys() & built.keys()) if expected[p] != built[p]]
    for path in changed[:DIFF_FILES]:
        diff = list(difflib.unified_diff(expected[path].splitlines(), built[path].splitlines(),
                                         f"golden/{path}", f"built/{path}", n=1, lineterm=""))  # fmt: skip
        lines += diff[:DIFF_LINES] + (
            [f"… {len(diff) - DIFF_LINES} more lines of diff"] if len(diff) > DIFF_LINES else []
        )
    if len(changed) > DIFF_FILES:
        lines.append(f"… and {len(changed) - DIFF_FILES} more changed files: {', '.join(changed[DIFF_FILES:])}")
    return "\n".join(lines)


def test_the_sample_site_is_the_golden_folder(seeds_site: tuple[Config, BuildReport]) -> None:
    config, _ = seeds_site
    expected = read_golden()
    assert expected, "tests/golden/ is empty: run `make golden`"
    found = differences(expected, snapshot(config.out, config.out.parent))
    assert not found, (
        "the sample site differs from tests/golden/:\n"
        + found
        + "\n\nIf the change is meant, run `make golden` and commit tests/golden/ with it."
    )


def test_a_difference_is_told_file_by_file() -> None:
    golden = {"index.html": "<h1>Briefings</h1>\n<p>one</p>\n", "gone.html": "x\n", "same.json": "{}\n"}
    built = {"index.html": "<h1>Briefings</h1>\n<p>two</p>\n", "new.html": "y\n", "same.json": "{}\n"}
    told = differences(golden, built)
    assert "missing from the build: gone.html" in told
    assert "new in the build (not in tests/golden/): new.html" in told
    assert "-<p>one</p>\n+<p>two</p>" in told
    assert "same.json" not in told
    version = normalise(f'<meta content="briefgen {__version__}">Built with briefgen {__version__}.', ".html", GOLDEN)
    assert version == '<meta content="briefgen <version>">Built with briefgen <version>.'


def regenerate() -> int:
    """Build the seeds as the tests do and write their HTML and JSON into ``tests/golden/``."""
    with tempfile.TemporaryDirectory() as folder:
        config = project(Path(folder))
        report = build(config)
        files = snapshot(config.out, Path(folder))
    for old in sorted(GOLDEN.rglob("*"), reverse=True):  # a file the build no longer writes goes too
        if old.is_file() and old.suffix in KEPT:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()
    for relative, text in files.items():
        path = GOLDEN / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"tests/golden/: {len(files)} files from {report.sources} sources", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(regenerate())
