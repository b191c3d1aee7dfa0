"""`cspr learning send-reminders`: links from CSPR_SITE_URL, one line when the mail server fails."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cspr.learning import actions
from cspr.reviews.models import ReminderSent
from tests.service.personas import personas
from tests.service.test_reminders_site_and_mail import mail_server_down


@pytest.fixture
def overdue_action(db, add_review):
    people = personas()
    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    recommendation = add_review(
        review_type="national_review", title="National review: safer sleep"
    ).recommendations.get()
    return actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=recommendation.pk,
        description="Safer sleep conversation at every health visitor contact.",
        owning_agency="Birmingham Community Healthcare",
        owner="Head of health visiting",
        due_date=timezone.localdate() - timedelta(days=1),
    )


def test_the_link_starts_with_the_site_url_setting(overdue_action, settings, mailoutbox):
    settings.CSPR_SITE_URL = "https://cspr.example.org"
    call_command("learning", "send-reminders")
    [email] = mailoutbox
    assert f"https://cspr.example.org/learning/actions/{overdue_action.pk}/" in email.body


def test_without_a_site_url_nothing_is_sent(overdue_action, settings, mailoutbox):
    settings.CSPR_SITE_URL, settings.DEMO_MODE = "", False
    with pytest.raises(CommandError, match="set CSPR_SITE_URL"):
        call_command("learning", "send-reminders")
    assert not mailoutbox and not ReminderSent.objects.exists()


def test_a_mail_server_nothing_listens_on_is_one_line_and_the_reminder_is_left_for_the_next_run(
    overdue_action, settings
):
    port = mail_server_down(settings)
    with pytest.raises(CommandError) as failed:
        call_command("learning", "send-reminders")
    said = str(failed.value)
    assert "\n" not in said and f"127.0.0.1:{port} (CSPR_EMAIL_HOST, CSPR_EMAIL_PORT)" in said
    assert "0 reminder(s) sent before the failure, the rest will be sent on the next run" in said
    assert not ReminderSent.objects.exists()
