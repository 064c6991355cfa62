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
second must not look unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
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


def _tree(folder: Path | None) -> Iterable[tuple[str, str]]:
    """(relative path, content digest) of every file under ``folder``, sorted."""
    if folder is None or not folder.is_dir():
        return []
    rows = []
    for name, path in walk(folder):
        try:
            with open(path, "rb") as handle:
                rows.append((name, file_digest(handle.read())))
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


def inputs_digest(config: Config, theme: Path, *extra: str, sources: dict[str, str] | None = None) -> str:
    """One digest of every input of a build of ``config``; ``sources``, when
    given, receives the digest of each source file by its relative path."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_digest().encode())
    digest.update(settings_digest(config, *extra).encode())
    for distribution in (config.spacy_model.replace("_", "-"), "spacy", "pagefind", "pagefind-bin", "jinja2"):
        digest.update(f"{distribution}={_version(distribution)}\n".encode())
    for label, folder in (("sources", config.sources), ("content", config.content),
                          ("templates", config.templates), ("theme", theme)):  # fmt: skip
        digest.update(f"[{label}]\n".encode())
        rows = _tree(folder)
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
