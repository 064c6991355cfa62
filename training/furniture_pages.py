"""More labelled sentences for the furniture model, from saved news pages whose article text is known.

The article-extraction benchmark (``../shared/eval/extraction``: saved HTML pages, each with the true
text of its article) holds the same kinds of furniture scraped news carries: captions and credits,
share and newsletter prompts, related headlines, update stamps. Each page's main block is taken as
readability takes it, a recall-minded extractor that keeps what sits inside the article's block
(where captions, credits and embeds are) as the scrapers of news text do; its text is split into lines
at block elements and into sentences as ingest splits them, and each sentence is labelled by the page's
true text, never by hand and never by a string:

* article text when at least 80% of its word trigrams are in the true text,
* furniture when fewer than 30% are,
* unknown (not fitted) in between, or when it has no word.

Pages mostly in another script than Latin (more than a fifth of their characters beyond ASCII) are left
out: the model judges English news. No text of these pages is stored in the project: they are read
from ``../shared/eval`` when the model is fitted. Needs ``readability-lxml`` (the ``bench`` extra).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"
ARTICLE = 0.8
FURNITURE = 0.3
_WORD = re.compile(r"[a-z0-9]+")
_BLOCKS = frozenset(
    ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "td", "tr", "section")
    + ("article", "header", "footer", "ul", "ol", "figure", "pre", "table")
)


def _grams(text: str) -> set[tuple[str, ...]]:
    """Word trigrams, case, punctuation and quotes ignored (the extraction and furniture scorers' rule)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower().replace("’", "'"))
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def label(sentence: str, truth: set[tuple[str, ...]]) -> bool | None:
    """True: furniture; False: article text; None: unknown."""
    grams = _grams(sentence)
    if not grams:
        return None
    share = sum(g in truth for g in grams) / len(grams)
    return False if share >= ARTICLE else True if share < FURNITURE else None


def block_text(html: str) -> str:
    """The text of an HTML fragment, a line break around every block element and ``<br>``."""
    import lxml.html

    root = lxml.html.fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str) or (element.tag not in _BLOCKS and element.tag != "br"):
            continue
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return root.text_content()


def pages(folder: Path = PAGES) -> list[tuple[str, str, set[tuple[str, ...]]]]:
    """(page id, the main block's text, the true text's trigrams) per page in English."""
    from readability import Document

    out = []
    for line in (folder / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        truth = json.loads(line)
        html = (folder / "html" / f"{truth['id']}.html").read_text(encoding="utf-8", errors="replace")
        text = block_text(Document(html).summary(html_partial=True))
        letters = [c for c in text if not c.isspace()]
        if not letters or sum(ord(c) > 127 for c in letters) > 0.2 * len(letters):
            continue
        out.append((truth["id"], text, _grams(truth["text"])))
    return out
