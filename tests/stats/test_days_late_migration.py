"""The migrations that add the stored working days late fill them for a register written before."""

from datetime import date

import pytest

from cspr.core import clock
from cspr.core.models import User
from cspr.domain.deadlines import working_days_late
from tests.migrations import latest, migrate_to

BEFORE = [("cases", "0010_child_home_authority"), ("reviews", "0005_sent_though_not_required_may_be_queried")]

# (aware, notified, notification due, rapid review due, submitted, decision, publication due, published)
CASES = [
    # On time throughout; the local review not published yet.
    (date(2020, 3, 3), date(2020, 3, 5), date(2020, 3, 10), date(2020, 3, 24), date(2020, 3, 20),
     date(2020, 4, 1), date(2020, 10, 1), None),
    # Notified on the Saturday after a Friday deadline (1), submitted over Easter (late), published late.
    (date(2020, 3, 27), date(2020, 4, 4), date(2020, 4, 3), date(2020, 4, 22), date(2020, 5, 12),
     date(2020, 6, 1), date(2020, 12, 1), date(2021, 1, 15)),
    # Notified 17 working days late; no rapid review submitted yet; no local review.
    (date(2020, 6, 1), date(2020, 7, 1), date(2020, 6, 8), date(2020, 6, 22), None, None, None, None),
]


@pytest.mark.django_db(transaction=True)
def test_the_migrations_fill_every_rows_working_days_late(reference_data):
    old = migrate_to(BEFORE)
    Notification = old.get_model("cases", "Notification")
    RapidReview = old.get_model("reviews", "RapidReview")
    PracticeReview = old.get_model("reviews", "PracticeReview")
    User.objects.create(username="system:migration-test", is_system=True, is_active=False)
    for i, (aware, notified, n_due, rr_due, submitted, decision, pub_due, published) in enumerate(CASES):
        n = Notification.objects.create(
            ref=f"MIG-{i}", local_authority_id="E08000025", partnership_id="birmingham", incident_date=aware,
            aware_date=aware, notified_date=notified, incident_type="serious_harm", harm_category="physical_abuse",
            notification_due_date=n_due,
        )
        RapidReview.objects.create(
            notification=n, status="submitted" if submitted else "due", due_date=rr_due, due_rule="wt2018",
            due_counted_from="aware_date", submitted_date=submitted,
        )
        if decision:
            PracticeReview.objects.create(
                notification=n, status="published" if published else "commissioned", decision_date=decision,
                publication_due_date=pub_due, final_report_due_date=pub_due, published_date=published,
            )

    migrate_to(latest())

    from cspr.cases.models import Notification
    from cspr.reviews.models import PracticeReview, RapidReview

    calendar = clock.working_days()
    stored = [
        (
            Notification.objects.get(ref=f"MIG-{i}").notification_days_late,
            RapidReview.objects.get(notification__ref=f"MIG-{i}").days_late,
            PracticeReview.objects.filter(notification__ref=f"MIG-{i}").values_list("publication_days_late", flat=True).first(),
        )
        for i in range(len(CASES))
    ]
    expected = [
        (
            working_days_late(n_due, notified, calendar),
            working_days_late(rr_due, submitted, calendar),
            working_days_late(pub_due, published, calendar),
        )
        for _, notified, n_due, rr_due, submitted, _, pub_due, published in CASES
    ]
    assert stored == expected
    assert [s[0] for s in stored] == [0, 1, 17]
    assert stored[1][1] > 10 and stored[1][2] > 20 and stored[2][1:] == (None, None)
