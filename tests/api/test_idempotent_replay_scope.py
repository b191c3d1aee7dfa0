"""A retried write shows its first answer only while the token may still see the case."""

import pytest

from cspr.core.models import AuditEvent
from tests.api.conftest import problem
from tests.api.test_notifications_write import sent

pytestmark = pytest.mark.django_db


def test_a_retry_after_the_case_moved_to_another_partnership_is_not_found(cases, token_for):
    alice, panel = token_for("alice"), token_for("sam")
    first = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-moved")
    assert first.status_code == 201, first.content
    # The Panel's secretariat corrects the local authority to one in the City of London (bob's partnership).
    moved = panel.patch(
        "/api/v1/notifications/BIR/API/1",
        {"version": first.json()["version"], "reason": "wrong authority", "changes": {"la_code": "E09000001"}},
    )
    assert moved.status_code == 200, moved.content
    assert alice.get("/api/v1/notifications/BIR/API/1").status_code == 404
    seen = AuditEvent.objects.filter(actor=alice.token.user, action="notification.view").count()

    again = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-moved")

    body = problem(again)
    assert body["status"] == 404 and "BIR/API/1" not in again.content.decode()
    assert AuditEvent.objects.filter(actor=alice.token.user, action="notification.view").count() == seen


def test_a_retry_while_the_case_is_in_scope_still_shows_the_first_answer_and_records_the_view(cases, token_for):
    alice = token_for("alice")
    first = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-kept")
    again = alice.post("/api/v1/notifications", sent(), HTTP_IDEMPOTENCY_KEY="k-kept")
    assert again.status_code == 201 and again.json() == first.json()
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.changed_fields) == (
        "notification.view",
        "BIR/API/1",
        {"page": "api:replay"},
    )
