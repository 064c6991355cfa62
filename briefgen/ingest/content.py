"""Read the editor's folder: page texts, topic definitions, entity edits.

Like ingest, this reads files and reports every unusable one as a
``Problem``; what it returns is plain values for the later stages.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from ..model import Content, Page, Problem, TopicDefinition
from ..runtime.files import is_ignored
from . import read_text, slugify, split_front_matter

TOPIC_KEYS = {"title", "sources", "match", "slug", "order"}
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> str:
    """Editor Markdown to HTML; raw HTML in it is shown as text, not run."""
    return _MARKDOWN.render(text)


PAGE_KEYS = {"title", "nav"}
RESERVED_PAGES = {"search", "404"}
"""Pages the site makes itself: a content page of that name would replace them."""


def read_content(folder: Path) -> Content:
    problems: list[Problem] = []
    index_html = ""
    pages: list[Page] = []
    slugs: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if is_ignored(path) or not path.is_file():
            continue
        if path.stem == "index":
            index_html = _read_page(path, problems)[1]
            continue
        page = read_page(path, problems)
        if page is None:
            continue
        if page.slug in RESERVED_PAGES:
            problems.append(Problem(str(path), f"'{page.slug}.html' is a page the site makes itself; rename the file"))
        elif page.slug in slugs:
            problems.append(Problem(str(path), f"same page name '{page.slug}' as {slugs[page.slug]}; rename one"))
        else:
            slugs[page.slug] = str(path)
            pages.append(page)
    pages.sort(key=lambda p: (p.slug == "about", p.title.lower()))
    topics = []
    topic_folder = folder / "topics"
    if topic_folder.is_dir():
        for path in sorted(topic_folder.glob("*.md")):
            if is_ignored(path):
                continue
            definition, problem = read_topic(path)
            if problem:
                problems.append(problem)
            if definition:
                topics.append(definition)
    entities_path, aliases_path = folder / "entities.toml", folder / "aliases.toml"
    entities_toml, aliases_toml = _optional_text(entities_path, problems), _optional_text(aliases_path, problems)
    return Content(
        index_html=index_html,
        pages=tuple(pages),
        topics=tuple(topics),
        entities_toml=entities_toml,
        entities_origin=str(entities_path),
        aliases_toml=aliases_toml,
        aliases_origin=str(aliases_path),
        problems=tuple(problems),
    )


def _read_page(path: Path, problems: list[Problem]) -> tuple[dict[str, object], str]:
    """A page's front matter and its body as HTML; what is wrong goes to ``problems``."""
    raw, problem = read_text(path, str(path), 1024 * 1024)
    if problem and problem.reason != "empty file":
        problems.append(problem)
    if not raw:
        return {}, ""
    try:
        meta, body = split_front_matter(raw)
    except ValueError as error:
        problems.append(Problem(str(path), f"malformed front matter: {error}"))
        return {}, render_markdown(raw)
    unknown = sorted(set(meta) - PAGE_KEYS)
    if unknown and path.stem != "index":
        problems.append(Problem(str(path), f"unknown page key(s) ignored: {', '.join(unknown)} "
                                           f"(known: {', '.join(sorted(PAGE_KEYS))})"))  # fmt: skip
    return meta, render_markdown(body)


def read_page(path: Path, problems: list[Problem]) -> Page | None:
    meta, html = _read_page(path, problems)
    about = path.stem == "about"
    if not html.strip():
        return None
    title = meta.get("title")
    if title is not None and not (isinstance(title, str) and title.strip()):
        problems.append(Problem(str(path), "'title' must be text; the file name is used instead"))
        title = None
    nav = meta.get("nav", about)
    if not isinstance(nav, bool):
        problems.append(Problem(str(path), f"'nav' must be true or false, not {nav!r}"))
        nav = about
    slug = slugify(path.stem, fallback="page")
    shown = title.strip() if isinstance(title, str) else path.stem.replace("-", " ").replace("_", " ").capitalize()
    return Page(slug=slug, title=shown, html=html, nav=nav, origin=str(path))


def _optional_text(path: Path, problems: list[Problem]) -> str | None:
    if not path.is_file():
        return None
    text, problem = read_text(path, str(path), 1024 * 1024)
    if problem and problem.reason != "empty file":
        problems.append(problem)
    return text


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return tuple(str(v) for v in value)
    return None


def read_topic(path: Path) -> tuple[TopicDefinition | None, Problem | None]:
    shown = str(path)
    raw, problem = read_text(path, shown, 1024 * 1024)
    if raw is None:
        return None, problem
    try:
        meta, body = split_front_matter(raw)
    except ValueError as error:
        return None, Problem(shown, f"malformed front matter: {error}")
    unknown = sorted(set(meta) - TOPIC_KEYS)
    if unknown:
        return None, Problem(
            shown, f"unknown topic key(s): {', '.join(unknown)} (known: {', '.join(sorted(TOPIC_KEYS))})"
        )
    sources = _strings(meta.get("sources"))
    match = _strings(meta.get("match"))
    if sources is None or match is None:
        return None, Problem(shown, "'sources' and 'match' must be a string or a list of strings")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        return None, Problem(shown, "a topic needs a 'title' (a string)")
    if not sources and not match:
        return None, Problem(shown, "a topic needs 'sources' (ids or glob patterns) or 'match' (terms)")
    slug = slugify(str(meta.get("slug") or path.stem), fallback="topic")
    return (
        TopicDefinition(
            slug=slug,
            title=title.strip(),
            sources=sources,
            match=match,
            note_html=render_markdown(body) if body.strip() else "",
            origin=shown,
        ),
        None,
    )
