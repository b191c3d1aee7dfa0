"""reviews.0010 fills the final report's stored working days late for the local reviews written before it.

Local reviews commissioned on 1 April 2020 have their final report due by Tuesday 22 September
2020 (7 working days before the publication due date, 1 October). One sent on time, one three
working days late, one not sent yet; going back removes the figures with their column.
"""

from datetime import date

import pytest

from cspr.core.models import User
from tests.migrations import latest, migrate_to

BEFORE = [("reviews", "0009_rapid_review_answered_date")]

# (final report sent, the working days late the migration stores)
SENT = [(date(2020, 9, 22), 0), (date(2020, 9, 25), 3), (None, None)]


def _populate(apps) -> None:
    Notification = apps.get_model("cases", "Notification")
    RapidReview = apps.get_model("reviews", "RapidReview")
    PracticeReview = apps.get_model("reviews", "PracticeReview")
    User.objects.create(username="system:migration-test", is_system=True, is_active=False)
    for i, (sent, _) in enumerate(SENT):
        n = Notification.objects.create(
            ref=f"FR-{i}", local_authority_id="E08000025", partnership_id="birmingham",
            incident_date=date(2020, 3, 2), aware_date=date(2020, 3, 3), notified_date=date(2020, 3, 5),
            incident_type="serious_harm", harm_category="physical_abuse",
            notification_due_date=date(2020, 3, 10), notification_days_late=0,
        )  # fmt: skip
        RapidReview.objects.create(
            notification=n, status="submitted", due_date=date(2020, 3, 24), due_rule="wt2018",
            due_counted_from="aware_date", submitted_date=date(2020, 3, 20), days_late=0,
        )  # fmt: skip
        PracticeReview.objects.create(
            notification=n, status="final_report_sent" if sent else "commissioned", decision_date=date(2020, 4, 1),
            publication_due_date=date(2020, 10, 1), final_report_due_date=date(2020, 9, 22), final_report_date=sent,
        )  # fmt: skip


def _stored(apps) -> list:
    PracticeReview = apps.get_model("reviews", "PracticeReview")
    return [
        PracticeReview.objects.values_list("final_report_days_late", flat=True).get(notification__ref=f"FR-{i}")
        for i in range(len(SENT))
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_each_local_reviews_final_report_lateness_and_goes_back(reference_data):
    _populate(migrate_to(BEFORE))
    assert _stored(migrate_to(latest())) == [days for _, days in SENT]
    # Reversible: back before it, the rows are whole without the column, and forward again refilled.
    old = migrate_to(BEFORE)
    assert "final_report_days_late" not in {f.name for f in old.get_model("reviews", "PracticeReview")._meta.fields}
    assert old.get_model("reviews", "PracticeReview").objects.filter(notification__ref__startswith="FR-").count() == 3
    assert _stored(migrate_to(latest())) == [days for _, days in SENT]
