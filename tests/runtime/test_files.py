"""Listing a sources folder: what counts as a file, what is skipped."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.ingest import list_source_files
from briefgen.runtime.fingerprint import _tree


def test_listing_takes_files_and_links_skips_ignored_names_and_never_follows_a_linked_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.txt").write_text("z")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two")
    (tmp_path / "a-c.txt").write_text("a-c")
    (tmp_path / "one.txt").write_text("one")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "secret.txt").write_text("no")
    (tmp_path / "draft.txt~").write_text("no")
    (tmp_path / "b" / "#autosave#").write_text("no")
    (tmp_path / "link.txt").symlink_to(tmp_path / "one.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "linked-folder").symlink_to(tmp_path / "b")
    os.mkfifo(tmp_path / "pipe")

    listed = [p.relative_to(tmp_path).as_posix() for p in list_source_files(tmp_path)]
    # Sorted part by part, as paths are: "a/z.txt" before "a-c.txt", the order ids are given in.
    assert listed == ["a/z.txt", "a-c.txt", "b/two.txt", "broken.txt", "link.txt", "linked-folder", "one.txt"]

    digests = dict(_tree(tmp_path))
    assert set(digests) == {*listed, ".hidden/secret.txt", "draft.txt~", "b/#autosave#"}
    # What the check listed stands for a second listing.
    assert list_source_files(tmp_path, digests) == list_source_files(tmp_path)
    assert digests["link.txt"] == digests["one.txt"]  # a link is read through
    assert digests["broken.txt"].startswith("error:") and digests["linked-folder"].startswith("error:")


def test_ingest_keys_a_file_alike_whether_it_reads_it_or_the_check_gave_its_digest(tmp_path: Path) -> None:
    from briefgen.ingest import read_sources

    (tmp_path / "one.txt").write_text("Headline one\n\nA first article with a sentence of its own.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.txt").write_text("Headline two\n\nA second article, in a folder.\n")

    def keyed(into: dict):  # type: ignore[no-untyped-def]
        def each(function, entries, keys):  # type: ignore[no-untyped-def]
            into.update(zip(keys, entries))
            return [function(entry) for entry in entries]

        return each

    read_itself: dict = {}
    read_sources(tmp_path, each=keyed(read_itself))
    told: dict = {}
    read_sources(tmp_path, each=keyed(told), digests=dict(_tree(tmp_path)))
    assert len(read_itself) == 2 and None not in read_itself and read_itself.keys() == told.keys()


def test_known_digests_spare_reading_unchanged_files_and_never_miss_an_edit(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A build with nothing changed stats its sources instead of reading them;
    an edit that keeps the size and puts the old mtime back is still seen
    (the inode's change time moves), and a file changed near the time the
    digests were saved is read again whatever its stat says."""
    from briefgen.runtime import fingerprint
    from briefgen.runtime.fingerprint import Known

    folder, memory = tmp_path / "sources", tmp_path / "cache" / "digests.pickle"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(f"{name} text")
    read: list[bytes] = []
    real = fingerprint.file_digest
    monkeypatch.setattr(fingerprint, "file_digest", lambda data: read.append(data) or real(data))

    first = Known(memory)
    before = dict(_tree(folder, first))
    first.save()
    assert len(read) == 2
    # Just saved: both files changed within the racy window, so both are read again.
    assert dict(_tree(folder, Known(memory))) == before and len(read) == 4

    monkeypatch.setattr(Known, "RACY_NS", 0)
    first = Known(memory)
    _tree(folder, first)
    first.save()
    read.clear()
    assert dict(_tree(folder, Known(memory))) == before and read == []

    stat = (folder / "a.txt").stat()
    (folder / "a.txt").write_text("a.txt TEXT")  # same size
    os.utime(folder / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = dict(_tree(folder, Known(memory)))
    assert read == [b"a.txt TEXT"] and after["a.txt"] != before["a.txt"] and after["b.txt"] == before["b.txt"]
