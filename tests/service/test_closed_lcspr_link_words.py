"""The case page offers to track a local review only while it is under way (a finished one takes no change)."""

import pytest
from django.urls import reverse

from cspr.domain.workflow import PracticeReviewStatus
from cspr.reviews.models import PracticeReview

pytestmark = pytest.mark.django_db


def link_words(client) -> str:
    html = client.get(reverse("notification_detail", args=["A-1"])).content.decode()
    return (
        "track"
        if "Track the local review" in html
        else "see"
        if "See the local review&#39;s milestones" in html or "See the local review's milestones" in html
        else "none"
    )


def test_a_finished_local_review_is_seen_not_tracked(cases, people, client_for):
    alice = client_for(people["alice"])
    assert PracticeReview.objects.get(notification__ref="A-1").is_open
    assert link_words(alice) == "track"
    for finished in (PracticeReviewStatus.PUBLISHED, PracticeReviewStatus.NOT_PUBLISHED):
        PracticeReview.objects.filter(notification__ref="A-1").update(status=finished)  # as its actions leave it
        assert not PracticeReview.objects.get(notification__ref="A-1").is_open
        assert link_words(alice) == "see"
