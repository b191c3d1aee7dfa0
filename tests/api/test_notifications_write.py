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


# --- The schema's refusals in the data standard's words (the check belongs to POST, not to the GET on its path) ---


def test_a_json_true_for_a_flag_is_refused_in_the_standards_words(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(domestic_abuse=True)))
    assert body["errors"] == [
        {"field": "domestic_abuse", "message": 'true is not allowed: use "yes", "no" or "unknown"'}
    ]


def test_a_day_month_year_date_is_refused_in_the_standards_words(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(incident_date="02/11/2026")))
    assert {"field": "incident_date", "message": "'02/11/2026' is not a date in the form YYYY-MM-DD"} in body["errors"]


def test_a_formula_like_reference_gets_the_formula_warning(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(notification_ref="=HYPERLINK")))
    assert body["errors"][0]["field"] == "notification_ref"
    assert "would read as a formula" in body["errors"][0]["message"]


def test_the_list_keeps_the_schemas_words_for_its_query(people, token_for):
    body = problem(token_for("alice").get("/api/v1/notifications", {"notified_from": "02/11/2026"}))
    assert body["errors"][0]["field"] == "notified_from"


# --- Corrections with values the standard cannot hold: 422 naming the field, nothing changed ---


def amend(api, case, **body):
    return api.patch(f"/api/v1/notifications/{case.ref}", {"version": case.version, "reason": "fix", **body})


def test_a_description_with_a_lone_surrogate_is_refused_and_nothing_changes(cases, token_for):
    before = Notification.objects.get(pk=cases["A"].pk)
    response = amend(token_for("alice"), cases["A"], changes={"incident_description": "x \ud800 y"})
    body = problem(response)
    assert body["status"] == 422 and body["errors"][0]["field"] == "incident_description", body
    after = Notification.objects.get(pk=cases["A"].pk)
    assert (after.version, after.incident_description) == (before.version, before.incident_description)
    assert not AuditEvent.objects.filter(action="notification.amend").exists()


def test_a_lone_surrogate_in_a_coded_field_is_refused_without_a_500(cases, token_for):
    body = problem(amend(token_for("alice"), cases["A"], changes={"la_code": "E\ud800"}))
    assert body["status"] == 422 and body["errors"][0]["field"] == "la_code", body


def test_a_childs_value_of_the_wrong_type_is_refused_naming_it_and_nothing_changes(cases, token_for):
    before = Notification.objects.get(pk=cases["A"].pk)
    child = {"child_ref": "C1", "gender": "female", "age_years": [1], "ethnicity": "WBRI"}
    body = problem(amend(token_for("alice"), cases["A"], children=[child]))
    assert body["status"] == 422 and body["errors"][0]["field"] == "children[0].age_years", body
    assert "list" in body["errors"][0]["message"]
    assert Notification.objects.get(pk=cases["A"].pk).version == before.version
    assert not AuditEvent.objects.filter(action="notification.amend").exists()


def test_a_change_of_the_wrong_type_is_refused_naming_it(cases, token_for):
    body = problem(amend(token_for("alice"), cases["A"], changes={"domestic_abuse": {"a": 1}}))
    assert body["status"] == 422 and body["errors"][0]["field"] == "domestic_abuse", body


# --- cspr-2: the kinds of notification, the description, the children's cspr-2 columns ---

CARE_LEAVER_DEATH = {
    "notification_kind": "care_leaver_death",
    "incident_type": "death",
    "death_category": "unrelated_or_unclear",
    "harm_category": None,
    "incident_description": "Found at home by a personal adviser.",
    "children": [
        {
            "child_ref": "C1",
            "gender": "male",
            "age_years": 22,
            "ethnicity": "WBRI",
            "outcome": "died",
            "previous_care_proceedings": "yes",
            "home_la_code": "E09000001",
        }
    ],
}


def test_a_care_leavers_death_is_recorded_through_the_api(people, token_for):
    response = token_for("alice").post("/api/v1/notifications", sent(**CARE_LEAVER_DEATH))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["notification_kind"] == "care_leaver_death" and body["rapid_review_status"] == "not_required"
    assert body["incident_description"] == "Found at home by a personal adviser."
    assert body["children"][0]["age_years"] == 22 and body["children"][0]["previous_care_proceedings"] == "yes"
    n = Notification.objects.get(ref="BIR/API/1")
    child = n.children.get()
    assert (n.notification_kind, child.age_years, child.home_la_code) == ("care_leaver_death", 22, "E09000001")


def test_a_care_leavers_age_is_refused_for_a_childs_notification_in_the_standards_words(people, token_for):
    children = [{"child_ref": "C1", "gender": "female", "age_years": 22, "ethnicity": "WBRI"}]
    body = problem(token_for("alice").post("/api/v1/notifications", sent(children=children)))
    assert body["status"] == 422 and body["errors"][0]["field"] == "children[0].age_years", body


def test_an_unknown_notification_kind_is_refused_in_the_standards_words(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(notification_kind="suicide")))
    assert body["errors"] == [
        {
            "field": "notification_kind",
            "message": "'suicide' is not one of serious_incident, looked_after_death, care_leaver_death",
        }
    ]
    assert not Notification.objects.filter(ref="BIR/API/1").exists()


def test_a_description_that_starts_like_a_formula_is_refused(people, token_for):
    body = problem(token_for("alice").post("/api/v1/notifications", sent(incident_description="=cmd")))
    assert body["errors"][0]["field"] == "incident_description" and "formula" in body["errors"][0]["message"]


def test_a_description_is_corrected_and_read_back(cases, token_for):
    api = token_for("alice")
    response = amend(api, cases["A"], changes={"incident_description": "What the partners found."})
    assert response.status_code == 200, response.content
    assert api.get("/api/v1/notifications/A-1").json()["incident_description"] == "What the partners found."
