"""A review's title with a line break stopped every reminder of overdue actions, every day: the
email library refuses a line break in the subject, and the error ended the run. Now a title, an
area name, an address and an owner agency must be one line where a review is written; a title
stored before that is put on one line in the subject; and one email that cannot be sent is
logged and counted while the run goes on, which still ends non-zero."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cspr.domain.refusal import Refused
from cspr.domain.standard_cells import one_line, single_line_problem
from cspr.learning import actions
from cspr.learning.ingest import parse_metadata
from cspr.learning.models import PublishedReview
from cspr.reviews.models import ReminderSent
from tests.learning.documents import metadata
from tests.service.personas import personas

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Hostile review\nBcc: attacker@example.org"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Child Q: a local child safeguarding practice review", None),
        ("Child Q – a review (2021) é", None),
        (HOSTILE_TITLE, "must be one line of text: remove the line break at character 15"),
        ("Child Q\r", "must be one line of text: remove the line break at character 8"),
        ("Child\tQ", "must be one line of text: remove the tab at character 6"),
        ("Child\x85Q", "must be one line of text: remove the line break at character 6"),
        ("Child\u2028Q", "must be one line of text: remove the line break at character 6"),
        ("Child\x00Q", "must be one line of text: remove the control character 0x00 at character 6"),
        ("Child\x9bQ", "must be one line of text: remove the control character 0x9b at character 6"),
    ],
)
def test_one_line_text_has_no_line_break_nor_control_character(text, problem):
    assert single_line_problem(text) == problem
    assert single_line_problem(one_line(text)) is None and len(one_line(text).splitlines()) == 1


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"title": HOSTILE_TITLE}, "title: must be one line of text: remove the line break at character 15"),
        ({"area_name": "Birmingham\u2028Bcc: x"}, "area_name: must be one line of text: remove the line break"),
        ({"source_url": "https://example.org/\x0bx"}, "source_url: must be one line of text: remove the line break"),
        (
            {"recommendations": [{"text": "Do it.", "owner_agency": "Police\nBcc: x"}]},
            "recommendations[1].owner_agency: must be one line of text: remove the line break at character 7",
        ),
    ],
)
def test_a_metadata_file_with_a_line_break_in_a_one_line_field_is_refused(overrides, error):
    review, errors = parse_metadata(metadata(**overrides))
    assert review is None
    assert [e for e in errors if e.startswith(error)], errors


def test_the_actions_refuse_a_line_break_in_a_one_line_field(add_review, actor):
    # Metadata that did not come through a metadata file (the LCSPR publish page and API build their own).
    checked, errors = parse_metadata(metadata())
    assert not errors
    checked.title = HOSTILE_TITLE
    with pytest.raises(Refused) as refused:
        actions.review_add(actor=actor, metadata=checked)
    assert refused.value.field == "title" and "remove the line break at character 15" in refused.value.message
    assert not PublishedReview.objects.exists()

    review = add_review()
    for field, value in (("title", HOSTILE_TITLE), ("area_name", "Birmingham\rBcc: x")):
        with pytest.raises(Refused) as refused:
            actions.review_update(actor=actor, review_id=review.pk, version=None, changes={field: value})
        assert refused.value.field == field and "must be one line of text" in refused.value.message
    review.refresh_from_db()
    assert "\n" not in review.title and "\r" not in review.area_name
    recommendation = review.recommendations.get()
    with pytest.raises(Refused, match="owner agency must be one line"):
        actions.recommendation_update(
            actor=actor, recommendation_id=recommendation.pk, version=None, owner_agency="Police\nx"
        )


@pytest.fixture
def people(db):
    people = personas()
    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return people


def overdue_action(people, review, *, manager="alice", days_late=1):
    """An overdue action of `manager`'s partnership, added as step2.py of the security review did."""
    return actions.recommendation_action_add(
        actor=people[manager],
        recommendation_id=review.recommendations.get().pk,
        description="Safer sleep conversation at every health visitor contact.",
        owning_agency="Birmingham Community Healthcare",
        owner="Head of health visiting",
        due_date=timezone.localdate() - timedelta(days=days_late),
    )


def test_a_title_stored_with_a_line_break_is_one_line_in_the_reminder(add_review, people, mailoutbox, settings):
    settings.CSPR_SITE_URL = "https://cspr.example.org"
    review = add_review(review_type="national_review", title="Hostile review")
    # As a title imported before line breaks were refused is stored: the actions now refuse it.
    PublishedReview.objects.filter(pk=review.pk).update(title=HOSTILE_TITLE)
    overdue_action(people, review)
    call_command("learning", "send-reminders")
    [email] = mailoutbox
    assert email.subject == (
        "cspr: an action on a recommendation of Hostile review Bcc: attacker@example.org is overdue"
    )
    assert email.bcc == [] and "Bcc" not in email.message().keys()
    assert ReminderSent.objects.count() == 1


def test_one_email_that_cannot_be_sent_does_not_stop_the_others(add_review, people, mailoutbox, settings, caplog):
    settings.CSPR_SITE_URL = "https://cspr.example.org"
    review = add_review(review_type="national_review", title="National review: safer sleep")
    # Bob's action is the more overdue, so it is tried first; his address (stored before the user
    # pages checked it) holds a line break, which the email library refuses.
    refused = overdue_action(people, review, manager="bob", days_late=5)
    sent = overdue_action(people, review, manager="alice", days_late=1)
    broken = "bob@example.org\nBcc: attacker@example.org"
    people["bob"].email = broken
    people["bob"].save(update_fields=["email"])
    with caplog.at_level(logging.ERROR, logger="cspr.learning"), pytest.raises(CommandError) as failed:
        call_command("learning", "send-reminders")
    assert "1 reminder(s) could not be sent" in str(failed.value) and "1 sent" in str(failed.value)
    [email] = mailoutbox
    assert email.to == ["alice@example.org"]
    assert list(ReminderSent.objects.values_list("object_id", "recipient__username")) == [(sent.pk, "alice")]
    [logged] = [r for r in caplog.records if r.name == "cspr.learning"]
    assert f"action {refused.pk} to user {people['bob'].pk} not sent: ValueError" in logged.getMessage()
    assert "example.org" not in caplog.text  # no address in the log

    # The next run tries Bob's again (it was not recorded as sent) and does not repeat Alice's.
    with pytest.raises(CommandError, match="1 reminder"):
        call_command("learning", "send-reminders")
    assert len(mailoutbox) == 1
