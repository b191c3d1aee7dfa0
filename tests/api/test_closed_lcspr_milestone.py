"""A published LCSPR takes no more milestones through the API: the action refuses, as the page does."""

import pytest

from cspr.core.models import AuditEvent
from cspr.reviews.models import Milestone
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db

LCSPR = "/api/v1/notifications/A-1/~/lcspr"


def given_alice_published_the_review(api) -> dict:
    lcspr = api.get(LCSPR).json()
    sent = api.post(f"{LCSPR}/final-report", {"version": lcspr["version"], "final_report_date": "2020-08-20"})
    assert sent.status_code == 200, sent.content
    published = api.post(
        f"{LCSPR}/publish",
        {"version": sent.json()["version"], "published_date": "2020-09-01", "title": "Child A: a local review",
         "final_report_url": "https://www.example.org.uk/child-a", "outstanding_reason": "Recorded before cspr"},
    )  # fmt: skip
    assert published.status_code == 200, published.content
    return published.json()


def test_a_milestone_on_a_published_review_is_refused(cases, token_for):
    api = token_for("alice")
    lcspr = given_alice_published_the_review(api)
    events = AuditEvent.objects.count()
    body = problem(
        api.post(
            f"{LCSPR}/milestones",
            {"version": lcspr["version"], "kind": "terms_of_reference", "completed_date": "2020-05-01"},
        )
    )
    assert body["status"] == 422
    (error,) = body["errors"]
    assert error["field"] == "kind" and error["message"].startswith("the review is finished: ")
    assert not Milestone.objects.filter(practice_review__notification__ref="A-1", kind="terms_of_reference").exists()
    assert AuditEvent.objects.count() == events
    assert api.get(LCSPR).json()["version"] == lcspr["version"]
