"""Furniture glued to article text inside one sentence: a caption and its credit run into a story's
first sentence, a share prompt into a paragraph, a credit between two sentences. Fixtures written for
these tests in the style of scraped pages; asserted on the cut, on the cleaned text and on the built
page."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.ingest.clean import clean
from briefgen.ingest.glued import blocks, glued_parts

from ..conftest import FIXTURES, built_source

PAGE = FIXTURES / "scraped" / "library-reopens.txt"
STORY = (
    "RIVERSIDE — The town's public library reopened on Monday, eight months after the river burst its bank",
    "Librarian Tomas Berg said about 4,000 books had been lost",
    "The town council paid for new shelving and a raised floor that should keep water out in future.",
    "said the council's treasurer, Ines Vale.",
    "The library will open on Sundays from next month, the council said.",
    "whose first screening will be Ada Brook's The Quiet Harbour, and a chess league that plays in Group A",
)
FURNITURE = ("Hide Caption", "Volunteers carry boxes", "Lena Ortiz", "Share This Story", "Gus Palmer", "Valley Courier")


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        (
            "Photos: A fire crew at work on the hill (AP Photo/Jane Roe) SPRINGDALE — The fire was put out on Friday.",
            [
                "Photos: A fire crew at work on the hill (AP Photo/Jane Roe)",
                "SPRINGDALE — The fire was put out on Friday.",
            ],
        ),
        (
            "A fire crew at work on the hill NEW YORK (AP) — The fire was put out on Friday.",
            ["A fire crew at work on the hill", "NEW YORK (AP) — The fire was put out on Friday."],
        ),
        (
            "Jane Roe/Northwire Images The fire was put out on Friday.",
            ["Jane Roe/Northwire Images", "The fire was put out on Friday."],
        ),
        (
            "Follow Us On Twitter Today The mayor thanked the crews who worked through the night.",
            ["Follow Us On Twitter Today", "The mayor thanked the crews who worked through the night."],
        ),
        (
            "The crews left at dawn, the station said on its Web site. (Photo: Jane Roe/Northwire.)",
            ["The crews left at dawn, the station said on its Web site.", "(Photo: Jane Roe/Northwire.)"],
        ),
        (
            "A fire crew on the hill. Picture Gallery 2 of 9 Photos: Smoke over the valley.",
            ["A fire crew on the hill.", "Picture Gallery 2 of 9 Photos: Smoke over the valley."],
        ),
    ],
)
def test_furniture_glued_to_a_sentence_is_cut_from_it(sentence: str, parts: list[str]) -> None:
    assert glued_parts(sentence) == parts


@pytest.mark.parametrize(
    "sentence",
    [
        "Director Ana Moss's The Long Field opened on Friday in 40 cinemas.",
        "Comedy Night At The Palace sold out within an hour, the theatre said.",
        "Scotland and Ireland are in Pool A together with the hosts.",
        "The Kelvin 300 Model A will sell for 4,495 dollars, the company said.",
        "The council was asked by Judge Mara A. Lind to explain the delay.",
        "Output in the 1986/87 season (October/September) rose to 3.6 million tonnes.",
        "The buyer, Delmar Rail Holdings (DRH) said it would keep the depot open.",
        "The regulator said the IPCL - the country's second-largest refiner - would be sold.",
        "Only 3 of 12 Democrats on the committee voted for the bill.",
        "Bus routes 14 and 22 (see map/timetable) will end in June.",
        "NEW YORK (AP) — The fire was put out on Friday.",
    ],
)
def test_prose_is_not_cut(sentence: str) -> None:
    assert glued_parts(sentence) == [sentence]


def test_each_part_of_a_cut_sentence_is_a_block_of_its_own() -> None:
    line = "The crews left at dawn. Share This Story On Facebook The mayor thanked the crews. They went home."
    assert blocks(line) == [
        ["The crews left at dawn."],
        ["Share This Story On Facebook"],
        ["The mayor thanked the crews.", "They went home."],
    ]
    assert blocks("") == [[]]


def test_the_cleaned_text_keeps_the_story_and_loses_what_was_glued_to_it() -> None:
    text = clean(PAGE.read_text(encoding="utf-8")).text
    for sentence in STORY:
        assert sentence in text
    for piece in FURNITURE:
        assert piece not in text, piece


def test_the_built_page_shows_the_story_without_its_glued_furniture(tmp_path: Path) -> None:
    text, page = built_source(tmp_path, PAGE)
    for sentence in STORY:
        assert sentence in text
    assert "The town council paid for new shelving" in page
    for piece in FURNITURE:
        assert piece not in text and piece not in page, piece
