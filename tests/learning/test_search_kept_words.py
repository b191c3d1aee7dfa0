"""Both databases search the words cspr keeps: "no", "not", "now", "don't" and the small words of a phrase.

SQLite's FTS5 indexes every word; PostgreSQL's `english` configuration dropped its stop
words ("no", "not", "now", "don", "s", "t", "to", "in", ...) from the index and the query,
so there "no recourse to public funds" also found reviews of families who had recourse
to them, and "not brought" every review of a child who was brought. The searches run on
whichever database the tests use and must give the same reviews; the migration test
needs PostgreSQL.
"""

import importlib

import pytest
from django.db import connection

from cspr.learning import search
from cspr.learning.models import PublishedReview

pytestmark = pytest.mark.django_db

NRPF = "Review A: no recourse"
RECOURSE = "Review B: recourse"
NOT_BROUGHT = "Review C: not brought"
BROUGHT = "Review D: brought"
IN_CARE = "Review E: in care"
NOW = "Review F: now"

SUMMARIES = {
    NRPF: "The family had no recourse to public funds and lived in one room.",
    RECOURSE: "The family gained recourse to public funds after the appeal.",
    NOT_BROUGHT: "The child was not brought to health appointments and professionals don't share that.",
    BROUGHT: "The child was brought to health appointments by a neighbour who did attend.",
    IN_CARE: "Two children in care were placed far from home; the mother did not attend reviews.",
    NOW: "The children of care leavers now live with their grandmother, Don, at T Farm.",
}


def found(query: str) -> list[str]:
    return sorted(hit.title for hit in search.search(query, reviews=PublishedReview.objects.all()).hits)


@pytest.fixture
def reviews(add_review, text_document):
    for title, summary in SUMMARIES.items():
        add_review(
            title=title,
            learning_summary=summary,
            recommendations=[],
            document=text_document(f"Agencies met about {title[:8]}."),
        )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"no recourse to public funds"', [NRPF]),
        ("no recourse to public funds", [NRPF]),
        ("NRPF OR no recourse", [NRPF]),
        ('"not brought"', [NOT_BROUGHT]),
        ("not brought", [NOT_BROUGHT]),
        ('"was not brought to"', [NOT_BROUGHT]),
        ('"did not attend"', [IN_CARE]),
        ('"did attend"', [BROUGHT]),
        ("now", [NOW]),
        ("don't", [NOT_BROUGHT]),
        ('"children in care"', [IN_CARE]),
        ('"children of care"', [NOW]),
        ("recourse -no", [RECOURSE]),
        ("brought NOT not", [BROUGHT]),
    ],
)
def test_the_words_cspr_keeps_are_searched_on_both_databases(reviews, query, expected):
    assert found(query) == expected


def test_a_stop_word_of_csprs_own_is_still_dropped_on_its_own(reviews):
    # "to" alone is too common to help, on both databases; "recourse to" is the word itself.
    assert found("recourse to") == found("recourse") == [NRPF, RECOURSE]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the migration does something on PostgreSQL only")
def test_the_migration_reindexes_the_reviews_and_reverses(reviews):
    migration = importlib.import_module("cspr.learning.migrations.0009_search_keeps_stop_words")
    removed = PublishedReview.objects.get(title=BROUGHT)
    search.remove_reviews([removed.pk])
    with connection.schema_editor() as editor:
        migration.backwards(None, editor)
    # As before the migration: the english stop list dropped "not" from the index.
    assert _vector_has("not") == set() and _vector_has("brought") == {NOT_BROUGHT}
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)
    assert _vector_has("not") == {NOT_BROUGHT, IN_CARE} and found("not brought") == [NOT_BROUGHT]
    # A review taken out of the search stays out.
    assert PublishedReview.objects.filter(pk=removed.pk, search_vector__isnull=True).exists()


def _vector_has(lexeme: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM learning_publishedreview WHERE search_vector @@ %s::tsquery", [f"'{lexeme}'"])
        return {title for (title,) in cursor.fetchall()}
