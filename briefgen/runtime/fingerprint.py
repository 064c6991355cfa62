"""Digests of everything a build reads, so a rebuild can tell what changed.

``inputs_digest`` covers every input of a build: the source files, the
editor's content, the templates (the project's and the default theme), the
settings, briefgen's own code and data, the spaCy model's and Pagefind's
versions. Two builds with the same digest produce the same site, so the
second one has nothing to do. ``code_digest`` alone versions the caches of
the cheap stages: any change to briefgen's code invalidates them (the
expensive analysis cache has its own, explicit version).

Files are hashed by content, not modification time: a ``git checkout`` or a
``touch`` must not make a build look changed, and an edit within the same
second must not look unchanged. ``Known`` remembers each file's digest with
the stat it was read at, so that a build with nothing changed stats its
sources instead of reading them; a file touched near the time that memory
was written is read again (git's "racily clean" rule).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import pickle
import time
from collections.abc import Iterable
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..config import Config
from .files import walk

PACKAGE = Path(__file__).resolve().parents[1]


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


DIGESTS = "digests.pickle"
"""Where, in the project's cache folder, a build keeps its ``Known`` digests."""


class Known:
    """Digests of files by path, each with the stat it was taken at."""

    RACY_NS = 2_000_000_000
    """A file changed this close to when the digests were saved may have changed
    again within one tick of a coarse clock (FAT keeps two seconds): read it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.digests: dict[str, tuple[int, int, int, int, str]] = {}
        self.trusted_before = 0
        self.changed = False
        if path is not None:
            # A lost or unreadable memory of digests only costs a read of every file.
            with contextlib.suppress(Exception), open(path, "rb") as handle:
                saved, digests = pickle.load(handle)
                if isinstance(saved, int) and isinstance(digests, dict):
                    self.trusted_before, self.digests = saved - self.RACY_NS, digests
        self._seen: dict[str, tuple[int, int, int, int, str]] = {}

    def digest(self, path: str) -> str:
        stat = os.stat(path)
        known = self.digests.get(path)
        if (
            known is not None
            and known[:4] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            and max(stat.st_mtime_ns, stat.st_ctime_ns) < self.trusted_before
        ):
            self._seen[path] = known
            return known[4]
        with open(path, "rb") as handle:
            value = file_digest(handle.read())
        self._seen[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, value)
        self.changed = True
        return value

    def save(self) -> None:
        """Keep the digests of the files read since loading (those of files gone are dropped)."""
        if self.path is None or not (self.changed or len(self._seen) != len(self.digests)):
            return
        with contextlib.suppress(OSError):  # only speed is lost
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            with open(tmp, "wb") as handle:
                pickle.dump((time.time_ns(), self._seen), handle, protocol=5)
            os.replace(tmp, self.path)


def _tree(folder: Path | None, known: Known | None = None) -> Iterable[tuple[str, str]]:
    """(relative path, content digest) of every file under ``folder``, sorted."""
    if folder is None or not folder.is_dir():
        return []
    known = known or Known()
    rows = []
    for name, path in walk(folder):
        try:
            rows.append((name, known.digest(path)))
        except OSError as error:  # an unreadable file (or a broken link) still changes the digest
            rows.append((name, f"error:{error.errno}"))
    return sorted(rows)


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """briefgen's version, code and shipped data (read once per process)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    for name, value in _tree(PACKAGE):
        if (
            name.endswith((".py", ".toml", ".txt", ".json", ".html", ".css", ".js", ".npy"))
            and "__pycache__" not in name
        ):
            digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()


RUN_SETTINGS = ("workers", "scheduler")
"""Settings of where a build runs, not of what it makes."""


def settings_digest(config: Config, *extra: str) -> str:
    values = {f.name: str(getattr(config, f.name)) for f in fields(config) if f.name not in RUN_SETTINGS}
    return hashlib.blake2b(json.dumps([values, extra], sort_keys=True).encode(), digest_size=16).hexdigest()


def inputs_digest(
    config: Config, theme: Path, *extra: str, sources: dict[str, str] | None = None, known: Known | None = None
) -> str:
    """One digest of every input of a build of ``config``; ``sources``, when
    given, receives the digest of each source file by its relative path;
    ``known`` saves reading the files whose stat it knows."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_digest().encode())
    digest.update(settings_digest(config, *extra).encode())
    for distribution in (config.spacy_model.replace("_", "-"), "spacy", "pagefind", "pagefind-bin", "jinja2"):
        digest.update(f"{distribution}={_version(distribution)}\n".encode())
    for label, folder in (("sources", config.sources), ("content", config.content),
                          ("templates", config.templates), ("theme", theme)):  # fmt: skip
        digest.update(f"[{label}]\n".encode())
        rows = _tree(folder, known)
        if label == "sources" and sources is not None:
            sources.update(rows)
        for name, value in rows:
            digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()


ASSETS = "assets/"
"""The templates' subfolder of static files, copied into the site as they are."""
PAGE_SETTINGS = ("title", "description", "base_url", "language", "extra_css")
"""The settings a page shows (the templates see them as ``site``); the others
reach pages through the data they make, which each page's key holds."""


def templates_digest(config: Config, theme: Path, *extra: str) -> str:
    """What every rendered page depends on besides its own data: the
    templates (the project's and the default theme), the site's settings,
    briefgen; of the static assets, their names only. Not where the
    project's folders are, nor how many workers."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_digest().encode())
    shown = {name: str(getattr(config, name)) for name in PAGE_SETTINGS}
    digest.update(json.dumps([shown, extra], sort_keys=True).encode())
    for label, folder in (("templates", config.templates), ("theme", theme)):
        digest.update(f"[{label}]\n".encode())
        for name, value in _tree(folder):
            # A page links its assets by name and never holds their bytes: a
            # stylesheet edit keeps every page (the 404, which inlines the
            # stylesheet, is made afresh in every build).
            kept = "asset" if name.startswith(ASSETS) else value
            digest.update(f"{name}\0{kept}\n".encode())
    return digest.hexdigest()
