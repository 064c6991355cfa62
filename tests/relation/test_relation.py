"""The pair relation: the shipped model, the incompatibility signals, what may stand alone."""

from __future__ import annotations

from briefgen.brief.candidates import in_full, stands_alone
from briefgen.relation import relate, statement
from briefgen.relation.context import reported, with_antecedent
from briefgen.relation.counting import counts, quantities
from briefgen.relation.signals import differences, never_same, signals
from briefgen.text.lexicon import REPORTING
from briefgen.text.similarity import stem


def test_quantities_know_what_a_number_counts() -> None:
    assert (stem("children"), 3.0) in quantities("Nine passengers, among them three children, were hurt.")
    assert (stem("pileup"), 30.0) in quantities("A 30-car pileup closed the road.")
    assert ("car", 30.0) in quantities("A 30-car pileup closed the road.")
    assert ("% death", 70.0) in quantities("The virus has a 70 percent death rate.")
    assert ("$", 3e6) in quantities("Sales reached $3 million in four days.")
    assert (stem("clause"), 2.0) in quantities("The bill rewrites the second clause of the charter.")


def test_a_number_for_another_thing_is_no_difference() -> None:
    rate = signals("The outbreak has a 70 percent death rate, officials said.")
    staff = signals("About 70 staff members were sent home.")
    assert differences(rate, staff) == []
    assert differences(signals("It killed 12 people."), signals("It killed 40 people.")) == ["number"]
    assert differences(signals("About 500 people came."), signals("Some 505 people came.")) == []


def test_days_stance_and_speakers() -> None:
    assert "day" in differences(signals("The vote is on Monday."), signals("The vote is on Friday."))
    assert "date" in differences(signals("It opened on March 3."), signals("It opened on March 9."))
    assert "stance" in differences(signals("His lawyers deny that he paid."), signals("He paid the bribe."))
    assert never_same(signals("Did he pay the bribe?"), signals("He paid the bribe."))
    a = signals("It is a violation, Kim said.", speakers=["Kim"])
    b = signals("It is a violation, Lee said.", speakers=["Lee"])
    assert differences(a, b) == ["speaker"]


def test_he_is_read_as_the_person_the_sentence_before_names() -> None:
    assert with_antecedent("He said the plan would fail.", ["Maria Ortiz"]) == "Maria Ortiz said the plan would fail."
    assert with_antecedent("Heavy rain fell.", ["Maria Ortiz"]) == "Heavy rain fell."
    said = statement("He said the plan would fail.", [], ["Maria Ortiz"])
    assert said.signals.speakers == {"maria", "ortiz"}


def test_what_may_stand_alone_as_a_key_point() -> None:
    assert stands_alone("The council approved the budget on Monday.", 0)
    assert not stands_alone("He also said the budget was too small.", 0)
    assert not stands_alone("But the council approved the budget anyway.", 0)
    assert not stands_alone("Will the council approve the budget?", 0)
    assert not stands_alone("“We will not back down,” he said.", 0)
    assert not stands_alone("“We will not back down.”", 0)
    assert stands_alone("“We will not back down,” Mayor Ana Ruiz said on Monday.", 1)


def test_a_voice_in_the_first_or_second_person_outside_quotes_does_not_stand_alone() -> None:
    """News tells in the third person: "I ...", "We ...", "You ..." outside quotation marks are a transcript's, a
    letter's or a widget's words, whose speaker the sentence does not name."""
    assert not stands_alone("I was cornered and I fought back because I saw no other way out.", 0)
    assert not stands_alone("We’re staffed the way we want to be for the season.", 0)
    assert not stands_alone("You can add your city to your posts from the web.", 0)
    assert stands_alone("Youngsters threw stones at a police station in the port.", 0)  # "You" opens a word
    assert stands_alone("“I did not do it,” Mayor Ana Ruiz said on Monday.", 1)
    # Anywhere in the sentence, the first person singular is someone's own voice: a column's, an essay's.
    assert not stands_alone("The only reason he was drawn into the case is that my report named him.", 0)
    assert not stands_alone("The firm took me on after what I learned in the army.", 0)
    assert stands_alone("The decision cost me my job, the former officer wrote in a letter.", 0)  # the writer named
    assert stands_alone("Veterans of World War I marched in the parade.", 0)
    assert not stands_alone("On Monday I drove to the coast to see the damage.", 0)  # a day names no king
    # A numeral of a series, however cased, is no pronoun.
    assert stands_alone("The drug passed a phase I trial and a type I diabetes study last year.", 0)
    assert stands_alone("Phase I trials of the vaccine began in May.", 0)
    assert stands_alone("Grade I listed buildings may not be altered without consent.", 0)
    # But after such a noun, "I" with a verb of its own is the pronoun: contracted, an auxiliary, a past tense.
    assert not stands_alone("The new clerk was not the type I would hire for the job.", 0)
    assert not stands_alone("The school kept the grade I have come to expect of it.", 0)
    assert not stands_alone("The class I coached that spring won the title.", 0)
    assert not stands_alone("The senator is the type I’m wary of in a candidate.", 0)
    assert stands_alone("The 10 actresses on our list earned $94 million.", 0)  # an outlet's own "we" and "our"
    # A quotation in single marks, as British news writes one, is the words of whoever the sentence names.
    assert stands_alone("The minister called the plan ‘my top priority’ in a speech to parliament.", 0)
    assert stands_alone("Thousands of protesters signed the ‘not in my name’ petition on Saturday.", 0)


def test_a_contracted_or_demonstrative_subject_needs_the_sentence_before() -> None:
    # "It is ..." never stood alone; "It's ..." is the same pronoun, and "That ..." points back as "This ..." does.
    assert not stands_alone("It's half courtroom drama and half heist film.", 0)
    assert not stands_alone("That's a term the planners use for the new wing.", 0)
    assert not stands_alone("That decision was reversed by the board a week later.", 0)
    assert not stands_alone("They're expected back in court in March.", 0)
    assert stands_alone("Thatcher's government sold the railway in 1994.", 0)
    assert not stands_alone("Its rivals, Orlin Rail and Vale Transit, cut fares on Monday.", 0)
    # "He's" leans back whichever apostrophe the page used; read with the person before, it stays as written.
    assert not stands_alone("He's expected back in court in March.", 0)
    assert not stands_alone("He’ll face the board again in March.", 0)
    assert with_antecedent("He's expected back.", ["Maria Ortiz"]) == "He's expected back."
    assert with_antecedent("He’s expected back.", ["Maria Ortiz"]) == "He’s expected back."


def test_words_given_to_a_pronoun_lean_back_in_any_tense() -> None:
    assert not stands_alone("“The levy would save millions,” they say.", 0)
    assert not stands_alone("“We all have limits,” he wrote to the board in a memo.", 0)
    assert stands_alone("“We all have limits,” Mayor Ana Ruiz wrote to the board in a memo.", 1)


def test_the_model_tells_a_paraphrase_from_another_fact() -> None:
    same = (
        statement("The mayor called the new factory a serious threat to the river."),
        statement("The factory is a significant threat to the river, the mayor said."),
    )
    other = (
        statement("The mayor called the new factory a serious threat to the river."),
        statement("The factory will employ about 300 workers when it opens next spring."),
    )
    first, second = relate([same, other])
    assert first.label == "same" and first.score > 0.5
    assert second.label == "different" and second.score < 0.3


def test_a_conflicting_count_is_a_conflict_not_agreement() -> None:
    (found,) = relate(
        [
            (
                statement("The storm killed 12 people in Harbourville on Tuesday."),
                statement("The storm killed 40 people in Harbourville on Tuesday."),
            )
        ]
    )
    assert found.label == "conflict" and "number" in found.differs


def test_sentence_vectors_are_unit_length_and_close_for_a_paraphrase() -> None:
    from briefgen.relation.vectors import SentenceVectors

    texts = ["The mayor resigned on Monday.", "On Monday the mayor stepped down.", "Stocks rose in Tokyo.", ""]
    first, second = SentenceVectors()(texts), SentenceVectors()(texts)
    assert first.tolist() == second.tolist()
    assert abs(float(first[0] @ first[0]) - 1.0) < 1e-5 and not first[3].any()
    assert float(first[0] @ first[1]) > float(first[0] @ first[2]) + 0.2


def test_scored_probability_does_not_depend_on_the_batch() -> None:
    a, b = statement("The mayor resigned on Monday."), statement("On Monday the mayor stepped down.")
    c = statement("Stocks rose in Tokyo after the central bank held rates.")
    alone = relate([(a, b)])[0].score
    assert relate([(c, a), (a, b)])[1].score == alone


def test_word_pieces_are_the_tokenizers_own() -> None:
    """The pieces cut in Python are the ones the shipped tokenizer cuts, on every seed sentence and on
    text that exercises its normaliser (accents, curly quotes, CJK, control and odd space characters)."""
    import re
    from pathlib import Path

    from briefgen.relation.vectors import SentenceVectors

    vectors = SentenceVectors()
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    texts = [t for f in sorted(seeds.iterdir()) for t in re.split(r"(?<=[.!?])\s+", f.read_text(encoding="utf-8"))]
    texts += [
        "Café naïve İstanbul ŞİŞLİ ﬁ Straße “quoted” — ‘single’ … 東京 tower ½ ™",
        "zero\u200bwidth no\u00a0break line\u2028sep a\x0bb c\x1cd e\x85f \x00g \ufffdh",
        "x" * 150 + " unaffordable [UNK] [CLS] don't O'Neill's 3.5% $1,200",
    ]
    assert len(texts) > 90
    for text in texts:
        expected = [i for i in vectors.tokenizer.encode(text, add_special_tokens=False).ids if i != vectors.unknown]
        assert vectors.ids(text) == expected, text


def test_counts_read_floors_round_figures_and_numbers_that_count_nothing() -> None:
    assert (
        differences(signals("More than 600 flights were cancelled."), signals("About 640 flights were cancelled."))
        == []
    )
    assert differences(signals("Nearly 50 people were hurt."), signals("Some 48 people were hurt.")) == []
    assert differences(
        signals("More than 600 flights were cancelled."), signals("Some 200 flights were cancelled.")
    ) == ["number"]
    assert ("official", 24.0) in quantities("Sanctions hit two dozen officials.")
    assert ("flight", 1000.0) in quantities("The storm grounded one-thousand flights.")
    assert not quantities("A Sept. 25 complaint said the lift was out.")  # a day of the month
    assert not quantities("The search for Flight 370 resumed.")  # a name
    assert not quantities("The 2011 storm closed roads.")  # a year
    assert quantities("21 Russian and Ukrainian officials were named.") == frozenset()  # counts what, exactly?
    assert ("squar-mil", 18400.0) in quantities("They searched an 18,400-square-mile area.")


def test_a_span_of_days_is_a_duration_and_a_denial_in_an_aside_is_no_stance() -> None:
    found = differences(
        signals("The search will end within two or three days."), signals("No signal came in six days.")
    )
    assert found == ["duration"]
    aside = signals("Dana Whitfield, who has denied any wrongdoing, retired last year.")
    assert not aside.denies
    assert signals("Dana Whitfield denied any wrongdoing.").denies


def test_captions_and_words_given_to_he_or_she_do_not_stand_alone() -> None:
    assert not stands_alone("Soldiers patrol outside the cathedral in Paris, Saturday, April 22, 2015.", 0)
    assert stands_alone("The boy escaped from the zoo on August 25, 2011.", 0)
    assert not stands_alone("A contact abroad had advised the suspect to target churches, he added.", 1)
    assert not stands_alone("His prints were on the handle, the prosecutor said.", 0)
    assert not stands_alone("It's tough to see them go,” she said.", 0)
    assert not stands_alone("We will rebuild the school.”", 0)
    assert stands_alone("We will rebuild the school,” Mayor Ana Ruiz said.", 1)


def test_distances_compare_only_from_one_place_and_a_part_is_not_the_whole() -> None:
    assert differences(
        signals("The lake lies about 40 miles south of Granton."), signals("The lake lies 65 miles south of Granton.")
    ) == ["number"]
    assert (
        differences(
            signals("The village will move about three miles west."), signals("It lies 200 miles north of the border.")
        )
        == []
    )
    assert (
        differences(
            signals("She was convicted on two counts of fraud."), signals("She was convicted on three of four counts.")
        )
        == []
    )
    # A share of a whole nobody names, and a figure the other sentence gives too, contradict nothing.
    assert differences(signals("The mayor now leads by 52 percent."), signals("Some 41 percent back him.")) == []
    assert (
        differences(
            signals("The club has about 9,000 members."),
            signals("The league claims 80,000 members; the club reports a membership of about 9,000."),
        )
        == []
    )


def test_another_day_or_a_denial_among_other_words_is_another_fact_not_a_conflict() -> None:
    two_events, one_event, denial_of_other = relate(
        [
            (
                statement("Fresh fighting broke out in the northern suburbs of the capital on Monday, witnesses said."),
                statement(
                    "Rebels reported heavy shelling and fighting in the southern suburbs of the capital on Sunday."
                ),
            ),
            (
                statement("The new ferry line to the island opened on May 4 after a year of delays."),
                statement("The new ferry line to the island opened on May 9 after a year of delays."),
            ),
            (
                statement(
                    "A judge denied the prosecutors' request for a long prison term, sending Lane to a county jail."
                ),
                statement("Lane faced years in a state prison until the judge accepted a plea deal instead."),
            ),
        ]
    )
    assert two_events.label != "conflict"
    assert one_event.label == "conflict" and "date" in one_event.differs
    assert denial_of_other.label != "conflict"


def test_two_people_each_with_their_own_words_are_no_conflict() -> None:
    (found,) = relate(
        [
            (
                statement(
                    '"This is a turning point for the town," said Mara Quill, the director of the museum.',
                    [(45, 55, "Mara Quill")],
                ),
                statement(
                    '"It is too little, too late," said Tom Brandt, the director of the museum trust.',
                    [(35, 45, "Tom Brandt")],
                ),
            )
        ]
    )
    assert found.label != "conflict"


def test_a_one_word_name_is_read_as_the_full_name_its_article_gives() -> None:
    full = in_full(["Paula Brandt", "Brandt", "Paula", "Mara Quill", "Quill", "Lee", "Ann Lee", "Bo Lee"])
    assert full == {"Brandt": "Paula Brandt", "Paula": "Paula Brandt", "Quill": "Mara Quill"}


def test_segment_sums_are_reduceats_to_the_bit() -> None:
    """Sentence and word vectors are summed as numpy's reduceat sums them: a last bit that differs may
    move a score across a threshold."""
    import numpy as np

    from briefgen.relation.vectors import segment_sums

    rng = np.random.default_rng(7)
    table = rng.standard_normal((500, 16)).astype(np.float32)
    sizes = [0, 1, 2, 7, 8, 9, 15, 16, 17, 100, 128, 129, 130, 300, 0, 3]
    pieces = [rng.integers(0, 500, size=n).tolist() for n in [*sizes, *rng.integers(0, 200, size=200).tolist()]]
    counts = np.array([len(p) for p in pieces])
    read = np.nonzero(counts)[0]
    starts = np.concatenate(([0], np.cumsum(counts[read])[:-1]))
    expected = np.add.reduceat(table[[i for p in pieces for i in p]], starts, axis=0)
    assert segment_sums(table, pieces).tobytes() == expected.tobytes()
    assert segment_sums(table, [[], []]).shape == (0, 16)


def test_the_quantity_patterns_screen_changes_no_match() -> None:
    """The look-ahead that spares the quantity pattern most positions finds what the pattern finds without it."""
    import random
    import re

    from briefgen.relation.figures import NUMBER_WORDS, ORDINAL_WORDS
    from briefgen.relation.figures import QUANTITY as _QUANTITY

    assert min(len(w) for w in (*NUMBER_WORDS, *ORDINAL_WORDS)) >= 3
    bare = re.compile(re.sub(r"\(\?=\[\$£€\\d\]\|[^)]*\)", "", _QUANTITY.pattern, count=1), _QUANTITY.flags)
    assert bare.pattern != _QUANTITY.pattern
    rnd = random.Random(5)
    alphabet = "0123456789 ,.-$£€ſKıİ onetwothreefourfivesixseveneightnineteenthirtytwentyfirstsecondthirdhundredTHE"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 50))) for _ in range(3000)]
    texts += ["Thirty-two people, some 30-car pileups and $5 million.", "The tenth of 12 days", "ſix boats"]
    for text in texts:
        assert [m.groups() for m in _QUANTITY.finditer(text)] == [m.groups() for m in bare.finditer(text)], text


def test_the_link_screen_passes_every_link() -> None:
    """Screening a sentence tries the link pattern only where its cheap screen finds what every link holds."""
    from briefgen.text.lineshape import LINK
    from briefgen.text.similarity import _LINK_HINT

    texts = ["Read more at https://example.org/a", "WWW.EXAMPLE.NET", "see example.com/x.", "bit.LY/abc",
             "a.co", "the gov.uk site", "e-mail me", "http//broken", "x.io", "Visit my-site.Edu now", "plain text."]  # fmt: skip
    for text in texts:
        if LINK.search(text):
            assert _LINK_HINT.search(text), text


def test_names_and_negation_patterns_find_what_their_plain_forms_find() -> None:
    """The name and negation patterns are written to be tried only at a capital or an "n"/"w"; the plain forms
    are the reference."""
    import random
    import re

    from briefgen.relation.scorer import _NAME, _NEGATION

    plain_name = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][^\W_]*(?:['’-][^\W_]+)*")
    plain_negation = re.compile(r"\b(?:not|never|no|nor|without|none|nobody|nothing|neither)\b|n['’]t\b", re.IGNORECASE)
    rnd = random.Random(11)
    alphabet = "aAbNnoOtTwWhıİſK iIrsSl.!?'’-,0123\n\tNotNeverNobody"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(5000)]
    texts += ["Jane Roe said. Then Bob didn't go", "WITHOUT doubt, O'Neil won't", "A. B. Smith-Jones"]
    for text in texts:
        assert _NAME.findall(text) == plain_name.findall(text), text
        assert bool(_NEGATION.search(text)) == bool(plain_negation.search(text)), text


def test_a_count_dated_to_another_year_is_another_time_not_a_conflict() -> None:
    from briefgen.relation import relate, statement

    today = "The storm grounded about 1,000 flights across the region."
    then = "By comparison, airlines cancelled more than 9,000 flights across the region during a March 2014 storm."
    assert signals(then).years == {2014}
    assert differences(signals(today), signals(then)) == ["time"]  # two times: two facts, never a conflict
    assert relate([(statement(today), statement(then))])[0].label == "different"
    # The day of what is reported dates nothing else, and a year apart from the count dates nothing.
    dated = signals("The crash involved 25 vehicles on Tuesday, Feb. 4, 2014, on the highway.")
    assert differences(signals("The crash involved 30 vehicles."), dated) == ["number"]
    aside = signals("A report written in 1998, and released this week, puts the site 90 miles north of Granton.")
    assert aside.years == frozenset()
    assert differences(signals("The site lies about 125 miles north of Granton."), aside) == ["number"]
    assert differences(signals("In 2010 the town had 300 residents."), signals("In 2012 it had 450 residents.")) == [
        "time"
    ]


def test_what_a_sentence_reports_leaves_out_who_reports_it() -> None:
    from briefgen.relation.context import reported

    assert reported("The agency's director said that at least 18 guards were wounded.") == (
        "at least 18 guards were wounded"
    )
    assert reported("Four rebels were killed, police said.") == "Four rebels were killed"
    assert reported("The plant will close in May, the company said in a statement on Tuesday.") == (
        "The plant will close in May"
    )
    assert reported('"We were not told," said Jane Roe, the mayor\'s aide.') == '"We were not told'
    # A clause after the verb is what is said; a relative clause is not who reports the sentence.
    assert reported("The minister said four rebels were killed.") == "four rebels were killed"
    assert reported("Lawmakers who said they opposed the bill voted for it.") == (
        "Lawmakers who said they opposed the bill voted for it"
    )


def test_two_sentences_of_one_speaker_on_two_facts_are_not_one_fact() -> None:
    from briefgen.relation import relate, statement

    wounded = statement(
        "Jane Roe, the head of the London-based Observatory for Border Affairs, earlier said that at least 18 border"
        " guards were wounded."
    )
    killed = statement("Jane Roe, head of the Observatory for Border Affairs, said four rebels were killed.")
    assert relate([(wounded, killed)])[0].label != "same"


def test_one_vocabulary_of_reporting_verbs_read_as_written() -> None:
    assert (
        reported("Five ferries were cancelled on Monday, the operator said") == "Five ferries were cancelled on Monday"
    )
    assert reported("Officials confirmed that five ferries were cancelled") == "five ferries were cancelled"
    assert REPORTING.search("According to the operator, five ferries were cancelled.")
    # A name that holds a verb's letters reports nothing, nor does a quotation of it make a speaker.
    assert not REPORTING.search("The United States and Consumer Reports sent observers.")
    assert reported("The United States will send five ferries to the island") == (
        "The United States will send five ferries to the island"
    )
    assert not stands_alone('The United States "strongly" backs the ferry plan.', 1)


def test_an_age_is_read_as_the_named_persons_and_never_rounded() -> None:
    assert counts("Ana Ruiz, 34, of Orlin was charged on Monday.") == {("age ruiz", 34.0, "=")}
    assert counts("Vance was 61.") == {("age vance", 61.0, "=")}
    # Several people's ages in one sentence are each their own, not two tellings of one age.
    two = counts("He carried his children, son Tomas, 9, and daughter Ines, 4, out of the house.")
    assert {unit for unit, _, _ in two} >= {"age tomas", "age ines"}
    assert counts("In 2014, 34 people died.") == {("peopl", 34.0, "=")}
    assert counts("The rate was 5.5.") == frozenset()
    # "He was 62." after a sentence about Vance is Vance's age, and 61 is another.
    said = relate([(statement("He was 62.", [], ["Ada Vance"]), statement("Vance was 61.", [(0, 5, "Vance")]))])[0]
    assert said.label == "conflict" and "number" in said.differs


def test_money_as_news_writes_it_and_what_it_is_of() -> None:
    """Scale and currency as wire copy and headlines abbreviate them; an amount counts what it is of."""
    assert ("$ incom", 136.7e6) in quantities("The bank reported net income of 136.7 mln dlrs for the year.")
    assert ("$", 6e9) in quantities("The state lent the utility $6bn to buy the unit.")
    assert ("£ assistanc", 728e6) in quantities("The central bank provided 728 mln stg assistance.")
    assert ("$ debt", 225e6) in quantities("The agency downgraded 225 mln dlrs of debt.")
    assert not quantities("Prices rose 0.5 pct in February.")  # a share of a whole it does not name
    assert not quantities("A 6m wall fell on the road.")  # metres, not millions
    assert counts("Output was 16.16 mln barrels a day in the weeks to March 20.") == {("barrel", 16.16e6, "=")}
    # One amount written two ways is no difference; two sums of different things are none either.
    assert differences(signals("Sales reached $3 million."), signals("Sales reached 3 mln dlrs.")) == []
    income = signals("The group reported net income of 40 mln dlrs.")
    assert differences(income, signals("The group has debt of 900 mln dlrs.")) == []
    assert differences(income, signals("The group reported net income of 55 mln dlrs.")) == ["number"]


def test_two_sums_that_do_not_say_what_they_are_of_differ_only_in_one_fact() -> None:
    """A bare amount may be of anything: another one is a difference only of sentences telling one fact."""
    paid = signals("The city paid $5 million.")
    assert differences(paid, signals("The city paid $7 million.")) == ["amount"]
    (same_fact,) = relate([(statement("The city paid $5 million to settle the lawsuit on Monday."),
                            statement("The city paid $7 million to settle the lawsuit on Monday."))])  # fmt: skip
    assert same_fact.label == "conflict" and same_fact.differs == ("amount",)
    (apart,) = relate([(statement("The company said it sold its plant for $40 million."),
                        statement("The company said it received an offer worth $90 million for its shares."))])  # fmt: skip
    assert apart.label != "conflict"


def test_whose_sum_it_is_and_a_sum_in_another_currency_aside() -> None:
    assert ("$ loan", 6e9) in quantities("The state lent the utility $6bn (£3.2bn) in loans to buy the unit.")
    one = signals("The agency downgraded 3.7 billion dlrs of debt of Westfield Bancorp.")
    other = signals("The agency downgraded 1.7 billion dlrs of debt of Harlow Trust.")
    assert differences(one, other) == ["whose"]  # two facts: neither cited together nor a conflict
    (apart,) = relate([(statement("The agency downgraded 3.7 billion dlrs of debt of Westfield Bancorp."),
                        statement("The agency downgraded 1.7 billion dlrs of debt of Harlow Trust."))])  # fmt: skip
    assert apart.label == "different" and apart.differs == ("whose",)
    assert differences(one, signals("The agency downgraded 2.9 billion dlrs of debt of Westfield Bancorp.")) == [
        "number"
    ]


def test_other_figures_on_another_date_are_another_occasion() -> None:
    """A weekly or monthly figure of one dated report and another's are two occasions, whatever the months."""
    march = signals("Sales rose to 40 mln dlrs in the week to March 2, the firm said.")
    april = signals("Sales rose to 52 mln dlrs in the week to April 6, the firm said.")
    assert differences(march, april) == ["time"]
    assert differences(march, signals("Sales rose to 52 mln dlrs in the week to March 2, the firm said.")) == ["amount"]
    (apart,) = relate([(statement("Sales rose to 40 mln dlrs in the week to March 2, the firm said."),
                        statement("Sales rose to 52 mln dlrs in the week to April 6, the firm said."))])  # fmt: skip
    assert apart.label != "conflict" and "time" in apart.differs


def test_a_figure_given_to_its_last_digit_is_a_rounding_only_of_figures_that_round_to_it() -> None:
    assert differences(
        signals("Deposits reached 35.12 billion dlrs."), signals("Deposits reached 36.47 billion dlrs.")
    ) == ["amount"]
    assert differences(signals("The fund holds 1.5 million shares."), signals("The fund holds 1,520,000 shares.")) == []
    assert differences(signals("About 500 people came."), signals("Some 512 people came.")) == []


def test_two_reports_whose_figures_all_differ_are_two_occasions_whatever_they_count() -> None:
    """Shares of a whole the sentences do not name are not compared, but two sets of figures, none shared, tell
    of two occasions: a monthly report of two airlines is not one fact, however alike its words."""
    one = "The airline said its March load factor fell to 58.7 pct from 69.8 pct in March 1986."
    other = "The airline said its load factor rose to 63.4 pct last month from 61.1 pct in March 1986."
    assert differences(signals(one), signals(other)) == ["time"]
    (apart,) = relate([(statement(one), statement(other))])
    assert apart.label == "different" and apart.differs == ("time",)


def test_a_count_of_what_a_verb_did_compares_whether_or_not_it_says_of_whom() -> None:
    """ "Killed two" counts the dead as "killed at least three people" does; "killed two gunmen" and
    "killed 2,000 soldiers" count two kinds of dead: two facts, never one."""
    two = "On Sunday, a bomb killed two and injured 30 in the old city of Tarvos."
    three = "A car bomb in the old city of Tarvos killed at least three people that Sunday, the monitor said."
    assert differences(signals(two), signals(three)) == ["amount"]
    (found,) = relate([(statement(two), statement(three))])
    assert found.label == "conflict" and found.differs == ("amount",)
    gunmen = signals("The troops killed two of the raiders and detained a third.")
    soldiers = signals("The militia has so far killed more than 2,000 soldiers.")
    assert differences(gunmen, soldiers) == ["whose"]
    assert differences(signals("The storm killed 12 people."), signals("The storm killed 40 people.")) == ["number"]


def test_review_cases_of_what_a_figure_counts() -> None:
    """Owners of several words, sums of two times, one arrest told with two nouns, a participle after an
    article, a country's dollars."""
    motors = statement("The agency downgraded 3.7 billion dlrs of debt of General Motors on Monday.")
    electric = statement("The agency downgraded 1.7 billion dlrs of debt of General Electric on Monday.")
    (owners,) = relate([(motors, electric)])
    assert owners.label == "different" and owners.differs == ("whose",)
    (years,) = relate([(statement("The bank lost $5m last year, the chairman said."),
                        statement("The bank lost $6m this year, the chairman said."))])  # fmt: skip
    assert years.label == "different" and years.differs == ("time",)
    (arrest,) = relate([(statement("Police arrested five men after the raid on Monday."),
                         statement("Police arrested five suspects after the raid on Monday."))])  # fmt: skip
    assert arrest.label == "same"
    assert not any(unit.startswith("done:") for unit, _ in quantities("An estimated 20 people died in the fire."))
    assert ("$ " + stem("sale"), 1.2e9) in quantities("The company raised US$1.2 billion in the sale of its unit.")


def test_a_name_that_opens_with_a_pronoun_stands_alone() -> None:
    assert stands_alone("I-95 was closed for hours after the crash.", 0)
    assert stands_alone("We Energies said 20,000 customers lost power.", 0)
    assert stands_alone("Our World in Data estimates 5 million deaths.", 0)


def test_a_sum_in_another_currency_in_brackets_is_the_same_sum() -> None:
    assert quantities("The firm owes $15.7bn (£11.8bn) including debt.") == {("$", 15.7e9)}
    assert quantities("The fine (about $5m) was paid on Monday.") == {("$", 5e6)}
