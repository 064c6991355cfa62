"""Write the rendered site: stage it aside, index it, swap it into place.

A build that fails or is interrupted leaves the previous site untouched.
Files whose bytes did not change are hard-linked from the previous site, so
they keep their inode and modification time (not rewritten), and the search
index is rebuilt only when some page changed.

The site carries a manifest (``.briefgen-manifest.json``, like Sphinx's
``.buildinfo``): the digest of the build's inputs and the digest, size and
modification time of every file. It tells the next build which files are
unchanged without reading them back, and whether the site on disk is still
the one that was built (``intact``), so a build with nothing changed can
stop at once.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fingerprint import file_digest
from .render import Kept

MARKER = ".briefgen-site"
MANIFEST = ".briefgen-manifest.json"
SEARCH_FOLDER = "pagefind"
MANIFEST_VERSION = 2


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class Published:
    written: int
    unchanged: int
    removed: int
    indexed: bool


@dataclass(frozen=True)
class Manifest:
    inputs: str = ""
    """Digest of every input of the build that made the site."""
    files: Mapping[str, tuple[str, int, int]] = field(default_factory=dict)
    """path -> (content digest, size, mtime_ns) of every file outside the search folder."""
    report: Mapping[str, Any] = field(default_factory=dict)
    """What the build reported (counts, problems), to report again when nothing changed."""
    search: Mapping[str, str] = field(default_factory=dict)
    """Digest of every search shard (``search.index_shards``)."""


Indexer = Callable[[Path, Mapping[str, str], Path, Mapping[str, str], Mapping[str, str]], "tuple[dict[str, str], int]"]
"""index(staging, pages, previous site, its shard digests, its pages) -> (shard digests, shards indexed)."""


def read_manifest(out: Path) -> Manifest | None:
    try:
        data = json.loads((out / MANIFEST).read_bytes())
        if data.get("version") != MANIFEST_VERSION:
            return None
        files = {str(k): (str(v[0]), int(v[1]), int(v[2])) for k, v in data["files"].items()}
        search = {str(k): str(v) for k, v in (data.get("search") or {}).items()}
        return Manifest(str(data["inputs"]), files, dict(data.get("report") or {}), search)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def intact(out: Path, manifest: Manifest) -> bool:
    """Every file the manifest lists is still there, unmodified (by size and mtime)."""
    if not (out / MARKER).is_file() or not (out / SEARCH_FOLDER / "pagefind-entry.json").is_file():
        return False
    for relative, (_, size, mtime) in manifest.files.items():
        try:
            stat = os.stat(out / relative)
        except OSError:
            return False
        if stat.st_size != size or stat.st_mtime_ns != mtime:
            return False
    return True


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


def _release_memory() -> None:
    """Give the freed pages back to the system before Pagefind starts: glibc
    keeps a freed heap for reuse otherwise, and the pages were most of it."""
    if sys.platform != "linux":
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused by this process instead


def check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out}: the output path exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise PublishError(
            f"{out}: refusing to replace a folder that briefgen did not build (no {MARKER} in it); "
            "choose an empty or new output folder"
        )


def _unchanged(out: Path, relative: str, data: bytes, digest: str, previous: Manifest | None) -> bool:
    if previous is None:
        return _same(out / relative, data)
    known = previous.files.get(relative)
    if known is None or known[0] != digest or known[1] != len(data):
        return False
    try:
        stat = os.stat(out / relative)
    except OSError:
        return False
    # Same size and mtime as recorded: nobody touched the file since it was written.
    return stat.st_size == known[1] and stat.st_mtime_ns == known[2]


def on_disk(out: Path, manifest: Manifest | None) -> dict[str, str]:
    """path -> digest of the files of the site at ``out`` that are still as written."""
    if manifest is None:
        return {}
    found = {}
    for relative, (digest, size, mtime) in manifest.files.items():
        try:
            stat = os.stat(out / relative)
        except OSError:
            continue
        if stat.st_size == size and stat.st_mtime_ns == mtime:
            found[relative] = digest
    return found


def publish(
    files: MutableMapping[str, bytes | Kept],
    out: Path,
    index: Indexer | None = None,
    inputs: str = "",
    report: Mapping[str, Any] | None = None,
) -> Published:
    """Write ``files`` (taking them: the mapping is empty afterwards) into a
    staging folder, index it, and swap it into place of ``out``."""
    out = out.absolute()
    check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(out) if out.is_dir() else None
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    written = unchanged = 0
    recorded: dict[str, tuple[str, int, int]] = {}
    folders: set[Path] = set()
    try:
        staging.mkdir()
        (staging / MARKER).write_text("This folder is written by briefgen build; it is replaced on every build.\n")
        # Each file's bytes are let go once written: a large site's pages
        # (600 MB for 10,000 sources) need not stay in memory while Pagefind runs.
        names = list(files)
        for relative in names:
            data = files.pop(relative)
            target = staging / relative
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if isinstance(data, Kept):
                # Render skipped it because the site holds these very bytes.
                known = previous.files.get(relative) if previous else None
                if known is None or known[0] != data.digest:
                    raise PublishError(f"{out / relative}: changed while the site was being built; build again")
                os.link(out / relative, target)
                unchanged += 1
                recorded[relative] = known
                continue
            digest = file_digest(data)
            if _unchanged(out, relative, data, digest, previous):
                _link_or_copy(out / relative, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
            stat = os.stat(target)
            recorded[relative] = (digest, stat.st_size, stat.st_mtime_ns)
        if previous is not None:
            old_files = set(previous.files)
        elif out.is_dir():
            old_files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
            old_files = {p for p in old_files if not p.startswith(SEARCH_FOLDER + "/") and p not in (MARKER, MANIFEST)}
        else:
            old_files = set()
        removed = len(old_files - set(names))
        _release_memory()
        indexed, search = False, dict[str, str]()
        if index is not None:
            pages = {path: digest for path, (digest, _, _) in recorded.items() if path.endswith(".html")}
            before = (
                {path: digest for path, (digest, _, _) in previous.files.items() if path.endswith(".html")}
                if previous
                else {}
            )
            search, shards = index(staging, pages, out, previous.search if previous else {}, before)
            indexed = shards > 0
        manifest = {"version": MANIFEST_VERSION, "inputs": inputs if index is not None else "",
                    "report": dict(report or {}), "files": recorded, "search": search}  # fmt: skip
        (staging / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")))
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
