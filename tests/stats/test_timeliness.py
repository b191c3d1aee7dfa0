"""On-time rates and the distribution of working days late (issue 6)."""

import pytest

from cspr.domain.report_periods import calendar_year
from cspr.stats.report import national_report
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeliness(load):
    load(all_rows())
    return national_report("panel-annual", period=calendar_year(2020)).report().as_json()["timeliness"]


def test_notifications_late_by_one_day_and_by_seventeen(timeliness):
    assert timeliness["notifications"]["on_time"] == {"count": 5, "base": 7, "percent": 71.4}
    assert timeliness["notifications"]["late"] == {"count": 2, "base": 7, "percent": 28.6}
    # N2 one working day late; N5 seventeen.
    assert timeliness["notifications"]["working_days_late"] == {
        "1": 1, "2_to_5": 0, "6_to_10": 0, "11_to_20": 1, "21_to_60": 0, "61_or_more": 0,
    }


def test_rapid_reviews_counted_from_their_own_due_dates(timeliness):
    # N2 16 working days late, N5 14; N1 and N4 on time; N3, N6 and N7 have no rapid review yet.
    assert timeliness["rapid_reviews"]["on_time"] == {"count": 2, "base": 4, "percent": 50.0}
    assert timeliness["rapid_reviews"]["working_days_late"]["11_to_20"] == 2


def test_local_reviews_published_within_six_months(timeliness):
    # N1 published a month early; N5 due 15 January 2021, published 1 March: 31 working days late.
    assert timeliness["lcsprs"]["on_time"] == {"count": 1, "base": 2, "percent": 50.0}
    assert timeliness["lcsprs"]["working_days_late"]["21_to_60"] == 1
