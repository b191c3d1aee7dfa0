"""A deadline reminder names a case to its recipient, so each one sent is an audited listing,
as `cspr deadlines` records the same references (`notification.list`); a run that sends
nothing records nothing."""

from datetime import date

import pytest
import time_machine
from django.db import OperationalError

from cspr.core import audit
from cspr.core.models import AuditEvent
from tests.service.test_reminders import run

pytestmark = pytest.mark.django_db


def reminder_events():
    return list(AuditEvent.objects.filter(action=audit.CASES_LISTED, object_type="reminder").order_by("id"))


@time_machine.travel(date(2020, 10, 5), tick=False)
def test_each_reminder_sent_is_a_listing_naming_its_recipient_and_its_case(cases, owners, mailoutbox):
    # Case A's LCSPR was due for publication on 1 October 2020: alice and its reviewer rita are reminded.
    run()
    sent = sorted((email.to[0], ref) for email in mailoutbox for ref in ("A-1", "B-1") if ref in email.subject)
    assert sent and len(sent) == len(mailoutbox)
    events = reminder_events()
    by_id = {person.pk: f"{person.username}@example.org" for person in owners.values()}
    recorded = sorted((by_id[e.changed_fields["recipient"]], *e.changed_fields["refs"]) for e in events)
    assert recorded == sent
    assert {e.actor.username for e in events} == {"system:send-reminders"}
    assert all(e.changed_fields["command"] == "send-reminders" for e in events)
    assert not any("@" in str(e.changed_fields) for e in events)  # people by account, not address
    assert audit.verify() == []


@time_machine.travel(date(2020, 10, 5), tick=False)
def test_a_run_that_sends_nothing_records_nothing(cases, owners, mailoutbox):
    run()
    written = AuditEvent.objects.count()
    assert "sent 0 reminder(s)" in run()  # everyone was reminded today already
    assert AuditEvent.objects.count() == written


@time_machine.travel(date(2020, 3, 9), tick=False)
def test_nothing_due_records_nothing(cases, owners, mailoutbox):
    written = AuditEvent.objects.count()
    assert "sent 0 reminder(s)" in run()
    assert AuditEvent.objects.count() == written and not reminder_events()


@time_machine.travel(date(2020, 10, 5), tick=False)
@pytest.mark.parametrize("error", [ValueError("refused"), OperationalError("database is locked")])
def test_a_reminder_whose_record_fails_is_never_sent_and_is_sent_once_later(cases, owners, monkeypatch, error):
    # The email is the last thing in its transaction: a failure recording it (its row or its audit
    # event) rolls back with nothing sent, and the next run sends it exactly once.
    from django.core import mail
    from django.core.management.base import CommandError

    from cspr.reviews import reminders
    from cspr.reviews.models import ReminderSent

    real, calls = reminders.reminder_sent, []

    def fails_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return real(**kwargs)

    monkeypatch.setattr(reminders, "reminder_sent", fails_once)
    with pytest.raises((CommandError, OperationalError)):
        run()
    assert len(mail.outbox) == ReminderSent.objects.count()  # every email sent is recorded as sent
    run()
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent)) == ReminderSent.objects.count()
