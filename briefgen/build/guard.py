"""What a build must pass before its site may replace the published one.

A typo in a folder name used to publish an empty site over a good one: the
build read nothing, warned once, and swapped. These checks run before the
swap, so a refused build leaves the site on disk byte for byte as it was.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import Problem
from ..runtime.files import SUFFIXES, list_source_files
from ..text.lexicon import plural


class BuildRefused(RuntimeError):
    """The build stopped before publishing; ``status`` is the exit status it calls for."""

    def __init__(self, message: str, status: int = 1, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.problems = tuple(problems)


def _has_articles(folder: Path) -> bool:
    try:
        return any(p.is_file() and p.suffix.lower() in SUFFIXES for p in folder.iterdir())
    except OSError:
        return False


def similar_folders(missing: Path, exclude: Iterable[Path] = ()) -> list[str]:
    """Folders beside ``missing`` that the user may have meant: close names
    first, then any folder that holds articles."""
    parent = missing.parent
    if not parent.is_dir():
        return []
    skip = {p.absolute() for p in exclude}
    try:
        folders = sorted(p.name for p in parent.iterdir()
                         if p.is_dir() and not p.name.startswith(".") and p.absolute() not in skip)  # fmt: skip
    except OSError:
        return []
    close = difflib.get_close_matches(missing.name, folders, n=2, cutoff=0.6)
    return close or [name for name in folders if _has_articles(parent / name)][:2]


def check_sources(folder: Path, exclude: Iterable[Path] = ()) -> None:
    """Refuse (status 2, as for a bad setting) a sources folder that is not there."""
    if folder.is_dir():
        return
    what = "the sources path is not a folder" if folder.exists() else "sources folder not found"
    guesses = similar_folders(folder, exclude)
    if guesses:
        name = guesses[0]
        fix = f"did you mean '{name}'? Pass --sources {name}, or set sources = \"{name}\" in briefgen.toml"
    else:
        fix = (
            "create it and put articles in it (.txt, .md or .html), or name the folder of articles with "
            "--sources DIR or sources = \"DIR\" in briefgen.toml ('briefgen init' starts a new project)"
        )
    raise BuildRefused(f"{what}: {folder}; {fix}. The site was left as it was.", status=2)


def check_publishable(
    folder: Path, sources: int, problems: Sequence[Problem], *, strict: bool, allow_empty: bool, drafts: int = 0
) -> None:
    """Refuse a site without a single source (unless ``allow_empty``), and
    under ``strict`` a build in which any file had a problem."""
    if sources == 0 and not allow_empty:
        files = len(list_source_files(folder))
        if files == 0:
            why = "it holds no articles (.txt, .md or .html files)"
        elif drafts:
            why = f"{plural(drafts, 'draft')} left out (build with --drafts to include them), no other article"
        elif files == 1:
            why = "its one file could not be used (see the warning above)"
        else:
            why = f"none of its {files} files could be used (see the warnings above)"
        raise BuildRefused(
            f"no usable source in {folder}: {why}. The site was left as it was; "
            "pass --allow-empty to publish a site without sources.",
            problems=problems,
        )
    if strict and problems:
        raise BuildRefused(
            f"--strict: {plural(len(problems), 'file')} had problems (listed above); the site was left as it was.",
            problems=problems,
        )
