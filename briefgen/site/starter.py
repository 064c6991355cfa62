"""``briefgen init``: a starter project that builds at once.

The files come from ``data/starter``. A file already there is never
overwritten: running init again, or in a project begun by hand, only adds
what is missing and says what it left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STARTER = Path(__file__).resolve().parents[1] / "data" / "starter"
RENAMED = {"gitignore": ".gitignore"}
"""Dot files are kept under plain names in the package: build tools drop dot files."""


class InitError(RuntimeError):
    pass


@dataclass
class Created:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def starter_files() -> dict[str, bytes]:
    """Relative path in the new project -> its bytes."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(STARTER).as_posix()
            files[RENAMED.get(relative, relative)] = path.read_bytes()
    return files


def init(target: Path) -> Created:
    """Write the starter project into ``target``, leaving every existing file as it is."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target}: exists and is not a folder; choose a new or existing folder")
    created = Created()
    for relative, data in starter_files().items():
        path = target / relative
        if path.exists() or path.is_symlink():
            created.skipped.append(relative)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # "x": a file that appeared since the check above is still not overwritten.
            with path.open("xb") as handle:
                handle.write(data)
        except FileExistsError:
            created.skipped.append(relative)
            continue
        except OSError as error:
            raise InitError(f"{path}: cannot be written: {error.strerror or error}") from None
        created.written.append(relative)
    return created
