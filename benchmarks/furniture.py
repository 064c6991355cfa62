"""Text cleaning on real scraped news: what briefgen's ingest keeps of each document.

    python benchmarks/furniture.py ../shared/eval/mds/dev.jsonl --out benchmarks/out/furniture.jsonl
    python ../shared/eval/score_furniture.py ../shared/eval/claims/dev.jsonl ../shared/eval/mds/dev.jsonl \\
        --predictions benchmarks/out/furniture.jsonl --name briefgen
    python benchmarks/furniture.py ../shared/eval/mds/dev.jsonl --out PRED.jsonl --halves   # score each half
    python benchmarks/furniture.py ../shared/eval/mds/dev.jsonl --out PRED.jsonl --halves --show a   # and list

Every document of a Multi-News style file becomes one ``.txt`` source whose
first line is a neutral headline (``Document N``: scraped text has no
headline line of its own, and a text file's first line is taken for one),
all of them in one sources folder as a user would drop them, and goes
through briefgen's own ``read_sources``. Writes ``{"cluster", "doc", "text"}`` per document, the
text ingest kept (``""`` for a document it refused).

``--halves`` reads and scores the clusters of each half apart (the split of
``training/relation.py``; each half one sources folder, since ingest also
weighs what the sources of a folder share), so a cleaning tuned on half A is
checked on half B. ``--show a`` also prints half A's flagged sentences ingest kept
and its article sentences ingest lost (read the tuning half only; the scorer's
own rule decides what is kept).

    python benchmarks/furniture.py --cost ../shared/corpus/news-10k   # an unpacked folder of .txt

``--cost DIR`` instead times ``read_sources`` over every fifth ``.txt`` file of
DIR (2,000 of the 10,000-article corpus) in one process and prints the CPU
milliseconds per document and how many it kept.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "eval" / "score_furniture.py"
CLAIMS = ROOT.parent / "shared" / "eval" / "claims" / "dev.jsonl"

from briefgen.analyze import DEFAULT_MODEL
from briefgen.ingest import read_sources
from briefgen.text.lexicon import load_words
from training.relation import half_of


def kept_text(clusters: list[dict]) -> list[dict]:
    """The text ingest keeps of every document, one row per document."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sources"
        folder.mkdir()
        names = {}
        for cluster in clusters:
            for i, doc in enumerate(cluster["documents"]):
                name = f"d{len(names):05d}"
                names[name] = (cluster["id"], i)
                body = doc.get("text") or ""
                (folder / f"{name}.txt").write_text(f"Document {len(names)}\n\n{body}\n", encoding="utf-8")
        is_word = load_words(DEFAULT_MODEL).__contains__
        is_word("")
        start = time.process_time()
        sources, _ = read_sources(folder, is_word=is_word)
        spent = time.process_time() - start
        print(f"read_sources: {spent / max(1, len(names)) * 1000:.2f} ms CPU per document (one process, "
              "loading the furniture model included)", file=sys.stderr)  # fmt: skip
    by_name = {s.origin.rsplit("/", 1)[-1].removesuffix(".txt"): s.text for s in sources}
    return [{"cluster": c, "doc": d, "text": by_name.get(name, "")} for name, (c, d) in names.items()]


def cost(folder: Path) -> int:
    """CPU milliseconds per document of ``read_sources`` over every fifth ``.txt`` file of ``folder``."""
    files = sorted(folder.glob("*.txt"))[::5]
    if not files:
        print(f"no .txt files in {folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        for f in files:
            (sources / f.name).write_bytes(f.read_bytes())
        is_word = load_words(DEFAULT_MODEL).__contains__
        is_word("")
        read_sources(sources, is_word=is_word)  # the furniture model and the vectors' table, loaded once
        start = time.process_time()
        kept, problems = read_sources(sources, is_word=is_word)
        spent = time.process_time() - start
    print(f"read_sources: {spent / len(files) * 1000:.2f} ms CPU per document over {len(files)} files; "
          f"kept {len(kept)}, {len(problems)} problem(s)")  # fmt: skip
    return 0


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?", help="a Multi-News style JSONL file")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--halves", action="store_true", help="score each half of the clusters with the shared scorer")
    parser.add_argument("--claims", type=Path, default=CLAIMS, help="the furniture gold (a claims file)")
    parser.add_argument("--show", choices=("a", "b"), help="with --halves: list what that half kept and lost wrongly")
    parser.add_argument("--cost", type=Path, metavar="DIR", help="time read_sources on every fifth .txt of DIR")
    args = parser.parse_args(argv)
    if args.cost:
        return cost(args.cost)
    if args.file is None or args.out is None:
        parser.error("give a Multi-News style file and --out (or --cost DIR)")
    clusters = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.halves:
        rows = [r for half in ("a", "b") for r in kept_text([c for c in clusters if half_of(c["id"]) == half])]
    else:
        rows = kept_text(clusters)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    _write(args.out, rows)
    print(f"{len(rows)} documents -> {args.out}", file=sys.stderr)
    if args.halves:
        gold = [json.loads(line) for line in args.claims.read_text(encoding="utf-8").splitlines() if line.strip()]
        with tempfile.TemporaryDirectory() as tmp:
            for half in ("a", "b"):
                part = Path(tmp) / f"gold-{half}.jsonl"
                _write(part, [g for g in gold if half_of(g["cluster"]) == half])
                predictions = Path(tmp) / f"pred-{half}.jsonl"
                _write(predictions, [r for r in rows if half_of(r["cluster"]) == half])
                print(f"\n=== half {half.upper()}", flush=True)
                subprocess.run([sys.executable, str(SCORER), str(part), str(args.file), "--predictions",
                                str(predictions), "--name", "briefgen"], check=True)  # fmt: skip
        if args.show:
            show([g for g in gold if half_of(g["cluster"]) == args.show], rows)
    return 0


def show(gold: list[dict], rows: list[dict]) -> None:
    """Each flagged sentence kept ("kept furniture") and each article sentence lost ("lost article"), by the
    shared scorer's own test of what is kept."""
    sys.path.insert(0, str(SCORER.parent))
    from score_furniture import grams, kept, words

    texts = {(r["cluster"], r["doc"]): grams(words(r["text"])) for r in rows}
    seen = set()
    for g in gold:
        for side in ("a", "b"):
            s = g[side]
            if (g["cluster"], s["doc"], s["text"]) in seen:
                continue
            seen.add((g["cluster"], s["doc"], s["text"]))
            flagged = g["furniture"] in (side, "both")
            if flagged == kept(s["text"], texts.get((g["cluster"], s["doc"]), set())):
                print(f"{'kept furniture' if flagged else 'lost article':14} | {g['cluster']}/{s['doc']} | {s['text']}")


if __name__ == "__main__":
    sys.exit(main())
