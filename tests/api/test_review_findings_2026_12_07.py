"""The API review of 2026-12-07: each defect it reproduced, answered as a problem document in the API's words."""

import base64
import json

import pytest

from cspr.api import v1
from cspr.reviews.models import PracticeReview, RapidReview
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db

NUL = "a\u0000b"
LCSPR = "/api/v1/notifications/A-1/~/lcspr"
RAPID_REVIEW = "/api/v1/notifications/B-1/~/rapid-review"


def errors(response) -> dict:
    return {e["field"]: e["message"] for e in problem(response)["errors"]}


def lcspr_version() -> int:
    return PracticeReview.objects.get(notification__ref="A-1").version


def rapid_review_version() -> int:
    return RapidReview.objects.get(notification__ref="B-1").version


def send_final_report(api) -> None:
    sent = api.post(f"{LCSPR}/final-report", {"version": lcspr_version(), "final_report_date": "2020-08-20"})
    assert sent.status_code == 200, sent.content


def publication(**fields) -> dict:
    return {"version": lcspr_version(), "published_date": "2020-09-01", "title": "Child A: a local review",
            "final_report_url": "https://www.example.org.uk/child-a", "outstanding_reason": "On time.", **fields}  # fmt: skip


# --- 1. A control character in free text is refused, never stored (PostgreSQL cannot store NUL) -----------

CONTROL = "contains the control character 0x00: only text, line breaks and tabs"


def test_a_nul_in_the_reason_for_a_correction_is_refused(cases, token_for):
    response = token_for("alice").patch(
        "/api/v1/notifications/A-1", {"version": 1, "reason": NUL, "changes": {"near_miss": "no"}}
    )
    assert errors(response) == {"reason": CONTROL}


@pytest.mark.parametrize("field", ["facts", "immediate_actions", "learning", "decision_reasons"])
def test_a_nul_in_the_rapid_reviews_narrative_is_refused(cases, token_for, field):
    response = token_for("bob").put(RAPID_REVIEW, {"version": rapid_review_version(), field: NUL})
    assert errors(response) == {field: CONTROL}


def test_a_nul_in_an_agency_is_refused(cases, token_for):
    response = token_for("bob").put(RAPID_REVIEW, {"version": rapid_review_version(), "agencies_involved": [NUL]})
    assert errors(response) == {"agencies_involved[0]": CONTROL}


def test_a_nul_in_a_milestones_note_is_refused(cases, token_for):
    sent = {"version": lcspr_version(), "kind": "terms_of_reference", "completed_date": "2020-05-01", "note": NUL}
    assert errors(token_for("alice").post(f"{LCSPR}/milestones", sent)) == {"note": CONTROL}


@pytest.mark.parametrize("field", ["title", "learning_summary", "delay_reasons", "outstanding_reason"])
def test_a_nul_in_the_publications_text_is_refused(cases, token_for, field):
    api = token_for("alice")
    send_final_report(api)
    assert errors(api.post(f"{LCSPR}/publish", publication(**{field: NUL}))) == {field: CONTROL}


def test_a_nul_in_a_search_is_refused(cases, token_for):
    assert errors(token_for("alice").get("/api/v1/learning/search", {"q": "neglect" + NUL})) == {"q": CONTROL}


def test_a_nul_in_the_idempotency_key_is_refused(cases, token_for):
    response = token_for("alice").patch(
        "/api/v1/notifications/A-1",
        {"version": 1, "reason": "r", "changes": {"near_miss": "no"}},
        HTTP_IDEMPOTENCY_KEY=NUL,
    )
    assert errors(response) == {"Idempotency-Key": CONTROL}


def test_line_breaks_and_tabs_are_still_free_text(cases, token_for):
    text = "Line one\r\nline two\n\tindented"
    response = token_for("bob").put(RAPID_REVIEW, {"version": rapid_review_version(), "facts": text})
    assert response.status_code == 200, response.content
    assert response.json()["facts"] == text


# --- 2. The final report's address is as long as its column -------------------------------------------


def test_a_final_report_address_longer_than_its_column_is_refused(cases, token_for):
    api = token_for("alice")
    send_final_report(api)
    url = "https://www.example.org.uk/" + "a" * 480  # 506 characters; the column holds 500
    response = api.post(f"{LCSPR}/publish", publication(final_report_url=url))
    assert errors(response) == {"final_report_url": "string should have at most 500 characters"}


# --- 3. A body too large to read ------------------------------------------------------------------------


def test_a_body_larger_than_the_service_reads_answers_413(cases, token_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = problem(token_for("alice").patch("/api/v1/notifications/A-1", {"version": 1, "reason": "r" * 2_000}))
    assert body["status"] == 413 and "1,000 bytes" in body["detail"]


# --- 4. Unparseable JSON says where -------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path",
    [("patch", "/api/v1/notifications/A-1"), ("post", "/api/v1/notifications"), ("put", RAPID_REVIEW)],
)
def test_unparseable_json_says_what_and_where(cases, token_for, method, path):
    api = token_for("bob")
    response = getattr(api.client, method)(
        path, '{"version": 1,\n "b": }', content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {api.text}"
    )
    assert problem(response)["status"] == 400
    assert errors(response) == {"(body)": "invalid JSON: Expecting value: line 2 column 7"}


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(cases, token_for, constant):
    api = token_for("alice")
    response = api.client.patch(
        "/api/v1/notifications/A-1",
        '{"version": CONSTANT, "reason": "r"}'.replace("CONSTANT", constant),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.text}",
    )
    assert problem(response)["status"] == 400
    assert errors(response)["(body)"] == f"invalid JSON: {constant} is not a JSON value (JSON has no NaN or Infinity)"


def test_the_document_lists_the_bodys_400_413_and_415():
    answers = v1.api.get_openapi_schema(path_prefix="/api/v1")["paths"]["/api/v1/notifications/{ref}"]["patch"][
        "responses"
    ]
    assert {400, 413, 415} <= set(answers)
    assert "application/problem+json" in answers[400]["content"]


# --- 5. Methods a path does not answer ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["delete", "options", "trace"])
def test_a_method_a_path_does_not_answer_is_a_problem_with_allow(cases, token_for, method):
    api = token_for("alice")
    response = getattr(api.client, method)("/api/v1/notifications/A-1", HTTP_AUTHORIZATION=f"Bearer {api.text}")
    assert problem(response)["status"] == 405
    assert response["Allow"] == "GET, HEAD, PATCH"


def test_head_answers_as_get_without_the_body(cases, token_for):
    api = token_for("alice")
    got = api.get("/api/v1/notifications/A-1")
    head = api.client.head("/api/v1/notifications/A-1", HTTP_AUTHORIZATION=f"Bearer {api.text}")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == got["Content-Type"] and head["Content-Length"] == str(len(got.content))


# --- 6. Whole numbers are whole numbers -----------------------------------------------------------------


@pytest.mark.parametrize("version", [True, "1", 1.0])
def test_a_version_must_be_a_whole_number(cases, token_for, version):
    response = token_for("alice").patch(
        "/api/v1/notifications/A-1", {"version": version, "reason": "r", "changes": {"near_miss": "no"}}
    )
    assert errors(response) == {"version": "input should be a valid integer"}


def test_true_is_not_document_1(cases, token_for):
    api = token_for("alice")
    send_final_report(api)
    response = api.post(f"{LCSPR}/publish", publication(final_report_document_id=True))
    assert errors(response) == {"final_report_document_id": "input should be a valid integer"}


# --- 7. Messages that say what was wrong ----------------------------------------------------------------


def test_a_boolean_sent_to_a_coded_field_is_quoted(cases, token_for):
    response = token_for("bob").put(RAPID_REVIEW, {"version": rapid_review_version(), "lcspr_recommended": True})
    assert errors(response) == {"lcspr_recommended": "true is not one of yes, no, unknown"}
    sent = {"version": lcspr_version(), "kind": False, "completed_date": "2020-05-01"}
    assert errors(token_for("alice").post(f"{LCSPR}/milestones", sent))["kind"].startswith("false is not one of ")


def test_a_bad_rapid_review_status_filter_lists_the_codes(cases, token_for):
    message = errors(token_for("alice").get("/api/v1/notifications", {"rapid_review_status": "DUE"}))
    assert message["rapid_review_status"].startswith("'DUE' is not one of due, ")
    assert "<" not in message["rapid_review_status"]


def test_true_for_a_date_says_a_date_is_wanted(cases, token_for):
    response = token_for("alice").patch(
        "/api/v1/notifications/A-1", {"version": 1, "reason": "r", "changes": {"incident_date": True}}
    )
    assert errors(response) == {"incident_date": 'true is not allowed: give a date as "YYYY-MM-DD", e.g. "2026-03-02"'}


def test_true_for_a_childs_flag_still_says_yes_no_or_unknown(cases, token_for):
    child = {"child_ref": "C1", "gender": "female", "age_years": 2, "ethnicity": "WBRI", "disability": True}
    problems = errors(token_for("alice").post("/api/v1/notifications", notification(children=[child])))
    assert problems == {"children[0].disability": 'true is not allowed: use "yes", "no" or "unknown"'}


def test_true_for_a_local_authority_in_a_new_notification_says_a_code_is_wanted(cases, token_for):
    problems = errors(token_for("alice").post("/api/v1/notifications", notification(la_code=True)))
    assert problems["la_code"] == 'true is not allowed: give a local authority\'s code, e.g. "E08000025"'


def test_a_bad_financial_year_names_its_field(cases, token_for):
    assert set(errors(token_for("alice").get("/api/v1/statistics", {"financial_year": "abcd"}))) == {"financial_year"}


# --- 8. An empty notified date is today ---------------------------------------------------------------


def test_an_empty_notified_date_is_today(cases, token_for):
    from django.utils import timezone

    response = token_for("alice").post("/api/v1/notifications", notification(notified_date=""))
    assert response.status_code == 201, response.content
    assert response.json()["notified_date"] == timezone.localdate().isoformat()


# --- 9. Learning search cursors --------------------------------------------------------------------------


def learning_cursor(page) -> str:
    return base64.urlsafe_b64encode(json.dumps(["learning", page]).encode()).decode()


@pytest.mark.parametrize("page", [0, -5])
def test_a_learning_cursor_before_the_first_page_is_refused(cases, token_for, page):
    response = token_for("alice").get("/api/v1/learning/search", {"cursor": learning_cursor(page)})
    assert errors(response) == {"cursor": "not a cursor this list gave"}


def test_a_learning_cursor_past_the_end_lists_nothing(cases, token_for):
    api = token_for("alice")
    send_final_report(api)
    assert api.post(f"{LCSPR}/publish", publication()).status_code == 200
    first = api.get("/api/v1/learning/search").json()
    assert first["total"] == 1 and len(first["items"]) == 1 and first["next_cursor"] is None
    past = api.get("/api/v1/learning/search", {"cursor": learning_cursor(2)}).json()
    assert past["items"] == [] and past["next_cursor"] is None


# --- 10. A body not sent as JSON -------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_answers_415(cases, token_for, content_type):
    api = token_for("alice")
    body = json.dumps({"version": 1, "reason": "r", "changes": {"near_miss": "no"}})
    response = api.client.patch(
        "/api/v1/notifications/A-1", body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {api.text}"
    )
    assert problem(response)["status"] == 415 and set(errors(response)) == {"Content-Type"}


def test_a_json_media_type_with_a_suffix_or_charset_is_json(cases, token_for):
    api = token_for("alice")
    body = json.dumps({"version": 1, "reason": "r", "changes": {"near_miss": "no"}})
    for content_type in ["application/json; charset=utf-8", "application/merge-patch+json"]:
        response = api.client.patch(
            "/api/v1/notifications/A-1", body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {api.text}"
        )
        assert response.status_code == 200, response.content
        body = json.dumps({"version": response.json()["version"], "reason": "r", "changes": {"near_miss": "yes"}})


def notification(**fields) -> dict:
    return {"notification_ref": "BIR/API/1", "la_code": "E08000025", "incident_date": "2020-03-02",
            "aware_date": "2020-03-03", "notified_date": "2020-03-05", "incident_type": "serious_harm",
            "harm_category": "physical_abuse",
            "children": [{"child_ref": "C1", "gender": "female", "age_years": 2, "ethnicity": "WBRI"}], **fields}  # fmt: skip
