"""The pair relation: does sentence B report the same fact as sentence A?

``relate(pairs)`` answers ``same``, ``conflict`` or ``different`` for pairs
of :class:`Statement` with a score, the probability that they state the same
fact (:mod:`.scorer`, over sentence vectors from :mod:`.vectors`):

* ``same``: the model is confident and nothing in the sentences makes the
  two tellings incompatible;
* ``conflict``: the model finds the same fact or event, and the sentences
  give another number for the same thing, another day, another speaker, or
  one denies, doubts or questions what the other asserts
  (:mod:`.signals`);
* ``different``: anything else.

The briefing groups, cites and reports differences with it, and
``benchmarks/claims.py`` scores it through the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..text.leaning import leads_with_pronoun
from ..text.similarity import numbers_in
from .context import core, reported, with_antecedent
from .scorer import content_words, names, negated, scorer
from .signals import Signals, differences, different_people, never_same, reported_speakers, signals
from .vectors import sentence_vectors

__all__ = [
    "APART",
    "EVENT_AT",
    "SAME_AT",
    "Relation",
    "Statement",
    "leads_with_pronoun",
    "relate",
    "statement",
    "statements",
]  # fmt: skip

SAME_AT = 0.44
"""Probability of the same fact from which a pair is ``same`` (tuned on half A of the dev sets)."""
EVENT_AT = 0.15
"""Probability from which an incompatible pair is a ``conflict`` rather than two different facts."""


_WEAK = frozenset({"day", "date", "duration", "amount", "stance", "speaker"})
"""Differences that make a conflict only of a pair the scorer finds to be the same fact (``SAME_AT``): news
dates what was said ("said on Friday") as often as what happened; it counts days and years of many spans; a
denial or a doubt is often of something else than what the other sentence asserts ("who has denied any
wrongdoing"); a sum of money that does not say what it is of may be of anything (:data:`.counting.AMOUNT`);
and two people are quoted on one subject as often as one person's words are given to another,
so another speaker is a conflict from ``EVENT_AT`` only when the words are largely the same (:data:`SAID_SHARE`)."""
_RETOLD = frozenset({"day", "date", "duration", "stance", "speaker"})
"""Weak differences that also need the same words (:func:`_same_words`): a story's events fall on several
days and last several spans, and two sentences close in topic that give two days are mostly two events
("fighting erupted on Monday", "raids on Sunday"); one event told with another day repeats what is told of it.
Likewise a denial of what the other sentence asserts repeats it ("deny that the company paid a bribe"); a
denial among other words is of something else ("denied the request")."""
APART = frozenset({"time", "whose", "clock"})
"""What makes two sentences two facts that are never cited together, though each may be told alike: counts
of two occasions, one kind of sum of two owners, two times of day (two moments of a story's timeline as
often as one moment told two ways: "polls open at 7 a.m." and "polls close at 8 p.m." are alike in all but
the verb, so two times are never shown as a disagreement, only never cited as one fact)."""
SAID_SHARE = 0.4
"""Share of the words the longer of two sentences reports that the other must say too for them to be one telling."""


_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def _said(s: Statement, speakers: frozenset[str]) -> frozenset[str]:
    """The words a sentence reports: its quotations where it quotes, else all but who says them."""
    quoted = " ".join(_QUOTED.findall(s.text))
    return content_words(quoted) if quoted else s.words - speakers


def _same_words(a: Statement, b: Statement) -> bool:
    """Whether each of the two largely says the other's words, who says them left out: "Jane Roe, the
    mayor, said" is not what she said, and a short remark is not the long one that holds its few words."""
    speakers = a.signals.speakers | b.signals.speakers
    said_a, said_b = _said(a, speakers), _said(b, speakers)
    long = max(len(said_a), len(said_b))
    return long > 0 and len(said_a & said_b) >= SAID_SHARE * long


@dataclass(frozen=True)
class Statement:
    text: str
    """The sentence as the source wrote it."""
    read_as: str
    """The sentence as the model reads it: a leading "He"/"She" replaced by who it is."""
    vector: np.ndarray = field(compare=False, repr=False)
    """What the sentence means, as a unit vector (:mod:`.vectors`)."""
    words: frozenset[str] = frozenset()
    """Its content words, lower case."""
    word_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32), compare=False, repr=False)
    """One unit vector per content word, in sorted order of ``words``."""
    word_weights: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32), compare=False, repr=False)
    """How rare each of those words is (:meth:`.vectors.SentenceVectors.weighted`)."""
    not_names: np.ndarray = field(default_factory=lambda: np.zeros(0, bool), compare=False, repr=False)
    """For each of those words, whether it is not one of ``names``."""
    in_core: np.ndarray = field(default_factory=lambda: np.zeros(0, bool), compare=False, repr=False)
    """For each of those words, whether it is in the sentence once its asides are left out (:func:`.context.core`)."""
    in_report: np.ndarray = field(default_factory=lambda: np.zeros(0, bool), compare=False, repr=False)
    """For each of those words, whether it is in what the sentence reports, its asides and who reports it left
    out (:func:`.context.reported`)."""
    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    negated: bool = False
    """Whether it says something is not so (:func:`.scorer.negated`)."""
    length: int = 0
    """Words."""
    persons: tuple[tuple[int, int, str], ...] = ()
    """The (start, end, name) in ``read_as`` of the people it names."""

    @cached_property
    def signals(self) -> Signals:
        """What can make two tellings incompatible: read only for pairs the scorer finds close."""
        return signals(self.read_as, reported_speakers(self.read_as, self.persons), [t for _, _, t in self.persons])


@dataclass(frozen=True)
class Relation:
    label: str
    """``same``, ``conflict`` or ``different``."""
    score: float
    """Probability that the two state the same fact."""
    differs: tuple[str, ...] = ()
    """What differs between the two tellings (``number``, ``amount``, ``duration``, ``day``, ``date``, ``stance``,
    ``speaker``; ``time``: two occasions, counts dated to different years or figures of a recurring report;
    ``whose``: one kind of sum of two owners; ``clock``: two times of day; none of the last three is ever cited
    together)."""


Spec = tuple[str, Sequence[tuple[int, int, str]], Sequence[str]]
"""(text, persons, persons_before): a sentence, the (start, end, name) of the people it names, and the
names of the people the sentence before it names."""


def statement(text: str, persons: Sequence[tuple[int, int, str]] = (), persons_before: Sequence[str] = ()) -> Statement:
    """A sentence ready to be related."""
    return statements([(text, persons, persons_before)])[0]


def statements(specs: Sequence[Spec]) -> list[Statement]:
    """Sentences ready to be related, their vectors read in one pass."""
    readings = []
    for text, persons, persons_before in specs:
        read_as = with_antecedent(text, persons_before)
        if read_as != text:
            # "He said ...": the person the sentence before is about speaks, if "he" is who says.
            shift = len(read_as) - len(text)
            lead = len(text) - len(text.lstrip("\"'“‘([ "))  # an opening quote or bracket stays before the name
            named = (lead, lead + len(persons_before[0]), persons_before[0])
            persons = [named] + [(s + shift, e + shift, t) for s, e, t in persons]
        readings.append((text, read_as, persons))
    vectors = sentence_vectors()
    sentence = vectors([read_as for _, read_as, _ in readings])
    every = [content_words(read_as) for _, read_as, _ in readings]
    ordered = [sorted(words) for words in every]
    # All the sentences' words read at once, then each sentence takes its rows.
    word_vectors, word_weights = vectors.words([w for words in ordered for w in words])
    ends = np.cumsum([len(words) for words in ordered])
    out = []
    for k, ((text, read_as, persons), vector, words) in enumerate(zip(readings, sentence, every)):
        start = ends[k] - len(ordered[k])
        name_words = names(read_as)
        main = core(read_as)
        kept = words if main == read_as else content_words(main)
        what = reported(main)
        told = kept if what == main.rstrip(" .") else content_words(what)
        out.append(
            Statement(
                text=text,
                read_as=read_as,
                persons=tuple(persons),
                vector=vector,
                words=words,
                word_vectors=word_vectors[start : ends[k]],
                word_weights=word_weights[start : ends[k]],
                not_names=np.array([w not in name_words for w in ordered[k]], dtype=bool),
                in_core=np.array([w in kept for w in ordered[k]], dtype=bool),
                in_report=np.array([w in told for w in ordered[k]], dtype=bool),
                names=name_words,
                numbers=numbers_in(read_as),
                negated=negated(read_as),
                length=len(read_as.split()),
            )
        )
    return out


def relate(pairs: Sequence[tuple[Statement, Statement]]) -> list[Relation]:
    """The relation of each pair."""
    if not pairs:
        return []
    probability = scorer().probability(pairs)
    out = []
    for (a, b), p in zip(pairs, probability.tolist()):
        if p < EVENT_AT:  # two different facts, however they are told
            out.append(Relation("different", p))
            continue
        differs = tuple(differences(a.signals, b.signals))
        if differs and different_people(a.signals, b.signals):
            # Of other people, another number or day is another fact; only their words can be one statement.
            differs = tuple(d for d in differs if d == "speaker")
        retold = _same_words(a, b) if differs else False
        # Counts of two times or of two owners are two facts, never a conflict.
        strong = [d for d in differs if d not in APART and (d not in _WEAK or (d == "speaker" and retold))]
        weak = [d for d in differs if d not in APART and (d not in _RETOLD or retold)]
        if (strong and p >= EVENT_AT) or (weak and p >= SAME_AT):
            out.append(Relation("conflict", p, tuple(d for d in differs if d not in APART)))
        elif p >= SAME_AT and not differs and not never_same(a.signals, b.signals):
            out.append(Relation("same", p))
        else:
            out.append(Relation("different", p, differs))
    return out
