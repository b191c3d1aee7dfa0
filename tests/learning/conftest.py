import pytest

from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from tests.learning.documents import metadata


@pytest.fixture
def add_review(actor):
    """Add a review through the action, from metadata overrides (no document unless given)."""

    def add(document=None, **overrides):
        if "year" in overrides and "publication_date" not in overrides:
            overrides["publication_date"] = f"{overrides['year']}-06-30"
        meta, errors = parse_metadata(metadata(**overrides))
        assert not errors, errors
        return actions.review_add(actor=actor, metadata=meta, document=document)

    return add


@pytest.fixture
def text_document(tmp_path):
    """An extracted plain-text document with the given text."""
    from cspr.learning.extract import extract

    counter = iter(range(10_000))

    def make(text: str):
        path = tmp_path / f"doc-{next(counter)}.txt"
        # A neutral closing paragraph so that short test texts pass the minimum-length check.
        path.write_text(text + "\n\nThis report was prepared for the partners and is published so that what it "
                        "describes can be read widely across the area by anyone working with families. Comments "
                        "about the report are welcome and can be sent to the business unit at any time.")
        return extract(path)

    return make


@pytest.fixture
def every_label_shown():
    """The suggester with the held-out gate lifted, for tests of the coding workflow itself.

    Which labels pass their targets depends on the labelled set; the workflow must
    work whichever do. test_suggest.py tests the gate.
    """
    from cspr.learning.suggest import suggester

    engine = suggester()
    saved = [m.shown for m in engine.model.labels]
    for label_model in engine.model.labels:
        label_model.shown = True
    yield engine
    for label_model, shown in zip(engine.model.labels, saved):
        label_model.shown = shown
