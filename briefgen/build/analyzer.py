"""Many sources analysed in one call, for scripts and tests: the analyze stage
mapped through a runtime of its own (the build maps it through the build's)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from .. import analyze
from ..analyze import ANALYSIS_VERSION, BATCH_SIZE, DEFAULT_MODEL, SPACY_TABLE, analysis_key, from_data, worth_spreading
from ..model import Analysis, Source
from ..runtime import Local, Runtime, Store


class Analyzer:
    """Many sources analysed in one call, for scripts and tests; the build maps
    ``analyse_texts`` through its own runtime. With ``cache`` (a folder) the
    analyses are kept there between runs, beside any others kept before."""

    def __init__(self, model_name: str = DEFAULT_MODEL, cache: Path | None = None, workers: int = 2) -> None:
        self.model_name, self.cache, self.workers = model_name, cache, workers

    def analyze(self, sources: Iterable[Source], progress: Callable[[int], None] | None = None) -> dict[str, Analysis]:
        sources = list(sources)
        run = Runtime(Store(self.cache, "", {SPACY_TABLE: ANALYSIS_VERSION}), Local(self.workers))
        try:
            found = run.batches(SPACY_TABLE, partial(analyze.analyse_texts, self.model_name), [(s.title, s.text) for s in sources],
                                [analysis_key(s.text, self.model_name, s.title) for s in sources], BATCH_SIZE,
                                spread=worth_spreading,
                                progress=progress)  # fmt: skip
            run.store.save(prune=False)
        finally:
            run.close()
        return {s.id: from_data(s.id, s.text, data, s.title) for s, data in zip(sources, found, strict=True)}
