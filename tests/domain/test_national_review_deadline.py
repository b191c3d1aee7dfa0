"""A national review's report is due the months its terms of reference set after the appointment is confirmed."""

from datetime import date

import pytest

from cspr.domain.deadlines import NATIONAL_REVIEW_MONTHS, national_review_report_due


@pytest.mark.parametrize(
    ("confirmed", "months", "due"),
    [
        (date(2019, 3, 1), NATIONAL_REVIEW_MONTHS, date(2019, 9, 1)),  # the first national review's six months
        (date(2020, 8, 31), 6, date(2021, 2, 28)),  # no 31 February: the month's last day
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # a leap year
        (date(2020, 11, 15), 12, date(2021, 11, 15)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
    ],
)
def test_the_report_is_due_calendar_months_after_confirmation(confirmed, months, due):
    assert national_review_report_due(confirmed, months) == due


def test_terms_of_reference_allow_at_least_a_month():
    with pytest.raises(ValueError, match="at least one month"):
        national_review_report_due(date(2020, 1, 1), 0)
