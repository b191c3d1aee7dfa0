"""Reading notifications: scoped to the token's organisation and role, audited with the token's name."""

import pytest

from cspr.core import audit
from cspr.core.models import AuditEvent
from tests import factories
from tests.api.conftest import problem
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db


def test_a_partnership_token_reads_its_own_notification_with_its_children(cases, token_for):
    response = token_for("alice", scopes="read").get("/api/v1/notifications/A-1")
    assert response.status_code == 200
    body = response.json()
    assert body["notification_ref"] == "A-1" and body["partnership"] == "birmingham"
    assert body["children"][0]["child_ref"] == "C1" and body["children"][0]["ethnicity"] == "WBRI"
    assert body["links"]["rapid_review"] == "/api/v1/notifications/A-1/~/rapid-review"


def test_another_partnerships_notification_is_not_found(cases, token_for):
    body = problem(token_for("bob").get("/api/v1/notifications/A-1"))
    assert body["status"] == 404 and "A-1" not in body["detail"]


def test_a_read_of_a_case_is_audited_under_the_tokens_name(cases, token_for):
    api = token_for("alice", name="bir-case-system")
    api.get("/api/v1/notifications/A-1")
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.actor.username) == (audit.CASE_VIEW, "A-1", "api:bir-case-system")
    assert event.changed_fields == {"page": "api:notification"}


def test_a_refused_read_writes_no_view_event(cases, token_for):
    api = token_for("bob")
    before = AuditEvent.objects.count()
    assert api.get("/api/v1/notifications/A-1").status_code == 404
    assert AuditEvent.objects.count() == before


def test_references_with_slashes_are_read_whole(people, token_for):
    factories.notifications(valid_row(notification_ref="BIR/2020/7"))
    response = token_for("alice").get("/api/v1/notifications/BIR/2020/7")
    assert response.status_code == 200 and response.json()["notification_ref"] == "BIR/2020/7"
    children = token_for("alice").get("/api/v1/notifications/BIR/2020/7/~/children")
    assert children.json() == {"notification_ref": "BIR/2020/7", "children": [children.json()["children"][0]]}


def test_the_list_holds_only_the_tokens_cases_and_names_each_in_the_audit_trail(cases, token_for):
    response = token_for("bob").get("/api/v1/notifications")
    assert [n["notification_ref"] for n in response.json()["items"]] == ["B-1"]
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == audit.CASES_LISTED and event.changed_fields["refs"] == ["B-1"]


def test_the_list_pages_by_cursor_without_repeating_or_skipping(people, token_for):
    factories.notifications(*[valid_row(notification_ref=f"P-{i}", child_ref="C1") for i in range(7)])
    api, seen, cursor = token_for("alice"), [], None
    while True:
        page = api.get("/api/v1/notifications", {"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [n["notification_ref"] for n in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == [f"P-{i}" for i in range(7)] and len(seen) == 7


def test_the_list_filters_by_incident_type_and_dates(people, token_for):
    factories.notifications(
        valid_row(notification_ref="D-1", incident_type="death", harm_category="", death_category="sudi"),
        valid_row(notification_ref="H-1", notified_date="2020-03-06"),
    )
    api = token_for("sam")
    deaths = api.get("/api/v1/notifications", {"incident_type": "death"}).json()["items"]
    assert [n["notification_ref"] for n in deaths] == ["D-1"]
    later = api.get("/api/v1/notifications", {"notified_from": "2020-03-06"}).json()["items"]
    assert [n["notification_ref"] for n in later] == ["H-1"]


def test_a_cursor_not_given_by_the_list_is_refused_clearly(cases, token_for):
    body = problem(token_for("alice").get("/api/v1/notifications", {"cursor": "not-a-cursor"}))
    assert body["status"] == 422 and body["errors"] == [{"field": "cursor", "message": "not a cursor this list gave"}]
