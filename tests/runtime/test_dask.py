"""The per-source work on a Dask cluster makes the very site a local build makes."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefgen.cli import main

from ..conftest import project

pytest.importorskip("distributed")


ON_A_CLUSTER = textwrap.dedent(
    """
    import json, sys
    from distributed import Client, LocalCluster
    from briefgen.cli import main

    def loaded():
        from briefgen.analyze import load_model
        return load_model.cache_info().currsize

    # Two worker processes on 127.0.0.1, on free ports, stopped on the way out.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      scheduler_port=0, dashboard_address=None) as cluster:
        status = main(["build", "--scheduler", cluster.scheduler_address, *sys.argv[1:]])
        with Client(cluster) as client:
            print(json.dumps({"status": status, "loaded": sum(client.run(loaded).values())}))
    """
)


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


def test_the_seeds_site_built_on_a_cluster_is_byte_identical_to_a_local_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cluster runs in a process of its own: a Dask client leaves threads
    # behind, and a process with threads must not fork (the other tests do).
    config = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    common = ["--sources", str(config.sources), "--content", str(config.content), "-q"]
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert main(["build", *common, "--out", str(local)]) == 0
    # Its own cache: nothing the local build kept may stand in for the cluster's work.
    (tmp_path / "briefgen.toml").write_text('cache = "cluster-cache"\n')
    done = subprocess.run([sys.executable, "-c", ON_A_CLUSTER, *common, "--out", str(remote)],
                          check=False, cwd=tmp_path, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    told = json.loads(done.stdout.strip().splitlines()[-1])
    assert told["status"] == 0 and told["loaded"] >= 1  # the spaCy pass ran on the workers
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
