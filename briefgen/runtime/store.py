"""One content-addressed store for everything a build keeps between builds.

Every entry is the result of a pure function, filed under a table (the
function's name) and a key that digests everything the result depends on
(``digest``). The spaCy analyses, the cleaned sources, summaries, briefings,
pages' digests: one mechanism, one key scheme, one folder.

A table is stored in buckets by key (``stages/<table>-<n>.pickle``), each
file led by its table's version: briefgen's code digest, unless the
table declares its own (the spaCy analyses, versioned by the analysis format
and the model, outlive a change to briefgen's code). A file of another
version is a miss. A build reads a bucket when it first asks for one of its
keys and writes only the buckets whose entries changed: after one edited
source that is a few files, not the hundreds of MB that pickling everything
costs. Only the entries a build used are saved: what a deleted source left
behind goes away. Buckets of two builds may be mixed (a build stopped while
saving): each entry still stands for its key.

The files live in the project's own cache folder and are read with pickle,
like any file of the project they are trusted; a file that cannot be read
is a miss, reported, never an error.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
FOLDER = "stages"
BUCKETS = 64
"""Per table: after one edited source most tables change in one bucket."""


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % BUCKETS


def _table_of(file_name: str) -> str:
    return file_name.rpartition("-")[0]


def _file_name(table: str, bucket: int) -> str:
    return f"{table}-{bucket}.pickle"


def digest(*parts: Any) -> str:
    """A key for values that pickle the same way whenever they are equal
    (strings, numbers, tuples, lists, frozen dataclasses of those)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # Without the memo an object shared twice is written twice, so the key
    # depends on values only, not on which equal objects happen to be shared
    # (a fresh result vs the same result loaded from the store).
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


class Store:
    def __init__(self, folder: Path | None, version: str, versions: Mapping[str, str] | None = None) -> None:
        """``version`` stamps every table but those ``versions`` names (table -> version)."""
        self.folder = folder / FOLDER if folder is not None else None
        self.version = version
        self.versions = dict(versions or {})
        self.problems: list[tuple[str, str]] = []
        """(path, what was wrong) of every file that could not be used."""
        self._old: dict[str, dict[str, Any]] = {}
        self._new: dict[str, dict[str, Any]] = {}
        self._stored: dict[str, int] = {}
        """File name -> how many entries of ``_old`` it holds (0: not this version's)."""
        self._listed = False
        self._unread: set[str] = set()
        """Files of this store not read yet: each is read when a key of its bucket is asked for."""

    def _list(self) -> None:
        self._listed = True
        if self.folder is None:
            return
        try:
            names = sorted(name for name in os.listdir(self.folder) if name.endswith(".pickle"))
        except FileNotFoundError:
            return
        except OSError as error:
            self.problems.append((str(self.folder), str(error.strerror or error)))
            return
        for name in names:
            self._stored[name] = 0
        self._unread = set(names)

    def _read(self, table: str, key: str) -> None:
        """Load the bucket that holds ``key``: a build reads only the buckets
        it asks of (the last entity index, say, is of no use after an edit)."""
        if not self._listed:
            self._list()
        self._read_file(table, _file_name(table, _bucket(key)))

    def read_table(self, table: str) -> None:
        """Read every bucket of ``table`` now, before forking workers that ask
        for its keys: each would read its own copy, and this process, left
        with the buckets unread, would take them all for changed and write
        them again."""
        if not self._listed:
            self._list()
        for name in sorted(name for name in self._unread if _table_of(name) == table):
            self._read_file(table, name)

    def _read_file(self, table: str, name: str) -> None:
        if name not in self._unread:
            return
        self._unread.discard(name)
        assert self.folder is not None
        # Unpickling builds many small objects: the cyclic collector would walk
        # them again and again (3x slower) and find nothing.
        enabled = gc.isenabled()
        gc.disable()
        try:
            with open(self.folder / name, "rb") as handle:
                # The version is a pickle of its own, ahead of the entries: a
                # bucket of another version is not unpickled at all (its
                # classes may have moved since), it is simply a miss.
                version = pickle.load(handle)
                if version != self.version_of(table):
                    return
                entries = pickle.load(handle)
        except (ModuleNotFoundError, AttributeError):
            return  # written by a briefgen whose classes were elsewhere: stale, not damaged
        except Exception:  # noqa: BLE001 - any unreadable file is a miss
            self.problems.append((str(self.folder / name), "corrupt stage cache, recomputed"))
            return
        finally:
            if enabled:
                gc.enable()
        if isinstance(entries, dict):
            self._old.setdefault(table, {}).update(entries)
            self._stored[name] = len(entries)
            # Kept out of every later collection: the first ones would walk the
            # millions of objects loaded (~2 s) to free none of them, and
            # forked workers would copy their pages doing so.
            gc.freeze()

    def version_of(self, table: str) -> str:
        return self.versions.get(table, self.version)

    def get(self, table: str, key: str) -> Any | None:
        new = self._new.setdefault(table, {})
        if key in new:
            return new[key]
        self._read(table, key)
        value = self._old.get(table, {}).get(key)
        if value is not None:
            new[key] = value
        return value

    def peek(self, table: str, key: str) -> Any | None:
        """The value ``get`` would give, without keeping it for the next build."""
        value = self._new.get(table, {}).get(key)
        if value is not None:
            return value
        self._read(table, key)
        return self._old.get(table, {}).get(key)

    def carry(self, table: str, keys: Iterable[str]) -> None:
        """Keep these entries for the next build, though this one did not ask
        for them: the per-source work behind a stage's result, when the result
        itself came from the store, is still what the next change will need."""
        for key in keys:
            self.get(table, key)

    def put(self, table: str, key: str, value: Any) -> None:
        self._new.setdefault(table, {})[key] = value

    def get_or(self, table: str, key: str, make: Callable[[], T]) -> T:
        value = self.get(table, key)
        if value is None:
            value = make()
            self.put(table, key, value)
        return value  # type: ignore[no-any-return]

    def lookup(self, table: str, keys: Sequence[str | None]) -> tuple[list[Any], list[int]]:
        """The values known for ``keys`` (None where missing, or the key is
        None) and the positions of the missing ones, to be made (all
        together, so that they can be spread over processes) and given to
        ``fill``."""
        values = [None if key is None else self.get(table, key) for key in keys]
        return values, [i for i, value in enumerate(values) if value is None]

    def fill(
        self, table: str, keys: Sequence[str | None], values: list[Any], missing: list[int], made: list[T]
    ) -> list[T]:
        for i, value in zip(missing, made, strict=True):
            values[i] = value
            key = keys[i]
            if key is not None:
                self.put(table, key, value)
        return values

    def table(self, name: str) -> Table:
        return Table(self, name)

    def save(self, background: bool = False, prune: bool = True) -> Callable[[], None]:
        """Keep what this build used; start the next build from it. A table
        the build never asked of stays whole (a template edit in ``serve``
        reads no source: the next source edit still finds every analysis).
        With ``background`` the files are written by a thread while the
        caller goes on (Pagefind leaves a core idle); call what is returned to
        wait for it. Without ``prune`` what was kept before stays too (a
        script's store, shared by runs on different data)."""
        if not self._listed:
            self._list()
        if not prune:
            for table in list(self._new):
                self.read_table(table)
                self._new[table] = {**self._old.get(table, {}), **self._new[table]}
        asked = set(self._new)
        stored = self._stored
        writes, removals = self._changes()
        # Files of tables not asked of stay on disk, and in memory as they were.
        self._stored.update({name: n for name, n in stored.items() if _table_of(name) not in asked})
        removals = [name for name in removals if _table_of(name) in asked]
        unread = {name for name in self._unread if _table_of(name) not in asked}
        kept = {table: entries for table, entries in self._old.items() if table not in asked}
        # The next build (``serve``) starts from what this one used, all in memory.
        self._old, self._new, self._unread = {**kept, **self._new}, {}, unread
        if not background:
            self._write(writes, removals)
            return lambda: None
        writer = threading.Thread(target=self._write, args=(writes, removals), name="briefgen-store")
        writer.start()
        return writer.join

    def _changes(self) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """The buckets to write (file name -> entries) and the files to remove.

        A bucket is unchanged when it holds the same keys with the values
        loaded from its file: mostly the very objects (what the store gives
        back), else equal ones (a page's digest, sent back by a render worker).
        """
        buckets: dict[str, dict[str, Any]] = {}
        for table, entries in self._new.items():
            for key, value in entries.items():
                buckets.setdefault(_file_name(table, _bucket(key)), {})[key] = value
        writes = {}
        for name, entries in buckets.items():
            old = self._old.get(_table_of(name), {})
            if self._stored.get(name) != len(entries) or any(
                (was := old.get(k)) is not v and was != v for k, v in entries.items()
            ):
                writes[name] = entries
        removals = [name for name in self._stored if name not in buckets]
        self._stored = {name: len(entries) for name, entries in buckets.items()}
        return writes, removals

    def _write(self, writes: dict[str, dict[str, Any]], removals: list[str]) -> None:
        folder = self.folder
        if folder is None:
            return
        pending = list(writes)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name in removals:
                (folder / name).unlink(missing_ok=True)
            # What a build stopped while saving left behind (a build now would be writing its own).
            stale = time.time() - 3600
            for leftover in folder.glob("*.tmp"):
                with contextlib.suppress(OSError):
                    if leftover.stat().st_mtime < stale:
                        leftover.unlink()
            for name, entries in writes.items():
                fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
                try:
                    with os.fdopen(fd, "wb") as handle:
                        pickle.dump(self.version_of(_table_of(name)), handle, protocol=5)
                        pickle.dump(entries, handle, protocol=5)
                    os.replace(tmp, folder / name)
                    pending.remove(name)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
        except Exception as error:  # noqa: BLE001 - a store not saved only costs speed next time
            # A bucket not written may be an old one: its entries are still true,
            # and the next save (in ``serve``) writes it again.
            for name in pending:
                self._stored[name] = -1
            # Told by the next build, which loads this store (and misses).
            self.problems.append((str(folder), f"the stage cache could not be saved: {error}"))


class Table(MutableMapping[str, Any]):
    """One table of a store as a mapping: what this build used or made."""

    def __init__(self, store: Store, name: str) -> None:
        self.memo, self.name = store, name

    def __getitem__(self, key: str) -> Any:
        value = self.memo.get(self.name, key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.memo.put(self.name, key, value)

    def __delitem__(self, key: str) -> None:
        self.memo._new.get(self.name, {}).pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.memo._new.get(self.name, {})))

    def __len__(self) -> int:
        return len(self.memo._new.get(self.name, {}))
