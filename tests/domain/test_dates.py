"""Dates as people read them: the GOV.UK style, the same on every page, message and briefing."""

from datetime import date, datetime

import pytest

from cspr.domain.dates import date_range, long_date, long_date_time


@pytest.mark.parametrize(
    "day, words",
    [
        (date(2025, 3, 27), "27 March 2025"),
        (date(2025, 3, 7), "7 March 2025"),  # no leading zero
        (date(2020, 12, 1), "1 December 2020"),
    ],
)
def test_a_date_is_day_month_in_full_and_year(day, words):
    assert long_date(day) == words


def test_a_time_follows_the_date_after_a_comma():
    moment = datetime(2025, 3, 7, 9, 5, 3)
    assert long_date_time(moment) == "7 March 2025, 09:05"
    assert long_date_time(moment, seconds=True) == "7 March 2025, 09:05:03"


def test_a_range_names_both_ends():
    assert date_range(date(2020, 1, 1), date(2020, 12, 31)) == "1 January 2020 to 31 December 2020"
