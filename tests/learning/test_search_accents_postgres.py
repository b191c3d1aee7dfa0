"""Search folds accents on both databases: "naive" finds "naïve" as FTS5's remove_diacritics 2 does.

The searches run on whichever database the tests use and must agree; PostgreSQL's
`english` configuration kept accents, so there "naive", "cafe" and "zoe" found nothing
(and "rôle" not even itself). The migration test needs PostgreSQL.
"""

import importlib

import pytest
from django.db import connection

from cspr.learning import search
from cspr.learning.models import PublishedReview

pytestmark = pytest.mark.django_db

ACCENTED = "Professionals were naïve about the café where Zoë met the résumé of the Señor's rôle."


def found(query: str) -> list[str]:
    return [hit.title for hit in search.search(query, reviews=PublishedReview.objects.all()).hits]


@pytest.fixture
def accented(add_review, text_document):
    add_review(
        title="Review N: an accented summary",
        learning_summary=ACCENTED,
        recommendations=[],
        document=text_document("The family moved twice in a year."),
    )
    add_review(
        title="Review O: nothing accented",
        learning_summary="The referral was closed without an assessment.",
        recommendations=[],
        document=text_document("Referrals from children's services were not followed up."),
    )
    return "Review N: an accented summary"


@pytest.mark.parametrize(
    "query",
    ["naïve", "naive", "café", "cafe", "Zoë", "zoe", "résumé", "resume", "rôle", "role", "señor", "senor",
     '"naïve about"', '"naive about"', "caf*", "café*", "NAÏVE -referral"],
)  # fmt: skip
def test_an_accented_word_is_found_with_or_without_its_accents(accented, query):
    assert found(query) == [accented]


def test_the_snippet_marks_the_accented_word_as_written(accented):
    (hit,) = search.search("naive", reviews=PublishedReview.objects.all()).hits
    assert "<mark>naïve</mark>" in hit.snippet_html


def test_a_curly_apostrophe_is_a_possessive_as_a_straight_one_is(add_review, text_document):
    add_review(
        title="Review P: home visits",
        learning_summary="Nobody asked who else lived in the home.",
        recommendations=[],
        document=text_document("The child was seen at school but not at home."),
    )
    add_review(
        title="Review Q: a possessive",
        learning_summary="The family's circumstances were not recorded.",
        recommendations=[],
        document=text_document("The school's records were incomplete."),
    )
    assert found("child’s") == found("child's") == ["Review P: home visits"]
    # What is left of a possessive typed on its own is no word: the query parser drops it on both
    # databases (FTS5 matched every review with an 's in it).
    assert found("’s") == found("'s") == found("ș") == found("’s OR nothing") == []
    assert found("’s OR circumstances") == ["Review Q: a possessive"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the unaccent migration does something on PostgreSQL only"
)
def test_the_migration_reindexes_the_reviews_already_indexed_and_reverses(accented):
    migration = importlib.import_module("cspr.learning.migrations.0008_search_unaccent")
    removed = PublishedReview.objects.get(title="Review O: nothing accented")
    search.remove_reviews([removed.pk])
    with connection.schema_editor() as editor:
        migration.backwards(None, editor)
    # As before the migration (the search itself now needs cspr_english, so ask the index directly).
    assert _vector_has("naive") == set() and _vector_has("naïv") == {accented}
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)
    assert found("naive") == [accented] and _vector_has("naïv") == set()
    # A review taken out of the search stays out.
    assert PublishedReview.objects.filter(pk=removed.pk, search_vector__isnull=True).exists()


def _vector_has(lexeme: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM learning_publishedreview WHERE search_vector @@ %s::tsquery", [f"'{lexeme}'"])
        return {title for (title,) in cursor.fetchall()}
