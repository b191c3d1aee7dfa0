"""`cspr send-reminders` as an operator runs it: links from CSPR_SITE_URL, one line when mail fails.

Found following docs/operations.md with production settings: the emails carried a bare path
(no --base-url given, CSPR_SITE_URL ignored), and a mail server that could not be reached ended
the run with a traceback.
"""

import io
import socket
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from cspr.reviews import reminders
from cspr.reviews.models import ReminderSent

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners(people):
    for name in ("alice", "bob", "rita"):
        people[name].email = f"{name}@example.org"
        people[name].save(update_fields=["email"])
    return people


def free_port() -> int:
    """A port on this host that nothing listens on: bound, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mail_server_down(settings) -> int:
    """Email goes by SMTP to a port nothing listens on (the site address set): that port."""
    port = free_port()
    settings.CSPR_SITE_URL = "https://cspr.example.org"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    return port


@time_machine.travel(date(2020, 3, 23), tick=False)
def test_the_links_start_with_the_site_url_setting_when_no_base_url_is_given(cases, owners, settings):
    settings.CSPR_SITE_URL = "https://cspr.example.org/"
    call_command("send-reminders")
    [email] = mail.outbox
    assert "https://cspr.example.org/notifications/B-1/" in email.body


@time_machine.travel(date(2020, 3, 23), tick=False)
@pytest.mark.parametrize("given", [[], ["--base-url", ""]])  # the shipped units pass "$CSPR_SITE_URL"
def test_without_a_site_url_nothing_is_sent_and_the_setting_is_named(cases, owners, settings, given):
    settings.CSPR_SITE_URL, settings.DEMO_MODE = "", False
    with pytest.raises(CommandError, match="set CSPR_SITE_URL") as refused:
        call_command("send-reminders", *given)
    assert "\n" not in str(refused.value)
    assert not mail.outbox and not ReminderSent.objects.exists()


@time_machine.travel(date(2020, 3, 23), tick=False)
def test_the_demo_links_to_the_demo_server(cases, owners, settings):
    settings.CSPR_SITE_URL, settings.DEMO_MODE = "", True
    call_command("send-reminders")
    assert "http://127.0.0.1:8000/notifications/B-1/" in mail.outbox[0].body


@time_machine.travel(date(2020, 10, 5), tick=False)
def test_a_mail_server_nothing_listens_on_is_one_line_and_nothing_is_recorded_as_sent(cases, owners, settings):
    port = mail_server_down(settings)
    with pytest.raises(CommandError) as failed:
        call_command("send-reminders")
    said = str(failed.value)
    assert "\n" not in said
    assert f"127.0.0.1:{port} (CSPR_EMAIL_HOST, CSPR_EMAIL_PORT)" in said
    assert "0 reminder(s) sent before the failure, the rest will be sent on the next run" in said
    assert not ReminderSent.objects.exists()


@time_machine.travel(date(2020, 10, 5), tick=False)
def test_what_a_failure_leaves_unsent_is_sent_on_the_next_run(cases, owners, settings, monkeypatch):
    settings.CSPR_SITE_URL = "https://cspr.example.org"
    send_mail = reminders.send_mail
    calls = []

    def second_one_fails(**message):
        calls.append(message)
        if len(calls) == 2:
            raise ConnectionRefusedError(111, "Connection refused")
        return send_mail(**message)

    monkeypatch.setattr(reminders, "send_mail", second_one_fails)
    with pytest.raises(CommandError, match="1 reminder\\(s\\) sent before the failure"):
        call_command("send-reminders")
    assert ReminderSent.objects.count() == len(mail.outbox) == 1

    monkeypatch.setattr(reminders, "send_mail", send_mail)
    out = io.StringIO()
    call_command("send-reminders", stdout=out)
    # The one that failed, and every one after it, went on the next run; nothing went twice.
    failed = (calls[1]["recipient_list"], calls[1]["subject"])
    assert failed in [(e.to, e.subject) for e in mail.outbox[1:]]
    assert f"sent {len(mail.outbox) - 1} reminder(s)" in out.getvalue() and len(mail.outbox) > 2
    assert len({(e.to[0], e.subject) for e in mail.outbox}) == len(mail.outbox) == ReminderSent.objects.count()
