"""Surface forms of names: trimming, normalising, keys and initials.

Pure string functions used by the entity index. A *surface* is what a source
wrote ("South Korea's", "the United States", "Intelligence Cho Koo-rae"); a
*key* is what two surfaces of the same name have in common after
normalisation ("cho tae yul" for both "Cho Tae Yul" and "Cho Tae-yul").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words that stand before a person's name without being part of it. General
# English vocabulary of titles and roles, not names from any data set.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam mme mlle herr
    president vice prime minister ministers secretary senator sen rep reps representative
    congressman congresswoman gov governor lt mayor judge justice attorney lawyer
    general gen col colonel capt captain sgt sergeant officer chief director
    chairman chairwoman chair ceo cfo coo spokesman spokeswoman spokesperson king queen
    prince princess pope rev reverend father fr sister brother coach actor actress
    singer star rapper host producer detective det sheriff deputy commissioner
    ambassador envoy foreign defense defence state strategy intelligence affairs
    national security adviser advisor assistant senior official former late
    first lady sheikh emir ayatollah cardinal bishop archbishop rabbi imam
    agent inspector supt superintendent chancellor premier speaker leader
    commander admiral adm marshal private pvt corporal cpl major maj
    dj mc st saint doctor nurse pastor minister's comedian comedienne actor singer songwriter
    rapper model author writer novelist poet director filmmaker star superstar legend icon
    pitcher catcher outfielder infielder quarterback linebacker striker midfielder goalkeeper
    forward guard center defender boxer fighter champion heavyweight player rookie veteran
    manager owner founder boss executive journalist reporter anchor correspondent columnist
    publicist spokesman rep agent suspect victim gunman shooter killer defendant witness
    businessman businesswoman billionaire millionaire tycoon mogul activist candidate nominee
    senior supreme
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Words that join the capitalised words of a name; skipped when building
# initials ("Democratic People's Republic of Korea" -> DPRK).
JOINERS = frozenset(
    {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "von", "van", "y", "on", "in", "at"}
)

# British and American spellings of words that are common in institution
# names, and abbreviations of place names ("Mt Orlin" is "Mount Orlin").
SPELLINGS = {
    "centre": "center",
    "theatre": "theater",
    "defence": "defense",
    "organisation": "organization",
    "mt": "mount",
}

_DASHES = "‐‑‒–—―-"
_SPACE_RE = re.compile(r"\s+")
_POSSESSIVE_RE = re.compile(r"(?:['’ʼ`´][sS]|(?<=[sS])['’ʼ`´])$")
_EDGE_PUNCT = "\"“”„«»‘'’()[]{}<>,.;:!?*·•|/\\" + _DASHES
_TOKEN_RE = re.compile(r"[^\s]+")
_KEY_DROP_RE = re.compile(r"[.'’ʼ`´]")
_KEY_SPLIT_RE = re.compile(r"[^\w&]+")
_WORD_SPLIT_RE = re.compile("[\\s" + _DASHES + "]+")
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.?\s?){2,7}$")


def clean_spaces(text: str) -> str:
    """Unicode spaces (no-break, thin, …) become one ordinary space."""
    return _SPACE_RE.sub(" ", text)


def trim(text: str, start: int, end: int, person: bool = False) -> tuple[int, int]:
    """Narrow the span ``text[start:end]`` to the name it holds.

    Drops what spaCy tends to include at the edges: a leading "the" or other
    lowercase words, leading titles and roles of a person, quotes and stray
    punctuation (the "-" left by "South Korea-U.S."), and a possessive "'s".
    Returns (start, end) in the same text; start == end when nothing is left.
    """
    # Only the span itself decides: the same surfaces come back all through a
    # collection, so their answer is kept.
    a, b = _trim(text[start:end], person)
    return start + a, start + b


@lru_cache(maxsize=1 << 17)
def _trim(text: str, person: bool) -> tuple[int, int]:
    start, end = 0, len(text)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
            start += 1
            changed = True
        while end > start and (
            text[end - 1].isspace() or (text[end - 1] in _EDGE_PUNCT and not _keeps_period(text, start, end))
        ):
            end -= 1
            changed = True
        match = _POSSESSIVE_RE.search(text, start, end)
        if match and match.start() > start:
            end = match.start()
            changed = True
        # Leading lowercase words ("the", "metro", "lawyer") and, for people,
        # capitalised titles ("President", "Sen.") are not part of the name.
        last = text.rfind(" ", start, end)
        if last > start:
            # Trailing lowercase words ("Vance in", "Vance eight years")
            # are the model running past the name.
            word = text[last + 1 : end]
            if word[:1].islower() and any(ch.isupper() for ch in text[start:last]):
                end = last
                changed = True
                continue
        first = _TOKEN_RE.match(text, start, end)
        if first and first.end() < end:
            word = first.group().rstrip(".,")
            lower = word.lower()
            if word[:1].islower() or lower in ("the", "a", "an") or (person and lower in TITLES):
                rest = text[first.end() : end]
                if any(ch.isupper() for ch in rest):
                    start = first.end()
                    changed = True
    return start, end


def _keeps_period(text: str, start: int, end: int) -> bool:
    """A final period belongs to abbreviations such as "U.S." or "Jr."."""
    if text[end - 1] != ".":
        return False
    word = text[start:end].split()[-1]
    return bool(re.fullmatch(r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,2}\.", word))


@lru_cache(maxsize=1 << 17)
def key(surface: str) -> str:
    """What two spellings of one name have in common.

    Case, accents, periods, apostrophes, hyphens and spaces are ignored,
    single letters are joined ("U. S." = "U.S." = "US"), and British
    spellings of institution words map to American ones.
    """
    text = unicodedata.normalize("NFKD", surface)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _KEY_DROP_RE.sub(lambda m: " " if m.group() == "." else "", text)
    words = [w for w in _KEY_SPLIT_RE.split(text.casefold()) if w]
    words = ["and" if w == "&" else SPELLINGS.get(w, w) for w in words]
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return " ".join(out)


@lru_cache(maxsize=1 << 17)
def is_acronym(surface: str) -> bool:
    """ "DPRK", "U.S.", "U. N." — capitals, optionally with periods."""
    return bool(_ACRONYM_RE.match(surface.strip())) and sum(ch.isupper() for ch in surface) >= 2


@lru_cache(maxsize=1 << 17)
def initials(surface: str) -> tuple[str, ...]:
    """Acronyms a multi-word name may be written as, lowercased.

    "Democratic People's Republic of Korea" gives "dprk" (joiners skipped)
    and "dprok" (joiners kept); a one-word name gives nothing.
    """
    words = [w for w in _WORD_SPLIT_RE.split(surface) if w]
    words = [w.strip("\"“”'’.,()") for w in words]
    words = [w for w in words if w]
    if len(words) < 2:
        return ()
    capital = "".join(w[0] for w in words if w[0].isupper() or w[0].isdigit())
    every = "".join(w[0] for w in words if w.lower() not in ("the", "&") and w[0].isalnum())
    found = [c.lower() for c in (capital, every) if len(c) >= 2]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1 << 17)
def display(surface: str) -> str:
    """The surface as a heading: spaces normalised, an all-caps byline title-cased."""
    text = clean_spaces(surface).strip()
    words = text.split(" ")
    if len(words) > 1 and text.isupper() and not all(is_acronym(w) or len(w) <= 3 for w in words):
        return " ".join(w if (is_acronym(w) and len(w) <= 3) else w.capitalize() for w in words)
    return text


def has_capital(surface: str) -> bool:
    return any(ch.isupper() for ch in surface)


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’.]", "", text)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "entity"
