"""A retry answers with the case as it now stands, found by its id: a corrected reference is not a 404."""

import json

import pytest

from cspr.api import common
from cspr.api.models import IdempotentRequest
from cspr.api.v1 import document
from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from tests.api.conftest import problem
from tests.api.test_notifications_write import sent

pytestmark = pytest.mark.django_db


def correct(api, ref: str, **changes):
    version = api.get(f"/api/v1/notifications/{ref}").json()["version"]
    response = api.patch(f"/api/v1/notifications/{ref}", {"version": version, "reason": "typo", "changes": changes})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_retry_after_the_ref_was_corrected_answers_with_the_case_under_its_new_ref(cases, token_for):
    alice = token_for("alice")
    first = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-ref")
    assert first.status_code == 201, first.content
    corrected = correct(alice, "BIR/API/1", notification_ref="BIR/API/2")
    recorded = Notification.objects.count()

    again = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-ref")

    assert again.status_code == 201, again.content
    assert again.json() == corrected  # the case as it now stands: its ref, version and links
    assert again.json()["links"]["self"] == "/api/v1/notifications/BIR/API/2"
    assert Notification.objects.count() == recorded  # not recorded twice
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.changed_fields) == (
        "notification.view",
        "BIR/API/2",
        {"page": "api:replay"},
    )


def test_a_retry_shows_its_own_case_not_the_one_now_holding_the_old_ref(cases, token_for):
    alice = token_for("alice")
    alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-swap")
    correct(alice, "BIR/API/1", notification_ref="BIR/API/2")
    other = alice.post(
        "/api/v1/notifications", sent(incident_type="death", harm_category=None, death_category="unrelated_or_unclear")
    )
    assert other.status_code == 201, other.content  # another case, given the freed ref

    again = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-swap")

    assert again.status_code == 201
    assert (again.json()["notification_ref"], again.json()["incident_type"]) == ("BIR/API/2", "serious_harm")


def test_a_retry_of_a_case_corrected_and_then_moved_out_of_scope_is_not_found(cases, token_for):
    alice, panel = token_for("alice"), token_for("sam")
    alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-gone")
    correct(alice, "BIR/API/1", notification_ref="BIR/API/2")
    # The freed ref goes to another of alice's cases, so the stored answer's ref still finds one.
    alice.post(
        "/api/v1/notifications", sent(incident_type="death", harm_category=None, death_category="unrelated_or_unclear")
    )
    correct(panel, "BIR/API/2", la_code="E09000001")  # to the City of London: bob's partnership
    seen = AuditEvent.objects.filter(actor=alice.token.user, action="notification.view").count()

    again = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-gone")

    assert problem(again)["status"] == 404 and "BIR/API" not in again.content.decode()
    assert AuditEvent.objects.filter(actor=alice.token.user, action="notification.view").count() == seen


def test_a_key_stored_before_the_id_replays_by_its_ref_as_the_case_now_stands(cases, token_for):
    alice = token_for("alice")
    alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-old")
    IdempotentRequest.objects.filter(key="k-old").update(notification_id=None)  # as stored before the column
    corrected = correct(alice, "BIR/API/1", domestic_abuse="no")

    again = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-old")

    assert again.status_code == 201 and again.json() == corrected


def test_a_retried_rapid_review_save_answers_with_the_review_under_the_corrected_ref(cases, token_for):
    bob = token_for("bob")
    path = "/api/v1/notifications/B-1/~/rapid-review"
    body = {"version": cases["B"].rapid_review.version, "facts": "What each agency knew"}
    first = bob.put(path, body, HTTP_IDEMPOTENCY_KEY="k-rr")
    assert first.status_code == 200, first.content
    correct(bob, "B-1", notification_ref="B-2")

    again = bob.put(path, body, HTTP_IDEMPOTENCY_KEY="k-rr")

    assert again.status_code == 200, again.content
    assert again.json() == {**first.json(), "notification_ref": "B-2"}


def test_a_retried_lcspr_milestone_answers_with_the_review_under_the_corrected_ref(cases, token_for):
    alice, panel = token_for("alice"), token_for("sam")
    path = "/api/v1/notifications/A-1/~/lcspr/milestones"
    version = alice.get("/api/v1/notifications/A-1/~/lcspr").json()["version"]
    body = {"version": version, "kind": "terms_of_reference", "completed_date": "2020-05-01"}
    first = alice.post(path, body, HTTP_IDEMPOTENCY_KEY="k-lcspr")
    assert first.status_code == 200, first.content
    correct(panel, "A-1", notification_ref="A-2")  # the Panel has responded: its secretariat corrects

    again = alice.post(path, body, HTTP_IDEMPOTENCY_KEY="k-lcspr")

    assert again.status_code == 200, again.content
    assert again.json() == {**first.json(), "notification_ref": "A-2"}


def test_every_write_that_takes_an_idempotency_key_is_replayed_as_its_record_now_stands():
    paths = json.loads(document())["paths"]
    keyed = [
        path
        for path, operations in paths.items()
        for operation in operations.values()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    ]
    assert len(keyed) >= 7
    assert {common.record_named(path) for path in keyed} <= set(common.REPLAYED)
