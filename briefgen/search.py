"""Search stage: a Pagefind index of the staged site.

The binary that the ``pagefind`` package ships (``pagefind_bin``) is run
directly over the written folder: the package's Python API waits 0.1 s per
poll of its service and per added page, and gains nothing over one run of
the binary on a folder.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchError(RuntimeError):
    pass


def pagefind_command() -> list[str]:
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except Exception:  # noqa: BLE001 - no bundled binary: let the package find one
        return [sys.executable, "-m", "pagefind"]


def index_site(site: Path, language: str = "en", output: Path | None = None, glob: str | None = None) -> None:
    """Index the pages of ``site`` (those matching ``glob``, default all)
    into ``output`` (default ``site/pagefind``)."""
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output or site / "pagefind"),
               "--root-selector", "html", "--force-language", language, "--quiet"]  # fmt: skip
    if glob:
        command += ["--glob", glob]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchError(f"Pagefind could not index {site}: {error}") from error
    if done.returncode != 0:
        raise SearchError(f"Pagefind could not index {site}: {(done.stderr or done.stdout).strip()}")
