"""Defects found in the learning repository's search on 2026-12-07, each with the test that shows it fixed.

Every test runs on whichever database the tests use (SQLite FTS5 or PostgreSQL): both must agree.
"""

import pytest

from cspr.learning import search
from cspr.learning.models import PublishedReview

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [hit.title for hit in search.search(query, reviews=PublishedReview.objects.all()).hits]


@pytest.fixture
def two_reviews(add_review, text_document):
    return [
        add_review(
            title="Review P: home visits",
            learning_summary="Nobody asked who else lived in the home.",
            recommendations=[],
            document=text_document("The child was seen at school but not at home."),
        ),
        add_review(
            title="Review Q: referrals",
            learning_summary="The referral was closed without an assessment.",
            recommendations=[],
            document=text_document("Referrals from children's services were not followed up."),
        ),
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        # A possessive finds the word itself, as PostgreSQL's english configuration always did;
        # FTS5 searched the phrase "child s" and found nothing.
        ("child's", ["Review P: home visits"]),
        ("school's", ["Review P: home visits"]),
        ("home -child's", []),
        # In a phrase the 's still counts, so the phrase is found as written.
        ('"children\'s services"', ["Review Q: referrals"]),
        ("children's services", ["Review Q: referrals"]),
    ],
)
def test_a_possessive_finds_the_word_on_either_database(two_reviews, query, expected):
    assert titles(query) == expected


def test_a_review_found_by_its_recommendations_shows_them_marked(add_review):
    # PostgreSQL searched the recommendations but made its passage from the summary and document
    # only, so the hit showed the summary with nothing marked; FTS5 showed the recommendation.
    add_review(
        title="Review R: commissioning",
        learning_summary="Nothing here about animals.",
        recommendations=[{"text": "Commission a giraffe-proof service.", "status": "open"}],
    )
    (hit,) = search.search("giraffe", reviews=PublishedReview.objects.all()).hits
    assert "<mark>giraffe</mark>-proof service" in hit.snippet_html
