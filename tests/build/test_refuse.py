"""A bad build never replaces a good site: it stops before the swap and
leaves every byte of the published site as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.config import load
from briefgen.preview import Preview

from ..conftest import ROOT, SEEDS


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project as ``briefgen init`` lays it out (``sources = "sources"``), built once."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(SEEDS, root / "sources")
    shutil.copytree(ROOT / "content", root / "content")
    (root / "briefgen.toml").write_text('sources = "sources"\n')
    done = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", "--quiet"], cwd=root,
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the built project, the working directory."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def test_a_mistyped_sources_folder_is_an_error_and_the_site_stays(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project / "site")
    assert len([p for p in before if p.startswith("sources/")]) == 5
    assert main(["build", "--sources", "source"]) == 2
    err = capsys.readouterr().err
    assert str(project / "source") in err and "did you mean 'sources'?" in err and "--sources sources" in err
    assert snapshot(project / "site") == before

    (project / "briefgen.toml").write_text('sources = "sorces"\n')
    assert main(["build", "--strict"]) == 2
    err = capsys.readouterr().err
    assert "sorces" in err and "did you mean 'sources'?" in err and 'sources = "sources"' in err
    assert snapshot(project / "site") == before

    assert main(["build", "--sources", str(project / "nowhere" / "at-all")]) == 2
    err = capsys.readouterr().err
    assert "not found" in err and "--sources DIR" in err and "briefgen init" in err
    assert snapshot(project / "site") == before


def test_a_build_without_a_usable_source_refuses_to_publish(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project / "site")
    (project / "empty").mkdir()
    assert main(["build", "--sources", "empty"]) == 1
    err = capsys.readouterr().err
    assert "no usable source" in err and "holds no articles" in err and "--allow-empty" in err
    assert snapshot(project / "site") == before

    (project / "empty" / "blank.txt").write_text("\n\n")
    (project / "empty" / "notes.docx").write_bytes(b"PK\x03\x04")
    assert main(["build", "--sources", "empty"]) == 1
    err = capsys.readouterr().err
    assert "warning: blank.txt: empty file" in err and "none of its 2 files could be used" in err
    assert snapshot(project / "site") == before

    assert main(["build", "--sources", "empty", "--allow-empty", "--quiet"]) == 0
    assert not (project / "site" / "sources").exists()
    assert "<h1" in (project / "site" / "index.html").read_text()


def test_strict_fails_before_the_swap(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project / "site")
    (project / "sources" / "empty.txt").write_text("")
    assert main(["build", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "warning: empty.txt: empty file" in err and "--strict" in err and "left as it was" in err
    assert snapshot(project / "site") == before
    # Without --strict the same build publishes, and says what it skipped.
    assert main(["build"]) == 0
    assert snapshot(project / "site") != before


def test_the_command_line_exit_statuses(project: Path) -> None:
    before = snapshot(project / "site")
    (project / "empty").mkdir()
    for args, status, words in ((["--sources", "seeds"], 2, "did you mean"), (["--sources", "empty"], 1, "no usable")):
        done = subprocess.run([sys.executable, "-m", "briefgen.cli", "build", *args], cwd=project,
                              capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        assert done.returncode == status, done.stderr
        assert words in done.stderr
    assert snapshot(project / "site") == before


def test_the_preview_keeps_the_last_good_site_when_the_sources_go(project: Path) -> None:
    config_file = project / "briefgen.toml"
    preview = Preview(load(config_file), port=0, config_file=config_file, reload_config=lambda: load(config_file))
    preview.start()
    try:
        assert preview.last is not None and preview.last.error is None
        index = urllib.request.urlopen(preview.url + "index.html", timeout=10).read()
        before = snapshot(project / "site")
        builds = preview.builds
        for path in (project / "sources").iterdir():
            path.unlink()
        deadline = time.monotonic() + 60
        while not (preview.last.error and "no usable source" in preview.last.error):
            preview.wait_builds(preview.builds + 1, timeout=max(1.0, deadline - time.monotonic()))
        assert preview.builds > builds
        assert urllib.request.urlopen(preview.url + "index.html", timeout=10).read() == index
        assert snapshot(project / "site") == before
    finally:
        preview.stop()
