"""The chain head names the newest audit event by its id as well as its hash."""

import pytest

from cspr.core import audit
from cspr.core.audit import PendingEvent
from cspr.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def test_the_head_names_the_last_event_recorded(actor):
    one = audit.record(actor=actor, action="notification.view", object_type="notification", object_id="N-1")
    assert AuditChainHead.objects.get(id=1).last_event_id == one.pk
    events = audit.record_many(actor=actor, events=[PendingEvent("register.export"), PendingEvent("notification.view")])
    head = AuditChainHead.objects.get(id=1)
    assert head.last_event_id == events[-1].pk == AuditEvent.objects.order_by("-id").first().pk
    assert head.last_hash == events[-1].hash


def test_recording_nothing_keeps_the_head(actor):
    one = audit.record(actor=actor, action="notification.view", object_type="notification", object_id="N-1")
    assert audit.record_many(actor=actor, events=[]) == []
    assert AuditChainHead.objects.get(id=1).last_event_id == one.pk
