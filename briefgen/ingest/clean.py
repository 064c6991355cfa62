"""Turn the text of a scraped article into clean paragraphs plus metadata.

Page furniture in text and Markdown sources is judged sentence by sentence by
the model of :mod:`briefgen.ingest.furniture`. The hand rules here, general shapes of
web-page debris rather than strings from any one site (prompts, credits,
breadcrumbs, headline-shaped fragments), decide only where no model judges:
an HTML page's text, which an extractor has chosen already, and a text the
model would empty. Always: bylines and "Source: X" or copyright lines become
metadata, repeated headlines and duplicate lines go, words hyphenated across a
line end are joined.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..text.dateline import is_dateline_alone, without_dateline
from ..text.headline import is_headline, is_prompt_or_caption, shortened
from ..text.lineshape import (
    BREADCRUMB,
    EMAIL,
    ends_sentence,
    has_prompt,
    is_credit,
    is_fragment,
    is_headline_shape,
    split_sentences,
)
from .furniture import furniture
from .glued import blocks

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_QUOTES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"}
_NON_WORD = re.compile(r"\W+")
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
_BULLETS = "•·▪●◦‣*–-"
"""The characters ``_BULLET`` starts with."""

_BULLET = re.compile(r"^[•·▪●◦‣*–-]\s+")
_BYLINE = re.compile(
    r"^(?:written\s+)?by\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|bin|al|da|del|la|le)){0,4})"
    r"(?P<rest>(?:\s*[,|/–-]\s*.*|\s*[\[(<].*|\s+and\s+.*)?)$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(?:source|sources|via|originally published (?:by|in|on))\s*:\s*(?P<outlet>.{2,80}?)\.?$", re.IGNORECASE
)
_COPYRIGHT_LINE = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<outlet>[^\W\d_][^|]{0,60}?)\.?(?:\s*all\s+rights\s+reserved\.?)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cleaned:
    title: str
    paragraphs: tuple[str, ...]
    author: str | None = None
    outlet: str | None = None
    title_derived: bool = False
    """No headline was given or found: the title is the first sentence of news (:func:`_lead_title`)."""
    furniture_throughout: bool = False
    """The furniture model found every sentence to be furniture and so judged none (see
    :func:`without_furniture`): alone, a short article it may misjudge; saved as several sources, a notice."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


_REFERENCE_MARKS = re.compile(
    r"(?<=[^\s\[])(?:\[(?:\d{1,3}|[a-z]|note \d{1,3}|(?:citation|clarification|verification) needed|"
    r"when\?|who\?|which\?|by whom\?)\])+",
    re.IGNORECASE,
)
"""Reference marks glued to a word ("mines.[4]", "centre[6][5]"): a reference work's footnote numbers,
never the article's words."""


def normalize(text: str) -> str:
    """Unicode spaces, invisible and control characters, curly quotes."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # ASCII is in NFC already and holds no invisible character, no curly quote
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    # A replace per quote found: ``str.translate`` looks up every character of the text.
    for quote, plain in _QUOTES.items():
        if quote in text:
            text = text.replace(quote, plain)
    return text


def _words(line: str) -> list[str]:
    return line.split()


def _more_words(line: str, n: int) -> bool:
    """Whether ``line`` has more than ``n`` words, without splitting all of a long paragraph."""
    return len(line.split(None, n)) > n


def _unbulleted(line: str) -> str:
    return (_BULLET.sub("", line) if line[:1] in _BULLETS else line).strip()


def _key(line: str) -> str:
    return _NON_WORD.sub(" ", line.casefold()).strip()


def _titlecase_name(name: str) -> str:
    if name.isupper():
        return " ".join(word.capitalize() for word in name.split())
    return name


def _byline(line: str) -> str | None:
    match = _BYLINE.match(line)
    if not match or _more_words(line, 14):
        return None
    name = match.group("name").strip(" ,.")
    if len(_words(name)) < 2 and not name.isupper():
        return None
    return _titlecase_name(name)


def rejoin_lines(lines: list[str], is_word: Callable[[str], bool]) -> list[str]:
    """Join lines a hard wrap split, and words a line end broke in two."""
    out: list[str] = []
    for line in lines:
        if not out or not line or not out[-1] or _BULLET.match(line) or _BULLET.match(out[-1]):
            out.append(line)
            continue
        previous = out[-1]
        if ends_sentence(previous):
            # A lowercase start after a full stop is still debris of the
            # same block (a broken widget label), not a new paragraph.
            if line[0].islower() and len(_words(line)) <= 3:
                out[-1] = f"{previous} {line}"
            else:
                out.append(line)
            continue
        continues = (
            line[0].islower() or line[0] in "\"'(" or (len(_words(previous)) >= 8 and not is_headline_shape(previous))
        )
        if not continues:
            out.append(line)
            continue
        head = re.search(r"([A-Za-z]+)$", previous)
        tail = re.match(r"([a-z]+)", line)
        if head and tail and _broken_word(head.group(1), tail.group(1), is_word):
            out[-1] = previous + line
        else:
            out[-1] = f"{previous} {line}"
    return out


def _broken_word(head: str, tail: str, is_word: Callable[[str], bool]) -> bool:
    whole = (head + tail).lower()
    if is_word(head.lower()) and is_word(tail.lower()):
        return False
    candidates = [whole] + [whole[: -len(end)] for end in ("s", "es", "ed", "d", "ing", "ly") if whole.endswith(end)]
    return any(is_word(c) for c in candidates if len(c) > 2)


_LOOK = 8
"""How many lines down the headline may be: past share prompts, stamps and credits, not into the story."""
_HEADLINE_WORDS = 25
"""More words than a headline has: a line this long is the article's first paragraph."""
_SHORT_SENTENCE = 15
"""Words of a one-sentence line with a full stop that may still be its page's headline: headlines seldom pass
fifteen words, a story's first sentence seldom stays under them."""


def _headline(lines: list[str]) -> tuple[str, int] | None:
    """The headline and the index of its line in ``lines``, if the text opens with one: the first line set
    as a headline (a few words, no full stop) or repeated just below, above any paragraph of prose, past
    share prompts, contact lines, time stamps and credits. Read by the hand rules alone: the furniture
    model, fitted on article text without headlines, takes half the headlines of the seeds and fixtures
    for links to related stories."""
    indices = [i for i, line in enumerate(lines) if line]
    if not indices:
        return None
    first = indices[0]
    # A breadcrumb glued before the headline ("Home Politics <headline>"):
    # the headline itself repeats a few lines below.
    for i in indices[1:7]:
        candidate = lines[i]
        if candidate != lines[first] and len(_words(candidate)) >= 4 and lines[first].endswith(candidate):
            return candidate, first
    for k, i in enumerate(indices[:_LOOK]):
        line = _unbulleted(lines[i])
        # One word above a story is a label ("Opinion"), not its headline.
        if _is_debris(line) or _is_metadata(line) or not is_headline(line, min_words=2) or is_prompt_or_caption(line):
            continue
        repeated = _key(line) in {_key(lines[j]) for j in indices[k + 1 : k + 7]}
        # A short sentence with its full stop is the headline only as the file's first line (how a
        # plain-text file is written); further down it is the story's first sentence.
        sentence = line.endswith(".") and (k > 0 or _more_words(line, _SHORT_SENTENCE))
        prose = _more_words(line, _HEADLINE_WORDS) or len(split_sentences(line)) > 1 or sentence
        if prose and not (repeated and not _more_words(line, _HEADLINE_WORDS)):
            return None  # the story has begun
        if not is_dateline_alone(line):
            title = without_dateline(line)
            return (title[:-1] if title.endswith(".") and not title.endswith("..") else title), i
    return None


def _lead_title(lines: list[str]) -> str:
    """A title for a text without a headline: its first sentence of news (``lines`` has the furniture
    taken out already), without its dateline, shortened at a clause or word boundary."""
    for line in lines[: _LOOK * 4]:
        for sentence in split_sentences(_unbulleted(line)):
            sentence = without_dateline(sentence)
            if is_headline(sentence) and not (
                _is_debris(sentence) or _is_metadata(sentence) or is_prompt_or_caption(sentence)
            ):
                return shortened(sentence)
    first = next((line for line in lines if line), "")
    return shortened(without_dateline(split_sentences(first)[0])) if first else ""


def clean(
    raw: str,
    *,
    title: str | None = None,
    is_word: Callable[[str], bool] = lambda w: False,
    keep_headings: bool = False,
    judge_furniture: bool = True,
) -> Cleaned:
    """Clean an article. ``title`` is given when metadata already knows it;
    otherwise the headline is found (:func:`_headline`) or the first sentence stands in. ``keep_headings``
    keeps short lines that are followed by more body text (subheadings),
    for text whose structure a real extractor already found."""
    text = normalize(raw)
    if "[" in text:
        text = _REFERENCE_MARKS.sub("", text)
    lines = [line.strip() for line in text.split("\n")]
    lines = rejoin_lines(lines, is_word)
    nonempty = [line for line in lines if line]
    if not nonempty:
        return Cleaned(title=title or "", paragraphs=())
    body_lines = lines
    headline = _headline(lines) if title is None else None
    if headline is not None and len(nonempty) == 1 and ends_sentence(nonempty[0]):
        headline = None  # a one-sentence item is its own text: its sentence is the article, not a headline
    if headline is not None:
        title = headline[0]
        # Only the headline goes: a byline or a source line above it is still read.
        body_lines = [*lines[: headline[1]], "", *lines[headline[1] + 1 :]]
    judged = False
    if judge_furniture:
        body_lines, judged = without_furniture(body_lines)
    # A title taken from the first sentence is no repeated headline: the sentence stays.
    derived = title is None
    if title is None:
        title = _lead_title(body_lines)
    title = normalize(title).strip()
    title_key = "" if derived else _key(title)
    throughout = judge_furniture and not judged and any(body_lines)

    author: str | None = None
    outlet: str | None = None
    seen: set[str] = set()
    paragraphs: list[str] = []
    pending: list[str] = []
    repeated_title: str | None = None
    for line in body_lines:
        if not line:
            continue
        bare = _unbulleted(line)
        key = _key(bare)
        if key and key == title_key and repeated_title is None:
            repeated_title = bare
        if not key or key == title_key or key in seen:
            continue
        seen.add(key)
        name = _byline(bare)
        if name:
            author = author or name
            continue
        found = _outlet_of(bare)
        if found:
            outlet = outlet or found
            continue
        if not _TWO_LETTERS.search(bare):
            continue
        # Judged text: the model has weighed these shapes with the rest of the evidence already.
        if not judged and _is_debris(bare):
            continue
        if not judged and is_fragment(bare):
            if keep_headings:
                pending.append(bare)
            continue
        paragraphs.extend(pending)
        pending.clear()
        paragraphs.append(bare)
    if not paragraphs and repeated_title and ends_sentence(repeated_title) and not _is_debris(repeated_title):
        # A one-sentence story whose headline is its text: the sentence is
        # the article, not a repeated headline.
        paragraphs.append(repeated_title)
    return Cleaned(
        title=title,
        paragraphs=tuple(paragraphs),
        author=author,
        outlet=outlet,
        title_derived=derived,
        furniture_throughout=throughout,
    )


def without_furniture(lines: list[str]) -> tuple[list[str], bool]:
    """The lines with the sentences the furniture model finds to be page furniture taken out (a line left
    with nothing becomes empty), and whether the model judged them. If it would take out everything, it
    takes out nothing and leaves the lines to the hand rules: a document that is all furniture by the
    model's lights is as likely a short article it misjudges, and the rules keep a real sentence."""
    # Glued furniture cut from a line starts a block of its own (glued.blocks); the kept parts are joined back.
    grouped = [blocks(line) for line in lines]
    judged = [block for group in grouped for block in group]
    flat = furniture(judged)
    if all(all(f) for f in flat):
        return lines, False
    kept, k = [], 0
    for line, group in zip(lines, grouped):
        parts = [
            t
            for block, flags in zip(judged[k : k + len(group)], flat[k : k + len(group)])
            for t, f in zip(block, flags)
            if not f
        ]
        k += len(group)
        kept.append(line if _is_metadata(line) else " ".join(parts))
    return kept, True


def _is_metadata(line: str) -> bool:
    """A byline or a "Source:" line: read for the author and the outlet, then dropped."""
    bare = _unbulleted(line)
    return bool(_byline(bare) or _outlet_of(bare))


def _outlet_of(line: str) -> str | None:
    """The publisher a short "Source: X" or copyright line ("© 2024 X", "Copyright X") names."""
    if _more_words(line, 10):
        return None
    match = _SOURCE_LINE.match(line) or _COPYRIGHT_LINE.match(line)
    return re.sub(r"[\s,]*\d{4}$", "", match.group("outlet")).strip(" .,") if match else None


def _is_debris(line: str) -> bool:
    """Widget text, credits, breadcrumbs: never body text."""
    words = _words(line)
    if len(words) <= 25 and has_prompt(line):
        return True
    if EMAIL.search(line) and len(words) <= 12:
        return True
    if BREADCRUMB.match(line) and not ends_sentence(line) and len(words) <= 14:
        return True
    return is_credit(line) or not re.search(r"[^\W\d_]{2}", line)
