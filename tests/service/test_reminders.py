"""`cspr send-reminders` emails owners of items due soon or overdue, once a day."""

import io
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("send-reminders", "--within", "3", "--base-url", "https://cspr.example", stdout=out)
    return out.getvalue()


@time_machine.travel(date(2020, 3, 23), tick=False)
def test_owners_are_reminded_once_a_day(cases, owners):
    # Case B's rapid review (aware 3 March 2020) is due 24 March: 1 working day away.
    assert "sent 1 reminder(s)" in run()
    [email] = mail.outbox
    assert email.to == ["bob@example.org"]
    assert "B-1" in email.subject and "due in 1 working day(s)" in email.subject
    assert "https://cspr.example/notifications/B-1/" in email.body
    assert "sent 0 reminder(s)" in run()
    assert len(mail.outbox) == 1


@time_machine.travel(date(2020, 10, 5), tick=False)
def test_overdue_local_reviews_remind_the_partnership_and_the_reviewer(cases, owners):
    # Case A's LCSPR (decided 1 April 2020) was due for publication on 1 October 2020.
    run()
    to = sorted(address for email in mail.outbox for address in email.to if "A-1" in email.subject)
    assert to == ["alice@example.org", "alice@example.org", "rita@example.org", "rita@example.org"]
    assert all("overdue" in email.subject for email in mail.outbox if "A-1" in email.subject)


@time_machine.travel(date(2020, 3, 9), tick=False)
def test_nothing_far_off_is_sent(cases, owners):
    assert "sent 0 reminder(s)" in run()


def test_emails_carry_no_childs_details(cases, owners):
    with time_machine.travel(date(2020, 3, 23), tick=False):
        run()
    body = mail.outbox[0].subject + mail.outbox[0].body
    for detail in ("female", "WBRI", "physical", "C1"):
        assert detail not in body
