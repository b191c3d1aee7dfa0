"""The statutory deadlines, table by table."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.domain.calendar import WorkingDayCalendar
from cspr.domain.deadlines import (
    WT2023_IN_FORCE,
    Edition,
    RapidReviewDue,
    add_calendar_months,
    edition_in_force,
    lcspr_final_report_due,
    lcspr_publication_due,
    notification_due,
    rapid_review_due,
    working_days_late,
)

CAL = WorkingDayCalendar()
dates = st.dates(min_value=date(2018, 6, 29), max_value=date(2035, 12, 31))


# -- editions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware", "edition"),
    [
        (date(2018, 6, 29), Edition.WT2018),
        (date(2023, 12, 14), Edition.WT2018),
        (date(2023, 12, 15), Edition.WT2023),
        (date(2030, 1, 1), Edition.WT2023),
    ],
    ids=str,
)
def test_the_edition_in_force_on_the_aware_date_decides(aware, edition):
    assert edition_in_force(aware) is edition


def test_editions_are_strings_for_storage():
    assert WT2023_IN_FORCE == date(2023, 12, 15)
    assert Edition.WT2018 == "wt2018" and Edition.WT2023 == "wt2023"


# -- notification: 5 working days ---------------------------------------------


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        (date(2024, 3, 11), date(2024, 3, 18)),  # Monday -> next Monday
        (date(2024, 3, 25), date(2024, 4, 3)),  # over Easter
        (date(2024, 3, 23), date(2024, 4, 2)),  # aware on a Saturday
        (date(2023, 12, 21), date(2024, 1, 2)),  # over Christmas
        (date(2022, 9, 14), date(2022, 9, 22)),  # over the State Funeral
    ],
    ids=str,
)
def test_notification_is_due_5_working_days_after_the_aware_date(aware, due):
    assert notification_due(aware, CAL) == due


# -- rapid review: 15 working days, counted from a date that changed in 2023 ---


def test_aware_the_day_before_wt2023_counts_from_the_aware_date():
    result = rapid_review_due(
        aware_date=date(2023, 12, 14), notified_date=date(2023, 12, 20), calendar=CAL
    )
    assert result == RapidReviewDue(
        due=date(2024, 1, 9), edition=Edition.WT2018, counted_from="aware_date"
    )


def test_aware_on_the_day_wt2023_took_effect_counts_from_the_notification():
    result = rapid_review_due(
        aware_date=date(2023, 12, 15), notified_date=date(2023, 12, 20), calendar=CAL
    )
    assert result == RapidReviewDue(
        due=date(2024, 1, 15), edition=Edition.WT2023, counted_from="notified_date"
    )


def test_the_two_rules_give_different_dates_for_the_same_case():
    aware, notified = date(2023, 12, 15), date(2023, 12, 20)
    wt2023 = rapid_review_due(aware_date=aware, notified_date=notified, calendar=CAL)
    wt2018_rule = CAL.add_working_days(aware, 15)
    assert wt2018_rule == date(2024, 1, 10)
    assert wt2023.due == date(2024, 1, 15)
    assert CAL.working_days_between(wt2018_rule, wt2023.due) == 3  # the notification's 3 days


def test_wt2018_ignores_the_notified_date():
    aware = date(2021, 12, 20)
    with_date = rapid_review_due(aware_date=aware, notified_date=date(2021, 12, 24), calendar=CAL)
    without = rapid_review_due(aware_date=aware, notified_date=None, calendar=CAL)
    assert with_date == without
    assert with_date.due == date(2022, 1, 13)  # 27, 28 Dec and 3 Jan skipped


def test_wt2023_has_no_due_date_before_the_notification():
    with pytest.raises(ValueError, match="notification"):
        rapid_review_due(aware_date=date(2024, 5, 1), notified_date=None, calendar=CAL)


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=0, max_value=10))
def test_rapid_review_is_15_working_days_from_its_start(aware, notified_after):
    notified = CAL.add_working_days(aware, notified_after)
    result = rapid_review_due(aware_date=aware, notified_date=notified, calendar=CAL)
    start = aware if result.counted_from == "aware_date" else notified
    assert CAL.working_days_between(start, result.due) == 15
    assert CAL.is_working_day(result.due)
    assert result.edition is edition_in_force(aware)


# -- calendar months with month-end clipping -------------------------------------

MONTH_CASES = [
    (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
    (date(2022, 8, 31), 6, date(2023, 2, 28)),
    (date(2023, 3, 31), 6, date(2023, 9, 30)),
    (date(2024, 2, 29), 6, date(2024, 8, 29)),
    (date(2023, 8, 30), 6, date(2024, 2, 29)),
    (date(2023, 8, 29), 6, date(2024, 2, 29)),
    (date(2023, 8, 28), 6, date(2024, 2, 28)),
    (date(2024, 1, 15), 6, date(2024, 7, 15)),
    (date(2023, 7, 31), 6, date(2024, 1, 31)),  # across the year end
    (date(2023, 12, 31), 6, date(2024, 6, 30)),
    (date(2024, 6, 30), 6, date(2024, 12, 30)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2100, 1, 31), 1, date(2100, 2, 28)),  # 2100 is not a leap year
    (date(2000, 1, 31), 1, date(2000, 2, 29)),  # 2000 is
    (date(2024, 3, 31), -1, date(2024, 2, 29)),
    (date(2024, 1, 31), 0, date(2024, 1, 31)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
]


@pytest.mark.parametrize(("start", "months", "expected"), MONTH_CASES, ids=str)
def test_add_calendar_months_clips_to_the_month_end(start, months, expected):
    assert add_calendar_months(start, months) == expected


@settings(max_examples=500)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-120, 120))
def test_add_calendar_months_moves_exactly_that_many_months(start, months):
    result = add_calendar_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:  # clipped, so only to the last day of its month
        assert (result + timedelta(days=1)).day == 1


# -- local review: publication and the final report ------------------------------


@pytest.mark.parametrize(
    ("decision", "due"),
    [
        (date(2023, 8, 31), date(2024, 2, 29)),
        (date(2024, 3, 31), date(2024, 9, 30)),
        (date(2024, 5, 14), date(2024, 11, 14)),
    ],
    ids=str,
)
def test_a_local_review_is_due_for_publication_6_calendar_months_after_the_decision(decision, due):
    assert lcspr_publication_due(decision) == due


@pytest.mark.parametrize(
    ("publication_due", "working_days", "expected"),
    [
        (date(2024, 2, 29), 7, date(2024, 2, 20)),
        (date(2024, 4, 2), 7, date(2024, 3, 20)),  # back over Easter
        (date(2024, 9, 30), 7, date(2024, 9, 19)),
        (date(2024, 3, 2), 7, date(2024, 2, 22)),  # publication due on a Saturday
        (date(2024, 2, 29), 10, date(2024, 2, 15)),  # the setting changes the count
        (date(2024, 2, 29), 0, date(2024, 2, 29)),
    ],
    ids=str,
)
def test_the_final_report_is_due_working_days_before_publication(
    publication_due, working_days, expected
):
    assert lcspr_final_report_due(publication_due, CAL, working_days) == expected


def test_the_final_report_defaults_to_7_working_days():
    assert lcspr_final_report_due(date(2024, 2, 29), CAL) == date(2024, 2, 20)


# -- lateness ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "actual", "late"),
    [
        (date(2024, 3, 22), None, None),  # not done yet
        (date(2024, 3, 22), date(2024, 3, 22), 0),  # on the day
        (date(2024, 3, 22), date(2024, 3, 1), 0),  # early
        (date(2024, 3, 22), date(2024, 3, 23), 1),  # Saturday after a Friday deadline
        (date(2024, 3, 22), date(2024, 3, 25), 1),
        (date(2024, 3, 22), date(2024, 3, 26), 2),
        (date(2024, 3, 28), date(2024, 4, 2), 1),  # Easter does not count
        (date(2020, 12, 21), date(2021, 1, 14), 15),
    ],
    ids=str,
)
def test_working_days_late(due, actual, late):
    assert working_days_late(due, actual, CAL) == late


@settings(max_examples=300, deadline=None)
@given(dates, dates)
def test_zero_working_days_late_means_on_time(due, actual):
    late = working_days_late(due, actual, CAL)
    assert (late == 0) == (actual <= due)
    assert late >= 0
