"""Reminders reach every item with the working days left they say, and the final report's rule says its period."""

from datetime import date

import pytest
import time_machine

from cspr.cases.models import Notification
from cspr.reviews import reminders
from cspr.reviews.open_items import open_items
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 1)


@pytest.fixture
def register(db):
    return factories.notifications(
        # Aware and notified Friday 13 November 2026 (WT2023): the rapid review is due Friday 4 December.
        valid_row(
            notification_ref="RR-FRI", incident_date="2026-11-12", aware_date="2026-11-13", notified_date="2026-11-13"
        ),
        # A local review decided 5 June 2026: publication due six months on, Saturday 5 December.
        valid_row(
            notification_ref="LC-SAT",
            incident_date="2026-04-01",
            aware_date="2026-04-02",
            notified_date="2026-04-03",
            rr_submitted_date="2026-04-20",
            lcspr_decision_date="2026-06-05",
        ),
    )


def test_a_deadline_on_the_weekend_is_reminded_with_the_weekday_one_of_the_same_working_days_left(register):
    """Both have 3 working days left (Wednesday to Friday) on Tuesday 1 December; a 3-working-day
    run reminded only the Friday one, and the Saturday one a day later, at "2 working days"."""
    items = {(i.notification_ref, i.kind.value): i for i in open_items(today=TUESDAY, scope=Notification.objects.all())}
    saturday = items[("LC-SAT", "lcspr_publication")]
    assert saturday.due_date == date(2026, 12, 5) and saturday.working_days_left == 3
    assert items[("RR-FRI", "rapid_review")].working_days_left == 3
    reminded = {(i.notification_ref, i.kind.value) for i in reminders.due_items(today=TUESDAY, within=3)}
    assert {("RR-FRI", "rapid_review"), ("LC-SAT", "lcspr_publication")} <= reminded
    # Monday 7 December, 4 working days left, waits for the next run.
    later = {i.due_date for i in reminders.due_items(today=TUESDAY, within=3)}
    assert max(later) == date(2026, 12, 5)


def test_the_final_reports_rule_names_the_working_days_before_publication(register, settings):
    settings.CSPR_FINAL_REPORT_WORKING_DAYS = 7
    with time_machine.travel(TUESDAY, tick=False):
        [item] = [
            i
            for i in open_items(today=TUESDAY, scope=Notification.objects.all())
            if i.kind.value == "lcspr_final_report"
        ]
    # 7 working days before Saturday 5 December: Thursday 26 November.
    assert item.due_date == date(2026, 11, 26)
    assert item.rule == "7 working days before the publication due date"
