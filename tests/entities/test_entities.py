"""The entity index: alias resolution on the seeds and on small explicit fixtures."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from briefgen.entities import resolve
from briefgen.entities.aliases import AliasTable, default_aliases, parse_alias_table, parse_overrides
from briefgen.entities.names import key, trim
from briefgen.model import Analysis, Document, Entity, EntityMention, Mention, Sentence, Source
from briefgen.text.lexicon import function_words

ROOT = Path(__file__).resolve().parents[2]


def _load_alias_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("alias_benchmark", ROOT / "benchmarks" / "aliases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def document(source_id: str, text: str, *names: tuple[str, str]) -> Document:
    """A hand-built document: ``names`` are (surface, label), tagged at every
    occurrence that is not inside a longer name (whole words only)."""
    sentences = []
    for number, match in enumerate(re.finditer(r"[^.!?]+[.!?]?", text), start=1):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        said = text[start : match.end()]
        # The analysis's terms: content words, lower-cased.
        terms = tuple(w.lower() for w in re.findall(r"[A-Za-z]+", said) if w.lower() not in function_words())
        sentences.append(Sentence(number, start, match.end(), said, terms))
    mentions: list[Mention] = []
    for surface, label in sorted(names, key=lambda n: -len(n[0])):
        for found in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if any(m.start < found.end() and found.start() < m.end for m in mentions):
                continue
            number = max(s.number for s in sentences if s.start <= found.start())
            mentions.append(Mention(surface, label, found.start(), found.end(), number))
    mentions.sort(key=lambda m: m.start)
    source = Source(id=source_id, title=source_id, text=text, origin=f"{source_id}.txt")
    return Document(source, Analysis(source_id, tuple(sentences), tuple(mentions)))


def owner(entities: tuple[Entity, ...], source: str, text: str) -> Entity:
    """The entity holding the mention ``text`` in ``source``."""
    found = [e for e in entities if any(m.source == source and m.text == text for m in e.mentions)]
    assert len(found) == 1, (source, text, [e.name for e in found])
    return found[0]


# --- the seeds, through the real ingest and the real model --------------------


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Document], tuple[Entity, ...]]:
    from briefgen.build.analyzer import Analyzer
    from briefgen.ingest import read_sources

    sources, _ = read_sources(ROOT / "seeds")
    analyses = Analyzer().analyze(sources)
    documents = [Document(s, analyses[s.id]) for s in sources]
    return documents, resolve(documents)


def by_name(entities: tuple[Entity, ...], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, (name, [e.name for e in entities])
    return found[0]


def forms(entity: Entity) -> set[str]:
    return {m.text for m in entity.mentions}


def test_seed_people_named_cho_are_two_people(seeds: tuple[list[Document], tuple[Entity, ...]]) -> None:
    _, entities = seeds
    cho = by_name(entities, "Cho Tae-yul")
    assert {"Cho Tae Yul", "Cho Tae-yul", "Cho"} <= forms(cho)
    koo_rae = by_name(entities, "Cho Koo-rae")
    assert koo_rae is not cho and "Cho" not in forms(koo_rae)
    assert all(e.name != "Cho" for e in entities)


def test_seed_countries_gather_their_aliases(seeds: tuple[list[Document], tuple[Entity, ...]]) -> None:
    _, entities = seeds
    us = by_name(entities, "United States")
    assert {"U.S.", "US", "United States"} <= forms(us) and us.type == "GPE"
    north = by_name(entities, "North Korea")
    assert {"DPRK", "North Korea"} <= forms(north) and north.type == "GPE"
    # A capital and a demonym are never their country.
    for other in ("Seoul", "Pyongyang", "Washington", "South Korean", "North Korean"):
        entity = by_name(entities, other)
        assert entity not in (us, north, by_name(entities, "South Korea"))
    assert by_name(entities, "South Korean").type == "NORP"


def test_seed_blinken_is_a_person_everywhere(seeds: tuple[list[Document], tuple[Entity, ...]]) -> None:
    documents, entities = seeds
    blinken = by_name(entities, "Antony Blinken")
    assert blinken.type == "PERSON" and "Blinken" in blinken.aliases
    # Every "Blinken" the model tagged (some of them as GPE) is in this entity.
    tagged = sum(1 for d in documents for m in d.analysis.mentions if m.text == "Blinken")
    assert sum(1 for m in blinken.mentions if m.text == "Blinken") >= tagged
    assert [e for e in entities if "Blinken" in forms(e)] == [blinken]


def test_seed_index_has_no_junk(seeds: tuple[list[Document], tuple[Entity, ...]]) -> None:
    _, entities = seeds
    for entity in entities:
        assert entity.name[:1].isupper() or entity.name[:1].isdigit(), entity.name
        assert not re.fullmatch(r"[\d\W]+", entity.name), entity.name
        for mention in entity.mentions:
            assert not mention.text.endswith(("'s", "’s", "-")), mention
            assert not mention.text.lower().startswith("the "), mention
    names = {e.name for e in entities}
    assert not names & {"State", "Supreme", "Friday", "June 19", "two", "Thursday"}


def test_seed_mentions_point_at_their_text(seeds: tuple[list[Document], tuple[Entity, ...]]) -> None:
    documents, entities = seeds
    texts = {d.id: d.source.text for d in documents}
    titles = {d.id: d.source.title for d in documents}
    sentences = {d.id: d.analysis.sentences for d in documents}
    headline = 0
    for entity in entities:
        for m in entity.mentions:
            if m.sentence == 0:  # in the headline
                assert titles[m.source][m.start : m.end] == m.text
                headline += 1
                continue
            assert texts[m.source][m.start : m.end].replace("\xa0", " ") == m.text
            sentence = sentences[m.source][m.sentence - 1]
            assert sentence.start <= m.start < sentence.end + 1
    assert headline >= 4  # the seeds' headlines name their countries


def test_seed_gold_alias_pairs(seeds: tuple[list[Document], tuple[Entity, ...]]) -> None:
    bench = _load_alias_benchmark()
    _, entities = seeds
    gold = bench.load_gold((ROOT / "tests" / "gold_aliases.toml").read_text(encoding="utf-8"))
    result = bench.score(entities, gold)
    assert result.person_merges == ()
    assert result.precision >= 0.95 and result.recall >= 0.95, (result.wrong, result.missed)


def test_alias_score_counts_a_wrong_merge() -> None:
    bench = _load_alias_benchmark()
    gold = bench.load_gold(
        '[[entity]]\nname="A"\ntype="PERSON"\nforms=["Ann Lee", "Lee"]\n'
        '[[entity]]\nname="B"\ntype="PERSON"\nforms=["Bo Lee"]\n'
    )
    doc = document(
        "d", "Ann Lee spoke. Lee left. Bo Lee came.", ("Ann Lee", "PERSON"), ("Bo Lee", "PERSON"), ("Lee", "PERSON")
    )
    mentions = tuple(EntityMention("d", 1, t, 0, 1) for t in ("Ann Lee", "Bo Lee", "Lee"))
    merged = (Entity("x", "Lee", "PERSON", (), mentions),)
    result = bench.score(merged, gold)
    assert result.person_merges and result.precision < 0.5
    assert bench.score(resolve([doc]), gold).person_merges == ()


# --- small fixtures: one rule each, and its negative ---------------------------


def test_surface_forms_are_normalised() -> None:
    text = "The United States' envoy met South Korea-U.S. officials and lawyer Mark Halden."
    assert text[slice(*trim(text, 0, 18))] == "United States"
    start = text.index("South")
    assert text[slice(*trim(text, start, start + 12))] == "South Korea"
    start = text.index("lawyer")
    assert text[slice(*trim(text, start, len(text) - 1, person=True))] == "Mark Halden"
    assert key("Kim Jong-un") == key("Kim Jong Un") == "kim jong un"
    assert key("U. S.") == key("U.S.") == key("US")
    assert key("Larkspur Centre") == key("Larkspur Center")


def test_compound_spans_are_split_into_known_names() -> None:
    doc = document(
        "d",
        "Russia signed. North Korea agreed. The Russia-North Korea pact worries Coca-Cola.",
        ("Russia", "GPE"),
        ("North Korea", "GPE"),
        ("Coca-Cola", "ORG"),
    )
    # The model's one span over "Russia-North Korea" is two countries; "Coca-Cola" stays whole.
    analysis = doc.analysis
    start = doc.source.text.index("Russia-North")
    mentions = [m for m in analysis.mentions if not (start <= m.start < start + 18)]
    mentions.append(Mention("Russia-North Korea", "GPE", start, start + 18, 3))
    doc = Document(doc.source, Analysis("d", analysis.sentences, tuple(sorted(mentions, key=lambda m: m.start))))
    entities = resolve([doc])
    assert len(by_name(entities, "Russia").mentions) == 2
    assert len(by_name(entities, "North Korea").mentions) == 2
    assert by_name(entities, "Coca-Cola")


def test_short_name_goes_to_the_nearest_full_name_in_its_document() -> None:
    a = document("a", "John Smith spoke. Smith left.", ("John Smith", "PERSON"), ("Smith", "PERSON"))
    b = document("b", "Jane Smith answered. Smith smiled.", ("Jane Smith", "PERSON"), ("Smith", "PERSON"))
    entities = resolve([a, b])
    assert owner(entities, "a", "Smith") is owner(entities, "a", "John Smith")
    assert owner(entities, "b", "Smith") is owner(entities, "b", "Jane Smith")
    assert owner(entities, "a", "John Smith") is not owner(entities, "b", "Jane Smith")


def test_two_people_with_one_surname_in_one_document() -> None:
    text = "Cho Tae-yul spoke. Cho called. Later Cho Koo-rae arrived. Cho waved."
    entities = resolve([_with_bare(text, "Cho")])
    first, second = (owner(entities, "d", name) for name in ("Cho Tae-yul", "Cho Koo-rae"))
    assert first is not second and len(first.mentions) == len(second.mentions) == 1
    assert owner(entities, "d", "Cho").name == "Cho"


def _with_bare(text: str, bare: str) -> Document:
    doc = document("d", text, ("Cho Tae-yul", "PERSON"), ("Cho Koo-rae", "PERSON"))
    extra = [Mention(bare, "PERSON", m.start(), m.end(), 1) for m in re.finditer(rf"\b{bare}\b(?![ -][A-Z])", text)]
    mentions = sorted((*doc.analysis.mentions, *extra), key=lambda m: m.start)
    return Document(doc.source, Analysis("d", doc.analysis.sentences, tuple(mentions)))


def test_surname_across_a_story_only_when_unambiguous() -> None:
    a = document("a", "Ada Vance checked in.", ("Ada Vance", "PERSON"))
    b = document("b", "Vance is resting.", ("Vance", "PERSON"))
    assert owner(resolve([a, b]), "b", "Vance").name == "Ada Vance"
    c = document("c", "Hugo Vance objected.", ("Hugo Vance", "PERSON"))
    entities = resolve([a, b, c])
    assert owner(entities, "b", "Vance").name == "Vance"
    # With topics, each story resolves on its own.
    entities = resolve([a, b, c], topics={"a": "rehab", "b": "rehab", "c": "senate"})
    assert owner(entities, "b", "Vance").name == "Ada Vance"


def test_model_label_corrected_by_majority_and_context() -> None:
    a = document("a", "Antony Blinken said. Blinken left.", ("Antony Blinken", "PERSON"), ("Blinken", "GPE"))
    b = document("b", "Blinken spoke. Blinken agreed.", ("Blinken", "PERSON"))
    entities = resolve([a, b])
    blinken = owner(entities, "a", "Blinken")
    assert blinken.name == "Antony Blinken" and blinken.type == "PERSON"
    assert owner(entities, "b", "Blinken") is blinken


def test_acronym_with_its_expansion_and_not_with_a_person() -> None:
    doc = document(
        "d",
        "The Ohio Department of Coastal Safety said. ODCS added. Otto Dale Carl Sims agreed.",
        ("Ohio Department of Coastal Safety", "ORG"),
        ("ODCS", "ORG"),
        ("Otto Dale Carl Sims", "PERSON"),
    )
    entities = resolve([doc])
    assert owner(entities, "d", "ODCS").name == "Ohio Department of Coastal Safety"
    assert owner(entities, "d", "Otto Dale Carl Sims").type == "PERSON"
    assert len(owner(entities, "d", "Otto Dale Carl Sims").mentions) == 1


def test_alias_table_merges_but_never_demonyms_or_capitals() -> None:
    doc = document(
        "d",
        "The U.S. and America agree. Washington said. American officials and the United States left.",
        ("U.S.", "GPE"),
        ("America", "GPE"),
        ("Washington", "GPE"),
        ("American", "NORP"),
        ("United States", "GPE"),
    )
    entities = resolve([doc])
    us = owner(entities, "d", "U.S.")
    assert us.name == "United States" and {"U.S.", "America", "United States"} <= forms(us)
    assert owner(entities, "d", "Washington") is not us and owner(entities, "d", "American") is not us
    # Without the table only the spellings of one name meet.
    bare = resolve([doc], aliases=AliasTable())
    assert owner(bare, "d", "U.S.") is not owner(bare, "d", "America")


def test_missed_mentions_of_a_known_name_are_recovered() -> None:
    a = document("a", "Jack Orrin confirmed it.", ("Jack Orrin", "PERSON"))
    b = document("b", "Her rep Jack Orrin said so. Nobody asked jack orrin.")
    entities = resolve([a, b])
    jack = by_name(entities, "Jack Orrin")
    assert [(m.source, m.start) for m in jack.mentions] == [("a", 0), ("b", 8)]
    assert jack.mentions[1].sentence == 1


def test_nested_place_is_split_from_the_institution() -> None:
    doc = document(
        "d",
        "She entered the Larkspur Center in Orlin Springs, California.",
        ("the Larkspur Center in Orlin Springs, California", "ORG"),
    )
    names = {e.name: e.type for e in resolve([doc])}
    assert names == {"Larkspur Center": "ORG", "Orlin Springs": "GPE", "California": "GPE"}


def test_ids_are_stable_slugs_and_deduplicated() -> None:
    a = document("a", "Vance spoke.", ("Vance", "PERSON"))
    b = document("b", "Vance spoke.", ("Vance", "PERSON"))
    entities = resolve([a, b], topics={"a": "one", "b": "two"})
    assert sorted(e.id for e in entities) == ["vance", "vance-2"]
    assert [e.id for e in resolve([a, b], topics={"a": "one", "b": "two"})] == [e.id for e in entities]


# --- the editor's file and the alias table ------------------------------------

EDITOR = """
merge = [["Kim Jong Un", "Kim"]]
split = ["Cho"]
hide = ["Exit"]

[rename]
"Antony Blinken" = "Tony Blinken"

[retype]
"Twitter" = "ORG"
"""


def test_overrides_win_over_the_automatic_result() -> None:
    doc = document(
        "d",
        "Cho Tae-yul met Antony Blinken. Cho spoke. Kim Jong Un and Kim were there. Twitter said. Exit now.",
        ("Cho Tae-yul", "PERSON"),
        ("Antony Blinken", "PERSON"),
        ("Kim Jong Un", "PERSON"),
        ("Twitter", "PERSON"),
        ("Exit", "GPE"),
        ("Cho", "PERSON"),
        ("Kim", "GPE"),
    )
    overrides, problems = parse_overrides(EDITOR, "content/entities.toml")
    assert problems == []
    plain = resolve([doc])
    assert owner(plain, "d", "Cho").name == "Cho Tae-yul"
    entities = resolve([doc], overrides=overrides)
    assert owner(entities, "d", "Cho").name == "Cho" and owner(entities, "d", "Cho Tae-yul").name == "Cho Tae-yul"
    assert owner(entities, "d", "Kim") is owner(entities, "d", "Kim Jong Un")
    assert owner(entities, "d", "Kim").name == "Kim Jong Un"
    assert owner(entities, "d", "Antony Blinken").name == "Tony Blinken"
    assert owner(entities, "d", "Twitter").type == "ORG"
    assert all(e.name != "Exit" for e in entities)


def test_override_problems_name_the_file_and_the_key() -> None:
    text = 'merge = "Kim"\nsplit = ["Cho"]\ncolour = 3\n[retype]\n"Kim" = "ROBOT"\n[rename]\n"A" = 4\n'
    overrides, problems = parse_overrides(text, "content/entities.toml")
    reasons = [str(p) for p in problems]
    assert all(r.startswith("content/entities.toml: ") for r in reasons)
    assert any("merge" in r for r in reasons) and any("'colour'" in r for r in reasons)
    assert any("retype.Kim" in r for r in reasons) and any("rename.A" in r for r in reasons)
    assert overrides.split == ("Cho",)
    _, problems = parse_overrides("merge = [[", "content/entities.toml")
    assert problems and "not valid TOML" in problems[0].reason


def test_default_alias_table_is_valid_and_extendable() -> None:
    table = default_aliases()
    index = table.index()
    assert index[key("DPRK")] == index[key("North Korea")]
    assert key("Seoul") not in index and key("American") not in index
    own, problems = parse_alias_table('[[entity]]\nname = "Big Apple Corp"\naliases = ["BAC"]\n', "aliases.toml")
    assert problems == []
    assert key("BAC") in table.extended(own).index()
    _, problems = parse_alias_table('[[entity]]\nname = "X"\ntype = "THING"\nextra = 1\n', "aliases.toml")
    assert len(problems) == 2


# --- name variants across a story, institution parts, digit names, nested people ---


def test_given_names_and_full_names_that_agree() -> None:
    from briefgen.entities.people import agree, given_names_agree, one_person, variant_groups

    assert given_names_agree("j", "john") and given_names_agree("alex", "alexander")
    # Names that differ are two people, however alike they start or sound.
    assert not given_names_agree("tracy", "trayvon") and not given_names_agree("jim", "john")
    assert not given_names_agree("jo", "joan") and not given_names_agree("mark", "mary")
    assert agree("ruth e quill", "ruth quill") and agree("oren dalby jr", "oren dalby jr")
    # A son and his father: the suffix tells them apart.
    assert not agree("oren dalby jr", "oren dalby") and not agree("oren dalby jr", "oren dalby sr")
    assert agree("ines varga", "ines vargas") and not agree("ines varga", "iris vargas")
    assert not agree("cho tae yul", "cho koo rae") and not agree("marla quenby", "marlon quenby")
    assert one_person(["alex brannock", "alexander brannock"]) and not one_person(["jo pell", "joan pell"])
    assert variant_groups(["alex brannock", "alexander brannock", "jo brannock"]) == [
        ["alex brannock", "alexander brannock"]
    ]
    # "J. Smith" agrees with both, who do not agree: nobody is merged.
    assert variant_groups(["jim smith", "john smith", "j smith"]) == []


def test_person_variants_merge_across_a_story_but_never_two_people() -> None:
    a = document("a", "Alexander Brannock was fired. Brannock left.", ("Alexander Brannock", "PERSON"),
                 ("Brannock", "PERSON"))  # fmt: skip
    b = document("b", "The team hired Alex Brannock in 2005.", ("Alex Brannock", "GPE"))
    c = document("c", "Tobias Brannock, his cousin, watched.", ("Tobias Brannock", "PERSON"))
    entities = resolve([a, b, c])
    assert owner(entities, "b", "Alex Brannock") is owner(entities, "a", "Alexander Brannock")
    assert owner(entities, "b", "Alex Brannock").type == "PERSON"
    assert owner(entities, "c", "Tobias Brannock") is not owner(entities, "a", "Alexander Brannock")
    d = document(
        "d",
        "Jim Smith and John Smith met J. Smith.",
        ("Jim Smith", "PERSON"),
        ("John Smith", "PERSON"),
        ("J. Smith", "PERSON"),
    )
    people = {e.name for e in resolve([d])}
    assert {"Jim Smith", "John Smith", "J. Smith"} <= people


def test_a_surname_is_nobody_where_two_people_bear_it() -> None:
    a = document("a", "Tracy Marden spoke. Trayvon Marden was his son. Marden wept.",
                 ("Tracy Marden", "PERSON"), ("Trayvon Marden", "PERSON"), ("Marden", "PERSON"))  # fmt: skip
    b = document("b", "Marden was 17. Police named Trayvon Marden.", ("Marden", "PERSON"), ("Trayvon Marden", "PERSON"))
    c = document("c", "A vigil for Marden was held.", ("Marden", "PERSON"))
    entities = resolve([a, b, c])
    father, son = owner(entities, "a", "Tracy Marden"), owner(entities, "a", "Trayvon Marden")
    assert father is not son
    assert owner(entities, "b", "Marden") is son
    assert owner(entities, "a", "Marden") not in (father, son) and owner(entities, "c", "Marden") not in (father, son)


def test_a_word_one_person_bears_as_given_name_and_another_as_surname_is_neither() -> None:
    a = document("a", "Ashford Pell was nine. Analyst Dale Ashford studied the call. Ashford was heard on the tape.",
                 ("Ashford Pell", "PERSON"), ("Dale Ashford", "PERSON"), ("Ashford", "PERSON"))  # fmt: skip
    b = document("b", "Ashford was questioned again by the police.", ("Ashford", "PERSON"))
    # The story calls the boy "Ashford" where he is the only one of that name.
    c = document("c", "Ashford Pell turned ten in May. Ashford smiled at the camera.",
                 ("Ashford Pell", "PERSON"), ("Ashford", "PERSON"))  # fmt: skip
    for entities in (resolve([a, b, c]), resolve([a, b, c], learned=False)):
        boy, analyst = owner(entities, "a", "Ashford Pell"), owner(entities, "a", "Dale Ashford")
        assert boy is not analyst
        assert owner(entities, "a", "Ashford") not in (boy, analyst)
        assert owner(entities, "b", "Ashford") not in (boy, analyst)


def test_a_surname_run_onto_a_place_is_no_given_name() -> None:
    # "Vance Orlin": the model ran a signature's surname onto the place after it.
    a = document("a", "The letter was signed: Vance Orlin, May 2. Vance wrote it in jail.",
                 ("Vance Orlin", "PERSON"), ("Vance", "PERSON"))  # fmt: skip
    b = document("b", "Ada Vance was tried in Orlin. Vance appealed.", ("Ada Vance", "PERSON"), ("Orlin", "GPE"),
                 ("Vance", "PERSON"))  # fmt: skip
    c = document("c", "Vance was hanged two days later.", ("Vance", "PERSON"))
    for entities in (resolve([a, b, c]), resolve([a, b, c], learned=False)):
        assert owner(entities, "c", "Vance") is owner(entities, "b", "Ada Vance")


def test_a_bare_surname_is_not_the_son_a_document_calls_by_his_suffix() -> None:
    a = document("a", "Oren Dalby Jr. met the board. Dalby Jr. smiled. Critics said Dalby ran the firm for his son.",
                 ("Oren Dalby Jr.", "PERSON"), ("Dalby Jr.", "PERSON"), ("Dalby", "PERSON"))  # fmt: skip
    b = document("b", "Oren Dalby spoke at the rally on Friday.", ("Oren Dalby", "PERSON"))
    c = document("c", "Tobin Marsh Jr. opened the shop. Marsh said it was his dream.",
                 ("Tobin Marsh Jr.", "PERSON"), ("Marsh", "PERSON"))  # fmt: skip
    for entities in (resolve([a, b, c]), resolve([a, b, c], learned=False)):
        son, father = owner(entities, "a", "Oren Dalby Jr."), owner(entities, "b", "Oren Dalby")
        assert son is not father and owner(entities, "a", "Dalby Jr.") is son
        assert owner(entities, "a", "Dalby") not in (son, father)
        # Without "Marsh Jr." in its document, the bare surname is the son's.
        assert owner(entities, "c", "Marsh") is owner(entities, "c", "Tobin Marsh Jr.")


def test_institution_named_by_part_of_its_name() -> None:
    a = document("a", "The Elmsworth Harbour Hawks made an offer.", ("Elmsworth Harbour Hawks", "ORG"))
    b = document(
        "b",
        "The Harbour Hawks waited. The Japanese Ministry of Foreign Affairs spoke.",
        ("Harbour Hawks", "ORG"),
        ("Japanese Ministry of Foreign Affairs", "ORG"),
    )
    c = document("c", "The Ministry of Foreign Affairs of Korea answered.", ("Ministry of Foreign Affairs", "ORG"))
    entities = resolve([a, b, c])
    assert owner(entities, "b", "Harbour Hawks") is owner(entities, "a", "Elmsworth Harbour Hawks")
    assert owner(entities, "c", "Ministry of Foreign Affairs") is not owner(
        entities, "b", "Japanese Ministry of Foreign Affairs"
    )


def test_digit_names_are_teams_with_their_city() -> None:
    a = document("a", "Brannock coached the Elmsworth 49ers.", ("Elmsworth", "GPE"))
    b = document("b", "The 49ers lost at home.", ("49ers", "CARDINAL"))
    c = document("c", "He scored 20 points in the 1990s.", ("20", "CARDINAL"), ("1990s", "DATE"))
    entities = resolve([a, b, c])
    team = owner(entities, "a", "Elmsworth 49ers")
    assert team.type == "ORG" and owner(entities, "b", "49ers") is team
    assert not [e for e in entities if any(m.source == "c" for m in e.mentions)]


def test_person_after_a_known_acronym_is_split_off() -> None:
    a = document("a", "The DPRK fired a missile.", ("DPRK", "ORG"))
    b = document("b", "The senior official for the DPRK Jung Pak spoke.", ("the DPRK Jung Pak", "ORG"))
    c = document(
        "c",
        "The U.S. Geological Survey measured it. The U.S. agreed.",
        ("U.S. Geological Survey", "ORG"),
        ("U.S.", "GPE"),
    )
    entities = resolve([a, b, c])
    assert owner(entities, "b", "Jung Pak").type == "PERSON"
    assert owner(entities, "b", "DPRK") is owner(entities, "a", "DPRK")
    assert owner(entities, "c", "U.S. Geological Survey").type == "ORG"


# --- story-level rules measured on cross-document coreference -------------------


def test_surname_the_model_took_for_a_place_is_the_person_of_the_story() -> None:
    a = document(
        "a",
        "Coach Rhys Delacroix spoke. Delacroix said the knee is sore.",
        ("Rhys Delacroix", "PERSON"),
        ("Delacroix", "GPE"),
    )
    b = document("b", "The team rested. Delacroix said little.", ("Delacroix", "GPE"))
    entities = resolve([a, b])
    person = owner(entities, "a", "Rhys Delacroix")
    assert person.type == "PERSON"
    assert owner(entities, "a", "Delacroix") is person and owner(entities, "b", "Delacroix") is person


def test_surname_standing_as_a_place_stays_a_place() -> None:
    a = document(
        "a",
        "Mira Orlin sang. Orlin waved. Fans flew in to Orlin, Ohio.",
        ("Mira Orlin", "PERSON"),
        ("Orlin", "GPE"),
        ("Ohio", "GPE"),
    )
    entities = resolve([a])
    text = a.source.text
    city = [e for e in entities for m in e.mentions if m.start == text.index("Orlin, O")]
    assert city and city[0].type == "GPE" and city[0].name != "Mira Orlin"
    assert owner(entities, "a", "Mira Orlin").type == "PERSON"


def test_a_full_name_the_model_mostly_took_for_an_organisation_is_the_person_of_its_surname() -> None:
    a = document("a", "Ines Varga sued. Ines Varga won gold in Sydney.", ("Ines Varga", "ORG"), ("Sydney", "GPE"))
    b = document("b", "Ines Varga spoke to reporters. Varga denied it.", ("Ines Varga", "PERSON"), ("Varga", "PERSON"))
    c = document("c", "Varga filed the suit in court. Varga was calm.", ("Varga", "PERSON"))
    entities = resolve([a, b, c])
    varga = owner(entities, "a", "Ines Varga")
    assert varga.type == "PERSON"
    assert owner(entities, "b", "Ines Varga") is varga and owner(entities, "c", "Varga") is varga
    # Once a person, but also "the Harbour Awards": no person.
    f = document("f", "She won at the Harbour Awards. The Harbour Awards ran late.", ("Harbour Awards", "FAC"))
    g = document("g", "Harbour Awards voters met. Awards said so.", ("Harbour Awards", "PERSON"), ("Awards", "PERSON"))
    assert owner(resolve([f, g]), "g", "Harbour Awards").type == "FAC"
    # Never once a person: the bank stays a bank beside a Mr Hale.
    d = document("d", "Fenwick Hale rose. Fenwick Hale fell.", ("Fenwick Hale", "ORG"))
    e = document("e", "Hale said no. Hale left.", ("Hale", "PERSON"))
    assert owner(resolve([d, e]), "d", "Fenwick Hale").type == "ORG"


def test_person_label_on_the_first_word_of_an_institution() -> None:
    a = document("a", "Vance checked into Larkspur Recovery today.", ("Larkspur Recovery", "FAC"))
    b = document("b", "She never entered Larkspur, lawyers said.", ("Larkspur", "PERSON"))
    entities = resolve([a, b])
    assert owner(entities, "b", "Larkspur") is owner(entities, "a", "Larkspur Recovery")


def test_a_known_name_replaces_the_model_span_that_cut_it() -> None:
    a = document("a", "She starred in American Harbour in 1999.", ("American Harbour", "WORK_OF_ART"))
    b = document("b", "The American Harbour actress is resting.", ("American", "NORP"))
    entities = resolve([a, b])
    film = owner(entities, "a", "American Harbour")
    assert owner(entities, "b", "American Harbour") is film
    assert not any(m.text == "American" for e in entities for m in e.mentions)


def test_acronym_of_a_name_with_a_capital_the() -> None:
    a = document("a", "He told The Coastal Ledger so.", ("Coastal Ledger", "ORG"))
    b = document("b", "TCL reported it first.", ("TCL", "ORG"))
    entities = resolve([a, b])
    assert owner(entities, "b", "TCL") is owner(entities, "a", "Coastal Ledger")


def test_a_bare_institution_word_means_the_name_it_heads() -> None:
    a = document(
        "a",
        "The Society of Marine Engineers and Pilots chose her. The Society Awards follow.",
        ("Society of Marine Engineers and Pilots", "ORG"),
        ("Society Awards", "EVENT"),
    )
    b = document("b", "The Society said so.", ("Society", "ORG"))
    entities = resolve([a, b])
    assert owner(entities, "b", "Society") is owner(entities, "a", "Society of Marine Engineers and Pilots")
    assert owner(entities, "a", "Society Awards") is not owner(entities, "b", "Society")


def test_names_of_things_one_letter_apart_but_not_digits_or_demonyms() -> None:
    a = document(
        "a",
        "The Society of Marine Engineer and Pilots met. North Korean fans came from North Korea.",
        ("Society of Marine Engineer and Pilots", "ORG"),
        ("North Korean", "NORP"),
        ("North Korea", "GPE"),
    )
    b = document(
        "b",
        "The Society of Marine Engineers and Pilots agreed. The 79th Society Awards and 78th Society Awards.",
        ("Society of Marine Engineers and Pilots", "ORG"),
        ("79th Society Awards", "EVENT"),
        ("78th Society Awards", "EVENT"),
    )
    entities = resolve([a, b])
    assert owner(entities, "a", "Society of Marine Engineer and Pilots") is owner(
        entities, "b", "Society of Marine Engineers and Pilots"
    )
    assert owner(entities, "a", "North Korean") is not owner(entities, "a", "North Korea")
    assert owner(entities, "b", "79th Society Awards") is not owner(entities, "b", "78th Society Awards")


def test_first_word_of_an_institution_recovered_in_its_document() -> None:
    text = (
        "Ada Vance checked into Larkspur Treatment Center. A friend said she went to Larkspur on Tuesday. "
        "Experts of The Marine Society and the Society for Harbour Safety wrote."
    )
    doc = document(
        "d",
        text,
        ("Ada Vance", "PERSON"),
        ("Larkspur Treatment Center", "ORG"),
        ("Marine Society", "ORG"),
        ("Society for Harbour Safety", "ORG"),
    )
    entities = resolve([doc])
    center = owner(entities, "d", "Larkspur Treatment Center")
    assert "Larkspur" in forms(center)
    # "Society" inside "The Marine Society" is that name, not a short one.
    assert forms(owner(entities, "d", "Society for Harbour Safety")) == {"Society for Harbour Safety"}


def test_abbreviated_and_all_caps_names() -> None:
    assert key("Mt Orlin") == key("Mount Orlin") == key("Mt. Orlin")
    doc = document("d", "FIRED BY THE ELMSWORTH 49ERS today.", ("ELMSWORTH", "GPE"))
    assert owner(resolve([doc]), "d", "ELMSWORTH 49ERS").type == "ORG"


# --- per-document work kept between builds -----------------------------------


def test_kept_per_document_work_gives_the_same_index() -> None:
    """What a build keeps per document (its spans, what it recovered) is used
    again only while every collection-wide answer it relied on still holds:
    here a new document makes "Vance" a known person's name and "DPRK" an
    acronym of a name, which changes what the other documents' spans are."""
    from briefgen.entities.resolver import PerDocument

    a = document("a", "Ada Vance met officials of the DPRK in Pyongyang. Vance said little.",
                 ("Ada Vance", "PERSON"), ("DPRK", "ORG"), ("Pyongyang", "GPE"), ("Vance", "ORG"))  # fmt: skip
    b = document("b", "Vance spoke to reporters. The Democratic People's Republic of Korea replied.",
                 ("Vance", "PERSON"), ("Democratic People's Republic of Korea", "GPE"))  # fmt: skip
    c = document("c", "In Pyongyang, American Ada Vance was seen. Larkspur Treatment Center said so. Larkspur denied it.",
                 ("Pyongyang", "GPE"), ("American Ada Vance", "PERSON"), ("Larkspur Treatment Center", "ORG"))  # fmt: skip
    topics = {"a": "t", "b": "t", "c": "t"}
    table: dict[str, object] = {}
    for documents in ([a, b], [a, b, c], [c, a], [b, c, a], [a, b, c]):
        kept = PerDocument(table, [f"key-{d.id}" for d in documents])
        assert resolve(documents, topics=topics, kept=kept) == resolve(documents, topics=topics)
    assert set(table) == {"key-a", "key-b", "key-c"}


# --- spans that are no names, and names run together --------------------------


def test_times_dates_and_photo_credits_are_no_entities() -> None:
    from briefgen.entities.notnames import after_credit, is_time

    assert is_time("07:14:39 PM", "EVENT") and is_time("9 a.m.") and is_time("Friday, March 3")
    assert is_time("Sept. 11, 2012") and not is_time("May") and not is_time("Room 101")
    assert not is_time("September 11", "EVENT") and is_time("September 11", "DATE")
    assert after_credit("Jane Roe/AP") == len("Jane Roe/AP") and after_credit("Jane Roe/AP Vance") == len(
        "Jane Roe/AP "
    )
    assert after_credit("Frost/Nixon") is None and after_credit("Ada Vance") is None
    doc = document(
        "d",
        "Photo: Jane Roe/AP Vance spoke at 07:14:39 PM on Friday, March 3. Vance left.",
        ("Jane Roe/AP Vance", "PERSON"),
        ("07:14:39 PM", "EVENT"),
        ("Friday, March 3", "EVENT"),
        ("Vance", "PERSON"),
    )
    entities = resolve([doc])
    assert {e.name for e in entities} == {"Vance"} and len(entities[0].mentions) == 2


def test_a_person_is_split_off_an_institution_the_model_ran_into_them() -> None:
    a = document("a", "The Fisheries Department said so. Ada Vance agreed.", ("Fisheries Department", "ORG"),
                 ("Ada Vance", "PERSON"))  # fmt: skip
    b = document("b", "Fisheries Department Ada Vance spoke. The Harbour County Sheriff came.",
                 ("Fisheries Department Ada Vance", "ORG"), ("Harbour County Sheriff", "ORG"))  # fmt: skip
    c = document("c", "Harbour County voted. The Sheriff was there.", ("Harbour County", "GPE"), ("Sheriff", "PERSON"))
    entities = resolve([a, b, c])
    assert owner(entities, "b", "Ada Vance") is owner(entities, "a", "Ada Vance")
    assert owner(entities, "b", "Fisheries Department") is owner(entities, "a", "Fisheries Department")
    # A title is no person: the office stays whole.
    assert owner(entities, "b", "Harbour County Sheriff").name == "Harbour County Sheriff"


def test_institution_names_written_two_ways() -> None:
    from briefgen.entities.orgnames import reordered, variant_pairs, without_generic

    assert reordered("department of transport") == "transport department"
    assert reordered("bank of the west") is None and without_generic("harlow wire service") == "harlow"
    assert without_generic("news agency") is None
    a = document("a", "The Department of Transport and the EU Trade Commission met Harlow Wire Service staff.",
                 ("Department of Transport", "ORG"), ("EU Trade Commission", "ORG"),
                 ("Harlow Wire Service", "ORG"))  # fmt: skip
    b = document("b", "The Transport Department, the European Union Trade Commission and Harlow agreed.",
                 ("Transport Department", "ORG"), ("European Union Trade Commission", "ORG"),
                 ("Harlow", "ORG"))  # fmt: skip
    entities = resolve([a, b])
    for short, full in (("Transport Department", "Department of Transport"), ("Harlow", "Harlow Wire Service"),
                        ("European Union Trade Commission", "EU Trade Commission")):  # fmt: skip
        assert owner(entities, "b", short) is owner(entities, "a", full), short
    # A shorter name with two longer candidates is neither.
    assert variant_pairs(["harlow", "harlow group", "harlow news"], set()) == []


# --- the learned merge scorer (merges.py) -------------------------------------


def test_shipped_merge_weights_match_the_features() -> None:
    from briefgen.entities.merges import FEATURES, shipped

    weights = shipped()
    assert len(weights.weights) == len(FEATURES) + 1 and len(weights.mean) == len(FEATURES)
    assert 0.0 < weights.threshold < 1.0 and all(s > 0 for s in weights.scale)


def test_learned_merges_join_two_names_of_one_institution_the_rules_leave_apart() -> None:
    a = document("a", "Vance entered the Larkmoor Treatment Center in Orlin on Monday. Larkmoor Treatment Center staff said so.",
                 ("Larkmoor Treatment Center", "FAC"), ("Vance", "PERSON"), ("Orlin", "GPE"))  # fmt: skip
    b = document("b", "Vance was treated at the Larkmoor Center in Orlin, her lawyer said.",
                 ("Larkmoor Center", "FAC"), ("Vance", "PERSON"), ("Orlin", "GPE"))  # fmt: skip
    c = document("c", "The Larkmoor Tigers lost in Orlin.", ("Larkmoor Tigers", "ORG"), ("Orlin", "GPE"))
    learned, rules = resolve([a, b, c]), resolve([a, b, c], learned=False)
    assert owner(rules, "a", "Larkmoor Treatment Center") is not owner(rules, "b", "Larkmoor Center")
    center = owner(learned, "a", "Larkmoor Treatment Center")
    assert owner(learned, "b", "Larkmoor Center") is center
    assert owner(learned, "c", "Larkmoor Tigers") is not center and owner(learned, "b", "Orlin") is not center


def test_no_weights_can_merge_what_a_hard_fact_keeps_apart() -> None:
    from briefgen.entities.merges import FEATURES, Weights, clusters_of, merges
    from briefgen.entities.spans import Span

    def span(doc: int, surface: str, label: str = "PERSON") -> Span:
        return Span(doc, 0, len(surface), surface, key(surface), label, 1)

    spans = [span(0, "Tracy Marden"), span(1, "Trayvon Marden"), span(2, "Marden"), span(3, "Marden Bank", "ORG"),
             span(4, "79th Marden Awards", "EVENT"), span(5, "78th Marden Awards", "EVENT"), span(6, "Orlin", "GPE"),
             span(7, "Bank of Orlin", "ORG"), span(8, "South Orlin", "GPE"), span(9, "Gulf of Orlin", "LOC"),
             span(10, "Orlinese", "NORP"), span(11, "Orlinese Bank", "ORG"), span(12, "Harlow Motor Co", "ORG"),
             span(13, "Harlow Motor Credit Co", "ORG"), span(14, "South East Orlin", "LOC"),
             span(15, "Larkmoor Budget Committee", "ORG"), span(16, "Larkmoor Banking Committee", "ORG"),
             span(17, "Pellham Savings Trust", "ORG"), span(18, "Pellham Savngs Trust", "ORG"),
             span(19, "Orlin County", "GPE"), span(20, "Orlin City", "GPE"), span(21, "Orlin Sun", "GPE"),
             span(22, "Orlin River", "LOC"), span(23, "Mount Pellow", "LOC"), span(24, "Pellow", "LOC"),
             span(25, "Los Brenas", "GPE"), span(26, "Brenas", "GPE"), span(27, "Modern Orlin", "LOC")]  # fmt: skip
    docs = range(len(spans))
    clusters = clusters_of([(s, s.key) for s in spans], dict.fromkeys(docs, ""), dict.fromkeys(docs, ()), {})
    # A model that merges everything it is shown.
    always = Weights((0.0,) * len(FEATURES), (1.0,) * len(FEATURES), (0.0,) * len(FEATURES) + (30.0,), 0.5)
    joined = {frozenset(p) for p in merges(clusters, always, {})}
    for pair in (("tracy marden", "trayvon marden"), ("marden", "tracy marden"), ("marden", "trayvon marden"),
                 ("marden bank", "tracy marden"), ("78th marden awards", "79th marden awards"),
                 ("bank of orlin", "orlin"), ("orlin", "south orlin"), ("gulf of orlin", "orlin"),
                 ("orlinese", "orlinese bank"), ("harlow motor co", "harlow motor credit co"),
                 ("south east orlin", "south orlin"), ("larkmoor banking committee", "larkmoor budget committee"),
                 ("orlin", "orlin county"), ("orlin", "orlin city"), ("orlin", "orlin sun"),
                 ("orlin", "orlin river"), ("modern orlin", "orlin")):  # fmt: skip
        assert frozenset(pair) not in joined
    # A landmark's short name is no country, state or city, nor a city's without its article:
    # the model may join them.
    assert frozenset(("mount pellow", "pellow")) in joined and frozenset(("brenas", "los brenas")) in joined
    # Two of one family of names are two things; a misspelling is no other family member.
    assert frozenset(("pellham savings trust", "pellham savngs trust")) in joined
    assert joined, "the test's model must merge something"


def test_a_word_is_not_the_acronym_it_is_spelled_like() -> None:
    a = document(
        "a", "The US Army said so. Her agent told Us on Friday.", ("US Army", "ORG"), ("US", "GPE"), ("Us", "GPE")
    )
    b = document("b", "Troops left the US in May.", ("US", "GPE"))
    entities = resolve([a, b])
    country = owner(entities, "b", "US")
    assert country.name == "United States" and owner(entities, "a", "Us") is not country


def test_a_name_completed_after_its_description_is_one_institution() -> None:
    a = document("a", "The Office for Harbour Safety and Rescue warned sailors on Monday.",
                 ("Office for Harbour Safety and Rescue", "ORG"))  # fmt: skip
    b = document("b", "Sailors were warned by the Office for Harbour Safety, officials said.",
                 ("Office for Harbour Safety", "ORG"))  # fmt: skip
    c = document("c", "The Danish Office for Harbour Safety disagreed. Danish sailors left.",
                 ("Danish Office for Harbour Safety", "ORG"), ("Danish", "NORP"))  # fmt: skip
    entities = resolve([a, b, c])
    office = owner(entities, "a", "Office for Harbour Safety and Rescue")
    assert owner(entities, "b", "Office for Harbour Safety") is office
    assert owner(entities, "c", "Danish Office for Harbour Safety") is not office


def _titled(doc: Document, title: str, *names: tuple[str, str]) -> Document:
    """``doc`` under the headline ``title``, its model mentions ``names`` (surface, label)."""
    headline = tuple(Mention(s, label, title.index(s), title.index(s) + len(s), 0) for s, label in names)
    source = Source(id=doc.id, title=title, text=doc.source.text, origin=doc.source.origin)
    a = doc.analysis
    return Document(source, Analysis(a.source_id, a.sentences, a.mentions, headline))


def test_headline_names_count_but_title_case_spans_and_repeated_leads_do_not() -> None:
    a = _titled(document("a", "Ada Vance spoke to the board on Monday.", ("Ada Vance", "PERSON")),
                "Vance wins backing of Harbour Trust", ("Vance", "PERSON"), ("Harbour Trust", "ORG"))  # fmt: skip
    entities = resolve([a])
    vance = owner(entities, "a", "Ada Vance")
    assert [(m.text, m.sentence, m.start) for m in vance.mentions if m.sentence == 0] == [("Vance", 0, 0)]
    trust = owner(entities, "a", "Harbour Trust")
    assert [(m.sentence, m.start, m.end) for m in trust.mentions] == [(0, 22, 35)]
    # In Title Case the model's spans are not taken: only names the story knows.
    b = _titled(document("b", "Ada Vance spoke to the board.", ("Ada Vance", "PERSON")),
                "Vance Condemns New Harbour Plan", ("Vance", "PERSON"), ("Condemns New Harbour Plan", "ORG"))  # fmt: skip
    entities = resolve([b])
    assert all(m.sentence != 0 for e in entities for m in e.mentions)
    # A title ingest made of the text's first words names nothing twice.
    c = _titled(document("c", "Ada Vance spoke to the board on Monday.", ("Ada Vance", "PERSON")),
                "Ada Vance spoke to the board…", ("Ada Vance", "PERSON"))  # fmt: skip
    assert len(owner(resolve([c]), "c", "Ada Vance").mentions) == 1


def test_a_son_named_for_his_father_is_another_person() -> None:
    a = document("a", "Oren Dalby Jr. met the board. Dalby Jr. spoke first.", ("Oren Dalby Jr.", "PERSON"),
                 ("Dalby Jr.", "PERSON"))  # fmt: skip
    b = document("b", "Oren Dalby praised his son. Dalby said the deal was fair.", ("Oren Dalby", "PERSON"),
                 ("Dalby", "PERSON"))  # fmt: skip
    c = document("c", "Dalby declined to comment.", ("Dalby", "PERSON"))
    for weights in (True, False):
        entities = resolve([a, b, c], learned=weights)
        son, father = owner(entities, "a", "Oren Dalby Jr."), owner(entities, "b", "Oren Dalby")
        assert (
            son is not father and owner(entities, "a", "Dalby Jr.") is son and owner(entities, "b", "Dalby") is father
        )
        # A bare surname two people of the story bear is neither of them.
        assert owner(entities, "c", "Dalby") not in (son, father)


def test_a_word_that_stands_as_a_place_or_opens_a_dateline_is_no_person() -> None:
    a = document("a", "Lawmakers in Orlin voted. Orlin said the vote was final. Orlin will not wait.",
                 ("Orlin", "PERSON"))  # fmt: skip
    b = document("b", "VANTON, Ohio (AP) — The council met on Monday.\n\nVanton has a new mayor.",
                 ("VANTON", "PERSON"), ("Vanton", "GPE"))  # fmt: skip
    c = document("c", "Pressure in Ada Vance's party grew. Vance said in Vance's view the vote was fair.",
                 ("Ada Vance", "PERSON"), ("Vance", "PERSON"))  # fmt: skip
    entities = resolve([a, b, c], topics={"a": "x", "b": "y", "c": "z"})
    assert owner(entities, "a", "Orlin").type == "GPE"
    assert (
        owner(entities, "b", "VANTON") is owner(entities, "b", "Vanton")
        and owner(entities, "b", "VANTON").type == "GPE"
    )
    # A surname of a person the story names, or a possessive after "in", stays a person.
    assert owner(entities, "c", "Ada Vance").type == "PERSON"
    d = document("d", "Trust in Quill's plan fell. Quill said the plan would work.", ("Quill", "PERSON"))
    assert owner(resolve([d]), "d", "Quill").type == "PERSON"


def test_one_acronym_stands_for_another_name_in_each_story() -> None:
    a = document(
        "a", "The Harbour Board met. The HB said the port would open.", ("Harbour Board", "ORG"), ("HB", "ORG")
    )
    b = document("b", "Hollis Bank lost money. HB shares fell.", ("Hollis Bank", "ORG"), ("HB", "ORG"))
    c = document("c", "HB was not named.", ("HB", "ORG"))
    entities = resolve([a, b, c], topics={"a": "port", "b": "bank", "c": "other"})
    board, bank = owner(entities, "a", "Harbour Board"), owner(entities, "b", "Hollis Bank")
    assert owner(entities, "a", "HB") is board and owner(entities, "b", "HB") is bank and board is not bank
    assert owner(entities, "c", "HB") not in (board, bank)
    # Where every story that spells it out agrees, an acronym left unexplained is that name.
    d = document("d", "HB lost money. HB shares fell.", ("HB", "ORG"))
    entities = resolve([b, d], topics={"b": "bank", "d": "other"})
    assert owner(entities, "d", "HB") is owner(entities, "b", "Hollis Bank")


def test_a_capitalised_word_at_a_sentence_start_is_no_name() -> None:
    text = (
        "Snow fell on Orlin. The snow closed the roads. But Orlin stayed open. "
        "ADA VANCE: Well, the roads are clear. Church leaders met at Orlin Bible Church. Church members prayed."
    )
    d = document("d", text, ("Snow", "PERSON"), ("But", "ORG"), ("Well", "ORG"), ("Orlin", "GPE"),
                 ("Church", "ORG"), ("Orlin Bible Church", "ORG"))  # fmt: skip
    names = {e.name for e in resolve([d])}
    # A word written in lower case elsewhere, or a function word: no entry.
    assert not names & {"Snow", "But", "Well"}
    # A word of a longer name of the document is its short form.
    assert "Orlin Bible Church" in names and "Orlin" in names


def test_a_word_opening_a_sentence_is_cut_from_the_surname_after_it() -> None:
    a = document(
        "a",
        "Ada Vance will host the gala. Vance said yes. Having Vance on stage changes the show. Vance agreed.",
        ("Ada Vance", "PERSON"),
        ("Having Vance", "PERSON"),
        ("Vance", "PERSON"),
    )
    b = document("b", "Vance hosts the gala in June. Guests like having a host.", ("Vance", "PERSON"))
    entities = resolve([a, b])
    assert [e.name for e in entities] == ["Ada Vance"]
    assert {m.text for m in entities[0].mentions} == {"Ada Vance", "Vance"}
    assert len(entities[0].mentions) == 5


def test_a_long_title_case_line_is_a_heading_at_any_length_and_after_an_exclamation_mark() -> None:
    from briefgen.entities.spans import is_headline_like

    def line(text: str) -> Sentence:
        return Sentence(1, 0, len(text), text)

    assert is_headline_like(
        line("Scientists Call on the Orlin Council to Overturn Harbour Rules That Cut Science Out of Review")
    )
    assert is_headline_like(line("Orlin Council Restores Harbour Protections!"))
    assert not is_headline_like(line("Orlin Council Restores Harbour Protections."))
    # Prose with many names still has verbs and nouns in lower case.
    assert not is_headline_like(
        line("Ada Vance and Dana Hollis of Orlin told the Harbour Post they were pleased today")
    )
    text = "Orlin Council Names Dana Hollis!\nThe Orlin Council named Dana Hollis on Monday. Hollis accepted."
    a = document(
        "a", text, ("Orlin Council Names Dana Hollis", "ORG"), ("Orlin Council", "ORG"), ("Dana Hollis", "PERSON")
    )
    entities = resolve([a])
    assert "Orlin Council Names Dana Hollis" not in {e.name for e in entities}
    # Recovered in the heading, where the model's run-on span is not taken.
    assert [m.sentence for m in owner(entities, "a", "Dana Hollis").mentions] == [1, 2]


def test_an_abbreviated_title_run_onto_an_institution_is_cut_before_the_person() -> None:
    text = "Orlin Police Department Capt. Ada Vance said so. The Orlin Police Department agreed. State Fire Marshal."
    a = document(
        "a",
        text,
        ("Orlin Police Department Capt", "ORG"),
        ("Orlin Police Department", "ORG"),
        ("Ada Vance", "PERSON"),
        ("State Fire Marshal", "ORG"),
    )
    entities = resolve([a])
    names = {e.name for e in entities}
    assert "Orlin Police Department Capt" not in names
    assert len(by_name(entities, "Orlin Police Department").mentions) == 2
    # A title written out may end an office's name, even before a full stop.
    assert "State Fire Marshal" in names


def test_sources_in_no_story_are_not_one_story() -> None:
    # A source the topics keep out of every story (page furniture throughout) is a story of its own: two such
    # sources share no story in which a surname could stand for the other's full name.
    a = document("a", "Ada Vance checked in.", ("Ada Vance", "PERSON"))
    b = document("b", "Vance is resting.", ("Vance", "PERSON"))
    c = document("c", "Hugo Vance objected.", ("Hugo Vance", "PERSON"))
    entities = resolve([a, b, c], topics={"c": "senate"})
    assert owner(entities, "b", "Vance").name == "Vance"
