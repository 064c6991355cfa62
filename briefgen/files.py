"""Listing the files under a folder with one ``scandir`` per directory.

A sources folder may hold tens of thousands of files, and every build lists
it twice (its digest, then ingest): ``Path.rglob`` with a ``stat`` per path
took 0.6 s for 10,000 files, ``scandir`` knows most types without one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def files_under(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> list[Path]:
    """Every file and symbolic link under ``folder`` (whatever the link points
    to, or nothing), sorted as paths are. Directories are entered but never
    through a symbolic link; a name ``skip`` accepts is left out with all
    under it."""
    found: list[Path] = []
    pending = [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if skip(entry.name):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file() or entry.is_symlink():
                    found.append(Path(entry.path))
    return sorted(found)
