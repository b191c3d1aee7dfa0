"""An overdue action's reminder names its review: when the review is part of a case record, each
email sent is audited as the action's page is (a `learning.review.list` read filed under the
case, naming the recipient); a public review's, like its page, is not, and a run that sends
nothing records nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.models import AuditEvent
from cspr.learning import actions
from cspr.learning.models import PublishedReview
from cspr.learning.reminders import send_action_reminders
from tests.service.cases import two_cases
from tests.service.personas import PARTNERSHIP_A, personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    people = personas()
    for person in people.values():
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return people


def overdue_action_on(review, people):
    return actions.recommendation_action_add(
        actor=people["alice"],
        recommendation_id=review.recommendations.get().pk,
        description="Safer sleep conversation at every health visitor contact.",
        owning_agency="Birmingham Community Healthcare",
        owner="Head of health visiting",
        due_date=timezone.localdate() - timedelta(days=1),
    )


def reminder_reads():
    return list(AuditEvent.objects.filter(action="learning.review.list").order_by("id"))


def test_a_reminder_about_a_case_review_is_a_read_of_that_case_naming_its_recipient(add_review, people, mailoutbox):
    two_cases(people)
    review = add_review(partnership=PARTNERSHIP_A)
    PublishedReview.objects.filter(pk=review.pk).update(notification=Notification.objects.get(ref="A-1"))
    overdue_action_on(review, people)
    assert send_action_reminders(today=timezone.localdate(), base_url="https://cspr.example") == 1
    [email] = mailoutbox
    assert email.to == ["alice@example.org"]
    [read] = reminder_reads()
    assert (read.object_type, read.object_id, read.actor.username) == ("notification", "A-1", "system:learning")
    assert read.changed_fields == {
        "command": "learning send-reminders",
        "recipient": people["alice"].pk,
        "reviews": [review.pk],
    }
    written = AuditEvent.objects.count()
    assert send_action_reminders(today=timezone.localdate()) == 0  # once a day: nothing sent, nothing recorded
    assert AuditEvent.objects.count() == written
    assert audit.verify() == []


def test_a_reminder_about_a_published_review_of_no_case_records_no_read(add_review, people, mailoutbox):
    review = add_review(review_type="national_review", title="National review: safer sleep")
    overdue_action_on(review, people)
    assert send_action_reminders(today=timezone.localdate(), base_url="https://cspr.example") == 1
    assert len(mailoutbox) == 1 and reminder_reads() == []


def test_a_case_moved_to_another_partnership_takes_its_learning_and_its_reminders_with_it(
    add_review, people, mailoutbox
):
    """Once the Panel moves a case (a correction of its local authority), its unpublished learning is
    the new partnership's (ADR 0026): the old partnership's manager, who can no longer open the
    action, is not emailed its review's title and the action's words."""
    from cspr.cases.actions.amend import notification_amend

    cases = two_cases(people)
    review = add_review(partnership=PARTNERSHIP_A, published=False, title="Learning from Child SYN-ALPHA")
    PublishedReview.objects.filter(pk=review.pk).update(notification=cases["A"])
    overdue_action_on(review, people)
    case = Notification.objects.get(ref="A-1")
    notification_amend(
        actor=people["sam"], notification_id=case.pk, version=case.version,
        changes={"la_code": "E09000001"}, reason="Notified under the wrong local authority",
    )  # fmt: skip
    assert send_action_reminders(today=timezone.localdate(), base_url="https://cspr.example") == 0
    assert [m for m in mailoutbox if "SYN-ALPHA" in m.subject] == []
    assert reminder_reads() == []
