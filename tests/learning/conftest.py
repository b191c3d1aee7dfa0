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
