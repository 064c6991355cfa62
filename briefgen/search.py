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

    config = IndexConfig(root_selector="html", force_language=language)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site))
        await index.write_files(output_path=str(site / "pagefind"))
    return int(result.get("page_count", 0)) if isinstance(result, dict) else 0


def index_site(site: Path, language: str = "en") -> int:
    """Write ``site/pagefind/``; returns the number of pages indexed."""
    try:
        return asyncio.run(_index(site, language))
    except Exception as error:  # noqa: BLE001 - the service reports many kinds of failure
        raise SearchError(f"Pagefind could not index {site}: {error}") from error
