"""An English word list, read from the spaCy model's lemmatizer tables.

Cleaning uses it to tell a word broken across a line end ("mi" + "ssile")
from two words on two lines ("connect" + "with"). It ships with the model,
so nothing is downloaded; a model without the tables gives an empty list and
broken words are then joined with a space, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
"""A word: letters and digits, with an inner apostrophe ("don't", "O’Neill's")."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NAMES = (*MONTHS, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
"""Every word that names a month: the names and their abbreviations."""
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
"""Shortened weekdays: a date's words in a stamp, but also names ("Sun", "Sat") where a stamp is not expected."""
TIME_UNITS = ("second", "minute", "hour", "day", "night", "week", "weekend", "month", "quarter", "year", "decade",
              "century")  # fmt: skip
"""The units a span of time is counted in ("three weeks", "a decade") or named by ("the third quarter")."""
TIME_UNITS_PLURAL = tuple(u[:-1] + "ies" if u.endswith("ry") else u + "s" for u in TIME_UNITS)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English's closed classes (articles, pronouns, prepositions, ...), as spaCy lists them."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def plural(n: int, word: str, many: str | None = None) -> str:
    """A count and its noun: "1 topic", "2 topics", "1 entity", "3 entities"."""
    return f"{n} {word if n == 1 else many or word + 's'}"


@lru_cache(maxsize=4)
def load_words(model_name: str) -> frozenset[str]:
    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path
    except ImportError:  # pragma: no cover - spaCy is a hard dependency
        return frozenset()
    try:
        package = Path(get_package_path(model_name))
    except Exception:  # noqa: BLE001 - any failure to locate means "no word list"
        return frozenset()
    for folder in sorted(package.glob("**/lemmatizer/lookups")):
        try:
            table = Lookups().from_disk(folder).get_table("lemma_index")
        except (OSError, KeyError, ValueError):
            continue
        words: set[str] = set()
        for key in table:
            words.update(w.lower() for w in table[key] if w.isalpha())
        return frozenset(words)
    return frozenset()


SAYING = ("said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "stated", "states", "noted",
          "according to", "reported", "reports")  # fmt: skip
"""The plain verbs of saying: they frame a statement and tell nothing of it ("X said" is not the fact)."""
REPORTING_VERBS = SAYING + (
    "wrote", "writes", "tweeted", "posted", "insisted", "claimed", "argued", "explained", "warned", "announced",
    "declared", "emphasised", "emphasized", "stressed", "underlined", "underscored", "asserted", "reiterated", "urged",
    "acknowledged", "admitted", "confirmed", "indicated", "pointed out", "remarked", "replied", "responded",
    "commented", "testified",
)  # fmt: skip
"""Every verb that attributes words to someone: the plain ones, and those that also say how ("warned",
"confirmed"). One vocabulary for attribution (the pair relation's context, a key point's speaker) and,
the plain ones, for the terms that frame a statement."""
REPORTING_PATTERN = (
    r"(?:\b(?:" + "|".join(REPORTING_VERBS) + r")"
    r"|(?<![^\W\d_]\s)\b(?:" + "|".join(v[0].upper() + v[1:] for v in REPORTING_VERBS) + r"))\b"
)
"""A reporting verb as written: in lower case, or capitalised where a sentence or a clause may open
("According to police, ..."), not after a word: "the United States", "Consumer Reports" are names."""
REPORTING = re.compile(REPORTING_PATTERN)
