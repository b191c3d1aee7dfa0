"""`cspr audit verify` detects an edited or deleted audit row."""

import io

import pytest
from django.core.management import CommandError, call_command

from cspr.core import audit
from cspr.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(actor):
    for i in range(5):
        audit.record(actor=actor, action="test.event", object_type="thing", object_id=i)
    return list(AuditEvent.objects.order_by("id"))


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_an_untouched_trail_verifies(trail):
    assert "audit trail intact: 5 events" in verify()


def test_an_edited_row_is_detected(trail):
    AuditEvent.objects.filter(pk=trail[2].pk).update(action="test.innocent")
    with pytest.raises(CommandError, match="tampered"):
        verify()


def test_a_deleted_row_is_detected(trail):
    AuditEvent.objects.filter(pk=trail[2].pk)._raw_delete(AuditEvent.objects.db)
    with pytest.raises(CommandError, match="tampered"):
        verify()


def test_deleting_the_newest_row_is_detected(trail):
    AuditEvent.objects.filter(pk=trail[-1].pk)._raw_delete(AuditEvent.objects.db)
    with pytest.raises(CommandError, match="tampered"):
        verify()


def test_audit_rows_refuse_to_be_changed_through_the_model(trail):
    with pytest.raises(RuntimeError, match="append-only"):
        trail[0].save()
    with pytest.raises(RuntimeError, match="append-only"):
        trail[0].delete()
