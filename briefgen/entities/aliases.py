"""Alternative names (the alias table) and the editor's entity overrides.

Both are parsed from TOML text here; reading files is the caller's job, so
the entities stage stays a pure function. The default alias table ships
inside the package (``briefgen/data/aliases.toml``) and can be replaced or
extended by a project's own table in the same format::

    [[entity]]
    name = "United States"          # the name shown in the index
    type = "GPE"                    # optional: PERSON, ORG, GPE, LOC, NORP, …
    aliases = ["US", "U.S.", "USA", "the United States of America"]

Editor overrides live in ``content/entities.toml``; they are applied after the
automatic resolution and win over it. Every name below is matched against all
the aliases of an entity, ignoring case, periods, hyphens and spaces::

    # Put these names under one entity; the first is its name.
    merge = [["Kim Jong Un", "Kim Jong-un", "Kim"], ["Blinken", "Antony Blinken"]]

    # Take these aliases out of whatever entity they were merged into:
    # each becomes an entity of its own.
    split = ["Cho"]

    # Entities to leave out of the index.
    hide = ["Related News", "Exit"]

    [rename]                        # entity (any alias) = name to show
    "Kim Jong-un" = "Kim Jong Un"

    [retype]                        # entity (any alias) = type
    "Blinken" = "PERSON"

An unknown key or a value of the wrong type is reported as a ``Problem``
naming the file and the key; the rest of the file still applies.
"""

from __future__ import annotations

import importlib.resources
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Problem
from .names import is_acronym, key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "FAC")


@dataclass(frozen=True)
class AliasEntry:
    name: str
    type: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class AliasTable:
    entries: tuple[AliasEntry, ...] = ()

    def index(self) -> dict[str, int]:
        """Key of every name and alias -> position of its entry (first entry wins)."""
        found: dict[str, int] = {}
        for position, entry in enumerate(self.entries):
            for name in (entry.name, *entry.aliases):
                found.setdefault(key(name), position)
        return found

    def acronym_keys(self) -> frozenset[str]:
        """Keys that only an acronym of the table has ("us" of "US"): no other spelling matches them."""
        forms: dict[str, set[bool]] = {}
        for entry in self.entries:
            for name in (entry.name, *entry.aliases):
                forms.setdefault(key(name), set()).add(is_acronym(name))
        return frozenset(k for k, kinds in forms.items() if kinds == {True})

    def extended(self, other: AliasTable) -> AliasTable:
        """This table with ``other``'s entries first, so a project's own table wins."""
        return AliasTable(other.entries + self.entries)


@dataclass(frozen=True)
class Overrides:
    merge: tuple[tuple[str, ...], ...] = ()
    split: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    rename: Mapping[str, str] = field(default_factory=dict)
    retype: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.merge or self.split or self.hide or self.rename or self.retype)


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    return None


def _load(text: str, origin: str, problems: list[Problem]) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(Problem(origin, f"not valid TOML: {error}"))
        return {}


def parse_overrides(text: str, origin: str = "content/entities.toml") -> tuple[Overrides, list[Problem]]:
    """The editor's overrides from TOML text (format in the module docstring)."""
    problems: list[Problem] = []
    data = _load(text, origin, problems)
    merge: list[tuple[str, ...]] = []
    split: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    rename: dict[str, str] = {}
    retype: dict[str, str] = {}
    for name, value in data.items():
        if name == "merge":
            groups = value if isinstance(value, list) else None
            if groups is None:
                problems.append(Problem(origin, "merge: expected a list of lists of names"))
                continue
            for number, group in enumerate(groups, start=1):
                names = _strings(group)
                if names is None or len(names) < 2:
                    problems.append(Problem(origin, f"merge[{number}]: expected a list of two or more names"))
                else:
                    merge.append(names)
        elif name in ("split", "hide"):
            names = _strings(value)
            if names is None:
                problems.append(Problem(origin, f"{name}: expected a list of names"))
            elif name == "split":
                split = names
            else:
                hide = names
        elif name in ("rename", "retype"):
            if not isinstance(value, dict):
                problems.append(Problem(origin, f"{name}: expected a table of name = value"))
                continue
            for old, new in value.items():
                if not isinstance(new, str) or not new.strip():
                    problems.append(Problem(origin, f"{name}.{old}: expected a non-empty string"))
                elif name == "rename":
                    rename[old] = new.strip()
                elif new.strip().upper() not in TYPES:
                    problems.append(Problem(origin, f"retype.{old}: unknown type {new!r} (one of {', '.join(TYPES)})"))
                else:
                    retype[old] = new.strip().upper()
        else:
            problems.append(Problem(origin, f"unknown key {name!r} (expected merge, split, hide, rename, retype)"))
    return Overrides(tuple(merge), split, hide, rename, retype), problems


def parse_alias_table(text: str, origin: str) -> tuple[AliasTable, list[Problem]]:
    """An alias table from TOML text: ``[[entity]]`` tables of name, type, aliases."""
    problems: list[Problem] = []
    data = _load(text, origin, problems)
    entries: list[AliasEntry] = []
    for name in data:
        if name != "entity":
            problems.append(Problem(origin, f"unknown key {name!r} (expected [[entity]] tables)"))
    items = data.get("entity", [])
    if not isinstance(items, list):
        problems.append(Problem(origin, "entity: expected [[entity]] tables"))
        items = []
    for number, item in enumerate(items, start=1):
        where = f"entity[{number}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            problems.append(Problem(origin, f"{where}: expected a table with a name"))
            continue
        kind = item.get("type")
        if kind is not None and (not isinstance(kind, str) or kind.upper() not in TYPES):
            problems.append(Problem(origin, f"{where}.type: unknown type {kind!r}"))
            kind = None
        aliases = _strings(item.get("aliases", []))
        if aliases is None:
            problems.append(Problem(origin, f"{where}.aliases: expected a list of names"))
            aliases = ()
        for extra in set(item) - {"name", "type", "aliases"}:
            problems.append(Problem(origin, f"{where}: unknown key {extra!r}"))
        entries.append(AliasEntry(item["name"], kind.upper() if isinstance(kind, str) else None, aliases))
    return AliasTable(tuple(entries)), problems


_DEFAULT: AliasTable | None = None


def default_aliases() -> AliasTable:
    """The table shipped with briefgen (package data, read once)."""
    global _DEFAULT
    if _DEFAULT is None:
        text = importlib.resources.files("briefgen").joinpath("data/aliases.toml").read_text(encoding="utf-8")
        table, problems = parse_alias_table(text, "briefgen/data/aliases.toml")
        if problems:  # pragma: no cover - the shipped table is tested
            raise ValueError("; ".join(str(p) for p in problems))
        _DEFAULT = table
    return _DEFAULT
