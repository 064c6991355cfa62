"""Page furniture is left out, article text kept: a scraped story written for these tests in the
style of real pages (a photo caption and credit inside the text, a newsletter prompt, a social
embed, a "contributed to this report" line), built into a site; and text in a legacy encoding."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from briefgen.furniture import split_sentences

from .conftest import FIXTURES, build, project

ARTICLE = (
    "Dock workers at the port of Elmsworth returned to work on Thursday",
    "more than 40 ships waiting at anchor outside the harbour",
    "Union leader Marta Klein said the agreement protected jobs",
    "The port authority said it expected traffic to return to normal by Sunday.",
)
FURNITURE = (
    "In this Oct. 3, 2025 photo",
    "Jane Roe/Northwire",
    "Sign up for our daily newsletter",
    "A post shared by",
    "@elmsworthport",
    "contributed to this report",
)


def test_furniture_is_not_on_the_built_pages_and_the_article_is(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None)
    shutil.copy(FIXTURES / "scraped" / "harbour-strike-ends.txt", config.sources)
    build(config)
    data = json.loads((config.out / "data" / "sources" / "harbour-strike-ends.json").read_text())
    text = " ".join(s["text"] for s in data["sentences"])
    page = (config.out / "sources" / "harbour-strike-ends.html").read_text()
    for sentence in ARTICLE:
        assert sentence in text
    for debris in FURNITURE:
        assert debris not in text and debris not in page


def test_a_legacy_encoded_file_is_read_with_a_warning_naming_the_encoding(tmp_path: Path) -> None:
    config = project(tmp_path, sources=None)
    story = (
        "Café owners in Elmsworth reopen after the flood\n\n"
        "The owners of the Café Rosé on the harbour front said on Friday that they would reopen next week "
        "after the flood that closed a dozen shops in the old town.\n\n"
        "The town council said it would pay for part of the repairs, which it put at €200,000.\n"
    )
    (config.sources / "cafe.txt").write_bytes(story.encode("cp1252"))
    report = build(config)
    assert report.sources == 1
    (problem,) = [p for p in report.problems if "cafe.txt" in p.path]
    assert "not UTF-8: read as" in problem.reason and "save it as UTF-8" in problem.reason
    data = json.loads((config.out / "data" / "sources" / "cafe.json").read_text())
    assert "Café Rosé" in " ".join(s["text"] for s in data["sentences"])


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    assert split_sentences("In this Oct. 3, 2025 photo, Sen. Ada Vance speaks. The U.S. Navy left. It ended.") == [
        "In this Oct. 3, 2025 photo, Sen. Ada Vance speaks.",
        "The U.S. Navy left.",
        "It ended.",
    ]
