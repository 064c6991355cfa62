"""Results of the cheap stages, kept between builds and keyed by their inputs.

The analysis cache (``cache.py``) keeps the expensive spaCy results, one
JSON file per text, for good. This keeps what the other stages made in the
last build — cleaned sources per file, analyses as loaded, summaries per
source, briefings per topic, … — in pickles next to it, so that a rebuild
after one source changed recomputes only what depends on that source. Each
table is keyed by a digest of everything its value depends on; every file
is versioned by briefgen's code digest, so any change to the code starts
afresh. Only the entries a build used are saved: what a deleted source left
behind goes away.

A table is stored in buckets by key (``stages/<table>-<n>.pickle``). A build
reads a bucket when it first asks for one of its keys, and writes only the
buckets whose entries changed: after one edited source that is a few files,
not the 150 MB that pickling everything costs (5 s). Buckets of two builds
may be mixed (a build stopped while saving): each entry still stands for
its key, and the version is in every file.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
FOLDER = "stages"
BUCKETS = 64
"""Per table: after one edited source most tables change in one bucket."""
_OLD_FILE = "stages.pickle"
"""Where earlier versions kept the whole memo, in one file."""


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % BUCKETS


def _file_name(table: str, bucket: int) -> str:
    return f"{table}-{bucket}.pickle"


def digest(*parts: Any) -> str:
    """A key for values that pickle the same way whenever they are equal
    (strings, numbers, tuples, lists, frozen dataclasses of those)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # Without the memo an object shared twice is written twice, so the key
    # depends on values only, not on which equal objects happen to be shared
    # (a fresh result vs the same result loaded from the memo).
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


class Memo:
    def __init__(self, folder: Path | None, version: str) -> None:
        self.folder = folder / FOLDER if folder is not None else None
        self.version = version
        self.problems: list[tuple[str, str]] = []
        """(path, what was wrong) of every file that could not be used."""
        self._old: dict[str, dict[str, Any]] = {}
        self._new: dict[str, dict[str, Any]] = {}
        self._stored: dict[str, int] = {}
        """File name -> how many entries of ``_old`` it holds (0: not this version's)."""
        self._listed = False
        self._unread: set[str] = set()
        """Files of this memo not read yet: each is read when a key of its bucket is asked for."""

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
        for name in sorted(name for name in self._unread if name.rpartition("-")[0] == table):
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
            version, entries = pickle.loads((self.folder / name).read_bytes())
        except Exception:  # noqa: BLE001 - any unreadable file is a miss
            self.problems.append((str(self.folder / name), "corrupt stage cache, recomputed"))
            return
        finally:
            if enabled:
                gc.enable()
        if version == self.version and isinstance(entries, dict):
            self._old.setdefault(table, {}).update(entries)
            self._stored[name] = len(entries)
            # Kept out of every later collection: the first ones would walk the
            # millions of objects loaded (~2 s) to free none of them, and
            # forked workers would copy their pages doing so.
            gc.freeze()

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
        itself came from the memo, is still what the next change will need."""
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

    def lookup(self, table: str, keys: Sequence[str]) -> tuple[list[Any], list[int]]:
        """The values known for ``keys`` (None where missing) and the positions
        of the missing ones, to be made (all together, so that they can be
        spread over processes) and given to ``fill``."""
        values = [self.get(table, key) for key in keys]
        return values, [i for i, value in enumerate(values) if value is None]

    def fill(self, table: str, keys: Sequence[str], values: list[Any], missing: list[int], made: list[T]) -> list[T]:
        for i, value in zip(missing, made, strict=True):
            values[i] = value
            self.put(table, keys[i], value)
        return values

    def table(self, name: str) -> Table:
        return Table(self, name)

    def save(self, background: bool = False) -> Callable[[], None]:
        """Keep what this build used; start the next build from it. With
        ``background`` the files are written by a thread while the caller goes
        on (Pagefind leaves a core idle); call what is returned to wait for it."""
        if not self._listed:
            self._list()
        writes, removals = self._changes()
        # The next build (``serve``) starts from what this one used, all in memory.
        self._old, self._new, self._unread = self._new, {}, set()
        if not background:
            self._write(writes, removals)
            return lambda: None
        writer = threading.Thread(target=self._write, args=(writes, removals), name="briefgen-memo")
        writer.start()
        return writer.join

    def _changes(self) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """The buckets to write (file name -> entries) and the files to remove.

        A bucket is unchanged when it holds the same keys with the values
        loaded from its file: mostly the very objects (what the memo gives
        back), else equal ones (a page's digest, sent back by a render worker).
        """
        buckets: dict[str, dict[str, Any]] = {}
        for table, entries in self._new.items():
            for key, value in entries.items():
                buckets.setdefault(_file_name(table, _bucket(key)), {})[key] = value
        writes = {}
        for name, entries in buckets.items():
            old = self._old.get(name.rpartition("-")[0], {})
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
            (folder.parent / _OLD_FILE).unlink(missing_ok=True)
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
                        pickle.dump((self.version, entries), handle, protocol=5)
                    os.replace(tmp, folder / name)
                    pending.remove(name)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
        except Exception as error:  # noqa: BLE001 - a memo not saved only costs speed next time
            # A bucket not written may be an old one: its entries are still true,
            # and the next save (in ``serve``) writes it again.
            for name in pending:
                self._stored[name] = -1
            # Told by the next build, which loads this memo (and misses).
            self.problems.append((str(folder), f"the stage cache could not be saved: {error}"))


class Table(MutableMapping[str, Any]):
    """One table of a memo as a mapping: what this build used or made."""

    def __init__(self, memo: Memo, name: str) -> None:
        self.memo, self.name = memo, name

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


class _Absent:
    """Stands for 'no such key' among recorded answers; a class, so it pickles."""


class Lookups(Mapping[str, Any]):
    """A read-only view of a mapping that notes every key asked for and its answer.

    A per-document step that consults a collection-wide mapping (the names
    known anywhere, their labels) can then be kept between builds: its result
    holds as long as every answer it got is still the same (``same_answers``),
    and the step need not say beforehand which keys it will ask for.
    """

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.asked: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        value = self.data.get(name, _Absent)
        self.asked[name] = value
        if value is _Absent:
            raise KeyError(name)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        # Mapping.get would go through __getitem__ and a KeyError for every
        # word that names nothing: most words asked, millions in a build.
        value = self.data.get(name, _Absent)
        self.asked[name] = value
        return default if value is _Absent else value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name, _Absent) is not _Absent

    def __iter__(self) -> Iterator[str]:
        # An answer that depends on every key cannot be checked key by key.
        raise TypeError("a recorded mapping cannot be iterated")

    def __len__(self) -> int:
        return len(self.data)

    def __bool__(self) -> bool:
        # ``mapping or {}`` must keep asking this view: an empty mapping's
        # silence is an answer too, and it must be recorded.
        return True

    def answers(self) -> Answers:
        hits = tuple((name, value) for name, value in self.asked.items() if value is not _Absent or _SEP in name)
        misses = "".join(_SEP + name for name, value in self.asked.items() if value is _Absent and _SEP not in name)
        return Answers(hits, misses)


_SEP = "\0"


@dataclass(frozen=True)
class Answers:
    """What a ``Lookups`` was asked and answered. Most questions (a word of
    the text: is it a known name?) have no answer: those are kept as one
    string, which pickles a thousand times faster than as many pairs."""

    hits: tuple[tuple[str, Any], ...]
    misses: str
    """The names that had no answer, each after a NUL."""


def same_answers(data: Mapping[str, Any], answers: Answers) -> bool:
    """True when ``data`` answers every recorded question as it did then."""
    if not all(data.get(name, _Absent) == value for name, value in answers.hits):
        return False
    return data.keys().isdisjoint(answers.misses.split(_SEP)[1:])
