"""Sentence boundaries a scraped text lost the space of.

Scraping joins two sentences when a markup break stood where the space was:
"…the plan failed.But the council said…". English writes no word that way: a
lower-case word of two letters or more, a full stop, and a capitalised word
straight after it is a boundary. What else is written so is not a word:

* a web address, a domain or a file name ("example.com.Au", "orlin.org.These"):
  the word before the stop follows a dot, a slash or an ``@``;
* a ticker or a code ("<abc.St>", "(xyz.L)"): the capitalised part is not
  followed by a space or the punctuation that ends a word;
* initials and abbreviations ("U.S.", "Ph.D.", "a.m.", "St.Louis", "Mr.Smith"):
  one lower-case letter, or a capital, before the stop; the few lower-case
  abbreviations that name what follows ("vs.", "cf.") are told apart;
* "Node.js", "example.com": a lower-case letter after the stop.

A quotation mark may sit in the gap: with curly quotes its direction says
which sentence it belongs to; a straight one closes a quotation when an odd
number of them come before it in the paragraph, and opens one otherwise.

The text is never changed: the analysis splits its sentences at these
offsets, so every offset into the text (entities, citations) stays right.
"""

from __future__ import annotations

import re
from itertools import pairwise

BEFORE_NAME = ("v", "vs", "cf", "viz", "approx", "incl", "esp")
"""Lower-case abbreviations written before a name or a noun, so before a capital that starts no sentence
("Roe v. Wade", "Arsenal vs. Chelsea")."""
TITLES = frozenset(["mr", "mrs", "ms", "dr", "prof", "rev", "fr", "gov", "sen", "rep", "pres", "sgt", "lt", "col", "gen", "capt", "cmdr", "cpl", "pvt", "adm", "maj", "supt", "insp", "det", "atty", "hon"])  # fmt: skip
"""Abbreviated titles and honorifics, which English writes before a name and never at a sentence's end ("Sgt.
Scott Bright"). "St." (a street or a saint) and "Jr." (which may close a sentence) are not among them."""

_GLUED = re.compile(
    r"(?<![\w.@/\\:])(?!(?:" + "|".join(BEFORE_NAME) + r")\.)[a-z]{2,}\.(?P<quote>[\"“”]?)"
    r"(?P<word>[A-Z][a-z]+|[AI])(?=(?:['’](?:s|re|ll|ve|d|m|t))?[,;:.!?\"”’)]*(?:\s|$))"
)
"""A lower-case word, its full stop and a capitalised word (with a contraction, "It's", "We're", or the
punctuation that ends it), no space between."""


_QUICK = re.compile(r"\.[\"“”]?[A-Z]")
"""What every match holds from its full stop on: only there is the whole pattern tried, from the start of
the word before (its look-behind, tried at every character, would cost a second per 16 MB of text)."""


def glued_starts(text: str) -> list[int]:
    """The offsets in ``text`` where a sentence starts right after a full stop with no space."""
    out: list[int] = []
    for quick in _QUICK.finditer(text):
        start = quick.start()
        while start > 0 and "a" <= text[start - 1] <= "z":
            start -= 1
        found = _GLUED.match(text, start)
        if found is None:
            continue
        quote = found.group("quote")
        at = found.start("word")
        if quote == "“" or (quote == '"' and _opens(text, found.start("quote"))):
            at = found.start("quote")
        out.append(at)
    return out


def _opens(text: str, at: int) -> bool:
    """Whether the straight quotation mark at ``at`` opens a quotation: an even number come before it in
    its paragraph."""
    line = text.rfind("\n", 0, at) + 1
    return text.count('"', line, at) % 2 == 0


def split_glued(sentence: str) -> list[str]:
    """A sentence cut at every boundary :func:`glued_starts` finds."""
    cuts = glued_starts(sentence)
    if not cuts:
        return [sentence]
    bounds = [0, *cuts, len(sentence)]
    return [sentence[a:b] for a, b in pairwise(bounds) if sentence[a:b].strip()]
