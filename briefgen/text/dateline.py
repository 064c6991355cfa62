"""The dateline news writing opens a report with: one definition, for every stage.

A wire report opens with the place it was filed from, perhaps a region and
the agency in brackets, then a dash; the sentence proper starts after it.
The place is written in capitals ("ORLIN, Ohio (AP) —", "ORLIN (Reuters) -",
"ORLIN --"), or in the case of its name when the agency follows it
("Orlin (CNN) The ...", "Orlin, Ohio (Agency) — ..."); the agency may stand
alone ("(CNN) The ..."). Newsletters open an item the same way with a
heading in capitals ("MARKETS REACT - ..."). What a key point or a title
shows starts after the dash; the article text keeps the dateline, and the
entities stage reads its place as a place.

Read by shape, never by a list of places or agencies. Two shapes that look
alike are something else:

* a name in its own case followed by a dash alone ("Infrastructure - We
  spend ...", "Artist – Song title") is a label or a list's item: a
  mixed-case place needs its agency in brackets;
* without a dash, brackets after a name usually hold its abbreviation
  ("United Arab Emirates (UAE) Central Bank ...") or a part of a company's
  name ("Sony (U.K.) Ltd"): with no dash the agency must be an initialism
  without full stops, and not the initials of the words before it.
"""

from __future__ import annotations

import re

from .lexicon import function_words

_CAPS_WORD = r"[A-Z][A-Z0-9.'’&-]*:?"
_REGION_WORD = r"[A-Z0-9][\w.'’&-]*"
_AGENCY = r"\((?P<agency>[A-Z][\w .&/'’-]{0,30})\)"
_DASH = r"(?:\s*(?:—|–|--)\s*|\s+-\s+|(?<=\))\s*-\s*)"
"""A dash; a hyphen only set apart by spaces or after the agency."""
_PROPER = r"(?=[\"“‘']?[A-Z0-9])"
"""The sentence proper starts with a capital or a digit."""

_CAPS = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,5}})"  # the place (or a heading), in capitals
    rf"(?:,\s*{_REGION_WORD}(?:\s+{_REGION_WORD}){{0,3}}){{0,2}}"  # ", Fla." / ", Japan" / ", March 5"
    rf"(?:\s*{_AGENCY})?{_DASH}{_PROPER}"
)
_NAME_WORD = r"[A-Z][a-z][\w.'’&-]*"
_PARTICLE = r"(?:de|da|del|do|dos|la|le|el|am|sur)"
"""The lower-case words inside place names ("Rio de Janeiro", "Frankfurt am Main"): closed-class words
of the languages places are named in."""
_MIXED = re.compile(
    rf"(?P<place>{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,2}})"  # the place, as its name is written
    rf"(?:,\s*{_REGION_WORD}(?:\s+{_REGION_WORD}){{0,2}})?"  # ", Mo." / ", Japan"
    rf"\s*{_AGENCY}(?P<dash>{_DASH})?\s*{_PROPER}"
)
_AGENCY_ALONE = re.compile(rf"{_AGENCY}\s*(?:(?:—|–|--|-)\s*)?(?=[\"“‘']?[A-Z0-9][a-z'’ ])")
"""'(CNN) The ...': the agency alone."""
_INITIALISM = re.compile(r"[A-Z]{2,6}")

_LOWER = re.compile(r"[a-z]")
_LETTERS = re.compile(r"[^\W\d_]")
_MIN_REST_WORDS = 3


def read_dateline(text: str) -> tuple[int, int] | None:
    """Where the place of a leading dateline ends and where the sentence proper starts, or None."""
    found = _read(text)
    if found is None or len(text[found[1] :].split()) < _MIN_REST_WORDS:
        return None
    return found


def _read(text: str) -> tuple[int, int] | None:
    if text[:1] == "(":
        alone = _AGENCY_ALONE.match(text)
        # "(A) The first ...": one letter is a list's label.
        if alone and len(_LETTERS.findall(alone.group("agency"))) >= 2:
            return 0, alone.end()
        return None
    caps = _CAPS.match(text)
    if caps:
        place = caps.group("place")
        # In capitals (not "Officials —"), and longer than an initialism ("U.S. - China talks").
        if not _LOWER.search(place) and len(_LETTERS.findall(place)) >= 4:
            return caps.end("place"), caps.end()
    mixed = _MIXED.match(text)
    if mixed is None or mixed.group("place").split()[0].lower() in function_words():
        return None  # "The Senate (GOP) ...": an article opens a phrase, never a place
    agency = mixed.group("agency")
    if mixed.group("dash") is None and not (_INITIALISM.fullmatch(agency) and not _initials(mixed.group(0), agency)):
        return None
    return mixed.end("place"), mixed.end()


def _initials(before: str, agency: str) -> bool:
    """Whether ``agency`` is the initials of the capitalised words before its brackets: an abbreviation
    being defined ("Indian Naval Services (INS)"), not an agency."""
    words = [w for w in re.findall(r"[A-Za-z]+", before.split("(", 1)[0]) if w[0].isupper()]
    return "".join(w[0] for w in words[-len(agency) :]) == agency


def dateline_end(text: str) -> int:
    """Where the sentence proper starts after a leading dateline (0 when there is none)."""
    found = read_dateline(text)
    return found[1] if found else 0


def without_dateline(text: str) -> str:
    """The text without a leading dateline or capitals heading ("ORLIN (AP) — The ..." -> "The ...")."""
    return text[dateline_end(text) :]


_PLACE_ALONE = re.compile(
    rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}(?:,\s*{_REGION_WORD}(?:\s+{_REGION_WORD})?)?"
    r"(?:\s*\([A-Z][\w .&/'’-]{0,30}\))?(?:\s*(?:—|–|-+))?"
)


def is_dateline_alone(line: str) -> bool:
    """A dateline the page set on a line of its own ("ORLIN, Ohio", "ORLIN (AP) —"): a place, no headline."""
    found = _PLACE_ALONE.fullmatch(line.strip())
    return found is not None and not _LOWER.search(line.split(",", 1)[0])
