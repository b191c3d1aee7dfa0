"""Storing every review's matches when the repository changes reads the repository in a few queries
and stores exactly what comparing each review on its own (the review page's computation) returns."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cspr.learning import similar, similar_store
from cspr.learning.models import PublishedReview, SimilarSet

pytestmark = pytest.mark.django_db

SENTENCES = [
    "The police attended the home after reports of domestic abuse and did not tell the health visitor.",
    "A baby was found unresponsive after sleeping on a sofa with a parent who had been drinking.",
    "The young person went missing many times and was exploited to carry drugs on a county line.",
    "Neglect of the children's health and schooling was known to several agencies for years.",
    "The school nurse raised concerns that were not shared at the child protection conference.",
    "Fractures in an infant were not recognised as non-accidental at the first hospital visit.",
]


def recommendation(text: str) -> dict:
    return {"text": text, "owner_agency": "Partnership", "due_date": "2024-03-31", "status": "open"}


@pytest.fixture
def repository(add_review, text_document):
    """Eight reviews with texts, recommendations, labels and categories; one document longer than a
    profile reads, and one review without a document."""
    specs = [
        ("under_1", "serious_harm", ["physical_abuse"], ["domestic_abuse", "non_accidental_injury"], [0, 5]),
        ("under_1", "serious_harm", ["physical_abuse"], ["domestic_abuse"], [0, 4]),
        ("15_to_17", "serious_harm", ["criminal_exploitation"], ["criminal_exploitation"], [2]),
        ("under_1", "death", ["sudi"], ["sudi_unsafe_sleep"], [1, 0]),
        ("5_to_9", "serious_harm", ["neglect"], ["neglect"], [3, 4]),
        ("10_to_14", "death", ["suicide"], ["suicide_self_harm", "domestic_abuse"], [4]),
        ("1_to_4", "serious_harm", ["neglect"], ["neglect", "domestic_abuse"], [3, 0, 1]),
    ]
    reviews = []
    for number, (age, incident, categories, characteristics, sentences) in enumerate(specs):
        text = " ".join(SENTENCES[i] for i in sentences)
        if number == 4:
            # Past what a profile keeps of the text: the document is cut where the profile cuts it.
            text += " " + " ".join(SENTENCES[i % len(SENTENCES)] for i in range(400))
            assert len(text) > similar.TEXT_CHARS
        reviews.append(
            add_review(
                title=f"Review {number}",
                document=text_document(text),
                learning_summary=SENTENCES[sentences[-1]],
                recommendations=[recommendation(f"Agencies should act on {SENTENCES[sentences[0]].lower()}")],
                child_age_band=age,
                incident_type=incident,
                incident_categories=categories,
                characteristics=characteristics,
                themes=["information_sharing"] if number % 2 else ["changing_risk"],
            )
        )
    reviews.append(
        add_review(
            title="Review without a document",
            learning_summary="A child of three was neglected; the nursery's concerns were not shared.",
            child_age_band="1_to_4",
            incident_type="serious_harm",
            incident_categories=["neglect"],
            characteristics=["neglect"],
        )
    )
    return reviews


def stored(review) -> list:
    rows = SimilarSet.objects.get(subject=f"review:{review.pk}").matches.order_by("rank")
    return [(r.rank, r.match_id, r.score, r.shared, r.text_similarity) for r in rows]


def computed_one_by_one(review) -> list:
    """The per-review computation: the review's profile read afresh, its text compared on its own."""
    matches = similar.similar_reviews(review=review, reviews=PublishedReview.objects.all(), limit=similar_store.TOP)
    return [(rank, m.review.pk, m.score, m.shared, m.text_similarity) for rank, m in enumerate(matches, start=1)]


def test_the_stored_sets_are_what_each_review_computed_on_its_own(repository):
    assert len(repository) == 8
    SimilarSet.objects.all().delete()  # the actions stored them: compute them again, here
    similar_store.repository_changed()
    for review in repository:
        expected = computed_one_by_one(review)
        assert expected, review.title
        assert stored(review) == expected, review.title
    # The wording counted: some pairs share it, and the long document and the one without one are compared.
    assert any(row[4] > 0.2 for review in repository for row in stored(review))


def test_a_profile_from_the_fetched_reviews_is_the_profile_read_afresh(repository):
    fetched = similar.fetch_for_profiles(PublishedReview.objects.order_by("pk"))
    assert [similar.fetched_review_profile(r) for r in fetched] == [similar.review_profile(r) for r in repository]


def test_the_repository_is_read_in_the_same_few_queries_whatever_its_size(repository, add_review):
    def reads() -> list:
        with CaptureQueriesContext(connection) as queries:
            similar_store.repository_changed()
        return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]

    SimilarSet.objects.all().delete()
    before = reads()
    add_review(title="One more review", child_age_band="under_1")  # stores its sets: delete them again
    SimilarSet.objects.all().delete()
    after = reads()
    assert len(after) == len(before) <= 12


def test_sets_already_stored_for_this_state_are_kept(repository):
    similar_store.repository_changed()
    kept = dict(SimilarSet.objects.values_list("subject", "id"))
    similar_store.repository_changed()  # the same state: nothing to compute again
    assert dict(SimilarSet.objects.values_list("subject", "id")) == kept
