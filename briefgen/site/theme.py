"""The theme: where the default templates live, the Jinja environment that
lets a project's own ``templates/`` override them file by file, the static
files, and how a template error is told.

Templates come from a ``ChoiceLoader``: the project's own ``templates/``
first, then the default theme, plus the ``default/`` prefix so an override
can extend the template it replaces. Autoescape is on: source text is data.
"""

from __future__ import annotations

import difflib
import re
import traceback
from pathlib import Path

import jinja2

from ..model import Problem
from ..runtime.files import default_theme

DEFAULT_THEME = default_theme()

TYPE_NAMES = {
    "PERSON": "People", "ORG": "Organisations", "GPE": "Countries, cities, states", "LOC": "Places",
    "NORP": "Nationalities and groups", "FAC": "Buildings and facilities", "EVENT": "Events",
    "LAW": "Laws and treaties", "PRODUCT": "Products", "WORK_OF_ART": "Works", "LANGUAGE": "Languages",
}  # fmt: skip


def describe_template_error(error: jinja2.TemplateError) -> str:
    """The template file and line an error comes from, then what went wrong.

    Jinja rewrites tracebacks so that template frames carry the template's
    own file and line: the last such frame is where rendering stopped (a
    worker process sends its traceback back as a note).
    """
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"{error.filename or error.name or '?'}:{error.lineno}: {error.message}"
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.endswith(".py")]  # fmt: skip
    for note in getattr(error, "__notes__", ()):
        frames += [(name, int(line)) for name, line in re.findall(r'File "([^"]+)", line (\d+)', note)
                   if not name.endswith(".py")]  # fmt: skip
    where = f"{frames[-1][0]}:{frames[-1][1]}: " if frames else ""
    if isinstance(error, jinja2.TemplateNotFound):
        name = error.name if isinstance(error.name, str) else str(error.message)
        base = name.rpartition("/")[2]
        meant = f"default/{base}" if name != f"default/{base}" and (DEFAULT_THEME / base).is_file() else None
        hint = f" (did you mean '{meant}'? the default theme's files are 'default/<name>')" if meant else ""
        return f"{where}template '{name}' not found in the project's templates or the default theme{hint}"
    return f"{where}{error.message or type(error).__name__}"


def make_environment(override: Path | None) -> jinja2.Environment:
    default = jinja2.FileSystemLoader(str(DEFAULT_THEME))
    loaders: list[jinja2.BaseLoader] = []
    if override is not None and override.is_dir() and override.resolve() != DEFAULT_THEME.resolve():
        loaders.append(jinja2.FileSystemLoader(str(override)))
    loaders += [default, jinja2.PrefixLoader({"default": default})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["type_name"] = lambda t: TYPE_NAMES.get(t, t.title())
    return env


def asset_files(override: Path | None) -> dict[str, bytes]:
    """Static files of the theme, the project's own winning by name."""
    files: dict[str, bytes] = {}
    for folder in (DEFAULT_THEME / "assets", (override / "assets") if override else None):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files["assets/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def unused_templates(override: Path | None) -> list[Problem]:
    """Files of the project's ``templates/`` that override no template of the default theme and that
    none of its other templates uses: most often a misspelt name, which would be ignored in silence."""
    if override is None or not override.is_dir() or override.resolve() == DEFAULT_THEME.resolve():
        return []
    defaults = sorted(p.name for p in DEFAULT_THEME.glob("*.html"))
    mine = sorted(p for p in override.glob("*.html") if p.is_file())
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in mine}
    problems = []
    for path in mine:
        if path.name in defaults:
            continue
        used = re.compile(r"""["']""" + re.escape(path.name) + r"""["']""")
        if any(used.search(text) for other, text in texts.items() if other != path):
            continue  # a part that one of the project's own templates includes or extends
        close = difflib.get_close_matches(path.name, defaults, n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(Problem(str(path), f"overrides no template of the default theme and no template uses it; "
                                           f"{hint}the theme's templates are {', '.join(defaults)}"))  # fmt: skip
    return problems
