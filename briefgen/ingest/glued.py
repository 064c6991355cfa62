"""Where page furniture is glued to article text inside one sentence.

A scraper that flattens a page joins its blocks with a space: a photo caption and its credit run into
the story's first sentence, a share or follow prompt runs into a paragraph, a gallery's counter sits
between two captions. The sentence splitter sees no full stop there, so the furniture model would have
to keep or drop the story's sentence with its furniture. These cuts find boundaries that written news
does not have inside a sentence, from how pages are assembled, and the parts become sentences for the
model to judge:

* a credit in brackets, a picture word or "Name/Agency" inside it, followed by a capitalised word: a
  caption's credit closes the caption, and prose does not go on with a capital after a parenthesis;
  and such a credit after a full stop (one the splitter took for an abbreviation's): a block of its own;
* a "Name/Agency" credit followed by a capitalised article or pronoun ("The", "A", "He"): a new sentence
  that began without a full stop before it;
* an upper-case dateline ("WASHINGTON —", "NEW YORK (AP) —") after a lower-case word or a bracket: a
  story's opening, which only starts a story;
* a run of title-case words (the shape of a label, a button or a headline, no full stop) at a
  sentence's start followed by a capitalised article or pronoun: a widget's label before the story;
* a gallery's counter after title-case words ("Caption 3 of 12 Photos: …"): where one picture's
  caption ends and the next one's begins (the counter stays with the caption it numbers).

Every rule but the credit after a full stop asks for a capital after the cut, so a part starts as a
sentence does. Only a cut's evidence decides, never the words of any one site; the model judges the
parts, each a block of its own (:func:`blocks`).
"""

from __future__ import annotations

import re

from ..text.dateline import read_dateline
from ..text.lexicon import WORD, function_words
from ..text.lineshape import split_sentences

_OPENERS = frozenset(("the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we", "his",
                     "her", "its", "their", "our", "there"))  # fmt: skip
"""Articles, demonstratives and personal pronouns: the closed-class words a sentence of news opens with.
Capitalised after a word that ends without punctuation, they start a sentence (in a title, the word
before them is mostly a preposition or a conjunction, which no rule below cuts after)."""

_CREDIT = (
    r"\((?=[^()]{2,100}\))[^()]*?(?:\b(?i:photos?|photograph|getty|reuters|afp|ap|epa|images?|credit|file)\b|"
    r"[^\W\d_]/[^\W\d_])[^()]*\)"
)
_CREDIT_BRACKET = re.compile(_CREDIT + r"(?=\s+[\"']?[A-Z])")
_CREDIT_AFTER_STOP = re.compile(r"[.!?][\"']?\s+(?=" + _CREDIT + r")")
"""A credit in brackets after a full stop the splitter took for an abbreviation's ("… on its Web site. (Photo: …)")."""
_SLASH_CREDIT = re.compile(
    r"\b[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s?/\s?[A-Z][\w&.-]*(?:(?:\s?/\s?|\s+)[A-Z][\w&.-]*)*"
    r"(?=\s+[\"']?(?P<next>[A-Z][a-z]*)\b)"
)
_CAPITALS_AFTER_TEXT = re.compile(r"(?<=[a-z)\]])\s+(?=[A-Z]{3,})")
"""Where a run of capitals follows a lower-case word or a bracket: a dateline there (as
:func:`..text.dateline.read_dateline` reads one) opens the next story block."""
_COUNTER = re.compile(r"\b[A-Z]\w*\s+[A-Z]\w*\s+\d{1,3}\s+of\s+\d{1,3}(?=\s+[\"']?[A-Z])")
_AFTER_BRACKET = re.compile(r"\)\s+[\"']?[A-Z]")
_AFTER_STOP = re.compile(r"[.!?][\"']?\s+\(")
_DASH = re.compile(r"—|--|\)\s*[–-]")
_OF = re.compile(r"\d\s+of\s+\d")
_LABEL_HINT = re.compile(r"[A-Z]\S*\s+[A-Z]")
"""A label run's first two words are capitalised."""
_OPENER = re.compile(r"(?<=\w )(?:" + "|".join(w.capitalize() for w in sorted(_OPENERS)) + r") ")
_PUNCTUATION = re.compile(r"[,;:.!?()\"]")
_RUN_WORDS = 12
"""Words of a label run at most: a widget's labels, not a paragraph."""


def glued_parts(sentence: str) -> list[str]:
    """``sentence`` cut where furniture evidently meets other text (see the module's docstring); the
    sentence itself, in a list, when nothing is evident. The parts joined by a space give the sentence
    back up to its spaces."""
    cuts: set[int] = set()
    # Each rule runs only where a scan in C for what it needs finds it: ingest is on a build's critical path.
    if ")" in sentence:
        if _AFTER_BRACKET.search(sentence):
            cuts.update(m.end() for m in _CREDIT_BRACKET.finditer(sentence))
        if ". (" in sentence or _AFTER_STOP.search(sentence):
            cuts.update(m.end() for m in _CREDIT_AFTER_STOP.finditer(sentence))
    if "/" in sentence:
        cuts.update(m.end() for m in _SLASH_CREDIT.finditer(sentence) if m.group("next").lower() in _OPENERS)
    if _DASH.search(sentence):
        cuts.update(m.start() for m in _CAPITALS_AFTER_TEXT.finditer(sentence) if read_dateline(sentence[m.end() :]))
    if _OF.search(sentence):
        cuts.update(m.start() for m in _COUNTER.finditer(sentence))
    label = _label_run(sentence) if _LABEL_HINT.match(sentence) and _OPENER.search(sentence, 0, 400) else 0
    if label:
        cuts.add(label)
    if not cuts:
        return [sentence]
    parts, start = [], 0
    for cut in sorted(cuts):
        part = sentence[start:cut].strip()
        if part:
            parts.append(part)
            start = cut
    tail = sentence[start:].strip()
    if tail:
        parts.append(tail)
    return parts if len(parts) > 1 else [sentence]


def _label_run(sentence: str) -> int:
    """Where a run of title-case words at the sentence's start gives way to a sentence that opens with a
    capitalised article or pronoun ("Share This Story The council voted …"), or 0. The run is every word
    of more than three letters capitalised, three capitalised words at least; the cut is before its last
    opener that follows a capitalised word (not "of", not "and", not a possessive: titles of works
    have those before their articles) with only a space between."""
    first = sentence[:1]
    if not (first.isupper() and first.isalpha()):
        return 0
    words = list(WORD.finditer(sentence[:400]))
    # A run that opens with an article or a pronoun is a sentence's subject ("The Model A will ..."), not a label.
    if not words or words[0].group().lower() in _OPENERS:
        return 0
    stop = function_words()
    cut, capitals = 0, 0
    for k, match in enumerate(words[: _RUN_WORDS + 1]):
        word = match.group()
        # Punctuation ends a run of labels: a list of names or a clause of prose has it, a widget's labels not.
        if k and _PUNCTUATION.search(sentence, words[k - 1].end(), match.start()):
            break
        if k >= 3 and word.lower() in _OPENERS and word[0].isupper() and capitals >= 3:
            before = words[k - 1]
            gap = sentence[before.end() : match.start()]
            previous = before.group()
            after = sentence[match.end() : match.end() + 1]
            if (
                gap == " "
                and capitals >= 0.6 * k
                and after == " "
                and previous[0].isupper()
                and previous.lower() not in stop
                and not previous.lower().endswith(("'s", "s'"))
            ):
                cut = k
        if word[0].isupper():
            capitals += 1
        elif len(word) > 3 and word[0].isalpha():
            break
    if not cut:
        return 0
    rest = words[cut:]
    # What follows must read as a sentence: some length, lower-case words, a full stop.
    if len(rest) < 5 or sum(w.group()[0].islower() for w in rest) < 3 or sentence.rstrip("\"') ")[-1:] not in ".!?":
        return 0
    return words[cut].start()


def blocks(line: str) -> list[list[str]]:
    """A line's sentences as the furniture model judges them, in blocks: split at full stops, then at
    glued furniture. A cut is where the scraper joined two blocks of the page, so each part of a cut
    sentence starts a block (the line's next sentences go on in the last part's): otherwise a caption's
    credit, cut from the story sentence it was glued to, would still mark that sentence as its caption
    (the second look reads a line's likeliest furniture). An empty line is one empty block."""
    out: list[list[str]] = [[]]
    for sentence in split_sentences(line):
        parts = glued_parts(sentence)
        if len(parts) == 1:
            out[-1].append(sentence)
            continue
        # Each part starts a block, the first too: a widget's label or a caption was its own block of the
        # page. The sentences after the last part stay in its block: the text it opens goes on.
        for part in parts:
            if out[-1]:
                out.append([])
            out[-1].append(part)
    return out
