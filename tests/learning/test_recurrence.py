"""A new review recommends what an earlier review did, and that was marked done: flagged on both (issue 16)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cspr.learning import actions
from cspr.learning.models import PublishedReview
from cspr.learning.recurrence import recurrence_flags
from tests.service.personas import personas

SAFER_SLEEP = "Repeat safer sleep conversations with both parents whenever the family's circumstances change."
AGAIN = "Safer sleep conversations should be repeated with both parents when the family's circumstances change."


@pytest.fixture
def people(db):
    return personas()


def _review(add_review, title, year, text, status="open", **extra):
    return add_review(
        title=title,
        year=year,
        recommendations=[{"text": text, "owner_agency": "Health visiting", "status": status}],
        **extra,
    )


def _flags(review, user):
    return {
        rec: [f.sentence for f in found]
        for rec, found in recurrence_flags(review, reviews=PublishedReview.objects.all(), user=user).items()
    }


def test_a_recommendation_marked_done_and_made_again_is_flagged_on_both_reviews(add_review, people):
    earlier = _review(add_review, "Child Q", 2021, SAFER_SLEEP, status="completed")
    later = _review(add_review, "Child R", 2024, AGAIN)
    _review(add_review, "Child S", 2022, "Schools should record every absence and follow it up the same day.")
    (new_rec,) = later.recommendations.all()
    (old_rec,) = earlier.recommendations.all()
    assert _flags(later, people["sam"]) == {new_rec.pk: ["Recommended in 2021 (Child Q) and marked done"]}
    assert _flags(earlier, people["sam"]) == {old_rec.pk: ["Recommended again in 2024 (Child R)"]}


def test_nothing_is_flagged_when_the_earlier_recommendation_was_not_marked_done(add_review, people):
    _review(add_review, "Child Q", 2021, SAFER_SLEEP, status="in_progress")
    later = _review(add_review, "Child R", 2024, AGAIN)
    assert _flags(later, people["sam"]) == {}


def test_a_completed_action_counts_as_done_for_those_who_may_see_it(add_review, people):
    earlier = _review(add_review, "National review of infant sleep", 2021, SAFER_SLEEP, review_type="national_review")
    later = _review(add_review, "Child R", 2024, AGAIN)
    action = actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=earlier.recommendations.get().pk,
        description="Safer sleep at every contact",
        owning_agency="Health visiting",
        owner="Head of service",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    actions.recommendation_action_update(
        actor=people["alice"],
        action_id=action.pk,
        version=action.version,
        status="completed",
        completion_evidence="Audit",
    )
    expected = ["Recommended in 2021 (National review of infant sleep) and marked done"]
    assert list(_flags(later, people["sam"]).values()) == [expected]
    assert list(_flags(later, people["alice"]).values()) == [expected]
    assert _flags(later, people["bob"]) == {}  # Birmingham's action is not bob's to see


def test_the_review_page_shows_the_flag(add_review, people, client):
    _review(add_review, "Child Q", 2021, SAFER_SLEEP, status="completed")
    later = _review(add_review, "Child R", 2024, AGAIN)
    client.force_login(people["pat"])
    page = client.get(f"/learning/reviews/{later.pk}/").content.decode()
    assert "Recommended in 2021 (Child Q) and marked done" in page
