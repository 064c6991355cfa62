"""Listing the files under a folder with one ``scandir`` per directory.

A sources folder may hold tens of thousands of files, and every build lists
it twice (its digest, then ingest): ``Path.rglob`` with a ``stat`` per path
took 0.6 s for 10,000 files, ``scandir`` knows most types without one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
"""The kinds of source file ingest reads."""


def default_theme() -> Path:
    """The default theme's folder: inside the package once installed, the
    top-level ``templates/`` in a source checkout."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def is_ignored(path: Path) -> bool:
    """Hidden files and editor droppings are not sources."""
    return is_ignored_name(path.name)


def is_ignored_name(name: str) -> bool:
    return name.startswith((".", "#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak", ".part"))


def list_source_files(folder: Path, found: Iterable[str] | None = None) -> list[Path]:
    """The source files under ``folder``; ``found`` may give the relative
    path of every file there (ignored ones too), as the build's check has
    just listed them, so that the folder is not listed a second time."""
    if found is not None:
        return sorted(folder / name for name in found if not any(map(is_ignored_name, name.split("/"))))
    if not folder.is_dir():
        return []
    return files_under(folder, skip=is_ignored_name)


def files_under(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> list[Path]:
    """Every file and symbolic link under ``folder`` (whatever the link points
    to, or nothing), sorted as paths are. Directories are entered but never
    through a symbolic link; a name ``skip`` accepts is left out with all
    under it."""
    return sorted(Path(path) for _, path in walk(folder, skip))


def walk(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> list[tuple[str, str]]:
    """:func:`files_under` as (path relative to ``folder`` with "/", full path) strings, unsorted:
    for a caller that reads every file, ``Path`` objects cost more than the reading."""
    found: list[tuple[str, str]] = []
    start = len(os.path.join(str(folder), ""))  # every path found begins with the folder and a separator
    pending = [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if skip(entry.name):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file() or entry.is_symlink():
                    found.append((entry.path[start:].replace(os.sep, "/"), entry.path))
    return found
