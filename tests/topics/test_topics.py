"""The topics stage on small hand-written sources, analysed by the real spaCy model."""

from __future__ import annotations

import dataclasses
import random

import pytest

from briefgen.build.analyzer import Analyzer
from briefgen.model import Document, Source, Topic, TopicDefinition
from briefgen.topics import assign_topics, requested_topics, slugify, unclaimed_definitions

QUAKE = [
    (
        "quake-reuters",
        "Earthquake of magnitude 6.2 strikes Valdoria, killing 14",
        (
            "An earthquake of magnitude 6.2 struck the mountain town of Valdoria on Tuesday, killing 14 people "
            "and injuring more than 200, the regional governor Marta Keller said.\n\n"
            "The quake hit at 4:12 a.m. and collapsed dozens of stone houses in the old town. "
            "Rescue teams searched the rubble through the night."
        ),
    ),
    (
        "quake-ap",
        "Valdoria quake death toll rises to 14 as rescuers search rubble",
        (
            "Rescuers in Valdoria pulled survivors from collapsed houses on Tuesday after a 6.2 magnitude earthquake "
            "killed 14 people. Governor Marta Keller said more than 200 were injured.\n\n"
            "The earthquake struck before dawn, and aftershocks shook the mountain town all morning."
        ),
    ),
    (
        "quake-local",
        "Governor Keller: 14 dead in Valdoria earthquake",
        (
            "Fourteen people died when a magnitude 6.2 earthquake destroyed houses in Valdoria early on Tuesday, "
            "Governor Marta Keller told reporters. Rescue teams and army engineers searched the rubble of the old town "
            "for survivors, and more than 200 injured people were taken to hospital."
        ),
    ),
]
TRANSFER = [
    (
        "transfer-sport",
        "Kestrel City sign striker Tomas Brandt for 40 million euros",
        (
            "Kestrel City have signed the striker Tomas Brandt from Harbour United for a club record fee of 40 million "
            "euros, the club announced on Friday.\n\n"
            "Brandt, 24, scored 31 goals last season and signed a five-year contract. Manager Ines Varga said the "
            "forward would make his debut against Northfield on Sunday."
        ),
    ),
    (
        "transfer-daily",
        "Brandt completes record move from Harbour United to Kestrel City",
        (
            "Tomas Brandt has completed his record 40 million euro transfer from Harbour United to Kestrel City. "
            "The 24-year-old striker, who scored 31 league goals last season, agreed a five-year contract, "
            "and Kestrel City manager Ines Varga called him the best forward in the league."
        ),
    ),
]
FESTIVAL = (
    "festival",
    "Lanternfield cheese festival draws record crowds",
    (
        "A record 80,000 visitors came to the annual cheese festival in Lanternfield this weekend, tasting soft "
        "goat cheeses and aged mountain wheels from 120 small dairies. Organisers said the honey and bread market "
        "will return next spring with a new tasting tent."
    ),
)
BUDGET = (
    "budget-2024",
    "Parliament passes the 2024 budget",
    (
        "Parliament passed the 2024 budget on Thursday after a long night of debate over pension spending "
        "and a new tax on sugary drinks proposed by the finance minister."
    ),
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(workers=1)


def make_documents(
    analyzer: Analyzer, rows: list[tuple[str, str, str]], topics: dict[str, str] | None = None
) -> list[Document]:
    sources = [
        Source(id=i, title=title, text=text, origin=f"{i}.txt", topic=(topics or {}).get(i)) for i, title, text in rows
    ]
    analyses = analyzer.analyze(sources)
    return [Document(s, analyses[s.id]) for s in sources]


@pytest.fixture(scope="module")
def corpus(analyzer: Analyzer) -> list[Document]:
    return make_documents(analyzer, [*QUAKE, *TRANSFER, FESTIVAL, BUDGET])


def by_slug(topics: tuple[Topic, ...]) -> dict[str, Topic]:
    return {t.slug: t for t in topics}


def groups(topics: tuple[Topic, ...]) -> set[frozenset[str]]:
    return {frozenset(t.source_ids) for t in topics}


def test_unrelated_stories_are_split_and_related_ones_grouped(corpus: list[Document]) -> None:
    topics = assign_topics(corpus, ())
    assert groups(topics) == {
        frozenset(i for i, _, _ in QUAKE),
        frozenset(i for i, _, _ in TRANSFER),
        frozenset({"festival"}),
        frozenset({"budget-2024"}),
    }
    assert not any(t.defined for t in topics)
    # Largest first, then by slug.
    assert [len(t.source_ids) for t in topics] == [3, 2, 1, 1]
    assert topics[2].slug < topics[3].slug
    # The title is the headline of one of the members, and the slug derives from it.
    quake = topics[0]
    assert quake.title in {title for _, title, _ in QUAKE}
    assert quake.slug == slugify(quake.title)
    assert quake.source_ids == tuple(sorted(quake.source_ids))


def test_a_glob_definition_claims_matching_ids(corpus: list[Document]) -> None:
    definition = TopicDefinition(slug="football", title="Football", sources=("transfer-*",), note_html="<p>n</p>")
    topics = by_slug(assign_topics(corpus, [definition]))
    assert topics["football"].source_ids == ("transfer-daily", "transfer-sport")
    assert topics["football"].defined
    assert topics["football"].note_html == "<p>n</p>"
    assert all(not t.defined for slug, t in topics.items() if slug != "football")
    assert sum(len(t.source_ids) for t in topics.values()) == len(corpus)


def test_exact_ids_and_match_terms_are_whole_word_and_case_insensitive(
    analyzer: Analyzer, corpus: list[Document]
) -> None:
    extra = make_documents(
        analyzer,
        [("cheeseboard", "Cheesemakers' union elects a leader", "The union of cheesemakers met in the capital.")],
    )
    makers = TopicDefinition(slug="makers", title="Makers", match=("maker", "cheesemaker"))
    definitions = [
        TopicDefinition(slug="food", title="Food", match=("CHEESE   festival", "honey")),
        TopicDefinition(slug="money", title="Money", sources=("budget-2024",)),
        makers,
    ]
    topics = by_slug(assign_topics([*corpus, *extra], definitions))
    assert topics["food"].source_ids == ("festival",)
    assert topics["money"].source_ids == ("budget-2024",)
    # "Cheesemakers'" holds neither the word "maker" nor the word "cheesemaker".
    assert "makers" not in topics
    assert unclaimed_definitions([*corpus, *extra], definitions) == (makers,)


def test_front_matter_topic_wins_over_an_earlier_definition(analyzer: Analyzer) -> None:
    documents = make_documents(analyzer, [*TRANSFER, BUDGET], topics={"transfer-daily": "Sport"})
    definitions = [
        TopicDefinition(slug="a-everything", title="Everything", match=("euro", "euros", "budget")),
        TopicDefinition(slug="sport", title="Sport"),
    ]
    topics = by_slug(assign_topics(documents, definitions))
    assert topics["sport"].source_ids == ("transfer-daily",)
    assert topics["a-everything"].source_ids == ("budget-2024", "transfer-sport")


def test_first_definition_in_slug_order_wins(corpus: list[Document]) -> None:
    definitions = [
        TopicDefinition(slug="zz-quakes", title="Later", sources=("quake-*",)),
        TopicDefinition(slug="aa-quakes", title="Earlier", sources=("quake-a*",)),
    ]
    topics = by_slug(assign_topics(corpus, definitions))
    assert topics["aa-quakes"].source_ids == ("quake-ap",)
    assert topics["zz-quakes"].source_ids == ("quake-local", "quake-reuters")


def test_unclaimed_definitions_are_left_out_and_reported(corpus: list[Document]) -> None:
    empty = TopicDefinition(slug="elections", title="Elections", sources=("vote-*",), match=("ballot",))
    topics = assign_topics(corpus, [empty])
    assert "elections" not in by_slug(topics)
    assert unclaimed_definitions(corpus, [empty]) == (empty,)


def test_front_matter_naming_no_definition_groups_under_that_slug(analyzer: Analyzer) -> None:
    documents = make_documents(analyzer, [FESTIVAL, BUDGET], topics={"festival": "Summer Fairs"})
    assert requested_topics(documents, ()) == {"summer-fairs": ("festival",)}
    topics = by_slug(assign_topics(documents, ()))
    assert topics["summer-fairs"].source_ids == ("festival",)
    assert topics["summer-fairs"].title == FESTIVAL[1]


def test_front_matter_naming_no_definition_names_the_story_its_source_is_in(
    analyzer: Analyzer, corpus: list[Document]
) -> None:
    plain = assign_topics(corpus, ())
    documents = make_documents(analyzer, [*QUAKE, *TRANSFER, FESTIVAL, BUDGET], topics={"quake-ap": "valdoria"})
    topics = assign_topics(documents, ())
    # The same stories as without the request; the one holding the source is named by it.
    assert groups(topics) == groups(plain)
    named = by_slug(topics)["valdoria"]
    assert set(named.source_ids) == {i for i, _, _ in QUAKE}
    assert named.title == next(t for t in plain if "quake-ap" in t.source_ids).title
    assert not named.defined


def test_sources_asking_for_one_slug_are_gathered_in_the_story_most_of_them_are_in(
    analyzer: Analyzer, corpus: list[Document]
) -> None:
    asked = {"quake-ap": "disasters", "quake-local": "disasters", "festival": "disasters"}
    documents = make_documents(analyzer, [*QUAKE, *TRANSFER, FESTIVAL, BUDGET], topics=asked)
    topics = by_slug(assign_topics(documents, ()))
    assert set(topics["disasters"].source_ids) == {i for i, _, _ in QUAKE} | {"festival"}
    assert sum(len(t.source_ids) for t in topics.values()) == len(documents)
    # Its own request beats another definition's match term.
    definition = TopicDefinition(slug="fairs", title="Fairs", match=("festival",))
    topics = by_slug(assign_topics(documents, [definition]))
    assert "festival" in topics["disasters"].source_ids
    assert "fairs" not in topics


def test_two_slugs_asked_for_in_one_story_split_it(analyzer: Analyzer) -> None:
    documents = make_documents(analyzer, QUAKE, topics={"quake-ap": "rescue", "quake-local": "toll"})
    topics = by_slug(assign_topics(documents, ()))
    assert sorted(topics) == ["rescue", "toll"]
    assert sorted(len(t.source_ids) for t in topics.values()) == [1, 2]
    # A front-matter topic that a definition has is that definition's.
    definition = TopicDefinition(slug="toll", title="The toll", sources=("nothing",))
    topics = by_slug(assign_topics(documents, [definition]))
    assert topics["toll"].source_ids == ("quake-local",) and topics["toll"].defined


def test_slugs_are_stable_deduplicated_and_independent_of_input_order(
    analyzer: Analyzer, corpus: list[Document]
) -> None:
    # A definition already uses the slug the festival story would get, and two unrelated
    # stories have headlines that make the same slug ("topic").
    festival_slug = slugify(FESTIVAL[1])
    definitions = [TopicDefinition(slug=festival_slug, title="Taken", sources=("nothing-matches",))]
    untitled = make_documents(
        analyzer,
        [
            ("untitled-b", "???", "The lighthouse keeper repainted the tower red and white in October."),
            ("untitled-a", "!!!", "Three violinists from the conservatory won the national chamber music prize."),
        ],
    )
    documents = [*corpus, *untitled]
    first = assign_topics(documents, definitions)
    shuffled = list(documents)
    random.Random(7).shuffle(shuffled)
    assert assign_topics(shuffled, definitions) == first
    assert assign_topics(list(reversed(documents)), definitions) == first
    assert assign_topics(documents, definitions) == first
    slugs = [t.slug for t in first]
    assert len(set(slugs)) == len(slugs)
    topics = {t.source_ids: t.slug for t in first}
    # The definition keeps its slug even though it claims nothing.
    assert topics[("festival",)] == f"{festival_slug}-2"
    # Equal slugs get -2, -3 … in the order of the stories' first source ids.
    assert topics[("untitled-a",)] == "topic"
    assert topics[("untitled-b",)] == "topic-2"


def test_slugify() -> None:
    assert slugify("Ünïcode — Headline: 2024!") == "unicode-headline-2024"
    assert slugify("???") == "topic"
    long = slugify("word " * 40)
    assert len(long) <= 60 and not long.endswith("-")


def test_empty_input() -> None:
    assert assign_topics([], ()) == ()


@pytest.mark.parametrize("seed", range(5))
def test_average_linkage_matches_scipy_on_random_graphs(seed: int) -> None:
    """The sparse linkage merges exactly as SciPy's dense average linkage cut
    at the same distance, missing pairs counting as similarity 0."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    from briefgen.topics.clustering import average_linkage

    rng = np.random.default_rng(seed)
    n, threshold = 60, 0.7
    similarity = np.triu(rng.random((n, n)) ** 3 * (rng.random((n, n)) < 0.3), 1)
    rows, cols = np.nonzero(similarity)
    labels, cohesion = average_linkage(sp.coo_matrix((similarity[rows, cols], (rows, cols)), shape=(n, n)), threshold)
    dense = similarity + similarity.T
    expected = fcluster(linkage(squareform(1.0 - dense, checks=False), "average"), threshold, criterion="distance")

    def partition(found: np.ndarray) -> set[frozenset[int]]:
        return {frozenset(np.flatnonzero(found == label).tolist()) for label in set(found.tolist())}

    assert partition(labels) == partition(expected)
    assert len(partition(labels)) not in (1, n)  # the threshold cuts somewhere in between
    same = labels[:, None] == labels[None, :]
    assert np.allclose(cohesion, (dense * same).sum(axis=1))


def test_tfidf_rows_are_sublinear_smoothed_and_unit_length() -> None:
    """tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1, columns in term
    order, each row of length one; a row with no terms stays empty."""
    import math

    import numpy as np

    from briefgen.topics.clustering import _tfidf

    bags = [("quake", "quake", "toll"), ("toll", "rescue"), (), ("quake", "quake", "quake", "aftershock")]
    found = _tfidf(bags).toarray()
    terms = sorted({t for bag in bags for t in bag})
    expected = np.zeros((len(bags), len(terms)))
    for row, bag in enumerate(bags):
        for column, term in enumerate(terms):
            if term in bag:
                df = sum(term in other for other in bags)
                expected[row, column] = (1 + math.log(bag.count(term))) * (math.log(5 / (1 + df)) + 1)
        norm = math.sqrt((expected[row] ** 2).sum())
        if norm:
            expected[row] /= norm
    assert np.allclose(found, expected)
    assert found[2].sum() == 0.0
    assert _tfidf([(), ()]).shape == (2, 0)


def test_the_central_member_does_not_change_with_a_tiny_shift_of_the_weights() -> None:
    """Two near-copies of one report: whichever is a hair more central, the
    first in input order names the story; a clearly more central one still wins."""
    import numpy as np

    from briefgen.topics.clustering import central_member

    members = [2, 5, 7]
    assert central_member(members, np.array([0, 0, 2.0, 0, 0, 3.44505631, 0, 3.44505634])) == 5
    assert central_member(members, np.array([0, 0, 2.0, 0, 0, 3.44505634, 0, 3.44505631])) == 5
    assert central_member(members, np.array([0, 0, 2.0, 0, 0, 3.1, 0, 3.4])) == 7
    assert central_member(members, np.zeros(8)) == 2


def test_sources_without_any_feature_are_each_a_story_of_their_own(corpus: list[Document]) -> None:
    # Nothing to compare (no body terms, headline words, names or dates): no source joins another.
    found = assign_topics(corpus, (), bags=lambda d: ((), (), (), ()))
    assert sorted(t.source_ids for t in found) == sorted((d.id,) for d in corpus)
    assert len({t.slug for t in found}) == len(corpus)


def test_a_source_read_as_furniture_throughout_joins_its_story_but_makes_none(analyzer: Analyzer) -> None:
    """The furniture model reads some short news items as furniture throughout: such a source is grouped by
    what it says, so an item joins the story it tells, but alone, or by its front matter, it makes no story
    (a notice would be one, with itself as its key point)."""
    item = (
        "quake-brief",
        "Quake in Valdoria",
        (
            "A magnitude 6.2 earthquake killed 14 people in the mountain town of Valdoria on Tuesday, Governor "
            "Marta Keller said."
        ),
    )
    notice = ("archive", "Archived page", "This page was saved by a web crawler and is kept in a public archive.")
    documents = make_documents(analyzer, [*QUAKE, item, notice, FESTIVAL], topics={"archive": "archive-notices"})
    furniture = {"quake-brief", "archive"}
    documents = [Document(dataclasses.replace(d.source, furniture=d.id in furniture), d.analysis) for d in documents]
    topics = assign_topics(documents, ())
    assert groups(topics) == {frozenset({*(i for i, _, _ in QUAKE), "quake-brief"}), frozenset({"festival"})}
    # The story is named by a source that is not furniture.
    assert by_slug(topics)[slugify(topics[0].title)].title in {title for _, title, _ in QUAKE}
