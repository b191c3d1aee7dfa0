"""A rapid review sent on time is not overdue once the Panel queries it, anywhere (ADR 0028).

The 15 working days are for sending the review (process.md §2); no period runs for answering
the Panel's questions. The queried review is still the partnership's work: the dashboard lists
it apart from the deadlines, with the date the Panel asked and no due date.

Case A (alice's) sent its rapid review on 20 March 2020, due 24 March: on time. Case B
(bob's) never sent its own, so it is overdue and every check below has something to find.
"""

import io
import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cspr.cases.models import Notification
from cspr.core.models import AuditEvent
from cspr.domain.deadlines import Deadline
from cspr.reviews import actions
from cspr.reviews.open_items import awaiting_partners, open_item_counts, open_items, overdue_cases
from cspr.service.retention import due_cases
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

ASKED = date(2020, 3, 25)
LATER = date(2020, 4, 6)  # long past the 24 March due date


@pytest.fixture
def queried(cases, people):
    review = cases["A"].rapid_review
    assert (review.due_date, review.submitted_date, review.days_late) == (date(2020, 3, 24), date(2020, 3, 20), 0)
    with time_machine.travel(ASKED, tick=False):
        actions.rapid_review_query(
            actor=people["sam"], rapid_review_id=review.pk, version=None, reason="Which agency saw the bruising first?"
        )
    for name in ("alice", "bob"):
        people[name].email = f"{name}@example.org"
        people[name].save(update_fields=["email"])
    return cases


@time_machine.travel(LATER, tick=False)
def test_it_is_not_an_open_item_nor_counted_overdue(queried):
    a = Notification.objects.filter(ref="A-1")
    assert [item.kind for item in open_items(today=LATER, scope=a)] == [
        Deadline.LCSPR_FINAL_REPORT,
        Deadline.LCSPR_PUBLICATION,
    ]
    assert open_item_counts(today=LATER, scope=a).overdue == 0
    register = Notification.objects.all()
    assert list(register.filter(overdue_cases(LATER)).values_list("ref", flat=True)) == ["B-1"]


@time_machine.travel(LATER, tick=False)
def test_it_is_awaiting_the_partners_answer(queried):
    [waiting] = awaiting_partners(scope=Notification.objects.all())
    assert (waiting.notification_ref, waiting.asked_on) == ("A-1", ASKED)


@time_machine.travel(LATER, tick=False)
def test_the_list_finds_it_under_its_own_status_not_under_due(queried, people, client_for):
    sam = client_for(people["sam"])
    for status, refs in (("rapid_review_queried", ["A-1"]), ("rapid_review_due", ["B-1"])):
        sam.get(reverse("notification_list"), {"status": status})
        listed = AuditEvent.objects.filter(action="notification.list").order_by("-pk").first()
        assert listed.changed_fields["refs"] == refs, status


@time_machine.travel(LATER, tick=False)
def test_the_overdue_filter_leaves_it_out(queried, people, client_for):
    client_for(people["sam"]).get(reverse("notification_list"), {"overdue": "true"})
    listed = AuditEvent.objects.filter(action="notification.list").order_by("-pk").first()
    assert listed.changed_fields["refs"] == ["B-1"]


@time_machine.travel(LATER, tick=False)
def test_the_deadlines_command_does_not_list_it(queried):
    out = io.StringIO()
    call_command("deadlines", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if re.match(r"\d{4}-\d{2}-\d{2} ", line)]
    assert [row for row in rows if "A-1" in row and "rapid review" in row] == []
    assert [row for row in rows if "B-1" in row and "OVERDUE" in row]  # the one really overdue is there
    assert not [row for row in rows if "A-1" in row and "OVERDUE" in row]


@time_machine.travel(LATER, tick=False)
def test_no_reminder_says_it_is_overdue(queried):
    out = io.StringIO()
    call_command("send-reminders", "--within", "3", "--base-url", "https://cspr.example", stdout=out)
    subjects = [email.subject for email in mail.outbox]
    assert any("B-1" in s and "overdue" in s for s in subjects)
    assert not [s for s in subjects if "A-1" in s]


@time_machine.travel(LATER, tick=False)
def test_the_dashboard_shows_it_to_the_partnership_as_awaiting_their_answer(queried, people, client_for):
    html = client_for(people["alice"]).get(reverse("dashboard")).content.decode()
    assert "The Panel has asked questions about this rapid review" in html
    assert "25 March 2020" in html and "Awaiting the partnership’s answer" in html
    # Alice's only deadlines are her LCSPR's, neither overdue: nothing on her dashboard is.
    assert re.search(r"2 open items, of which <strong>0 overdue</strong>", html)
    assert "Overdue by" not in html
    # The dashboard's read names the queried case it lists.
    listed = AuditEvent.objects.filter(action="notification.list").order_by("-pk").first()
    assert "A-1" in listed.changed_fields["refs"]
    # Bob's partnership has no query to answer.
    assert "asked questions about this rapid review" not in client_for(people["bob"]).get(reverse("dashboard")).text


def test_retention_still_keeps_a_case_whose_query_is_unanswered(people, settings):
    # No deadline is open, but the review is under way: deleting the case would end it.
    settings.CSPR_RETENTION_CASE_YEARS = 2
    with time_machine.travel(date(2020, 3, 21), tick=False):
        made = factories.notifications(
            valid_row(notification_ref="Q-1", rr_submitted_date="2020-03-20"),
            valid_row(notification_ref="S-1", rr_submitted_date="2020-03-20"),
        )
    with time_machine.travel(ASKED, tick=False):
        review = made["Q-1"].rapid_review
        actions.rapid_review_query(actor=people["sam"], rapid_review_id=review.pk, version=None, reason="Who?")
    # S-1, sent and untouched for as long, is due: the comparison is not vacuous.
    assert set(due_cases(date(2023, 1, 1)).values_list("ref", flat=True)) == {"S-1"}


@time_machine.travel(LATER, tick=False)
def test_the_dashboard_shows_the_longest_waiting_few_and_links_to_them_all(queried, people, client_for, monkeypatch):
    from cspr.domain.workflow import RapidReviewStatus
    from cspr.reviews.models import RapidReview
    from cspr.reviews.views import dashboard

    RapidReview.objects.filter(notification__ref="B-1").update(status=RapidReviewStatus.QUERIED)  # a second query
    monkeypatch.setattr(dashboard, "SECTION_ROWS", 1)
    html = client_for(people["sam"]).get(reverse("dashboard")).content.decode()
    assert "2 waiting for the partnership’s answer" in html
    assert html.count("The Panel has asked questions about this rapid review") == 1  # A-1, asked first
    assert "?status=rapid_review_queried" in html and "See all 2 in the list of notifications" in html
    [first] = awaiting_partners(scope=Notification.objects.all(), limit=1)
    assert first.notification_ref == "A-1"
