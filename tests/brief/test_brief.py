"""Briefing: claims grouped across sources, verified citations, details only one source gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.brief import brief
from briefgen.build.analyzer import Analyzer
from briefgen.ingest import read_sources
from briefgen.model import Briefing, Claim, Document, Source, Topic

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def seed_documents(analyzer: Analyzer) -> dict[str, Document]:
    sources, problems = read_sources(SEEDS)
    assert not problems
    analyses = analyzer.analyze(sources)
    return {s.id[:3]: Document(s, analyses[s.id]) for s in sources}


@pytest.fixture(scope="module")
def seed_briefing(seed_documents: dict[str, Document]) -> Briefing:
    docs = list(seed_documents.values())
    topic = Topic(slug="korea", title="Korea", source_ids=tuple(d.id for d in docs))
    return brief(topic, docs, length=12)


def _text(documents: dict[str, Document], source: str, sentence: int) -> str:
    return documents[source[:3]].analysis.sentence(sentence).text


def _claim_citing(briefing: Briefing, documents: dict[str, Document], source: str, needle: str) -> Claim:
    for claim in briefing.claims:
        for c in claim.cited:
            if c.source.startswith(source) and needle in _text(documents, c.source, c.sentence):
                return claim
    raise AssertionError(f"no claim cites {needle!r} in {source}")


def _cited(claim: Claim, documents: dict[str, Document]) -> dict[str, str]:
    return {c.source[:3]: _text(documents, c.source, c.sentence) for c in claim.cited}


# Which sentences of the seeds report the same fact, read by hand (source prefix -> 1-based
# sentence numbers). A sentence may report more than one fact (000 s-4 condemns and calls it
# a threat). Facts no two sources share are left out: a sentence in no fact here may only be
# cited as the shown sentence of its own claim.
SEED_FACTS: dict[str, dict[str, set[int]]] = {
    # Cho and Blinken call the treaty a serious / significant threat.
    "threat": {"000": {4}, "001": {1, 5}, "002": {1}, "003": {1}},
    # Cho and Blinken condemn the agreement.
    "condemn": {"000": {1, 3, 4}, "001": {1, 5, 6}, "002": {1}, "003": {1}},
    # Their phone call (and what they discussed on it).
    "call": {"000": {1, 2}, "001": {2}, "002": {2}, "003": {3}},
    # They agreed to keep monitoring the situation.
    "monitor": {"000": {12}, "002": {2}, "003": {3}},
    # The treaty's clause: military aid if the other side is attacked / at war.
    "clause": {"000": {15}, "001": {4}, "002": {3}, "003": {4}, "004": {9, 10}},
    # Putin and Kim signed it at their summit in Pyongyang.
    "summit": {"000": {14}, "001": {3}, "004": {5}},
    # Blinken backs South Korea's responses ("support for" / "stands behind" / "actively supports").
    "support": {"000": {9}, "001": {10}, "002": {4}, "003": {5}},
    # Washington will consider / explore various measures / ways to respond.
    "consider": {"000": {11}, "001": {9}, "002": {6}, "003": {7}},
    # Helping North Korea's military violates UN Security Council resolutions (002 puts it in Blinken's mouth).
    "violation": {"000": {5}, "002": {5}, "003": {6}},
    # Cho: Seoul and Washington should work closely for a firm international response.
    "cooperate": {"000": {6}, "001": {7}},
    # Cho explained Seoul's measures: sanctions on North Korea, export controls on Russia.
    "explained": {"000": {7, 8}, "001": {8}},
    # Extended deterrence and trilateral security cooperation with Japan.
    "deterrence": {"000": {13}, "001": {11}},
    # Chang Ho-jin: Seoul considers supplying weapons to Ukraine.
    "weapons": {"002": {7}, "003": {9, 18}},
}
# The facts the briefing must give as one claim, and the sources that claim must cite.
SEED_SHARED: dict[str, set[str]] = {
    "threat": {"000", "001", "002", "003"},
    "clause": {"000", "001", "002", "003", "004"},
    "call": {"000", "001", "002", "003"},
    "support": {"000", "001", "002", "003"},
    "consider": {"000", "001", "002", "003"},
    "violation": {"000", "003"},
    "cooperate": {"000", "001"},
    "explained": {"000", "001"},
    "deterrence": {"000", "001"},
    "weapons": {"002", "003"},
}


def _facts_of(source: str, sentence: int) -> set[str]:
    return {f for f, where in SEED_FACTS.items() if sentence in where.get(source[:3], set())}


def test_every_seed_citation_says_what_its_claim_shows(seed_briefing: Briefing) -> None:
    wrong = []
    for claim in seed_briefing.claims:
        shown = _facts_of(claim.source, claim.sentence)
        for c in claim.cited:
            if (c.source, c.sentence) != (claim.source, claim.sentence) and not shown & _facts_of(c.source, c.sentence):
                wrong.append(f"{claim.source[:3]} s-{claim.sentence} cites {c.source[:3]} s-{c.sentence}")
    assert not wrong


def test_most_shared_seed_facts_are_cited_across_their_sources(seed_briefing: Briefing) -> None:
    """Recall of the hand-read shared facts: for each fact, the sources its best claim cites for it.

    The scorer was never fitted on the seeds; it misses paraphrases that share few words or need
    world knowledge ("Seoul and Washington" for "South Korea and the U.S."). With the shipped scorer
    18 of the 31 (fact, source) pairs are cited (0.58); a regression below half fails.
    """
    found = total = 0
    for fact, sources in SEED_SHARED.items():
        best: set[str] = set()
        for claim in seed_briefing.claims:
            if fact not in _facts_of(claim.source, claim.sentence):
                continue
            citing = {c.source[:3] for c in claim.cited if fact in _facts_of(c.source, c.sentence)}
            best = max(best, citing, key=len)
        found += len(best & sources)
        total += len(sources)
    assert found / total >= 0.5


def test_the_violation_line_put_in_another_mouth_is_a_difference(
    seed_briefing: Briefing, seed_documents: dict[str, Document]
) -> None:
    """Cho says it in two sources; a third gives it to Blinken ("He" after a Blinken sentence)."""
    (difference,) = [d for d in seed_briefing.differences if any("violat" in v.text for v in d.versions)]
    assert "speaker" in difference.kinds
    by_source = {v.source[:3]: v.text for v in difference.versions}
    assert by_source["002"].startswith("He emphasized")
    assert "Blinken" in _text(seed_documents, "002", 4)
    assert any(t.startswith("Cho") for s, t in by_source.items() if s != "002")
    for claim in seed_briefing.claims:  # and the Blinken version supports no Cho claim
        if claim.source[:3] != "002":
            assert not any(c.source[:3] == "002" and c.sentence == 5 for c in claim.cited)


def test_claims_are_verbatim_and_cite_their_shown_sentence(
    seed_briefing: Briefing, seed_documents: dict[str, Document]
) -> None:
    assert 8 <= len(seed_briefing.claims) <= 12
    seen = set()
    for claim in seed_briefing.claims:
        assert claim.text == _text(seed_documents, claim.source, claim.sentence)
        assert (claim.source, claim.sentence) in {(c.source, c.sentence) for c in claim.cited}
        for c in claim.cited:
            assert (c.source, c.sentence) not in seen, "a sentence is cited by two claims"
            seen.add((c.source, c.sentence))
    for detail in seed_briefing.only_in:
        assert detail.text == _text(seed_documents, detail.source, detail.sentence)
        assert (detail.source, detail.sentence) not in seen


def test_serious_or_significant_threat_is_one_claim(
    seed_briefing: Briefing, seed_documents: dict[str, Document]
) -> None:
    claim = _claim_citing(seed_briefing, seed_documents, "002", "serious threat")
    cited = _cited(claim, seed_documents)
    assert len({"000", "001", "002", "003"} & set(cited)) >= 3
    assert "significant threat" in cited["003"]  # a paraphrase, cited with "serious threat"
    assert "serious threat" in cited["002"]
    assert claim.corroboration >= 3


def test_chang_ho_jin_weapons_for_ukraine_is_one_claim(
    seed_briefing: Briefing, seed_documents: dict[str, Document]
) -> None:
    claim = _claim_citing(seed_briefing, seed_documents, "002", "Chang Ho-jin")
    cited = _cited(claim, seed_documents)
    assert set(cited) == {"002", "003"}
    assert "Chang Ho-jin" in cited["003"] and "Ukraine" in cited["003"]


@pytest.mark.xfail(
    strict=True,
    reason="a known limit of the scorer: 'immediate military support in case of armed aggression' and "
    "'if one is put in a state of war by an armed invasion, the other will provide military assistance' "
    "share too few words and names for it to see one fact; the clause is two key points (docs/claims.md)",
)
def test_mutual_military_aid_clause_is_one_claim(seed_briefing: Briefing, seed_documents: dict[str, Document]) -> None:
    claim = _claim_citing(seed_briefing, seed_documents, "003", "armed aggression")
    cited = _cited(claim, seed_documents)
    assert len(cited) >= 3
    assert "armed aggression" in cited["002"] and "armed aggression" in cited["003"]
    assert all("assistance" in t or "support" in t or "aid" in t for t in cited.values())


def test_blinken_response_claim_cites_only_what_says_it(
    seed_briefing: Briefing, seed_documents: dict[str, Document]
) -> None:
    claim = _claim_citing(seed_briefing, seed_documents, "000", "actively consider various measures")
    cited = _cited(claim, seed_documents)
    assert {"000", "001", "002", "003"} <= set(cited)
    assert "consider various ways" in cited["001"]
    assert "explore various measures" in cited["002"]
    assert "considering various ways" in cited["003"]
    assert all("gratitude" not in t and "actively supports" not in t for t in cited.values())


def test_different_officials_are_not_merged(seed_briefing: Briefing, seed_documents: dict[str, Document]) -> None:
    # The Monday call of Cho Koo-rae, Jung Pak and Namazu is not the Cho Tae-yul / Blinken call.
    for claim in seed_briefing.claims:
        texts = _cited(claim, seed_documents).values()
        if any("Cho Koo-rae" in t for t in texts):
            assert not any("Blinken" in t for t in texts)
    # The phone-call claim does not cite "Cho called for Seoul and Washington to work closely together".
    claim = _claim_citing(seed_briefing, seed_documents, "002", "agreed to closely monitor")
    assert not any("work closely together" in t for t in _cited(claim, seed_documents).values())


def test_fact_only_one_seed_reports_is_in_only_in_under_that_seed(
    seed_briefing: Briefing, seed_documents: dict[str, Document]
) -> None:
    details = [d for d in seed_briefing.only_in if "warning shots" in d.text]
    assert details
    assert all(d.source.startswith("002") for d in details)
    per_source: dict[str, int] = {}
    for d in seed_briefing.only_in:
        per_source[d.source] = per_source.get(d.source, 0) + 1
    assert max(per_source.values()) <= 5
    assert not any("NO COMMENTS" in d.text or "Related News" in d.text for d in seed_briefing.only_in)


def test_length_and_only_in_limits(seed_documents: dict[str, Document]) -> None:
    docs = list(seed_documents.values())
    topic = Topic(slug="korea", title="Korea", source_ids=tuple(d.id for d in docs))
    short = brief(topic, docs, length=3, only_in=1)
    assert len(short.claims) == 3
    assert all(sum(1 for d in short.only_in if d.source == doc.id) <= 1 for doc in docs)
    assert brief(topic, docs, only_in=0).only_in == ()


# ----------------------------------------------------------------- small hand-made fixtures


def _documents(analyzer: Analyzer, **texts: str) -> list[Document]:
    sources = [Source(id=k, title="", text=v, origin=f"{k}.txt") for k, v in texts.items()]
    analyses = analyzer.analyze(sources)
    return [Document(s, analyses[s.id]) for s in sources]


def _topic(docs: list[Document]) -> Topic:
    return Topic(slug="t", title="T", source_ids=tuple(d.id for d in docs))


def test_paraphrase_across_sources_is_one_claim_and_topic_only_is_not(analyzer: Analyzer) -> None:
    docs = _documents(
        analyzer,
        a="The mayor of Springfield called the new factory a serious threat to the river and its fish.\n\n"
        "The factory will employ about 300 workers when it opens next spring.",
        b="Springfield's mayor described the factory as a significant threat to the river's fish.\n\n"
        "Local farmers worry that the factory will raise the price of land near the river.",
    )
    result = brief(_topic(docs), docs)
    threat = [c for c in result.claims if "threat" in c.text]
    assert len(threat) == 1
    assert {c.source for c in threat[0].cited} == {"a", "b"}
    for claim in result.claims:
        if claim is not threat[0]:
            assert claim.corroboration == 1  # workers and land prices only share the topic
    assert {(d.source, d.text[:9]) for d in result.only_in} <= {("a", "The facto"), ("b", "Local far")}


def test_stands_behind_and_support_for_are_one_claim_and_another_act_is_not(analyzer: Analyzer) -> None:
    docs = _documents(
        analyzer,
        a="Minister Ellen Varga said that the government stands behind the farmers' protest against the levy.\n\n"
        "Ellen Varga said the government will review the levy on diesel before the summer.",
        b="Minister Ellen Varga expressed the government's support for the farmers' protest against the levy.\n\n"
        "The farmers' union plans another march against the levy in the capital next week.",
    )
    result = brief(_topic(docs), docs)
    support = [c for c in result.claims if c.corroboration == 2]
    assert len(support) == 1
    texts = {c.source: docs[0 if c.source == "a" else 1].analysis.sentence(c.sentence).text for c in support[0].cited}
    assert "stands behind" in texts["a"] and "support for" in texts["b"]


def test_a_summit_is_not_a_phone_call_of_other_people(analyzer: Analyzer) -> None:
    docs = _documents(
        analyzer,
        a="Prime Minister Anna Lind held a summit with President Marco Tesla in Oslo and signed a trade pact.",
        b="Foreign Minister Jon Berg spoke by phone with Hugo Marsh about the outcome of the summit "
        "between Anna Lind and Marco Tesla.",
    )
    result = brief(_topic(docs), docs)
    assert all(c.corroboration == 1 for c in result.claims)


def test_conflicting_numbers_are_not_merged(analyzer: Analyzer) -> None:
    docs = _documents(
        analyzer,
        a="The storm killed 12 people in the coastal town of Harbourville on Tuesday night.",
        b="The storm killed 40 people in the coastal town of Harbourville on Tuesday night.",
    )
    result = brief(_topic(docs), docs)
    assert all(c.corroboration == 1 for c in result.claims)


def test_empty_topic_and_unknown_sources(analyzer: Analyzer) -> None:
    docs = _documents(analyzer, a="Related News")
    assert brief(_topic(docs), docs).claims == ()
    assert brief(Topic(slug="x", title="X", source_ids=("missing",)), docs).claims == ()


def test_a_detail_that_points_back_at_the_sentence_before_is_not_listed_as_only_in(analyzer: Analyzer) -> None:
    docs = _documents(
        analyzer,
        a="The city council of Springfield approved a new budget of $40 million for its schools on Monday.\n\n"
        "Eleven of these schools will get new roofs before the winter, council member Rosa Diaz said.\n\n"
        "After three years on the council, she said the vote was the hardest of her career in Springfield.\n\n"
        "The teachers' union of Springfield elected Maria Lopez as its president in a vote of its 4,000 members.",
        b="Springfield's council voted on Monday for a $40 million schools budget.",
    )
    result = brief(_topic(docs), docs, length=1, only_in=5)
    shown = [c.text for c in result.claims]
    listed = [d.text for d in result.only_in]
    assert any("teachers' union" in t for t in listed)  # a detail that says what it is about
    assert not any("these schools" in t for t in listed)
    # "She" after an opening phrase is as much the sentence before's as a leading "She".
    assert not any("she said" in t for t in shown + listed)
    assert not any("she said" in c.text for c in brief(_topic(docs), docs).claims)
