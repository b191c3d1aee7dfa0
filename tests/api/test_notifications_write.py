"""Recording and correcting notifications: the data standard's rules and words, idempotent, locked."""

import pytest

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def sent(**overrides) -> dict:
    body = {
        "notification_ref": "BIR/API/1",
        "la_code": "E08000025",
        "incident_date": "2020-03-02",
        "aware_date": "2020-03-03",
        "notified_date": "2020-03-05",
        "incident_type": "serious_harm",
        "harm_category": "physical_abuse",
        "domestic_abuse": "yes",
        "children": [{"child_ref": "C1", "gender": "female", "age_years": 2, "ethnicity": "WBRI"}],
    }
    body.update(overrides)
    return body


def test_a_partnership_records_a_notification_and_its_rapid_review_clock_starts(people, token_for):
    response = token_for("alice", name="bir-cms").post("/api/v1/notifications", sent())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["notification_ref"] == "BIR/API/1" and body["rapid_review_status"] == "due"
    assert body["children"][0]["outcome"] == "seriously_harmed"  # the standard's default
    event = AuditEvent.objects.get(action="notification.record", object_id="BIR/API/1")
    assert event.actor.username == "api:bir-cms"


def test_a_retry_with_the_same_idempotency_key_never_creates_a_second_notification(people, token_for):
    api = token_for("alice")
    first = api.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Notification.objects.filter(ref="BIR/API/1").count() == 1


def test_a_key_reused_for_another_request_is_refused(people, token_for):
    api = token_for("alice")
    api.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-2")
    body = problem(api.post("/api/v1/notifications", sent(notification_ref="OTHER"), HTTP_IDEMPOTENCY_KEY="k-2"))
    assert body["status"] == 422 and body["type"] == "urn:cspr:problem:idempotency-key-reused"
    assert not Notification.objects.filter(ref="OTHER").exists()


def test_a_refused_write_stores_no_key_so_a_corrected_retry_succeeds(people, token_for):
    api = token_for("alice")
    assert (
        api.post("/api/v1/notifications", sent(aware_date="2020-03-01"), HTTP_IDEMPOTENCY_KEY="k-3").status_code == 422
    )
    assert (
        api.post("/api/v1/notifications", sent(aware_date="2020-03-01"), HTTP_IDEMPOTENCY_KEY="k-3").status_code == 422
    )


def test_cross_field_rules_answer_in_the_importers_words(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(aware_date="2020-03-01")))
    assert {"field": "aware_date", "message": "2020-03-01 is before incident_date 2020-03-02"} in body["errors"]


def test_a_wrong_code_is_named_with_the_allowed_codes(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(domestic_abuse="maybe")))
    assert body["errors"] == [{"field": "domestic_abuse", "message": "'maybe' is not one of yes, no, unknown"}]


def test_a_childs_problem_is_located_on_the_child(people, token_for):
    children = [{"child_ref": "C1", "gender": "girl", "age_years": 2, "ethnicity": "WBRI"}]
    body = problem(token_for("alice").post("/api/v1/notifications", sent(children=children)))
    assert body["errors"][0]["field"] == "children[0].gender"
    assert body["errors"][0]["message"].startswith("'girl' is not one of male, female")


def test_a_date_that_is_not_real_is_refused_as_the_importer_does(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(incident_date="2020-02-30")))
    assert {"field": "incident_date", "message": "'2020-02-30' is not a real date"} in body["errors"]


def test_unknown_fields_and_bad_json_are_refused_clearly(people, token_for):
    api = token_for("alice")
    body = problem(api.post("/api/v1/notifications", sent(colour="red")))
    assert {"field": "colour", "message": "unknown field; unknown fields are refused so no data is dropped"} in body[
        "errors"
    ]
    raw = api.client.post(
        "/api/v1/notifications", "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {api.text}"
    )
    assert problem(raw)["status"] in (400, 422)


def test_a_notification_for_another_partnerships_area_is_refused(people, token_for):
    body = problem(token_for("bob").post("/api/v1/notifications", sent()))
    assert body["status"] == 422 and body["errors"][0]["field"] == "la_code"
    assert "birmingham" in body["errors"][0]["message"]


def test_a_role_that_cannot_record_notifications_gets_403(people, token_for):
    assert problem(token_for("sam").post("/api/v1/notifications", sent()))["status"] == 403


def test_a_correction_with_a_reason_is_made_and_audited(cases, token_for):
    api = token_for("alice")
    response = api.patch(
        "/api/v1/notifications/A-1",
        {
            "version": cases["A"].version,
            "reason": "LA typed the wrong date",
            "changes": {"incident_date": "2020-03-01"},
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["incident_date"] == "2020-03-01"
    event = AuditEvent.objects.filter(action="notification.amend").latest("id")
    assert event.reason == "LA typed the wrong date" and event.actor == api.token.user


def test_a_stale_version_answers_409_with_the_current_record(cases, token_for):
    api = token_for("alice")
    stale = cases["A"].version
    api.patch(
        "/api/v1/notifications/A-1", {"version": stale, "reason": "fix", "changes": {"incident_date": "2020-03-01"}}
    )
    response = api.patch(
        "/api/v1/notifications/A-1", {"version": stale, "reason": "fix", "changes": {"domestic_abuse": "no"}}
    )
    body = problem(response)
    assert body["status"] == 409 and body["current"]["version"] == stale + 1
    assert body["current"]["incident_date"] == "2020-03-01"
    assert AuditEvent.objects.latest("id").changed_fields == {"page": "api:conflict"}


def test_a_correction_without_a_reason_is_refused(cases, token_for):
    body = problem(token_for("alice").patch("/api/v1/notifications/A-1", {"version": 1, "reason": " ", "changes": {}}))
    assert body["status"] == 422 and body["errors"][0]["field"] == "reason"


def test_another_partnerships_notification_cannot_be_corrected(cases, token_for):
    response = token_for("bob").patch("/api/v1/notifications/A-1", {"version": 1, "reason": "x", "changes": {}})
    assert problem(response)["status"] == 404


def test_a_token_write_needs_no_csrf_token_because_no_cookie_can_make_it(people, token_for):
    from django.test import Client

    api = token_for("alice")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/notifications", sent(), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {api.text}"
    )
    assert response.status_code == 201, response.content
