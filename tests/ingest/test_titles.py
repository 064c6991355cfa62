"""What a reader sees first: a source's title when the page gives none, a story's title, and the dateline a
key point opens with. Scraped texts written for these tests in the style of real pages (share prompts, a
contact line, a time stamp, a video caption with its running time, a wire dateline), built into a site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefgen.ingest.clean import clean
from briefgen.text.dateline import without_dateline
from briefgen.text.headline import is_stamp, is_truncated, shortened

from ..conftest import build, project

BRIDGE_WIRE = """---
topic: bridge-closure
outlet: Northwire
---

Click to share on Facebook (Opens in new window)

Click to email this to a friend (Opens in new window)

(jdoe@example.com; @jdoe_reports)

MARROWFIELD, Ont. (AP) — The Marrowfield river bridge will close for six months from Monday while engineers replace its corroded steel deck, the county said.

County engineer Priya Nandakumar said the repairs would cost 14 million dollars and were paid for by the province.

Drivers will be sent over the Oldmill crossing, which adds about 20 minutes to a trip into town.
"""

BRIDGE_LOCAL = """---
topic: bridge-closure
outlet: The Marrowfield Courier
---

Updated 6:15 p.m. EDT

County engineer explains the bridge closure (2:47)

MARROWFIELD — The Marrowfield river bridge will close for six months from Monday while engineers replace its corroded steel deck, county officials said on Friday.

Priya Nandakumar, the county engineer, said the repairs would cost 14 million dollars, paid for by the province.

Shop owners on Mill Street said they feared losing customers while the bridge was shut.
"""

FERRY_CUT = """---
topic: ferry-fares
title: "Island ferry fares to rise by a fifth as the operator blames fuel costs and…"
---

Fares on the Port Alden island ferry will rise by 20 percent in April, the operator said on Tuesday, blaming the cost of fuel.

Islanders said the rise would hit families who cross daily for work and school.
"""

FERRY_WHOLE = """---
topic: ferry-fares
---

Island ferry fares to rise by a fifth

Fares on the Port Alden island ferry will go up by 20 percent from April, the operator announced on Tuesday, citing the cost of fuel.

The island council said it would ask the operator to keep a reduced fare for students.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = project(tmp_path_factory.mktemp("titles"), sources=None, content=None)
    for name, text in (("bridge-wire", BRIDGE_WIRE), ("bridge-local", BRIDGE_LOCAL),
                       ("a-ferry-cut", FERRY_CUT), ("b-ferry-whole", FERRY_WHOLE)):  # fmt: skip
        (config.sources / f"{name}.md").write_text(text, encoding="utf-8")
    build(config)
    return config.out


def _topic(site: Path, slug: str) -> dict:
    return json.loads((site / "data" / "topics" / f"{slug}.json").read_text())


def _h1(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert found
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_derived_title_skips_prompts_contact_lines_stamps_and_captions_and_drops_the_dateline(site: Path) -> None:
    for source in ("bridge-wire", "bridge-local"):
        data = json.loads((site / "data" / "sources" / f"{source}.json").read_text())
        title = data["title"]
        assert title.startswith("The Marrowfield river bridge will close for six months from Monday")
        page = (site / "sources" / f"{source}.html").read_text()
        assert _h1(page).startswith("The Marrowfield river bridge will close")
        # The place stays in the article's own text.
        assert any(s["text"].startswith("MARROWFIELD") for s in data["sentences"])


def test_the_story_title_and_its_page_read_as_a_headline(site: Path) -> None:
    topic = _topic(site, "bridge-closure")
    page = (site / "topics" / "bridge-closure.html").read_text()
    index = (site / "index.html").read_text()
    for shown in (topic["title"], _h1(page)):
        assert shown.startswith("The Marrowfield river bridge will close for six months")
        assert not re.search(r"Click|Opens in new window|@|\(\d+:\d\d\)|Updated|MARROWFIELD|…", shown)
    assert "The Marrowfield river bridge will close for six months" in index


def test_a_key_point_does_not_open_with_its_dateline_but_the_place_is_still_indexed(site: Path) -> None:
    topic = _topic(site, "bridge-closure")
    texts = [c["text"] for c in topic["claims"]] + [d["text"] for d in topic["only_in"]]
    assert any(t.startswith("The Marrowfield river bridge will close") for t in texts)
    assert not any(re.match(r"MARROWFIELD|\(AP\)|Ont\.", t) for t in texts)
    page = (site / "topics" / "bridge-closure.html").read_text()
    assert "The Marrowfield river bridge will close" in page
    assert "MARROWFIELD" not in page
    entities = json.loads((site / "data" / "entities.json").read_text())
    names = json.dumps(entities).casefold()
    assert "marrowfield" in names


def test_a_story_takes_a_whole_title_over_one_cut_off(site: Path) -> None:
    topic = _topic(site, "ferry-fares")
    assert topic["title"] == "Island ferry fares to rise by a fifth"
    assert _h1((site / "topics" / "ferry-fares.html").read_text()) == "Island ferry fares to rise by a fifth"


def test_a_headline_line_is_the_title_and_not_body_text() -> None:
    cleaned = clean("Island ferry fares to rise\n\nFares on the island ferry will rise in April, the operator said.\n")
    assert cleaned.title == "Island ferry fares to rise"
    assert cleaned.paragraphs == ("Fares on the island ferry will rise in April, the operator said.",)


def test_a_text_without_a_headline_keeps_its_first_sentence_which_names_it() -> None:
    lead = "HARTWELL (Reuters) - Fares on the island ferry will rise in April, the operator said on Tuesday."
    cleaned = clean(f"{lead}\n\nIslanders said the rise would hit families.\n")
    assert cleaned.title == "Fares on the island ferry will rise in April, the operator said on Tuesday"
    assert cleaned.paragraphs[0] == lead


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("ORLIN — The council voted.  It met at noon", "The council voted.  It met at noon"),
        ("ORLIN, Ohio (AP) — The council voted on Monday.", "The council voted on Monday."),
        ("ORLIN (Reuters) - The council voted on Monday.", "The council voted on Monday."),
        ("ORLIN -- The council voted on Monday.", "The council voted on Monday."),
        ("MARKETS REACT - Shares fell on Monday after the vote.", "Shares fell on Monday after the vote."),
        ("(CNN) The council voted on Monday.", "The council voted on Monday."),
        # Never ordinary words, an initialism before a hyphen, or a dash later in the sentence.
        ("Officials — The council voted on Monday.", "Officials — The council voted on Monday."),
        ("U.S. - China talks resumed on Monday.", "U.S. - China talks resumed on Monday."),
        ("NASA -- the agency said -- will launch.", "NASA -- the agency said -- will launch."),
        ("The vote in ORLIN — A council first.", "The vote in ORLIN — A council first."),
        ("Storm-hit ORLIN-area towns reopen schools today.", "Storm-hit ORLIN-area towns reopen schools today."),
        # A place written as its name is a dateline when its agency follows in brackets.
        ("Orlin (Wirenews) — The council voted on Monday.", "The council voted on Monday."),
        ("Orlin, Ohio (Wirenews) - The council voted on Monday.", "The council voted on Monday."),
        ("Port Orlin (WN) The council voted on Monday.", "The council voted on Monday."),
        # Not a name with its abbreviation, a company's name, nor a label before a dash alone.
        ("Orlin Harbour Authority (OHA) Chairman Lee said so.", "Orlin Harbour Authority (OHA) Chairman Lee said so."),
        ("Orlin (U.K.) Ltd said it would hire.", "Orlin (U.K.) Ltd said it would hire."),
        ("Infrastructure - We spend more on roads.", "Infrastructure - We spend more on roads."),
        ("The Senate (GOP) Leader said so today.", "The Senate (GOP) Leader said so today."),
        ("Orlin (AP) is a town of four thousand.", "Orlin (AP) is a town of four thousand."),
    ],
)
def test_only_a_leading_dateline_goes(sentence: str, shown: str) -> None:
    assert without_dateline(sentence) == shown


def test_stamps_cuts_and_shortening() -> None:
    assert is_stamp("Updated 6.15pm") and is_stamp("(3:31)") and is_stamp("Posted Wed Mar 6, 2019 9:12 AM")
    assert not is_stamp("Kristin Lee turns 40 on Thursday")
    assert is_truncated("Ferry fares to rise as the operator…") and is_truncated("Ferry fares to rise as...")
    long = ("The county will close the river bridge for six months from Monday while engineers replace its "
            "corroded steel deck, a job it expects to cost 14 million dollars, officials said on Friday.")  # fmt: skip
    assert shortened(long) == (
        "The county will close the river bridge for six months from Monday while engineers replace its "
        "corroded steel deck, a job it expects to cost 14 million dollars"
    )
    opening = ("When the county closes the river bridge for six months from Monday to replace its corroded "
               "steel deck, drivers will be sent over the Oldmill crossing, which adds about twenty minutes to a "
               "trip into town, officials said.")  # fmt: skip
    assert shortened(opening).endswith("…") and not shortened(opening).endswith(",…")
