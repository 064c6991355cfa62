"""A content-addressed on-disk cache for analysis results.

Entries are JSON files named by a SHA-256 key, written atomically (temp file
then rename) so a crash never leaves a half-written entry behind. A corrupt
entry reads as a miss and is reported, never raised.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def make_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.corrupt: list[tuple[str, str]] = []
        """(path, what was wrong) of every entry that could not be used."""

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self.corrupt.append((str(path), str(error.strerror or error)))
            return None
        try:
            return json.loads(raw)
        except ValueError:
            self.corrupt.append((str(path), "corrupt cache entry, recomputed"))
            return None

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: only dumps runs json's C encoder (4x faster).
                handle.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
            os.replace(tmp, path)
        except OSError:
            # A read-only or full disk only costs speed: the build goes on.
            pass
