import pytest

from tests.learning.reviews import add_review_as, text_documents_in


@pytest.fixture
def add_review(actor):
    """Add a review through the action, from metadata overrides (no document unless given)."""

    def add(document=None, **overrides):
        return add_review_as(actor, document, **overrides)

    return add


@pytest.fixture
def text_document(tmp_path):
    """An extracted plain-text document with the given text."""
    return text_documents_in(tmp_path)
