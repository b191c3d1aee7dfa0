"""`children.domestic_abuse`: children on notifications where domestic abuse was a feature, of all children.

Seed 002's 42.6% for 2020 is reproduced on this base (219 of 514; ADR 0038). A notification's
children share its flags, so a sibling group with domestic abuse counts once per child.
"""

from datetime import date

from cspr.domain.measures import MEASURES, base_quantity, count_matching, measure_quantity
from cspr.domain.report_periods import calendar_year

YEAR = calendar_year(2020)


def child(ref: str, child_ref: str, domestic_abuse: str) -> dict:
    return {
        "notification_ref": ref,
        "child_ref": child_ref,
        "notified_date": date(2020, 5, 4),
        "incident_type": "serious_harm",
        "domestic_abuse": domestic_abuse,
    }


# Two notifications, three children: a sibling group of two with domestic abuse, and one child
# where it is not known (only `yes` counts, as for every flag).
CHILD_ROWS = [child("A", "A1", "yes"), child("A", "A2", "yes"), child("B", "B1", "unknown")]


def test_children_on_notifications_with_domestic_abuse_count_once_each():
    measure = MEASURES["children.domestic_abuse"]
    assert count_matching(CHILD_ROWS, measure_quantity(measure, YEAR)) == 2
    assert count_matching(CHILD_ROWS, base_quantity(measure, YEAR)) == 3


def test_per_notification_the_same_register_reads_one_of_two():
    notification_rows = [CHILD_ROWS[0], CHILD_ROWS[2]]
    measure = MEASURES["notifications.characteristic.domestic_abuse"]
    assert count_matching(notification_rows, measure_quantity(measure, YEAR)) == 1
    assert count_matching(notification_rows, base_quantity(measure, YEAR)) == 2


def test_a_care_leavers_death_is_not_among_the_children():
    # The Panel's populations count serious incident notifications only (measures.SERIOUS_INCIDENT).
    rows = [*CHILD_ROWS, child("C", "C1", "yes") | {"notification_kind": "care_leaver_death"}]
    measure = MEASURES["children.domestic_abuse"]
    assert count_matching(rows, measure_quantity(measure, YEAR)) == 2
    assert count_matching(rows, base_quantity(measure, YEAR)) == 3
