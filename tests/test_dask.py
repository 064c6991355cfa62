"""The per-source work on a Dask cluster makes the very site a local build makes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.cli import main

from .conftest import project

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Two worker processes on 127.0.0.1, on free ports, stopped with the module."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def _files(site: Path) -> dict[str, bytes]:
    """Every file but the manifest (it holds times) and Pagefind's bundle:
    Pagefind names and fills its filter files differently in two local builds
    of the same pages."""
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    return {
        name: path.read_bytes()
        for name, path in files.items()
        if name != ".briefgen-manifest.json" and not name.startswith("pagefind/")
    }


def _model_loaded(address: str) -> dict[str, int]:
    with distributed.Client(address) as client:
        return client.run(_loaded_models)  # type: ignore[no-any-return]


def _loaded_models() -> int:
    from briefgen.analyze import load_model

    return load_model.cache_info().currsize


def test_the_seeds_site_built_on_a_cluster_is_byte_identical_to_a_local_build(
    tmp_path: Path, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    common = ["--sources", str(config.sources), "--content", str(config.content), "-q"]
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["build", *common, "--out", str(local)]) == 0
    # Its own cache: nothing the local build kept may stand in for the cluster's work.
    (tmp_path / "briefgen.toml").write_text(f'cache = "cluster-cache"\nscheduler = "{cluster}"\n')
    assert main(["build", *common, "--out", str(remote)]) == 0
    assert sum(_model_loaded(cluster).values()) >= 1  # the spaCy pass ran on the workers
    built, there = _files(local), _files(remote)
    assert built.keys() == there.keys() and len(built) > 50
    assert [name for name in built if built[name] != there[name]] == []


def test_the_scheduler_option_names_a_cluster_or_says_how_to_write_one(tmp_path: Path) -> None:
    from briefgen.config import ConfigError, load

    (tmp_path / "briefgen.toml").write_text('scheduler = "localhost"\n')
    with pytest.raises(ConfigError, match=r"'scheduler' must be a Dask scheduler's address such as"):
        load(tmp_path / "briefgen.toml", tmp_path)
    for good in ("local", "tcp://10.0.0.5:8786", ""):
        (tmp_path / "briefgen.toml").write_text(f'scheduler = "{good}"\n')
        assert load(tmp_path / "briefgen.toml", tmp_path).scheduler == good
    assert dataclasses.fields(load(None, tmp_path))  # no file: the default, no scheduler
    assert load(None, tmp_path).scheduler == ""
