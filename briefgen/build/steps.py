"""The functions the build hands the runtime, one item at a time, and the
glue between two stages: each a pure function of what it is given."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Briefing, Document, Entity, Problem, Topic
from ..site.publish import Kept, Staging

if TYPE_CHECKING:
    from ..model import Content
    from ..site.render import Site


def positions(documents: Sequence[Document]) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(documents)}


def stories_of(found: Sequence[Topic], position: Mapping[str, int]) -> dict[str, str]:
    """Source id -> its story, named by its first source: a name that stays
    while the story keeps its sources, whatever its title becomes."""
    stories = {}
    for topic in found:
        first = min(topic.source_ids, key=position.__getitem__)
        for sid in topic.source_ids:
            stories[sid] = first
    return stories


def restyle(site: Site, templates: Path | None, staging: Staging) -> bool:
    """Only the static assets changed: write them (and the 404, which inlines
    the stylesheet), link every other file of the site as it is. False, with
    nothing done, when the assets are not the same files by name as the site's
    (a page links ``extra.css`` only when it exists): the pages must be made."""
    from ..site.render import render_static
    from ..site.theme import asset_files

    previous = staging.previous
    if previous is None or {p for p in previous.files if p.startswith("assets/")} != set(asset_files(templates)):
        return False
    made = set(render_static(site, templates, staging))
    staging.record(staging.write(path, Kept(known[0])) for path, known in previous.files.items() if path not in made)
    return True


def summary(n: int, document: Document) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A source's sentences that may be shown on their own, and its summary
    among them: the briefing of its story takes the first, screened once."""
    from ..brief.summarize import eligible, summarize

    screened = eligible(document.analysis, document.source.title)
    return screened, summarize(document.analysis, n, document.source.title, screened)


def briefing(length: int, only_in: int, job: tuple[Topic, list[Document], Mapping[str, tuple[int, ...]]]) -> Briefing:
    from ..brief import brief

    return brief(job[0], job[1], length=length, only_in=only_in, screened=job[2])


def resolve_entities(
    documents: tuple[Document, ...],
    content: Content,
    topic_of: dict[str, str],
    per_document: tuple[MutableMapping[str, Any], list[str]] | None = None,
) -> tuple[tuple[Entity, ...], list[Problem]]:
    from .. import entities
    from ..entities import aliases
    from ..entities.resolver import PerDocument

    overrides: aliases.Overrides | None = None
    problems: list[Problem] = []
    if content.entities_toml is not None:
        overrides, found = aliases.parse_overrides(content.entities_toml, content.entities_origin)
        problems += found
    table = aliases.default_aliases()
    if content.aliases_toml is not None:
        own, found = aliases.parse_alias_table(content.aliases_toml, content.aliases_origin)
        problems += found
        table = table.extended(own)
    kept = PerDocument(*per_document) if per_document else None
    return entities.resolve(documents, overrides=overrides, aliases=table, topics=topic_of, kept=kept), problems
