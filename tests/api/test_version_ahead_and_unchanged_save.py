"""A version never issued is a wrong value (422), not someone else's change (409); a save that changes
nothing writes nothing, so nobody else's version goes stale."""

import pytest

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.reviews.models import RapidReview
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db

RAPID = "/api/v1/notifications/B-1/~/rapid-review"


def test_a_version_ahead_of_the_records_is_refused_naming_version(cases, token_for):
    api = token_for("bob")
    version = cases["B"].rapid_review.version
    body = problem(api.put(RAPID, {"version": version + 1, "facts": "typed"}))
    assert body["status"] == 422 and "current" not in body
    assert body["errors"] == [
        {
            "field": "version",
            "message": f"version {version + 1} was never issued: this rapid review is at version {version}; "
            "reload it and try again",
        }
    ]
    assert RapidReview.objects.get(pk=cases["B"].rapid_review.pk).facts != "typed"


def test_a_correction_with_a_version_ahead_is_refused_the_same_way(cases, token_for):
    api = token_for("alice")
    version = Notification.objects.get(ref="A-1").version
    body = problem(
        api.patch(
            "/api/v1/notifications/A-1",
            {"version": version + 5, "reason": "typo", "changes": {"domestic_abuse": "no"}},
        )
    )
    assert body["status"] == 422 and body["errors"][0]["field"] == "version"


def test_a_stale_version_is_still_a_409_with_the_current_record(cases, token_for):
    api = token_for("bob")
    version = cases["B"].rapid_review.version
    assert api.put(RAPID, {"version": version, "facts": "first"}).status_code == 200
    body = problem(api.put(RAPID, {"version": version, "facts": "second"}))
    assert body["status"] == 409 and body["current"]["version"] == version + 1


def test_a_rapid_review_save_that_changes_nothing_keeps_the_version_and_records_a_read(cases, token_for):
    api = token_for("bob")
    version = cases["B"].rapid_review.version
    saves = AuditEvent.objects.filter(action="rapid_review.save").count()

    response = api.put(RAPID, {"version": version})

    assert response.status_code == 200, response.content
    assert response.json()["version"] == version
    assert RapidReview.objects.get(pk=cases["B"].rapid_review.pk).version == version
    assert AuditEvent.objects.filter(action="rapid_review.save").count() == saves
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.changed_fields) == (
        "notification.view",
        "B-1",
        {"page": "api:rapid_review"},
    )
    # Another editor who read the same version can still save.
    assert token_for("bob").put(RAPID, {"version": version, "facts": "theirs"}).status_code == 200


def test_sending_the_values_it_already_holds_changes_nothing_either(cases, token_for):
    api = token_for("bob")
    first = api.put(RAPID, {"version": cases["B"].rapid_review.version, "facts": "same", "themes": ["daily_life"]})
    version = first.json()["version"]
    again = api.put(RAPID, {"version": version, "facts": "same", "themes": ["daily_life"]})
    assert again.status_code == 200 and again.json()["version"] == version
