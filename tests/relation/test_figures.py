"""What is a figure of its own: conversions in brackets, counts that read like years, "6m people"."""

from briefgen.relation import relate, statement
from briefgen.relation.counting import quantities, read_numbers
from briefgen.relation.signals import differences, signals


def test_a_figure_converted_in_brackets_is_one_figure() -> None:
    assert read_numbers("Winds reached 120 mph (193 km/h) on Sunday.")[1] == {120.0}
    assert read_numbers("The road is 5 miles (8 km) long.")[1] == {5.0}
    assert read_numbers("It cost 4.2 mln dlrs (3 mln stg).")[0] == {("$", 4.2e6, "=")}
    # Two sentences that each convert their one speed tell one quantity two ways, not two occasions.
    slower = "The storm's winds reached 120 mph (193 km/h) as it made landfall on Sunday."
    faster = "The storm's winds reached 140 mph (225 km/h) as it made landfall on Sunday."
    assert "time" not in differences(signals(slower), signals(faster))
    (told,) = relate([(statement(slower), statement(faster))])
    assert told.label == "conflict"
    # A bracket that says more than a figure and its unit is no conversion.
    assert read_numbers("Shares rose 5 pct (to 12 dlrs).")[1] == {5.0, 12.0}


def test_a_bounded_figure_before_a_plural_noun_counts_it_even_in_the_range_of_years() -> None:
    assert ("voter", 2000.0) in quantities("More than 2000 voters turned out.")
    assert not quantities("The 1986 results were strong.")
    assert not read_numbers("Around 2000, the firm moved to Ohio.")[1]
    assert differences(signals("More than 2000 voters turned out."), signals("Only 1200 voters turned out.")) == [
        "number"
    ]


def test_a_close_m_before_a_plural_noun_is_millions() -> None:
    assert ("peopl", 6e6) in quantities("The storm left 6m people without power.")
    assert ("tonn", 2.5e6) in quantities("The country exported 2.5m tonnes of wheat.")
    assert not quantities("A 6m wall fell on the road.")
    assert differences(
        signals("The storm left 6m people without power."), signals("The storm left 2m people without power.")
    ) == ["number"]


def test_two_times_of_day_for_one_event_differ_and_are_no_figures() -> None:
    from briefgen.relation.signals import clock_times

    assert clock_times("The car fell at 10:30 a.m. on Tuesday.") == {(630, True, 0)}
    assert clock_times("Police arrived at noon.") == {(720, True, 0)}
    assert clock_times("He read John 3:16 aloud, and the score was 3:1.") == set()
    assert not read_numbers("The gunman entered about 4 p.m. and gave up at 6:00 p.m.")[0]  # no count of "p"s
    early = "A car plunged from the seventh floor of the parking garage at 10:30 a.m. on Tuesday, police said."
    late = "A car plunged from the seventh floor of the parking garage at 11:40 a.m. on Tuesday, police said."
    assert differences(signals(early), signals(late)) == ["clock"]
    (told,) = relate([(statement(early), statement(late))])
    assert told.label == "different" and told.differs == ("clock",)  # never cited together, never a conflict
    opening = "Polls open at 7 a.m. on Tuesday across the state, officials said."
    closing = "Polls close at 8 p.m. on Tuesday across the state, officials said."
    (moments,) = relate([(statement(opening), statement(closing))])
    assert moments.label == "different"  # two moments of one day, alike in all but the verb
    rounded = "A car plunged from the seventh floor of the parking garage about 11 a.m. on Tuesday, police said."
    assert differences(signals(rounded), signals(late.replace("11:40", "10:55"))) == []
    assert differences(signals("The vote closed at 3 p.m. GMT."), signals("The vote closed at 10 a.m. ET.")) == []


def test_a_year_after_a_preposition_that_can_bound_a_figure_stays_a_year() -> None:
    # "over", "under", "about" are prepositions as often as bounds: a year after them dates rules or levels.
    assert not quantities("Under 2018 rules, banks must hold more capital.")
    assert read_numbers("Emissions rose 5 pct over 2019 levels.")[1] == {5.0}
    assert not quantities("He repeated false claims about 2020 ballots.")
    # A round figure after them is still a count.
    assert ("peopl", 2000.0) in quantities("About 2000 people marched.")


def test_a_close_m_before_a_currency_or_a_capitalised_plural_is_millions() -> None:
    assert read_numbers("The club paid 6m euros for the striker.")[1] == {6e6}
    assert read_numbers("Some 6m Syrians have fled the country.")[1] == {6e6}


def test_times_of_day_near_midnight_or_about_noon_fit() -> None:
    a, b = "The quake struck shortly before midnight on Friday.", "The quake struck at 11:52 p.m. on Friday."
    assert differences(signals(a), signals(b)) == []
    a, b = "The quake struck at about noon on Friday.", "The quake struck at 12:08 p.m. on Friday."
    assert differences(signals(a), signals(b)) == []


def test_a_bracketed_figure_in_the_same_unit_or_none_is_another_figure() -> None:
    # Results copy gives the year-earlier figure in brackets, in the unit of the first or in none.
    assert read_numbers("Net profit was 32.4 mln marks (29.1 mln).")[1] == {32.4e6, 29.1e6}
    assert read_numbers("The jobless rate was 5.1 pct (4.9 pct).")[1] == {5.1, 4.9}
    assert read_numbers("The firm lost $6bn (£4.7bn).")[1] == {6e9}
