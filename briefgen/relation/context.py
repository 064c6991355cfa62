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

_LEAD_PRONOUN = re.compile(r"^(\W*)(He|She)\b(?!')")


def with_antecedent(text: str, persons_before: Sequence[str]) -> str:
    """``text`` with a leading "He"/"She" replaced by the first person named before, if any."""
    if not persons_before:
        return text
    match = _LEAD_PRONOUN.match(text)
    if match is None:
        return text
    return match.group(1) + persons_before[0] + text[match.end() :]


def leads_with_pronoun(text: str) -> bool:
    """Whether the sentence's first word is a personal pronoun that needs an antecedent."""
    return bool(_LEAD_PRONOUN.match(text)) or bool(_LEAD_REFERENCE.match(text))


_LEAD_REFERENCE = re.compile(r"^\W*(?:They|It|This|These|Those|His|Her|Its|Their|Such|The (?:latter|former))\b(?!')")
"""Words that point back to what the sentence before names: "Her blood was found ...", "The latter ..."."""


_ASIDE = re.compile(
    r"(?<=[A-Za-z)]),\s+(?:a|an|the|who|whom|whose|which|where|now|then|also|currently|formerly|once|former|"
    r"[a-z]+ing|[a-z]+ed|\d[\w-]*)\b[^,;:\"“”]{0,120}(?:,|(?=\s+(?:said|says|told)\b))"
)
"""An aside between commas: an appositive ("John Doe, a former officer,"), a relative clause ("who ..."),
a participle phrase ("facing charges for ..."). It says who someone is, not what the sentence reports."""


def core(text: str) -> str:
    """The sentence without its asides: two sentences that describe one person alike may report two facts."""
    return _ASIDE.sub(",", text)
