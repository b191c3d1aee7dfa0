"""The measures of what the seeds count that cspr-1 could not hold, counted from the register.

The first report's 49 children previously subject to care proceedings and 36 whose
earlier siblings were removed permanently without the later child returned to
court; home-educated children who died (4) and were seriously harmed (7); 2020's
15 incidents with an electively home-educated child; domestic abuse among serious
harm incidents; the reasons for a late notification and a late rapid review.
Here on a register small enough to count by hand.
"""

import pytest

from cspr.domain.report_periods import calendar_year
from cspr.stats.report import national_report
from tests import factories
from tests.cases.rows import valid_row

pytestmark = pytest.mark.django_db

DEATH = {"incident_type": "death", "harm_category": "", "death_category": "sudi"}


def register():
    factories.notifications(
        # S1: serious harm, domestic abuse; two children, one previously in care proceedings.
        valid_row(notification_ref="S1", domestic_abuse="yes", previous_care_proceedings="yes"),
        valid_row(notification_ref="S1", domestic_abuse="yes", child_ref="C2", siblings_removed_not_returned="yes"),
        # S2: serious harm, no domestic abuse; a home-educated child; the incident flagged too.
        valid_row(notification_ref="S2", home_educated="yes", home_educated_incident="yes", offending_adults="yes"),
        # S3: a death of a home-educated child. Aware Tue 3 Mar, due Tue 10 Mar, notified Fri 20 Mar: late.
        valid_row(
            notification_ref="S3",
            **DEATH,
            notified_date="2020-03-20",
            home_educated="yes",
            home_educated_incident="yes",
            late_notification_reason="information_awaited",
            previous_care_proceedings="yes",
            siblings_removed_not_returned="yes",
        ),
        # S4: late notification (aware Tue 3 Mar, due 10 Mar, notified 31 Mar) with no reason given;
        # its rapid review was due Tue 24 Mar (WT2018: 15 working days from awareness), submitted
        # 1 May: late, with a reason.
        valid_row(
            notification_ref="S4",
            notified_date="2020-03-31",
            rr_submitted_date="2020-05-01",
            late_rapid_review_reason="parallel_proceedings",
            incident_description="Admitted to hospital with burns; the account given changed twice.",
        ),
    )
    return national_report("first-report", period=calendar_year(2020)).report().measures


def test_the_new_measures_count_what_the_register_holds():
    measures = register()

    def figure(measure_id):
        return measures[measure_id].count, measures[measure_id].base

    assert figure("children.status.previous_care_proceedings") == (2, 5)
    assert figure("children.status.siblings_removed_not_returned") == (2, 5)
    assert figure("home_educated_children.outcome.died") == (1, 2)
    assert figure("home_educated_children.outcome.seriously_harmed") == (1, 2)
    assert figure("notifications.characteristic.home_educated_incident") == (2, 4)
    assert figure("notifications.characteristic.offending_adults") == (1, 4)
    assert figure("serious_harm.domestic_abuse") == (1, 3)
    assert figure("late_notifications.reason.information_awaited") == (1, 2)
    assert figure("late_notifications.reason.not_given") == (1, 2)
    assert figure("late_rapid_reviews.reason.parallel_proceedings") == (1, 1)
    assert figure("late_rapid_reviews.reason.not_given") == (0, 1)
