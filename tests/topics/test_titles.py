"""A story's title says what the story is: when its most central source has no headline and opens as a
feature does (a scene, a quotation), another member's title or first sentence names the story; a
headline of the source's own stays. Texts written for these tests."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from briefgen.build.analyzer import Analyzer
from briefgen.ingest.clean import clean
from briefgen.model import Document, Source
from briefgen.topics.titles import declares, story_title

from ..conftest import build, project

SCENE = (
    "It was just after dawn when the first barge nosed into the grey water of the Pellham estuary, its crew "
    "wrapped against the wind and the gulls already circling."
)
FEATURE = f"""---
topic: estuary-dredging
outlet: The Long Read
---

{SCENE}

The Pellham port authority will dredge the estuary's shipping channel for eight months to let larger container ships reach the docks, the authority said on Monday.

Fishermen fear the dredging will stir up silt and drive the estuary's shellfish beds away, and the port authority has promised to pay for monitoring.

The dredging of the shipping channel will cost 40 million euros, and the port authority expects container traffic at the docks to double within five years.

Nobody on the barge that morning was thinking about container ships.
"""

WIRE = """---
topic: estuary-dredging
outlet: Coastwire
---

The Pellham port authority said on Monday it will dredge the estuary's shipping channel for eight months so that larger container ships can reach the docks.

The dredging will cost 40 million euros, and the authority expects container traffic to double within five years.
"""

LOCAL = """---
topic: estuary-dredging
outlet: Pellham Evening Post
---

Fishermen in Pellham fear that dredging the estuary's shipping channel will stir up silt and drive away the shellfish beds they depend on.

The port authority has promised to pay for monitoring of the silt while the channel is dredged.
"""

HEADLINED = """---
topic: library-hours
outlet: Town Crier
title: Marlow library to open on Sundays
---

Marlow's public library will open on Sundays from March, the town council said on Tuesday.

The council will pay for two more librarians from its culture budget.
"""

QUOTED = """---
topic: library-hours
outlet: The Weekend Magazine
---

"I used to read in the car park on Sundays," says Edith Crane, who has used the Marlow library for forty years.

The library will open on Sundays from March, the council said, and two more librarians will be hired for it.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = project(tmp_path_factory.mktemp("story-titles"), sources=None, content=None)
    for name, text in (("dredging-feature", FEATURE), ("dredging-wire", WIRE), ("dredging-local", LOCAL),
                       ("a-library-headlined", HEADLINED), ("b-library-quoted", QUOTED)):  # fmt: skip
        (config.sources / f"{name}.md").write_text(text, encoding="utf-8")
    build(config)
    return config.out


def _h1(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert found
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)).strip())


def _shown(site: Path, slug: str) -> tuple[str, str]:
    topic = json.loads((site / "data" / "topics" / f"{slug}.json").read_text())
    return topic["title"], _h1((site / "topics" / f"{slug}.html").read_text())


def test_a_soft_opening_does_not_name_the_story(site: Path) -> None:
    title, heading = _shown(site, "estuary-dredging")
    assert heading == title
    assert "just after dawn" not in title
    assert re.search(r"dredg", title) and "Pellham" in title
    assert title in html.unescape((site / "index.html").read_text())
    # The feature's own title is still its first sentence: only the story's title is chosen.
    feature = json.loads((site / "data" / "sources" / "dredging-feature.json").read_text())
    assert feature["title"].startswith("It was just after dawn")


def test_a_headline_of_the_source_s_own_names_its_story(site: Path) -> None:
    assert _shown(site, "library-hours") == ("Marlow library to open on Sundays",) * 2
    quoted = json.loads((site / "data" / "sources" / "b-library-quoted.json").read_text())
    assert quoted["title"].startswith('"I used to read in the car park on Sundays,"')


def _document(analyzer: Analyzer, ident: str, text: str) -> Document:
    cleaned = clean(text)
    source = Source(id=ident, title=cleaned.title, text=cleaned.text, origin=ident, title_derived=cleaned.title_derived)
    return Document(source, analyzer.analyze([source])[source.id])


def test_the_most_central_soft_opening_gives_way_and_a_central_headline_does_not() -> None:
    analyzer = Analyzer()
    body = FEATURE.split("---", 2)[2]
    feature, wire, local = (
        _document(analyzer, i, t.split("---", 2)[2]) for i, t in (("f", FEATURE), ("w", WIRE), ("l", LOCAL))
    )
    assert feature.source.title_derived and feature.source.title == SCENE.rstrip(".")
    title = story_title([feature, wire, local])
    assert title != feature.source.title and "dredge" in title
    headlined = _document(analyzer, "h", "Estuary to be dredged for bigger ships\n\n" + body)
    assert not headlined.source.title_derived
    assert story_title([headlined, wire, local]) == "Estuary to be dredged for bigger ships"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The port authority will dredge the estuary's channel", True),
        ("12 fishermen protest at the port", True),
        ("It was just after dawn when the barge arrived", False),
        ("We want to thank our readers", False),
        ('"I used to read in the car park," she says', False),
        ("Remember the couple who found gold in their garden?", False),
        ("The following statement was issued by the council:", False),
        ("commentary The council will vote on Tuesday", False),
        ("But the council has other plans", False),
    ],
)
def test_what_reads_as_a_statement_of_its_own(text: str, expected: bool) -> None:
    assert declares(text) is expected


def test_ingest_says_whether_a_title_is_the_source_s_own() -> None:
    assert (
        clean("Library to open on Sundays\n\nThe library will open on Sundays, the council said.\n").title_derived
        is False
    )
    opens_with_prose = (
        "The library will open on Sundays from March, the council said.\n\nTwo librarians will be hired.\n"
    )
    assert clean("Marlow council news\n\n" + opens_with_prose).title_derived is False
    assert (
        clean("\n" + opens_with_prose.replace(".\n\n", " on Tuesday after a vote of its members.\n\n")).title_derived
        is True
    )
    assert clean("The library will open on Sundays, the council said.\n", title="Sunday opening").title_derived is False


def test_an_acronym_or_a_hyphenated_word_opens_a_statement() -> None:
    from briefgen.topics.titles import declares

    assert declares("US troops withdraw from the northern base")
    assert declares("IT giant cuts 5,000 jobs")
    assert declares("So-called rebels claim the attack")
    assert not declares("It's a cold morning in the valley")
    assert not declares("I think we won the argument")
