"""A hit's snippet shows the document's text escaped, on either database's search (SQLite FTS5 or PostgreSQL)."""

import pytest

from cspr.learning import search
from cspr.learning.models import PublishedReview

pytestmark = pytest.mark.django_db


def test_snippets_escape_the_document_text(add_review, text_document):
    add_review(document=text_document("The <script>alert(1)</script> neglect finding was ignored. " * 20))
    html = search.search("neglect", reviews=PublishedReview.objects.all()).hits[0].snippet_html
    assert "<script" not in html and "<mark>neglect</mark>" in html.lower()
    # FTS5 keeps the tag as text (escaped); PostgreSQL's headline drops tags altogether.
    assert "&lt;script&gt;" in html or "alert(1)" in html
