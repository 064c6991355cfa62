"""What a reader recognises as a headline (the dateline a report opens with is :mod:`.dateline`'s).

A title is complete when it is not cut off ("…", "..."), and it is a headline
when it is neither a time stamp nor an address to write to; when a page gives
none, the first sentence of the article stands in, shortened at a clause or
word boundary.
"""

from __future__ import annotations

import re

from .lexicon import MONTH_NAMES, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from .lineshape import EMAIL, HANDLE

_LETTERS = re.compile(r"[^\W\d_]")


def is_truncated(title: str) -> bool:
    """Cut off by the page or by a shortening: it ends in an ellipsis."""
    return title.rstrip(" \"'”’)").endswith(("…", "..."))


_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\b\.?)|\b\d{1,2}:\d{2}\b|\(\d{1,2}:\d{2}\)", re.IGNORECASE)
_DATE_WORDS = frozenset((*MONTH_NAMES, *WEEKDAYS, *WEEKDAY_ABBREVIATIONS))
_STAMP_WORDS = frozenset(("updated", "update", "posted", "published", "last", "modified", "am", "pm", "edt", "est",
                          "cst", "cdt", "pst", "pdt", "gmt", "utc", "bst", "et", "pt", "ago", "at", "on", "by"))  # fmt: skip


def is_stamp(line: str) -> bool:
    """A time stamp, a video's running time or a date line: only clock times, dates and the words that
    label them ("Updated 6.15pm", "(3:31)", "Wed Mar 6, 2019 9:12 AM")."""
    if not (_CLOCK.search(line) or any(w in _DATE_WORDS for w in _words(line))):
        return False
    rest = [w for w in _words(_CLOCK.sub(" ", line)) if w not in _DATE_WORDS and w not in _STAMP_WORDS]
    return len(rest) <= 2


def _words(line: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", line.lower()) if not w.isdigit()]


def is_address(line: str) -> bool:
    """An e-mail address or a social-media handle: where to write to, not what happened."""
    return bool(EMAIL.search(line) or HANDLE.search(line))


def is_headline(line: str, *, min_words: int = 3) -> bool:
    """Whether a line may stand as a title: a few words of text, complete, no stamp or address."""
    words = line.split()
    return (
        len(words) >= min_words
        and len(_LETTERS.findall(line)) >= 2 * min_words
        and not is_truncated(line)
        and not is_stamp(line)
        and not is_address(line)
    )


_CLAUSE_END = re.compile(r"[,;:]\s|\s[—–]\s|\s--\s")


_OPENS_ADVERBIAL = frozenset((
    "if", "when", "whenever", "while", "although", "though", "as", "after", "before", "because", "since",
    "unless", "until", "once", "whether", "where", "in", "on", "at", "for", "with", "without", "despite",
    "during", "from", "by", "under", "over", "amid", "following", "after", "like", "unlike", "to", "of",
))  # fmt: skip
"""Words that open a subordinate clause or a prepositional phrase: a sentence that starts with one has its
main clause after the first comma, so its first clause alone is no headline."""


def shortened(sentence: str, words: int = 30, shortest: int = 8) -> str:
    """A sentence as a title: whole when it has at most ``words`` words; else cut after the last clause
    (comma, semicolon, colon, dash) that ends within them and leaves at least ``shortest`` words, when the
    sentence opens with its main clause; else cut at a word boundary, marked "…". A final full stop goes:
    a headline has none."""
    sentence = " ".join(sentence.split())
    if len(sentence.split()) <= words:
        return sentence.rstrip(".").rstrip() if not sentence.endswith("..") else sentence
    head = " ".join(sentence.split()[:words])
    if head.split()[0].lower().strip("\"'“‘(") in _OPENS_ADVERBIAL:
        return head.rstrip(" ,;:.") + "…"
    cuts = [
        m.start()
        for m in _CLAUSE_END.finditer(head)
        if len(head[: m.start()].split()) >= shortest and _balanced(head[: m.start()])
    ]
    if cuts:
        return head[: cuts[-1]].rstrip(" ,;:")
    return head.rstrip(" ,;:.") + "…"


def _balanced(text: str) -> bool:
    """No quotation or bracket left open: a cut there would read as broken."""
    return text.count('"') % 2 == 0 and text.count("(") == text.count(")")


_READER_VERB = re.compile(
    r"^\W*(?:click|tap|share|e-?mail|follow|sign|subscribe|download|tweet|like|watch|listen|comment)\b", re.IGNORECASE
)
_RUNNING_TIME = re.compile(r"\(\d{1,2}:\d{2}(?::\d{2})?\)\W*$")
_IN_PICTURE = re.compile(
    r"\((?:l|r|c|left|right|centre|center|top|bottom|front|rear|pictured|inset|file)\)|^\W*file\b\W|"
    r"^\W*in\s+th(?:is|ese)\b(?:\W+\w+){0,6}?\W+(?:photos?|images?|pictures?|file)\b",
    re.IGNORECASE,
)
"""How a caption places people in its picture ("Ann Lee (L) greets ...", "In this May 2 photo, ...")."""


def is_prompt_or_caption(line: str) -> bool:
    """A line that speaks to the reader as a page's controls do: it opens with the imperative of the web
    ("Click to ...", "Share on ...", "Follow ..."), or it is a caption: a video's closed by its running
    time, a picture's placing people in it ("(L)") or opening with it ("In this May 2 photo")."""
    return bool(_READER_VERB.match(line) or _RUNNING_TIME.search(line) or _IN_PICTURE.search(line))
