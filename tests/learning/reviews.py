"""Reviews for tests, added through the learning actions (the `add_review` and `text_document` fixtures,
and module worlds that build the same)."""

from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from tests.learning.documents import metadata


def add_review_as(actor, document=None, **overrides):
    """Add a review through the action, from metadata overrides (no document unless given)."""
    if "year" in overrides and "publication_date" not in overrides:
        overrides["publication_date"] = f"{overrides['year']}-06-30"
    meta, errors = parse_metadata(metadata(**overrides))
    assert not errors, errors
    return actions.review_add(actor=actor, metadata=meta, document=document)


def text_documents_in(directory):
    """`make(text)`: an extracted plain-text document with the given text, its file written in `directory`."""
    from cspr.learning.extract import extract

    counter = iter(range(10_000))

    def make(text: str):
        path = directory / f"doc-{next(counter)}.txt"
        # A neutral closing paragraph so that short test texts pass the minimum-length check.
        path.write_text(
            text + "\n\nThis report was prepared for the partners and is published so that what it "
            "describes can be read widely across the area by anyone working with families. Comments "
            "about the report are welcome and can be sent to the business unit at any time."
        )
        return extract(path)

    return make
