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
import posixpath
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from ..runtime.fingerprint import file_digest

MARKER = ".briefgen-site"
MANIFEST = ".briefgen-manifest.json"
SEARCH_FOLDER = "pagefind"
MANIFEST_VERSION = 4
ENTRY = "pagefind-entry.json"
"""A search bundle's entry file: a bundle without it is not there."""


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class Kept:
    """A file the previous build made from the same inputs: it is linked, not written."""

    digest: str


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
    paths: Sequence[str] = ()
    """Every file outside the search folder, with its content digest, size
    and mtime_ns at the same place of the three lists below: columns parse
    four times faster than a mapping of lists, which a build with nothing
    changed would read only to stat each file."""
    digests: Sequence[str] = ()
    sizes: Sequence[int] = ()
    mtimes: Sequence[int] = ()
    report: Mapping[str, Any] = field(default_factory=dict)
    """What the build reported (counts, problems), to report again when nothing changed."""
    search: Mapping[str, str] = field(default_factory=dict)
    """Folder -> digest of every search bundle (``search.index_shards``)."""

    @cached_property
    def files(self) -> Mapping[str, tuple[str, int, int]]:
        """path -> (content digest, size, mtime_ns)."""
        return {p: (d, n, m) for p, d, n, m in zip(self.paths, self.digests, self.sizes, self.mtimes, strict=True)}


class Index(NamedTuple):
    """What indexing the staged site made."""

    bundles: dict[str, str]
    """Folder -> digest of every search bundle of the new site."""
    indexed: int
    """How many bundles were made afresh."""
    carried: list[str]
    """Paths of the previous site (files or folders of bundles that still
    stand) to move into the new one as it is swapped into place."""


Indexer = Callable[[Path, Mapping[str, str], Path, Mapping[str, str], Mapping[str, str]], Index]
"""index(staging, pages, previous site, its bundle digests, its pages) -> Index."""


def read_manifest(out: Path) -> Manifest | None:
    try:
        data = json.loads((out / MANIFEST).read_bytes())
        if data.get("version") != MANIFEST_VERSION:
            return None
        files = data["files"]
        columns = [files[name] for name in ("paths", "digests", "sizes", "mtimes")]
        if not all(isinstance(c, list) and len(c) == len(columns[0]) for c in columns):
            return None
        search = {str(k): str(v) for k, v in (data.get("search") or {}).items()}
        paths, digests, sizes, mtimes = columns
        return Manifest(str(data["inputs"]), paths, digests, sizes, mtimes, dict(data.get("report") or {}), search)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def intact(out: Path, manifest: Manifest) -> bool:
    """Every file the manifest lists is still there, unmodified (by size and
    mtime), and every search bundle it lists is there."""
    if not (out / MARKER).is_file():
        return False
    for folder in manifest.search or [SEARCH_FOLDER]:
        if not (out / folder / ENTRY).is_file():
            return False
    base = f"{out}/"  # strings, not Paths: a large site has 70,000 files to look at
    try:
        for relative, size, mtime in zip(manifest.paths, manifest.sizes, manifest.mtimes, strict=True):
            stat = os.stat(base + relative)
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return False
    except (OSError, TypeError, ValueError):  # gone, or a manifest whose columns are not what they say
        return False
    return True


def _same(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write(path: str, data: bytes) -> None:
    # A file object would ask the file's size and whether it is a terminal: two system calls of
    # five, 100,000 times on a large site.
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _link_or_copy(source: str, target: str) -> None:
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


def _unchanged(path: str, relative: str, data: bytes, digest: str, previous: Manifest | None) -> bool:
    """Whether the previous site's file at ``path`` holds these very bytes."""
    if previous is None:
        return _same(path, data)
    known = previous.files.get(relative)
    if known is None or known[0] != digest or known[1] != len(data):
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    # Same size and mtime as recorded: nobody touched the file since it was written.
    return stat.st_size == known[1] and stat.st_mtime_ns == known[2]


def on_disk(out: Path, manifest: Manifest | None) -> dict[str, str]:
    """path -> digest of the files of the site at ``out`` that are still as written."""
    if manifest is None:
        return {}
    found = {}
    base = str(out)
    for relative, (digest, size, mtime) in manifest.files.items():
        try:
            stat = os.stat(f"{base}/{relative}")
        except OSError:
            continue
        if stat.st_size == size and stat.st_mtime_ns == mtime:
            found[relative] = digest
    return found


BODY = b"data-pagefind-body"
"""What marks a page's part that search indexes: a shard indexes only the pages that have one."""


class Record(NamedTuple):
    """One file written into the staging folder."""

    path: str
    digest: str
    size: int
    mtime_ns: int
    written: bool
    """False when it is the previous site's file, linked."""
    body: bool | None = None
    """Whether a page holds :data:`BODY`, seen as it was written: search need not read it back
    (None for a file linked, or not a page)."""


class Staging:
    """The next site, written file by file beside the current one, then
    indexed and swapped into its place (``finish``), or thrown away (``discard``).

    ``write`` touches only the file system, so forked workers may write their
    share of the files and hand their records back to ``record``.
    """

    def __init__(self, out: Path) -> None:
        out = out.absolute()
        check_output(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.previous = read_manifest(out) if out.is_dir() else None
        self.folder = out.parent / f".{out.name}.staging-{os.getpid()}"
        self.retired = out.parent / f".{out.name}.old-{os.getpid()}"
        for leftover in (self.folder, self.retired):
            shutil.rmtree(leftover, ignore_errors=True)
        self.recorded: dict[str, tuple[str, int, int]] = {}
        self.bodies: dict[str, bool] = {}
        """Page -> whether it holds :data:`BODY`, for the pages written (``Record.body``)."""
        # Without a site there, no file of it can hold the same bytes: no need to look, file by file.
        self._fresh = self.previous is None and not out.exists()
        self.written = self.unchanged = 0
        self._folders: set[str] = set()
        self.folder.mkdir()
        try:
            (self.folder / MARKER).write_text(
                "This folder is written by briefgen build; it is replaced on every build.\n"
            )
        except BaseException:
            self.discard()
            raise

    def write(self, relative: str, data: bytes | Kept) -> Record:
        # Ids are slugs, but a bad path here must never escape the output folder.
        if relative.startswith("/") or ".." in posixpath.normpath(relative).split("/"):
            raise ValueError(f"refusing to write outside the site: {relative}")
        previous = self.previous
        # Strings, not Paths: a large site writes or links 100,000 files here.
        out, target = f"{self.out}/{relative}", f"{self.folder}/{relative}"
        parent = target.rpartition("/")[0]
        if parent not in self._folders:
            os.makedirs(parent, exist_ok=True)
            self._folders.add(parent)
        if isinstance(data, Kept):
            # Render skipped it because the site holds these very bytes.
            known = previous.files.get(relative) if previous else None
            if known is None or known[0] != data.digest:
                raise PublishError(f"{out}: changed while the site was being built; build again")
            os.link(out, target)
            return Record(relative, *known, written=False)
        digest = file_digest(data)
        written = self._fresh or not _unchanged(out, relative, data, digest, previous)
        if written:
            _write(target, data)
        else:
            _link_or_copy(out, target)
        stat = os.stat(target)
        body = BODY in data if relative.endswith(".html") else None
        return Record(relative, digest, stat.st_size, stat.st_mtime_ns, written, body)

    def record(self, records: Iterable[Record]) -> None:
        for r in records:
            self.recorded[r.path] = (r.digest, r.size, r.mtime_ns)
            if r.body is not None:
                self.bodies[r.path] = r.body
            if r.written:
                self.written += 1
            else:
                self.unchanged += 1

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def tidy(self) -> None:
        """Remove the previous site, once swapped out of place (``finish``)."""
        shutil.rmtree(self.retired, ignore_errors=True)

    def finish(
        self, index: Indexer | None = None, inputs: str = "", report: Mapping[str, Any] | None = None
    ) -> Published:
        """Index the staged site and swap it into place of ``out``; the
        previous site is left beside it for ``tidy`` to remove."""
        out, previous, staging, retired = self.out, self.previous, self.folder, self.retired
        recorded = self.recorded
        carried: list[str] = []
        moved: list[str] = []
        try:
            if previous is not None:
                old_files = set(previous.files)
            elif out.is_dir():
                old_files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
                old_files = {
                    p for p in old_files if not p.startswith(SEARCH_FOLDER + "/") and p not in (MARKER, MANIFEST)
                }
            else:
                old_files = set()
            removed = len(old_files - set(recorded))
            _release_memory()
            indexed, search = False, dict[str, str]()
            if index is not None:
                pages = {path: digest for path, (digest, _, _) in recorded.items() if path.endswith(".html")}
                before = (
                    {path: digest for path, (digest, _, _) in previous.files.items() if path.endswith(".html")}
                    if previous
                    else {}
                )
                search, shards, carried = index(staging, pages, out, previous.search if previous else {}, before)
                indexed = shards > 0
            manifest = {"version": MANIFEST_VERSION, "inputs": inputs if index is not None else "",
                        "report": dict(report or {}), "search": search,
                        "files": {"paths": list(recorded), "digests": [r[0] for r in recorded.values()],
                                  "sizes": [r[1] for r in recorded.values()],
                                  "mtimes": [r[2] for r in recorded.values()]}}  # fmt: skip
            (staging / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")))
            # Bundles that still stand move over whole, a rename each, rather
            # than as tens of thousands of links: the previous site lacks them
            # only for the instant before the swap (and a site that lost one
            # is not ``intact``, so the next build makes it again).
            # A bundle's entry file goes first and comes back last: a bundle
            # caught half-moved has none, and is neither intact nor kept.
            for path in sorted(carried, key=lambda p: not p.endswith(ENTRY)):
                (staging / path).parent.mkdir(parents=True, exist_ok=True)
                moved.append(path)
                os.replace(out / path, staging / path)
            if out.is_dir():
                os.replace(out, retired)
            os.replace(staging, out)
        except BaseException:
            restored = True
            try:
                if retired.exists() and not out.exists():
                    os.replace(retired, out)
                for path in reversed(moved):
                    if (staging / path).exists():
                        os.replace(staging / path, out / path)
            except OSError:
                restored = False  # what could not move back stays in staging, for a person to see
            if restored:
                self.discard()
            raise
        return Published(written=self.written, unchanged=self.unchanged, removed=removed, indexed=indexed)
