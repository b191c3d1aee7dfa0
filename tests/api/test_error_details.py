"""Every 422 reads `field: message` in `detail`, names the field of the body that was sent, and words a
date as the data standard does."""

import pytest

from tests.api.conftest import problem

pytestmark = pytest.mark.django_db


def test_an_actions_refusal_reads_field_and_message_in_the_detail(cases, token_for):
    body = problem(
        token_for("bob").post(
            "/api/v1/notifications/B-1/~/rapid-review/submit",
            {"version": 1, "submitted_date": "2020-03-01", "lcspr_recommended": "no", "themes": []},
        )
    )
    assert body["status"] == 422
    (error,) = body["errors"]
    assert error["field"] == "submitted_date"
    assert body["detail"] == f"submitted_date: {error['message']}"


def test_a_refusal_about_the_whole_record_reads_the_same_way(cases, token_for):
    api = token_for("alice")
    version = api.get("/api/v1/notifications/A-1").json()["version"]
    body = problem(
        api.patch(
            "/api/v1/notifications/A-1",
            {"version": version, "reason": "typo", "changes": {"incident_date": "2020-03-02"}},
        )
    )
    assert body["status"] == 422
    assert body["detail"] == "; ".join(f"{e['field']}: {e['message']}" for e in body["errors"])


@pytest.mark.parametrize("sent", ["2020/03/20", "20-03-2020", "2020-3-20"])
def test_a_body_date_in_another_form_is_worded_as_the_standard_words_it(cases, token_for, sent):
    body = problem(
        token_for("bob").post(
            "/api/v1/notifications/B-1/~/rapid-review/submit",
            {"version": 1, "submitted_date": sent, "lcspr_recommended": "no", "themes": []},
        )
    )
    assert body["errors"] == [{"field": "submitted_date", "message": f"'{sent}' is not a date in the form YYYY-MM-DD"}]
    assert body["detail"] == f"submitted_date: '{sent}' is not a date in the form YYYY-MM-DD"


def test_an_unknown_final_report_document_names_the_field_sent(cases, token_for):
    api = token_for("alice")
    lcspr = api.get("/api/v1/notifications/A-1/~/lcspr").json()
    sent = api.post(
        "/api/v1/notifications/A-1/~/lcspr/final-report",
        {"version": lcspr["version"], "final_report_date": "2020-08-20"},
    )
    assert sent.status_code == 200, sent.content
    body = problem(
        api.post(
            "/api/v1/notifications/A-1/~/lcspr/publish",
            {
                "version": sent.json()["version"],
                "published_date": "2020-09-01",
                "title": "Child A",
                "final_report_document_id": 999_999,
                "outstanding_reason": "Published on time.",
            },
        )  # fmt: skip
    )
    assert body["status"] == 422
    assert body["errors"] == [
        {"field": "final_report_document_id", "message": "that document is not attached to this case"}
    ]
    assert body["detail"] == "final_report_document_id: that document is not attached to this case"


def test_a_publication_without_its_final_report_names_both_fields_that_can_give_it(cases, token_for):
    api = token_for("alice")
    lcspr = api.get("/api/v1/notifications/A-1/~/lcspr").json()
    sent = api.post(
        "/api/v1/notifications/A-1/~/lcspr/final-report",
        {"version": lcspr["version"], "final_report_date": "2020-08-20"},
    )
    body = problem(
        api.post(
            "/api/v1/notifications/A-1/~/lcspr/publish",
            {
                "version": sent.json()["version"],
                "published_date": "2020-09-01",
                "title": "Child A",
                "outstanding_reason": "Published on time.",
            },
        )  # fmt: skip
    )
    assert body["status"] == 422
    assert [e["field"] for e in body["errors"]] == ["final_report_document_id", "final_report_url"]
