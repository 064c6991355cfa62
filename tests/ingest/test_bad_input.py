"""Bad input: one clear warning naming the file, the rest is built."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefgen.cli import main

GOOD = "Harbour strike ends\n\nDock workers at Port Elmsworth returned to work on Monday after a three-day strike.\n\nThe union accepted a 4 percent rise for night shifts.\n"


def make_bad_folder(folder: Path) -> dict[str, str]:
    """Each bad file and the words its warning must contain."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_text("")
    (folder / "blank.txt").write_text("  \n\n \n")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0IHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes(
        "Caf\xe9 owners protest\n\nThe caf\xe9 owners said the new rules were unfair.\n".encode("latin-1")
    )
    (folder / "boilerplate.txt").write_text(
        "Home > News > World\n\nLEAVE A REPLY\n\nPlease enter your comment!\n\nShare this article\n\nExit mobile version\n"
    )
    (folder / "front.md").write_text("---\ntitle: [unclosed\n---\nThe body of an article with broken front matter.\n")
    (folder / "nofence.md").write_text("---\ntitle: Never closed\nThe body of an article.\n")
    (folder / "good.md").write_text(
        "---\ntitle: Same id as good.txt\n---\nA paragraph that says enough to be an article body.\n"
    )
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    os.symlink(folder / "missing-target.txt", folder / "unreadable.txt")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "binary.txt": "binary",
        "latin1.txt": "not UTF-8: read as cp1252",  # read, with a warning
        "boilerplate.txt": "only boilerplate",
        "front.md": "malformed front matter",
        "nofence.md": "no closing",
        "good.txt": "same id 'good'",
        "huge.txt": "too large",
        "unreadable.txt": "cannot be read",
        "notes.docx": "unsupported file type",
    }


def run(tmp_path: Path, *extra: str) -> int:
    return main(["build", "--sources", str(tmp_path / "src"), "--content", str(tmp_path / "content"),
                 "--out", str(tmp_path / "site"), *extra])  # fmt: skip


def test_each_bad_file_is_named_once_and_the_rest_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    expected = make_bad_folder(tmp_path / "src")
    assert run(tmp_path) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    for name, reason in expected.items():
        matching = [w for w in warnings if w.startswith(f"warning: {name}:")]
        assert len(matching) == 1, (name, warnings)
        assert reason in matching[0], (name, matching[0])
    assert "11 files had problems" in err
    built = sorted(p.stem for p in (tmp_path / "site" / "sources").glob("*.html"))
    assert built == ["good", "latin1"]
    assert run(tmp_path, "--strict") == 1


def test_the_command_exits_with_its_status_and_all_it_printed(tmp_path: Path) -> None:
    """The console script ends its process without freeing the build's
    objects: what it printed still comes out whole, and the status is the build's."""
    import subprocess
    import sys

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "good.txt").write_text(GOOD)
    (tmp_path / "src" / "empty.txt").write_text("")
    command = [sys.executable, "-m", "briefgen.cli", "build", "--sources", "src", "--out", "site", "--verbose"]
    done = subprocess.run(
        [*command, "--strict"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 1, done.stderr
    assert "warning: empty.txt: empty file" in done.stderr
    assert done.stderr.rstrip().endswith("--strict: 1 file had problems (listed above); the site was left as it was.")
    assert not (tmp_path / "site").exists()
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.rstrip().endswith("1 file had problems (listed above); the rest was built")
    assert (tmp_path / "site" / "sources" / "good.html").is_file()


def test_odd_file_names_stay_inside_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src"
    src.mkdir()
    (src / "weird name <b>&'...txt").write_text(GOOD)
    (src / "sub").mkdir()
    (src / "sub" / "%2E%2E%2F..escape.txt").write_text(GOOD)
    assert run(tmp_path, "--strict") == 0
    written = [p for p in tmp_path.rglob("*.html") if "site" not in p.parts]
    assert written == []
    pages = sorted(p.name for p in (tmp_path / "site" / "sources").iterdir())
    assert pages == ["sub-2e-2e-2f-escape.html", "weird-name-b.html"]
    data = json.loads((tmp_path / "site" / "data" / "sources" / "weird-name-b.json").read_text())
    assert data["origin"] == "weird name <b>&'...txt"


def test_missing_model_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_bad_folder(tmp_path / "src")
    (tmp_path / "briefgen.toml").write_text('spacy_model = "en_core_web_nonexistent"\n')
    assert run(tmp_path) == 2
    err = capsys.readouterr().err
    assert "en_core_web_nonexistent" in err and "pip install" in err


def test_output_folder_that_is_not_a_site_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_bad_folder(tmp_path / "src")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "precious.txt").write_text("mine")
    assert run(tmp_path) == 2
    assert "refusing to replace" in capsys.readouterr().err
    assert (tmp_path / "site" / "precious.txt").read_text() == "mine"
