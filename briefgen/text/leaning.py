"""Sentences that lean back on the sentence before: one vocabulary for every stage.

A sentence read on its own must say who acts and what is claimed. English
leaves that to the sentence before in a few closed ways, and this module
names them once:

* a pronoun or a demonstrative stands for what was named before ("He said
  ...", "It's ...", "That decision ...", "The latter ...");
* a connective answers the sentence before ("But ...", "However, ...");
* the voice of a writer or a speaker ("I ...", "We ...", "You ...") tells
  whose words they are only around the sentence, never in it;
* a personal pronoun says the words ("..., he added.") or acts after an
  opening phrase ("After three years on the council, she said ...").

A key point (``brief``) must not lean back; a story title (``topics``) must
not either; the pair relation (``relation``) reads "He ..." with the person
the sentence before names.
"""

from __future__ import annotations

import re

from .lexicon import MONTH_NAMES, REPORTING_VERBS, SAYING, TIME_UNITS, WEEKDAY_ABBREVIATIONS, WEEKDAYS

PERSONS = ("he", "she")
"""Pronouns for one person: in news, the person the sentence before is about."""
SPEAKERS = (*PERSONS, "they")
"""The pronouns that say or do something whose doer the sentence before names."""
REFERRING = (*PERSONS, "him", "her", "his", "they", "them", "their", "it", "its", "this", "that", "these", "those",
             "such", "the latter", "the former")  # fmt: skip
"""Words that stand for what the sentence before names: personal and possessive pronouns, demonstratives."""
CONNECTIVES = (
    "but", "and", "or", "so", "yet", "also", "however", "still", "instead", "meanwhile", "moreover", "furthermore",
    "besides", "then", "thus", "therefore", "nonetheless", "nevertheless", "otherwise", "likewise", "similarly",
    "indeed", "in addition", "as a result", "at the same time", "even so", "by contrast", "on the other hand",
)  # fmt: skip
"""Connectives that link a sentence to the one before: closed-class English."""
VOICE = ("i", "we", "you", "my", "our", "your", "me", "us")
"""The first and second persons: news tells in the third, so these are someone's voice (a transcript, a letter,
a column) whose speaker the sentence does not name."""
WORDS = frozenset(w for w in (*REFERRING, *CONNECTIVES, *VOICE) if " " not in w)
"""Every one-word opener that leans back, in lower case."""

_CONTRACTED = r"(?:['’](?:s|re|ve|ll|d|m))?"


def _capitalised(words: tuple[str, ...]) -> str:
    return "|".join(w[0].upper() + w[1:] for w in words)


_LEAD_PERSON = re.compile(rf"^(\W*)({_capitalised(PERSONS)})\b(?!['’])")
_LEAD_REFERENCE = re.compile(rf"^\W*(?:{_capitalised(REFERRING)}){_CONTRACTED}\b(?!['’])")
"""Case-aware: "It" and "That" point back, "IT" and "THAT" are names or shouting."""
_LEAD_CONNECTIVE = re.compile(rf"^\W*(?:{'|'.join(CONNECTIVES)})\b", re.IGNORECASE)
_LEAD_VOICE = re.compile(rf"^[^\w\"“‘']*(?:{_capitalised(VOICE)}){_CONTRACTED}\s+[a-z]")
"""A word in lower case follows the pronoun; a name that opens with one does not ("I-95", "We Energies", "Our
World in Data")."""
_SPEAKER = "|".join(SPEAKERS)
_OPENED_PRONOUN = re.compile(rf"^[^,\"“]{{3,60}},\s+(?:{_SPEAKER})\s+[a-z]", re.IGNORECASE)
_SAYS = "|".join(v for v in REPORTING_VERBS if v != "told")
_PRONOUN_SAYS = re.compile(
    rf"\b(?:{_SPEAKER})\s+(?:also\s+|later\s+|then\s+)?(?:told \w+|{_SAYS}|continued|went on)\s*(?:[:,]?\s*[\"“]|[.!]?\W*$)",
    re.IGNORECASE,
)
_PRONOUN_SPEAKS = re.compile(rf"\b(?:{_SPEAKER})\s+(?:{'|'.join(SAYING)})\b", re.IGNORECASE)
"""Anywhere in the sentence, only the plain verbs frame words as someone's: in "X said he reiterated ...", the
verb that says how is what X reports (every reporting verb here changed two more of 993 briefings: one better, one worse)."""
QUOTED_SPAN = re.compile(r"[\"“][^\"“”]*[\"”]")
"""A quotation in double marks: what is inside is someone's words, what is outside the report's."""
_CALENDAR = (*TIME_UNITS, "morning", "afternoon", "evening", "summer", "spring", "fall", "autumn", "winter", "season",
             "time")  # fmt: skip
"""What "this" points at on the calendar or the clock, not in the sentence before."""
_POINTS_BACK = re.compile(
    r"\b(?:these|those)\s+(?!who\b|which\b|that\b|whose\b|of\b|in\b|at\b|with\b|on\b|from\b|for\b|are\b|were\b|"
    r"[a-z]+ing\b|[a-z]+ed\b)[a-z]"
    rf"|^\W*(?:\S+\s+){{0,5}}?this\s+(?!{'|'.join(_CALENDAR)}|is\b|was\b|will\b|would\b|has\b|had\b)[a-z]",
    re.IGNORECASE,
)
"""A demonstrative that points back to a sentence before ("eleven of these families", "for those attacks", "this
decision" near the start); not "those who ...", which says who they are, nor "this week", which points at the
calendar, nor "those living here", which says who."""


def lead_person(text: str) -> re.Match[str] | None:
    """The "He"/"She" a sentence opens with (group 1 what precedes it, group 2 the pronoun); not a contracted
    one: "He's" is "he is", which a name in its place would read as a possessive."""
    return _LEAD_PERSON.match(text)


def leads_with_pronoun(text: str) -> bool:
    """Whether the sentence's first word is a pronoun or a demonstrative that needs an antecedent."""
    return _LEAD_REFERENCE.match(text) is not None


def leads_with_connective(text: str) -> bool:
    """Whether the sentence opens by answering the one before ("But ...", "As a result, ...")."""
    return _LEAD_CONNECTIVE.match(text) is not None


def in_voice(text: str) -> bool:
    """Whether the sentence opens in the first or second person ("I got ...", "We’re ...")."""
    return _LEAD_VOICE.match(text) is not None


_VOICE_WORD = re.compile(r"(?<![\w'’.-])(?:I(?=(?:['’](?:m|ve|d|ll))?\s+[a-z])|(?:me|my|myself)(?![\w'’-]))")
_TITLE_BEFORE = re.compile(r"(?<=\S\s)[A-Z][\w.-]*\s+$")
"""A capitalised word right before "I": a numeral of a name ("World War I", "Henry I", "Part I"), not a pronoun."""
_DAYS_AND_MONTHS = frozenset((*WEEKDAYS, *WEEKDAY_ABBREVIATIONS, *MONTH_NAMES))
_SERIES_BEFORE = re.compile(r"\b(?i:phase|stage|type|class|grade|tier|category)\s+$")
"""A noun of a numbered series right before "I", however cased: a numeral ("a phase I trial", "type I diabetes")
unless what follows is the pronoun's verb (below)."""
_OWN_VERB = re.compile(
    r"I(?:['’]|\s+(?:am|was|have|had|do|did|will|would|can|could|shall|should|may|might|must|[a-z]+ed)\b)"
)
""""I" with a verb of its own: contracted ("I’m"), an auxiliary or a modal, a past tense in -ed. After a series
noun that is the pronoun of a clause ("the type I would hire", "the class I coached"); a numeral is followed by
the noun it numbers ("a stage I tumour"). A present tense is an open class: "the type I like" still reads as a
numeral, and "a phase I randomized trial" as a voice."""

_SINGLE_QUOTED = re.compile(r"(?<!\w)[‘'](?=\w)[^‘\"“”]*?(?<=[\w.,!?])[’'](?!\w)")
"""A quotation in single marks, as British news writes one ("called it ‘my top priority’"): it opens before a
word and closes after one, where an apostrophe ("don’t", "the players’ union") stands inside or after a word."""


def voiced(text: str) -> bool:
    """Whether the sentence speaks in the first person singular anywhere outside quotation marks ("The
    decision cost me my job", "what I learned"): someone's own voice, a column's or a letter's, which the
    sentence does not name. ("We" and "you" are also an outlet's own voice, "our list", "your device": facts
    of the outlet's, and prompts the furniture model judges.)"""
    for m in _VOICE_WORD.finditer(_SINGLE_QUOTED.sub(" ", QUOTED_SPAN.sub(" ", text))):
        if m.group().startswith("I") and _numeral(m.string, m.start()):
            continue
        return True
    return False


def _numeral(text: str, at: int) -> bool:
    """Whether the "I" at ``at`` is a Roman numeral: after a capitalised word of a name, or after a noun of a
    numbered series, capitalised or not followed by a verb of its own."""
    start = max(0, at - 24)
    title = _TITLE_BEFORE.search(text, start, at)
    # A day or a month names no king and no part: "On Monday I told", "In March I saw" are the pronoun.
    if title and title.group().strip().rstrip(".").lower() not in _DAYS_AND_MONTHS:
        return True
    series = _SERIES_BEFORE.search(text, start, at)
    # Capitalised, even first in the sentence, the noun names the series ("Grade I listed"): a bare singular
    # noun does not open a sentence with a clause of its own.
    return series is not None and (series.group()[0].isupper() or _OWN_VERB.match(text, at) is None)


def opened_pronoun(text: str) -> bool:
    """A personal pronoun as the subject after an opening phrase: "After three years on the council, she said
    ..." needs the sentence before as much as a sentence led by "She" does."""
    return _OPENED_PRONOUN.match(text) is not None


def pronoun_says(text: str) -> bool:
    """Words given to "he", "she" or "they" outside quotation marks at the end of a sentence or before a
    quotation ("..., he added."): the speaker is named before."""
    return _PRONOUN_SAYS.search(QUOTED_SPAN.sub(" ", text) + " ") is not None


def pronoun_speaks(text: str) -> bool:
    """Whether "he", "she" or "they" say something anywhere in the text ("..., she said, adding ...")."""
    return _PRONOUN_SPEAKS.search(text) is not None


def points_back(text: str) -> bool:
    """Whether the sentence names something only by pointing back at what a sentence before says."""
    return _POINTS_BACK.search(QUOTED_SPAN.sub(" ", text)) is not None
