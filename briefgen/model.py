"""Typed values passed between the pipeline stages.

Every stage is a plain function from these values to these values; nothing in
here touches the file system. Offsets are character offsets into
``Source.text`` (the cleaned text), sentence numbers are 1-based so that
``s-1`` is the first sentence of a source page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """A warning about one input file: shown, counted, never fatal."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    text: str
    """Clean body text; paragraphs separated by one blank line."""
    origin: str
    """The file it came from, relative to the sources folder."""
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    """ISO 8601 date (``YYYY-MM-DD``) when known."""
    topic: str | None = None
    """A topic slug the source's own front matter asks for."""
    draft: bool = False
    """Left out of the site unless the build asks for drafts."""
    title_derived: bool = False
    """The title is no headline of the source's own (none in the file, its front matter or a headline
    line): ingest took it from the first sentence of news, or from the file name."""
    furniture: bool = False
    """Ingest's furniture model reads the whole text as page furniture (a crawl notice, a widget, an appeal):
    kept whole, in case it is a short article the model misjudges, with a page of its own; it joins a story that
    other sources tell but makes none of its own (``topics.assign_topics``)."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for p in self.text.split("\n\n") if p)


@dataclass(frozen=True)
class Sentence:
    number: int
    """1-based position in the source; the page anchor is ``s-<number>``."""
    start: int
    end: int
    text: str
    terms: tuple[str, ...] = ()
    """Lower-cased lemmas of the content words, for similarity."""

    @property
    def anchor(self) -> str:
        return f"s-{self.number}"


@dataclass(frozen=True)
class Mention:
    text: str
    label: str
    """spaCy entity label: PERSON, ORG, GPE, LOC, NORP, …"""
    start: int
    end: int
    sentence: int
    """Number of the sentence that holds the mention."""


@dataclass(frozen=True)
class Analysis:
    source_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    headline: tuple[Mention, ...] = ()
    """Mentions in the source's title: offsets into the title, sentence 0."""

    def sentence(self, number: int) -> Sentence:
        return self.sentences[number - 1]


@dataclass(frozen=True)
class Document:
    """A source together with its analysis: what later stages consume."""

    source: Source
    analysis: Analysis

    @property
    def id(self) -> str:
        return self.source.id


@dataclass(frozen=True)
class TopicDefinition:
    """An editor's topic from ``content/topics/<slug>.md``."""

    slug: str
    title: str
    sources: tuple[str, ...] = ()
    """Source ids or glob patterns."""
    match: tuple[str, ...] = ()
    """Terms: a source whose title or text contains one belongs here."""
    note_html: str = ""
    origin: str = ""


@dataclass(frozen=True)
class Page:
    """An editor's page: ``content/<name>.md`` becomes ``<slug>.html``."""

    slug: str
    title: str
    html: str
    nav: bool
    """Listed in the site's navigation."""
    origin: str


@dataclass(frozen=True)
class Content:
    """The editor's folder as read: pages, topic definitions, entity edits."""

    index_html: str = ""
    pages: tuple[Page, ...] = ()
    """Every page but the home page, About (when there is one) last."""
    topics: tuple[TopicDefinition, ...] = ()
    entities_toml: str | None = None
    entities_origin: str = ""
    aliases_toml: str | None = None
    """The project's alias table (``aliases.toml``): extends the shipped one."""
    aliases_origin: str = ""
    problems: tuple[Problem, ...] = field(default=())


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    source_ids: tuple[str, ...]
    note_html: str = ""
    defined: bool = False
    """True when an editor's definition made it, False when clustering did."""


@dataclass(frozen=True)
class Citation:
    source: str
    sentence: int


@dataclass(frozen=True)
class Claim:
    text: str
    source: str
    sentence: int
    cited: tuple[Citation, ...]
    """Every source sentence that reports it, the shown one included."""

    @property
    def corroboration(self) -> int:
        return len({c.source for c in self.cited})


@dataclass(frozen=True)
class Detail:
    """A notable point only one source reports."""

    source: str
    sentence: int
    text: str


@dataclass(frozen=True)
class Difference:
    """One fact that sources tell incompatibly: each version quoted with its source."""

    versions: tuple[Detail, ...]
    kinds: tuple[str, ...] = ()
    """What differs: ``number``, ``day``, ``date``, ``stance``, ``speaker``."""


@dataclass(frozen=True)
class Briefing:
    topic: Topic
    claims: tuple[Claim, ...]
    only_in: tuple[Detail, ...]
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True)
class EntityMention:
    source: str
    sentence: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    """PERSON, ORG, GPE, LOC, NORP, EVENT, WORK_OF_ART, LAW, PRODUCT, FAC."""
    aliases: tuple[str, ...]
    mentions: tuple[EntityMention, ...] = field(default=())

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.source for m in self.mentions))
