"""What a briefing claims, read off built topic pages and their JSON.

Small stories of two sources each, one per topic, written for these tests:
a statement put in two different mouths, a number that counts two different
things, a denial, two dates for one opening, a sentence led by a pronoun, a
count given as a floor and as a round figure, a denial in an aside, a caption,
sums of money written as wire copy and headlines write them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.config import Config, anchor

from ..conftest import build

STORIES = {
    "speaker": (
        (
            "Mayor Lena Ortiz said the closure of the Elm Street bridge was a serious mistake for the town's shops.\n\n"
            "The bridge will stay closed for at least six months while engineers repair its deck."
        ),
        (
            "Council member Raj Patel said the closure of the Elm Street bridge was a serious mistake for the town's "
            "shops.\n\nShop owners on Elm Street have asked the council for help with their rent."
        ),
    ),
    "number": (
        (
            "The fever outbreak in the northern province has a 70 percent death rate, health officials said.\n\n"
            "Doctors from three countries arrived in the province on Friday to help the local hospitals."
        ),
        (
            "About 70 staff members of the provincial hospital were sent home after falling ill with the fever.\n\n"
            "The hospital has closed its maternity ward until the outbreak is over."
        ),
    ),
    "denial": (
        (
            "Prosecutors said the shipping company Harlow Lines paid a bribe to a port official in Rotterdam.\n\n"
            "The official was arrested at his home in the city last month."
        ),
        (
            "Lawyers for Harlow Lines deny that the shipping company paid a bribe to a port official in Rotterdam.\n\n"
            "The company's shares fell sharply on the Amsterdam stock exchange after the charges were filed."
        ),
    ),
    "age": (
        (
            "The driver of the lorry, Tomas Verlaine, 34, was charged with dangerous driving on Tuesday.\n\n"
            "The crash closed the coastal road for most of the afternoon."
        ),
        (
            "The driver of the lorry, Tomas Verlaine, 36, was charged with dangerous driving on Tuesday.\n\n"
            "Police said the road had been resurfaced only a month before the crash."
        ),
    ),
    "occasions": (
        (
            "Turnover on the Orlin exchange was a heavy 185 million shares worth 353 million crowns, with rises "
            "outnumbering falls.\n\nBrokers said foreign funds were buying bank shares."
        ),
        (
            "Turnover on the Orlin exchange was a high 206 million shares worth 376 million crowns, with rises "
            "outnumbering falls.\n\nThe index of leading shares closed at a record for the third day running."
        ),
    ),
    "dates": (
        (
            "The new bridge over the Elm River opened to traffic on March 3 after two years of construction.\n\n"
            "The bridge cost the regional government about 40 million euros to build."
        ),
        (
            "The new bridge over the Elm River opened to traffic on March 9 after two years of construction.\n\n"
            "Cyclists have complained that the bridge has no separate bicycle lane."
        ),
    ),
    "pronoun": (
        (
            "Ana Ruiz won the Porto city marathon on Sunday in two hours and 21 minutes.\n\n"
            "She said the final mile along the river was the hardest of her whole career."
        ),
        (
            "Kenyan runner Ana Ruiz won the Porto city marathon on Sunday, finishing in two hours and 21 minutes.\n\n"
            "The race drew more than 9,000 runners from 40 countries to the city."
        ),
    ),
    "bound": (
        (
            "More than 600 flights were cancelled at the city's two airports on Thursday as the snowstorm arrived.\n\n"
            "Airport officials said most runways would reopen on Friday morning."
        ),
        (
            "About 640 flights were cancelled at the city's two airports on Thursday as the snowstorm arrived.\n\n"
            "Stranded travellers slept on benches in the terminals overnight."
        ),
    ),
    "aside": (
        (
            "Dana Whitfield, who has denied any wrongdoing, retired from the tax agency's charities division last year."
            "\n\nThe committee voted on Wednesday to refer her case to the justice department."
        ),
        (
            "Dana Whitfield pushed auditors to examine the accounts of the Greenway Trust in early 2013.\n\n"
            "I asked the committee to look at the accounts of the Greenway Trust in early 2013.\n\n"
            '"We have to make sure this never happens again." The committee chairman Tom Reyes said so on Wednesday.'
            "\n\nRescue teams stand outside the agency's office in Leeds, Saturday, March 23, 2013."
        ),
    ),
}


STORIES["money"] = (
    (
        "Harlow Foods said on Monday that it sold its frozen foods plant in Dunmore to a rival grocer for 40 mln "
        "dlrs.\n\nThe plant employs about 300 people, most of whom will keep their jobs."
    ),
    (
        "Harlow Foods sold its frozen foods plant in Dunmore for $40 million, the company said on Monday.\n\n"
        "The company will use the money to pay down debt, its chief executive Mara Quill said."
    ),
)
"""One sum, in wire style and as a headline writes it."""
STORIES["sums"] = (
    (
        "Harlow Foods said on Monday that it had received an offer worth $90 million for its shares.\n\n"
        "The board will meet next week to consider the offer."
    ),
    STORIES["money"][1],
)
"""Two sums the company tells of, for two different things."""


STORIES["toll"] = (
    (
        "A car bomb killed two and wounded 30 in the old market of Tarvos on Sunday, police said.\n\n"
        "The market had reopened last month after a year of repairs."
    ),
    (
        "A car bomb killed at least three people in the old market of Tarvos on Sunday, a monitoring group said."
        "\n\nNo group has said it planted the bomb."
    ),
)
"""One toll told as "killed two" and as "killed at least three people"."""


STORIES["scraped"] = (
    (
        "Brookfield (Wirenews) — Inspectors found deep cracks in the piers of the Mill Road bridge during a routine "
        "check last week.\n\nThe county will close the bridge on Tuesday, the engineer Ann Holt said.Holt told "
        "reporters that the repairs could take a year."
    ),
    (
        "The county will close the Mill Road bridge on Tuesday, the engineer Ann Holt said.\n\n"
        "Drivers face a detour of eight miles while the bridge is shut."
    ),
)
"""A wire report's dateline in the case of the place's name, and two sentences a scrape glued together."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("claims")
    (root / "seeds").mkdir()
    (root / "content" / "topics").mkdir(parents=True)
    for story, texts in STORIES.items():
        for i, text in enumerate(texts):
            outlet = ["The Northern Ledger", "Coast Radio News"][i]
            (root / "seeds" / f"{story}-{i}.md").write_text(
                f"---\ntitle: A {story} story, as told by {outlet}\noutlet: {outlet}\n---\n{text}\n", encoding="utf-8"
            )
        (root / "content" / "topics" / f"{story}.md").write_text(
            f'---\ntitle: The {story} story\nsources: ["{story}-*"]\n---\n', encoding="utf-8"
        )
    config = anchor(Config(cache=root / "cache"), root)
    build(config)
    return config


def _topic(site: Config, slug: str) -> tuple[dict, str]:
    data = json.loads((Path(site.out) / "data" / "topics" / f"{slug}.json").read_text(encoding="utf-8"))
    page = (Path(site.out) / "topics" / f"{slug}.html").read_text(encoding="utf-8")
    return data, page


def _cited_together(data: dict, a: str, b: str) -> bool:
    return any({a, b} <= {c["source"] for c in claim["cited"]} for claim in data["claims"])


def test_the_same_words_from_another_speaker_are_a_difference(site: Config) -> None:
    data, page = _topic(site, "speaker")
    assert not _cited_together(data, "speaker-0", "speaker-1")
    (difference,) = data["differences"]
    assert "speaker" in difference["kinds"]
    assert {v["source"] for v in difference["versions"]} == {"speaker-0", "speaker-1"}
    assert "Sources differ" in page and "who said it" in page
    assert "Lena Ortiz" in page.split("Sources differ", 1)[1] and "Raj Patel" in page.split("Sources differ", 1)[1]


def test_a_number_that_counts_something_else_is_not_support(site: Config) -> None:
    data, _ = _topic(site, "number")
    assert not _cited_together(data, "number-0", "number-1")
    assert all(claim["corroboration"] == 1 for claim in data["claims"])


def test_a_denial_is_never_cited_as_support_and_is_shown_as_a_difference(site: Config) -> None:
    data, page = _topic(site, "denial")
    assert not _cited_together(data, "denial-0", "denial-1")
    assert any("stance" in d["kinds"] for d in data["differences"])
    assert "deny" in page.split("Sources differ", 1)[1]


def test_two_dates_for_one_opening_are_a_difference(site: Config) -> None:
    data, page = _topic(site, "dates")
    assert not _cited_together(data, "dates-0", "dates-1")
    assert any("date" in d["kinds"] for d in data["differences"])
    differ = page.split("Sources differ", 1)[1]
    assert "March 3" in differ and "March 9" in differ and "the date" in differ


def test_two_ages_for_one_person_are_a_difference(site: Config) -> None:
    # An age is given exactly: 34 and 36 are not one figure rounded, as "about 500" and "512" may be.
    data, page = _topic(site, "age")
    assert not _cited_together(data, "age-0", "age-1")
    assert any("number" in d["kinds"] for d in data["differences"])
    differ = page.split("Sources differ", 1)[1]
    assert "34" in differ and "36" in differ


def test_two_reports_whose_every_figure_differs_are_two_occasions(site: Config) -> None:
    # A market report's figures, all different, are another day's report, not one count told two ways.
    data, _ = _topic(site, "occasions")
    assert not data["differences"]
    assert not _cited_together(data, "occasions-0", "occasions-1")


def test_one_sum_written_two_ways_is_cited_and_a_sum_of_another_thing_is_no_difference(site: Config) -> None:
    data, _ = _topic(site, "money")
    assert _cited_together(data, "money-0", "money-1")
    data, page = _topic(site, "sums")
    assert not data["differences"] and "Sources differ" not in page


def test_two_tolls_of_one_attack_are_a_difference_not_agreement(site: Config) -> None:
    data, page = _topic(site, "toll")
    assert not _cited_together(data, "toll-0", "toll-1")
    (difference,) = data["differences"]
    assert {v["source"] for v in difference["versions"]} == {"toll-0", "toll-1"}
    assert "Sources differ" in page and "killed two" in page.split("Sources differ", 1)[1]


def test_a_pronoun_led_sentence_is_not_a_key_point_but_agreement_is_cited(site: Config) -> None:
    data, _ = _topic(site, "pronoun")
    assert data["claims"], "the race result is a key point"
    assert not any(claim["text"].startswith("She ") for claim in data["claims"])
    assert not any(d["text"].startswith("She ") for d in data["only_in"])
    won = [claim for claim in data["claims"] if "won" in claim["text"]]
    assert won and won[0]["corroboration"] == 2


def test_source_text_in_differences_is_escaped(tmp_path: Path) -> None:
    root = tmp_path
    (root / "seeds").mkdir()
    (root / "content" / "topics").mkdir(parents=True)
    texts = [
        "The <b>harbour</b> bridge over the Elm River opened to traffic on March 3 after two years of work.",
        "The <b>harbour</b> bridge over the Elm River opened to traffic on March 9 after two years of work.",
    ]
    for i, text in enumerate(texts):
        (root / "seeds" / f"x-{i}.txt").write_text(f"Bridge opens, report {i}\n\n{text}\n", encoding="utf-8")
    (root / "content" / "topics" / "x.md").write_text('---\ntitle: X\nsources: ["x-*"]\n---\n', encoding="utf-8")
    config = anchor(Config(cache=root / "cache"), root)
    build(config)
    page = (Path(config.out) / "topics" / "x.html").read_text(encoding="utf-8")
    assert "<b>harbour</b>" not in page
    assert "&lt;b&gt;harbour&lt;/b&gt;" in page.split("Sources differ", 1)[1]


def test_a_floor_and_a_round_figure_for_one_count_agree(site: Config) -> None:
    data, page = _topic(site, "bound")
    assert _cited_together(data, "bound-0", "bound-1")
    assert not data["differences"] and "Sources differ" not in page


def test_a_denial_in_an_aside_does_not_make_another_fact_a_difference(site: Config) -> None:
    data, page = _topic(site, "aside")
    assert not data["differences"] and "Sources differ" not in page
    assert not _cited_together(data, "aside-0", "aside-1")


def test_a_caption_and_a_quotation_whose_speaker_is_elsewhere_are_not_shown(site: Config) -> None:
    data, _ = _topic(site, "aside")
    shown = [claim["text"] for claim in data["claims"]] + [d["text"] for d in data["only_in"]]
    assert shown and not any("Rescue teams" in text for text in shown)
    assert not any(text.startswith(("We have to make sure", "I asked")) for text in shown)


def test_a_key_point_opens_after_the_dateline_and_holds_one_sentence(site: Config) -> None:
    data, page = _topic(site, "scraped")
    shown = [claim["text"] for claim in data["claims"]] + [d["text"] for d in data["only_in"]]
    assert any(text.startswith("Inspectors found deep cracks") for text in shown)
    assert not any("Brookfield" in text or "Wirenews" in text for text in shown)
    assert not any("said.Holt" in text for text in shown)
    assert any(text.startswith("Holt told reporters") for text in shown)
    assert _cited_together(data, "scraped-0", "scraped-1"), "the closing, once its sentence ends, is one fact"
    points = re.findall(r'<li class="claim"[^>]*>\s*<p>([^<]*)', page)
    assert points and not any(p.lstrip().startswith("Brookfield") for p in points)
