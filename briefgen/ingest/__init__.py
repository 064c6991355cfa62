"""Ingest stage: read a sources folder into clean ``Source`` values.

The only stage (with ``content``) that reads files. Every file that cannot be
used becomes a ``Problem`` naming its path and the reason; the rest go on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from ..model import Problem, Source
from ..runtime.files import SUFFIXES, list_source_files
from ..runtime.fingerprint import file_digest
from ..text.lexicon import MONTHS, WEEKDAYS
from .clean import clean, normalize
from .furniture import copied_furniture

Read = tuple[Source | None, Problem | None]
Reading = tuple[Source | None, Problem | None, bool]
"""A read, and whether the furniture model found its text to be furniture throughout (and kept it all)."""
READING = "source, problem, furniture throughout"
"""What a kept reading holds, part of its key: a reading kept in another shape is not reused."""
Entry = tuple[Path, str, str]
"""A file to read: its path, its path as shown, its source id."""
Each = Callable[[Callable[[Entry], Reading], Sequence[Entry], Sequence["str | None"]], list[Reading]]
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FRONT_MATTER_KEYS = {
    "title", "outlet", "source", "publisher", "author", "authors", "byline", "url", "link",
    "published", "date", "topic", "id", "tags", "language", "description", "summary", "draft",
}  # fmt: skip
MONTH_NUMBERS = {name[:3]: i for i, name in enumerate(MONTHS, start=1)}


def slugify(text: str, fallback: str = "item") -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")
    return slug[:80].rstrip("-_") or fallback


def source_id(relative: Path) -> str:
    parts = [*relative.parent.parts, relative.stem]
    return slugify("-".join(parts), fallback="source")


def read_sources(
    folder: Path,
    *,
    is_word: Callable[[str], bool] = lambda w: False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    digests: Mapping[str, str] | None = None,
    each: Each | None = None,
) -> tuple[list[Source], list[Problem]]:
    """Every usable source under ``folder`` and a problem for every other file.

    Each file is read by ``each(function, entries, keys)``, a map that may
    keep results between builds by the key of a file's path, id and bytes
    (None: read it afresh), so an unchanged file is neither decoded nor
    cleaned again; a plain loop without it. ``digests`` may give the digest
    of a file's bytes by its relative path, as the build's check has just
    made them: the file is then not read for its key, and the folder is not
    listed again.
    """
    if not folder.is_dir():
        return [], [Problem(str(folder), "sources folder not found")]
    todo: list[tuple[Path, str, str]] = []
    unsupported: dict[int, list[Problem]] = {}
    """By the number of files to read before it: problems come in file order."""
    for path in list_source_files(folder, digests):
        relative = path.relative_to(folder)
        if path.suffix.lower() in SUFFIXES:
            todo.append((path, str(relative), source_id(relative)))
        else:
            reason = f"unsupported file type '{path.suffix or '(none)'}'; use .txt, .md or .html"
            unsupported.setdefault(len(todo), []).append(Problem(str(relative), reason))
    given = digests or {}
    read = partial(_read_entry, is_word, max_bytes)
    if each is None:
        reads = [read(entry) for entry in todo]
    else:
        is_word("")  # a word list loaded lazily is loaded once, here, not in every worker
        keys = [_file_key(*entry, max_bytes, given.get(entry[1].replace(os.sep, "/"))) for entry in todo]
        reads = each(read, todo, keys)
    sources: list[Source] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    throughout: list[bool] = []
    for i, ((_, shown, ident), result) in enumerate(zip(todo, reads, strict=True)):
        assert result is not None
        problems += unsupported.get(i, [])
        if ident in owners:
            problems.append(Problem(shown, f"same id '{ident}' as {owners[ident]}; skipped (rename one of them)"))
            continue
        source, problem, flagged = result
        if problem:
            problems.append(problem)
        if source:
            owners[ident] = shown
            sources.append(source)
            throughout.append(flagged)
    problems += unsupported.get(len(todo), [])
    return _without_copied_furniture(sources, throughout, problems)


def _without_copied_furniture(
    sources: list[Source], throughout: list[bool], problems: list[Problem]
) -> tuple[list[Source], list[Problem]]:
    """The sources without a text that several of them share and that is page furniture throughout, each
    left out with a problem that says why; one such text alone is kept, marked ``furniture``, with a problem."""
    gone: set[int] = set()
    for members in copied_furniture([s.text for s in sources], throughout):
        for i in members:
            others = [sources[j].origin for j in members if j != i]
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            reason = (f"left out: only page furniture (a notice or widget, not an article): its text is the "
                      f"same as {len(others)} other source(s) ({shown}) and reads as furniture throughout")  # fmt: skip
            problems.append(Problem(sources[i].origin, reason))
            gone.add(i)
    kept = []
    for i, source in enumerate(sources):
        if i in gone:
            continue
        if throughout[i]:
            problems.append(Problem(source.origin, "reads as page furniture throughout (a notice, a widget or an "
                                    "appeal, not an article): its page is built, and it joins a story that other "
                                    "sources tell but makes none of its own; if it is an article, list it in a "
                                    "topic definition in content/topics"))  # fmt: skip
            source = dataclasses.replace(source, furniture=True)
        kept.append(source)
    return kept, problems


def _read_entry(is_word: Callable[[str], bool], max_bytes: int, entry: tuple[Path, str, str]) -> Reading:
    return _read(*entry, is_word=is_word, max_bytes=max_bytes)


def _file_key(path: Path, shown: str, ident: str, max_bytes: int, digest: str | None = None) -> str | None:
    """What reading ``path`` depends on, or None to read it afresh (too large, unreadable)."""
    if digest is None:
        try:
            if path.stat().st_size > max_bytes:
                return None
            digest = file_digest(path.read_bytes())
        except OSError:
            return None
    return hashlib.blake2b(f"{READING}\0{shown}\0{ident}\0{max_bytes}\0{digest}".encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()  # fmt: skip


def read_text(path: Path, shown: str, max_bytes: int) -> tuple[str | None, Problem | None]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, Problem(
                shown, f"too large ({size / 1048576:.1f} MB; the limit is {max_bytes / 1048576:.0f} MB)"
            )
        data = path.read_bytes()
    except OSError as error:
        return None, Problem(shown, f"cannot be read: {error.strerror or error}")
    if not data.strip():
        return None, Problem(shown, "empty file")
    if b"\0" in data[:8192]:
        return None, Problem(shown, "binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        from charset_normalizer import from_bytes

        # Scraped and exported text is often in a legacy encoding. Windows-1252 first, as browsers do
        # for Western text (WHATWG's legacy default; detection guesses wrong on a few paragraphs);
        # else detected. Say which; refuse only bytes that fit no encoding.
        try:
            return data.decode("cp1252"), Problem(
                shown, "not UTF-8: read as cp1252 (Windows Western); save it as UTF-8 to be sure"
            )
        except UnicodeDecodeError:
            pass
        best = from_bytes(data).best()
        if best is None:
            return None, Problem(
                shown,
                f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}) and no other encoding "
                "fits; save the file as UTF-8",
            )
        return str(best), Problem(shown, f"not UTF-8: read as {best.encoding} (detected); save it as UTF-8 to be sure")


def read_source(
    path: Path, shown: str, ident: str, *, is_word: Callable[[str], bool], max_bytes: int
) -> tuple[Source | None, Problem | None]:
    source, problem, _ = _read(path, shown, ident, is_word=is_word, max_bytes=max_bytes)
    return source, problem


def _read(path: Path, shown: str, ident: str, *, is_word: Callable[[str], bool], max_bytes: int) -> Reading:
    raw, problem = read_text(path, shown, max_bytes)
    if raw is None:
        return None, problem, False
    decoded = [problem.reason] if problem else []
    suffix = path.suffix.lower()
    meta: dict[str, Any] = {}
    if suffix in (".md", ".markdown"):
        try:
            meta, body = split_front_matter(raw)
        except ValueError as error:
            return None, Problem(shown, f"malformed front matter: {error}"), False
        text = markdown_to_text(body)
    elif suffix in (".html", ".htm"):
        meta, text = html_to_text(raw)
    else:
        text = raw
    title = _str(meta.get("title"))
    # An HTML page's text is trafilatura's choice already: the furniture model, fitted on scraped text,
    # costs real sentences there (HTML benchmark F1 0.919 with it, 0.964 without).
    html = suffix in (".html", ".htm")
    cleaned = clean(text, title=title, is_word=is_word, keep_headings=html, judge_furniture=not html)
    if not cleaned.paragraphs:
        return None, Problem(shown, "no article text left after cleaning (only boilerplate)"), False
    warnings = decoded
    unknown = sorted(set(meta) - FRONT_MATTER_KEYS) if suffix in (".md", ".markdown") else []
    if unknown:
        warnings.append(f"unknown front matter key(s) ignored: {', '.join(unknown)}")
    given = meta.get("published") or meta.get("date")
    published = _date(given)
    if given and not published:
        warnings.append(
            f"date {_str(given)!r} not understood and left out; write it as 2025-10-15 "
            "(also read: 15 October 2025, October 15, 2025, RFC 2822)"
        )
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        warnings.append(f"'draft' must be true or false, not {draft!r}; taken as a draft")
        draft = True
    warning = Problem(shown, "; ".join(warnings)) if warnings else None
    return (
        Source(
            id=ident,
            title=cleaned.title or ident,
            text=cleaned.text,
            origin=shown,
            outlet=_str(meta.get("outlet") or meta.get("source") or meta.get("publisher")) or cleaned.outlet,
            author=_author(meta) or cleaned.author,
            url=_url(meta.get("url") or meta.get("link")),
            published=published,
            topic=slugify(_str(meta.get("topic")) or "", fallback="") or None,
            draft=draft,
            title_derived=cleaned.title_derived or not cleaned.title,
        ),
        warning,
        cleaned.furniture_throughout,
    )


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """YAML between a first line of ``---`` and the next ``---`` line."""
    if not raw.lstrip("\ufeff").startswith("---"):
        return {}, raw
    lines = raw.split("\n")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            block = "\n".join(lines[1:index])
            try:
                data = yaml.safe_load(block) or {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                problem = str(getattr(error, "problem", None) or error)
                if "mapping values are not allowed" in problem:
                    problem += '; put a value that holds ": " in quotes, e.g. title: "Talks: day two"'
                raise ValueError(f"invalid YAML{where}: {problem}") from None
            if not isinstance(data, dict):
                raise ValueError("front matter must be a mapping of keys to values")
            return {str(k).lower(): v for k, v in data.items()}, "\n".join(lines[index + 1 :])
    raise ValueError("the opening '---' has no closing '---'")


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body: one line per block, markup removed."""
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
            blocks.append("".join(parts))
        elif token.type in ("fence", "code_block"):
            continue
    return "\n\n".join(blocks)


def html_to_text(raw: str) -> tuple[dict[str, Any], str]:
    """Main text and metadata of a web page, through trafilatura."""
    import trafilatura
    from trafilatura.deduplication import LRU_TEST

    # ``deduplicate`` drops a passage seen more than twice, counted in a cache
    # that trafilatura keeps for the whole process: a page read for the third
    # time (a rebuild in ``serve``, a page repeated in a project) would lose its
    # text. Cleared, the count is the page's own: its repeated captions go.
    LRU_TEST.clear()
    text = (
        trafilatura.extract(
            raw,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=True,
        )
        or ""
    )
    meta: dict[str, Any] = {}
    document = trafilatura.extract_metadata(raw)
    if document is not None:
        meta = {
            "title": document.title,
            "author": document.author,
            "outlet": document.sitename,
            "url": document.url,
            "published": document.date,
        }
    return {k: v for k, v in meta.items() if v}, text


def _str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = normalize(str(value)).strip()
    return text or None


def _author(meta: dict[str, Any]) -> str | None:
    return _str(meta.get("author") or meta.get("authors") or meta.get("byline"))


def _url(value: object) -> str | None:
    text = _str(value)
    # Only web links become hrefs: a javascript: or data: URL from an
    # untrusted file must never reach an attribute.
    if text and re.match(r"^https?://[^\s<>\"']+$", text, re.IGNORECASE):
        return text
    return None


def _date(value: object) -> str | None:
    """An ISO date from the forms front matter and page metadata use: ISO
    8601, "15 October 2025", "October 15, 2025", RFC 2822; None for any other."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _str(value)
    if not text:
        return None
    match = re.match(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d/])", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        # Weekdays and ordinal endings ("Wed, 15th Oct") say nothing the date does not.
        skip = {*WEEKDAYS, *(d[:3] for d in WEEKDAYS), "st", "nd", "rd", "th", "of"}
        tokens = [t for t in re.findall(r"[a-z]+|\d+", text.lower()) if t not in skip]
        if len(tokens) < 3 or not tokens[2].isdigit() or len(tokens[2]) != 4:
            return None
        first, second, year = tokens[0], tokens[1], int(tokens[2])
        day_text, month_text = (first, second) if first.isdigit() else (second, first)
        month = MONTH_NUMBERS.get(month_text[:3], 0) if _is_month(month_text) else 0
        if not day_text.isdigit() or not month:
            return None
        day = int(day_text)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _is_month(word: str) -> bool:
    return (len(word) >= 3 and any(name.startswith(word) for name in MONTHS)) or word == "sept"
