"""Search stage: a Pagefind index of the staged site, through its Python API.

The whole folder is indexed in one call: adding pages one by one costs a
fixed wait per page inside the package.
"""

from __future__ import annotations

import asyncio
from pathlib import Path


class SearchError(RuntimeError):
    pass


async def _index(site: Path, language: str) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # Leaving the context writes the bundle to ``output_path``; writing it
    # explicitly as well would write a second copy relative to the cwd.
    config = IndexConfig(root_selector="html", force_language=language, output_path=str(site / "pagefind"))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site))
    return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def index_site(site: Path, language: str = "en") -> int:
    """Write ``site/pagefind/``; returns the number of pages indexed."""
    try:
        return asyncio.run(_index(site, language))
    except Exception as error:
        raise SearchError(f"Pagefind could not index {site}: {error}") from error
