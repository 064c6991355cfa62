"""Per-source summaries: real ranking, verbatim sentences, document order, no boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.brief.summarize import summarize
from briefgen.build.analyzer import Analyzer
from briefgen.ingest import read_sources
from briefgen.model import Analysis, Sentence, Source
from briefgen.text.similarity import is_showable, stems

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Source], dict[str, Analysis]]:
    sources, problems = read_sources(SEEDS)
    assert not problems
    return sources, Analyzer().analyze(sources)


def _analysis(*texts: str) -> Analysis:
    """A hand-made analysis: terms are the lower-cased words, as the analyser gives."""
    sentences = []
    offset = 0
    for i, text in enumerate(texts, start=1):
        terms = tuple(w.strip(".,!?\"'").lower() for w in text.split() if len(w.strip(".,!?\"'")) > 2)
        sentences.append(Sentence(number=i, start=offset, end=offset + len(text), text=text, terms=terms))
        offset += len(text) + 1
    return Analysis(source_id="x", sentences=tuple(sentences), mentions=())


def test_summaries_of_seeds_are_verbatim_in_order_and_clean(seeds: tuple[list[Source], dict[str, Analysis]]) -> None:
    sources, analyses = seeds
    for source in sources:
        analysis = analyses[source.id]
        picked = summarize(analysis, 3, title=source.title)
        assert len(picked) == 3
        assert list(picked) == sorted(set(picked))
        for number in picked:
            sentence = analysis.sentence(number)
            assert source.text[sentence.start : sentence.end] == sentence.text
            assert is_showable(sentence.text, stems(sentence.terms))


def test_lead_sentence_of_a_news_seed_is_kept(seeds: tuple[list[Source], dict[str, Analysis]]) -> None:
    sources, analyses = seeds
    yonhap = next(s for s in sources if s.id.startswith("001_"))
    picked = summarize(analyses[yonhap.id], 2, title=yonhap.title)
    assert "strongly" in analyses[yonhap.id].sentence(picked[0]).text


def test_boilerplate_headlines_and_fragments_are_skipped() -> None:
    analysis = _analysis(
        "Rising Tensions Over The New Border Treaty",
        "Officials in both capitals condemned the border treaty on Friday, calling it a threat to the region.",
        "Please enter your comment!",
        "The treaty obliges each side to send troops if the other is attacked, officials said.",
        "Related News",
        "Analysts expect the border treaty to raise tensions with neighbouring countries for years.",
        "LEAVE A REPLY",
    )
    picked = summarize(analysis, 3, title="Rising Tensions Over The New Border Treaty")
    assert picked == (2, 4, 6)


def test_central_sentence_beats_an_off_topic_one() -> None:
    analysis = _analysis(
        "The city council approved the new budget for schools on Monday evening after a long debate.",
        "The weather was sunny and a marching band played near the harbour all afternoon long.",
        "The school budget adds money for teachers and for repairs of old school buildings.",
        "Parents welcomed the school budget, saying teachers and school buildings needed the money.",
        "A local bakery also celebrated its fiftieth anniversary with free cakes for everyone.",
    )
    picked = summarize(analysis, 3)
    assert 1 in picked and 3 in picked and 4 in picked


def test_duplicate_sentences_count_once_and_n_zero_is_empty() -> None:
    repeated = "Officials said the bridge will reopen to traffic next week after months of repairs."
    analysis = _analysis(repeated, repeated, "The repairs cost far more than the city had planned at the start.")
    assert summarize(analysis, 2) == (1, 3)
    assert summarize(analysis, 0) == ()


def test_tfidf_space_of_rows_without_terms() -> None:
    from briefgen.text.similarity import TfidfSpace

    for space in (TfidfSpace([[], []]), TfidfSpace([[]], idf_docs=[["a"]])):
        assert len(space.idf) == len(space.vocab) == 0
        assert not space.cosine().any()
    wide = TfidfSpace([["a", "b", "a"], ["b"]], idf_docs=[["a"], ["b"], ["b"]])
    assert wide.weight("a") > wide.weight("b") > 0
