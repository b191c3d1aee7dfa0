"""Past its due date an item is overdue, in the list as in the counts, even on the weekend after it."""

from datetime import date

import pytest

from cspr.cases.models import Notification
from cspr.reviews.open_items import open_item_counts, open_items
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

SUNDAY = date(2026, 12, 6)


def test_an_item_due_on_friday_is_overdue_by_one_working_day_on_sunday(db):
    # Aware Friday 13 November 2026, notified the same day (WT2023: 15 working days from the
    # notified date): the rapid review is due Friday 4 December 2026.
    factories.notifications(
        valid_row(
            notification_ref="W-1", incident_date="2026-11-12", aware_date="2026-11-13", notified_date="2026-11-13"
        )
    )
    register = Notification.objects.all()
    [item] = open_items(today=SUNDAY, scope=register)
    assert item.due_date == date(2026, 12, 4)
    assert item.overdue and item.working_days_left == -1
    assert open_item_counts(today=SUNDAY, scope=register).overdue == 1
    [on_the_day] = open_items(today=date(2026, 12, 4), scope=register)
    assert on_the_day.working_days_left == 0 and not on_the_day.overdue
