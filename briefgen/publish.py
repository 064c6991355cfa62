"""Write the rendered site: stage it aside, index it, swap it into place.

A build that fails or is interrupted leaves the previous site untouched.
Files whose bytes did not change are hard-linked from the previous site, so
they keep their inode and modification time (not rewritten), and the search
index is rebuilt only when some page changed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

MARKER = ".briefgen-site"
SEARCH_FOLDER = "pagefind"


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class Published:
    written: int
    unchanged: int
    removed: int
    indexed: bool


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=lambda s, d: _link_or_copy(Path(s), Path(d)))


def check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out}: the output path exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise PublishError(
            f"{out}: refusing to replace a folder that briefgen did not build (no {MARKER} in it); "
            "choose an empty or new output folder"
        )


def publish(files: Mapping[str, bytes], out: Path, index: Callable[[Path], object] | None = None) -> Published:
    out = out.absolute()
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    written = unchanged = 0
    pages_changed = False
    try:
        staging.mkdir()
        (staging / MARKER).write_text("This folder is written by briefgen build; it is replaced on every build.\n")
        for relative, data in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out / relative
            if _same(previous, data):
                _link_or_copy(previous, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
                pages_changed |= relative.endswith(".html")
        old_pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")} if out.is_dir() else set()
        old_pages = {p for p in old_pages if not p.startswith(SEARCH_FOLDER + "/")}
        removed = len(old_pages - files.keys())
        pages_changed |= removed > 0
        indexed = False
        if index is not None:
            if pages_changed or not (out / SEARCH_FOLDER).is_dir():
                index(staging)
                indexed = True
            else:
                _copy_tree(out / SEARCH_FOLDER, staging / SEARCH_FOLDER)
        if out.is_dir():
            os.replace(out, retired)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out.exists():
            os.replace(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    return Published(written=written, unchanged=unchanged, removed=removed, indexed=indexed)
