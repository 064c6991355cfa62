"""The furniture labels name spans of a document's judged lines and a digest, never the text itself: a label
that no longer matches, or names a document that is not there, must stop the fit rather than drop out."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _training():
    sys.path.insert(0, str(ROOT / "training"))
    spec = importlib.util.spec_from_file_location("training_furniture", ROOT / "training" / "furniture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


furniture = _training()
TEXT = "The ferry resumed service on Monday.\nShare this story"


def label(doc: str, start: int, end: int, text: str = TEXT, digits: int = 10, furniture: bool = False) -> dict:
    sha1 = hashlib.sha1(text[start:end].encode()).hexdigest()[:digits]
    return {"doc": doc, "start": start, "end": end, "sha1": sha1, "furniture": furniture}


def test_a_label_reads_its_span_and_checks_its_digest() -> None:
    assert furniture.labelled_text(TEXT, label("c-1/0", 37, 53)) == "Share this story"
    moved = {**label("c-1/0", 37, 53), "start": 38}
    with pytest.raises(SystemExit, match="no longer matches"):
        furniture.labelled_text(TEXT, moved)


def test_a_digest_too_short_to_check_anything_is_refused() -> None:
    with pytest.raises(SystemExit, match="digest"):
        furniture.labelled_text(TEXT, {**label("c-1/0", 37, 53), "sha1": ""})


def test_labels_are_kept_by_document_and_a_missing_document_stops_the_fit() -> None:
    texts = {"c-1/0": TEXT}
    rows = [label("c-1/0", 0, 36), label("c-1/0", 37, 53, furniture=True)]
    assert furniture.labels_by_document(rows, texts, wanted=lambda doc: True) == {
        "c-1/0": {"The ferry resumed service on Monday.": False, "Share this story": True}
    }
    # A label of a document not fitted on (the other half, a seed without --seeds) is passed over ...
    assert furniture.labels_by_document([label("seeds/a.txt", 0, 5)], texts, wanted=lambda doc: False) == {}
    # ... but one of a document that should be there and is not is an error, not a label lost.
    with pytest.raises(SystemExit, match="c-2/0"):
        furniture.labels_by_document([label("c-2/0", 0, 5)], texts, wanted=lambda doc: True)
