"""The search finds a review by the names of its coded themes and characteristics, on either database.

A practitioner who typed "infancy" or "unsafe sleep" found nothing, though reviews were coded with
"Sudden unexpected death in infancy or unsafe sleep": only the review's own text was indexed. Only
confirmed coding counts (a pending or rejected suggestion is nobody's judgement yet), the index
follows re-coding and a rebuild, and learning that was shared but not published stays in scope.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from cspr.learning import actions, search
from cspr.learning.models import PublishedReview, SuggestionStatus, ThemeSuggestion

pytestmark = pytest.mark.django_db

CODED = "Child A: coded"
SUGGESTED = "Child B: suggested only"
UNPUBLISHED = "Child U: shared, not published"
# The review's own words never say "infancy", "unsafe" or "timely": only a label's name can match.
NEUTRAL = dict(
    learning_summary="The family moved house twice in the year before the incident.", recommendations=[], themes=[]
)


def found(query: str, reviews=None) -> list[str]:
    result = search.search(query, reviews=reviews if reviews is not None else PublishedReview.objects.all())
    return [hit.title for hit in result.hits]


def _suggest(review, code: str, kind: str = "characteristic") -> ThemeSuggestion:
    """A pending suggestion as theme_suggestions_generate stores one (without training the suggester)."""
    return ThemeSuggestion.objects.create(
        review=review, kind=kind, code=code, score=0.9, evidence=["The baby slept on the sofa."],
        lexicon_version="test", model_version="test", created_at=timezone.now(), status=SuggestionStatus.PENDING,
    )  # fmt: skip


@pytest.fixture
def coded(add_review):
    review = add_review(title=CODED, characteristics=["sudi_unsafe_sleep"], **NEUTRAL)
    suggested = add_review(title=SUGGESTED, characteristics=[], **NEUTRAL)
    _suggest(suggested, "sudi_unsafe_sleep")
    _suggest(suggested, "information_sharing", kind="theme")
    return review, suggested


def test_a_coded_characteristics_name_is_searched_and_a_suggestion_is_not(coded):
    assert found("infancy") == [CODED]
    assert found('"unsafe sleep"') == found("unsafe sleep") == [CODED]
    assert found('"sudden unexpected death"') == [CODED]
    assert found("timely") == [], "a pending suggestion of a theme is not coding"


def test_accepting_a_suggestion_makes_it_searched_and_rejecting_does_not(coded, actor):
    _, suggested = coded
    pending = {s.code: s for s in suggested.suggestions.all()}
    actions.theme_suggestion_reject(actor=actor, suggestion_id=pending["information_sharing"].pk)
    assert found("timely") == []
    actions.theme_suggestion_accept(actor=actor, suggestion_id=pending["sudi_unsafe_sleep"].pk)
    assert sorted(found("infancy")) == [CODED, SUGGESTED]


def test_re_coding_a_review_changes_what_finds_it(coded, actor):
    review, _ = coded
    actions.review_label_remove(actor=actor, review_id=review.pk, kind="characteristic", code="sudi_unsafe_sleep")
    assert found("infancy") == [] and found('"unsafe sleep"') == []
    actions.review_label_add(actor=actor, review_id=review.pk, kind="theme", code="information_sharing")
    assert found('"sharing information" timely') == [CODED]


def test_a_rebuilt_index_holds_the_coding(coded, actor):
    review, _ = coded
    actions.review_label_add(actor=actor, review_id=review.pk, kind="theme", code="information_sharing")
    search.rebuild_index()
    assert found("infancy") == found("timely") == [CODED]


def test_unpublished_learning_is_found_by_its_coding_only_by_those_who_may_read_it(coded, add_review):
    add_review(title=UNPUBLISHED, characteristics=["sudi_unsafe_sleep"], published=False, **NEUTRAL)
    assert sorted(found("infancy")) == [CODED, UNPUBLISHED]
    assert found("infancy", PublishedReview.objects.published()) == [CODED]


def test_a_match_in_the_coding_ranks_below_the_title_and_above_a_mention_in_the_document(add_review, text_document):
    add_review(title="Child D: a mention", characteristics=[], document=text_document(
        "The health visitor gave advice about infancy and feeding at the first visit."), **NEUTRAL)  # fmt: skip
    add_review(title=CODED, characteristics=["sudi_unsafe_sleep"], **NEUTRAL)
    add_review(title="Child T: a death in infancy", characteristics=[], **NEUTRAL)
    assert found("infancy") == ["Child T: a death in infancy", CODED, "Child D: a mention"]


def test_a_hit_found_by_its_coding_shows_the_name_marked(coded):
    (hit,) = search.search("infancy", reviews=PublishedReview.objects.all()).hits
    assert "<mark>infancy</mark>" in hit.snippet_html.lower()


def test_a_misspelt_label_word_is_offered_its_spelling(coded):
    result = search.search("infancyy", reviews=PublishedReview.objects.all())
    assert result.rescue.spelling is not None and result.rescue.spelling.query == "infancy"


def test_the_migration_indexes_the_coding_and_reverses(coded, add_review):
    migration = importlib.import_module("cspr.learning.migrations.0010_search_coded_labels")
    removed = add_review(title="Child R: removed from the search", characteristics=["sudi_unsafe_sleep"], **NEUTRAL)
    search.remove_reviews([removed.pk])
    # Not entered: on SQLite entering turns off foreign-key checks, which cannot happen in the test's
    # transaction; the migration only runs statements.
    editor = connection.SchemaEditorClass(connection)
    migration.backwards(apps, editor)
    assert _indexed("infancy") == set() and _indexed("family") == {CODED, SUGGESTED}
    migration.forwards(apps, editor)
    assert _indexed("infancy") == {CODED} and _indexed("family") == {CODED, SUGGESTED}
    assert found("infancy") == [CODED], "a review taken out of the search stays out"


def _indexed(term: str) -> set[str]:
    """The titles of the reviews whose index entry has `term` (as stored), asked of the index itself."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT title FROM learning_publishedreview WHERE search_vector @@ to_tsquery('cspr_english', %s)",
                [term],
            )
        else:
            cursor.execute(
                "SELECT r.title FROM learning_review_fts f JOIN learning_publishedreview r ON r.id = f.rowid "
                "WHERE learning_review_fts MATCH %s",
                [f'"{term}"'],
            )
        return {title for (title,) in cursor.fetchall()}
