"""What a sentence says once read with the sentence before it.

News writes "He said ..." after a sentence that names the speaker. A pair
model that sees only "He said ..." cannot tell whose words they are, so the
text it is given names the person instead of the pronoun. Only "he" and
"she" opening a sentence are replaced: they stand for one person, and in news
the person is the one the sentence before is about (its first person named).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.leaning import lead_person
from ..text.lexicon import REPORTING_PATTERN, REPORTING_VERBS


def with_antecedent(text: str, persons_before: Sequence[str]) -> str:
    """``text`` with a leading "He"/"She" replaced by the first person named before, if any."""
    if not persons_before:
        return text
    match = lead_person(text)
    if match is None:
        return text
    return match.group(1) + persons_before[0] + text[match.end() :]


_ASIDE = re.compile(
    r"(?<=[A-Za-z)]),\s+(?:a|an|the|who|whom|whose|which|where|now|then|also|currently|formerly|once|former|"
    r"[a-z]+ing|[a-z]+ed|\d[\w-]*)\b[^,;:\"“”]{0,120}(?:,|(?=\s+(?:said|says|told)\b))"
)
"""An aside between commas: an appositive ("John Doe, a former officer,"), a relative clause ("who ..."),
a participle phrase ("facing charges for ..."). It says who someone is, not what the sentence reports."""


def core(text: str) -> str:
    """The sentence without its asides: two sentences that describe one person alike may report two facts."""
    return _ASIDE.sub(",", text)


_VERBS = REPORTING_PATTERN
"""Case-aware (not IGNORECASE): "the United States" and "Consumer Reports" report nothing."""
_VERB_WORDS = frozenset(verb.split()[0] for verb in REPORTING_VERBS)
"""The first word of every reporting verb ("according" of "according to")."""
_WORDS = re.compile(r"[a-z]+")
_LEAD_ATTRIBUTION = re.compile(
    rf"^\W*(?:\S+\s+){{0,12}}?(?<!\bwho )(?<!\bwhich )(?<!\bthat )(?:{_VERBS})\b(?:\s+(?:on\s+)?\w+day)?[,:]?\s+(?:that\s+)?"
)
"""Who says, before what is said: "Police said on Monday that ...", not "Lawmakers who said ..."."""
_TRAIL_ATTRIBUTION = re.compile(
    rf"[,;]\s*[\"”’']?\s*(?:[^,;\"“”]{{0,60}}?\s)?(?:{_VERBS})\b(?P<rest>(?:[\s,]+[^\s,;\"“”]+){{0,8}})$"
)
"""Who says, after what is said: ", police said", ", said Jane Roe, the mayor", ", according to police"."""


def reported(text: str) -> str:
    """What the sentence reports, without who reports it: "Police said that X", "X, police said" and "X,
    according to police" all report X. Two sentences that share only their source may report two facts."""
    text = text.rstrip(" .")
    if _VERB_WORDS.isdisjoint(_WORDS.findall(text.lower())):  # most sentences attribute nothing: a set lookup
        return text
    trail = _TRAIL_ATTRIBUTION.search(text)
    if trail is not None and _names_who(trail.group("rest")):
        return text[: trail.start()]
    if not text.lstrip().startswith(_QUOTES):  # a quotation opening the sentence is what is said
        lead = _LEAD_ATTRIBUTION.match(text)
        if lead is not None and len(text[lead.end() :].split()) >= 4:
            return text[lead.end() :]
    return text


_QUOTES = ('"', "“", "'", "‘")
_PREPOSITIONS = frozenset(
    ["in", "on", "at", "to", "by", "during", "after", "before", "via", "with", "from", "for", "of"]
)


def _names_who(rest: str) -> bool:
    """Whether the words after a closing reporting verb say who or where, not what: "said Jane Roe, the
    mayor's aide", "said in a statement on Monday" (a name, or a phrase a preposition opens), not "said
    four rebels were killed"."""
    opened = False
    for word in rest.replace(",", " ").split():
        if word[0].isupper() or word[0].isdigit() or word.endswith(("'s", "’s")) or word.lower() in _PREPOSITIONS:
            opened = opened or word.lower() in _PREPOSITIONS or word.endswith(("'s", "’s"))
        elif word.lower() not in ("a", "an", "the", "his", "her", "its", "their") and not opened:
            return False
    return True
