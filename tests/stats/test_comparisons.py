"""Comparisons between periods, and the months of the year against the year before."""

from datetime import date

import pytest

from cspr.domain.measures import Period
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.stats.report import national_report
from tests.stats.conftest import row
from tests.stats.register import all_rows

pytestmark = pytest.mark.django_db

# The register starts with N8 (10 May 2019), so it holds 2019 only in part and the 2020 report
# compares with nothing ([x], tests/stats/test_periods_not_covered.py). One notification in
# December 2018, in no period compared below, makes it hold the whole of 2019.
N0 = row("N0", incident_date="2018-12-03", aware_date="2018-12-04", notified_date="2018-12-05")


def test_april_to_september_is_compared_with_the_same_months_a_year_earlier(load):
    load([*all_rows(), N0])
    report = national_report("panel-annual", period=calendar_year(2020)).report()
    # Apr-Sep 2020: N6 (20 Apr), N3 (15 Jun), N5 (1 Jul); Apr-Sep 2019: N8 (10 May).
    assert report.as_json()["comparisons"]["apr_to_sep_vs_previous_year"] == {
        "this": {"from": "2020-04-01", "to": "2020-09-30", "count": 3},
        "previous": {"from": "2019-04-01", "to": "2019-09-30", "count": 1},
        "change": 2,
        "percent_change": 200.0,
    }


def test_the_period_is_compared_with_the_period_before(load):
    load([*all_rows(), N0])
    report = national_report("panel-annual", period=calendar_year(2020)).report()
    assert report.as_json()["comparisons"]["period_vs_previous_period"] == {
        "this": {"from": "2020-01-01", "to": "2020-12-31", "count": 7},
        "previous": {"from": "2019-01-01", "to": "2019-12-31", "count": 2},
        "change": 5,
        "percent_change": 250.0,
    }


def test_no_percentage_change_from_nothing(load):
    load([*all_rows(), N0])
    # May and June 2019 (N8) against March and April 2019, which the register holds and had none.
    report = national_report("first-report", period=Period(date(2019, 5, 1), date(2019, 6, 30))).report()
    comparison = report.as_json()["comparisons"]["period_vs_previous_period"]
    assert comparison["previous"]["count"] == 0 and comparison["change"] == 1
    assert "percent_change" not in comparison


def test_a_year_before_the_register_is_not_a_year_of_nothing(load):
    load(all_rows())
    report = national_report("panel-annual", period=calendar_year(2019)).report()
    comparison = report.as_json()["comparisons"]["period_vs_previous_period"]
    # The register starts in May 2019: 2018 was 0 ("+2"), and 2019 itself is held only in part.
    assert comparison["previous"]["count"] == "x" and comparison["change"] == "x"


def test_a_financial_year_is_compared_with_the_one_before_and_its_first_half(load):
    load([*all_rows(), N0])
    report = national_report("dfe-official", period=financial_year("2020-21")).report()
    comparisons = report.as_json()["comparisons"]
    assert comparisons["period_vs_previous_period"]["previous"] == {"from": "2019-04-01", "to": "2020-03-31", "count": 4}  # N8, N9, N2, N1
    assert comparisons["period_vs_previous_period"]["this"]["count"] == 6  # N3-N7 and N10
    assert comparisons["apr_to_sep_vs_previous_year"]["this"] == {"from": "2020-04-01", "to": "2020-09-30", "count": 3}


def test_months_sit_beside_the_same_months_a_year_earlier(load):
    load([*all_rows(), N0])
    report = national_report("panel-annual", period=calendar_year(2020)).report()
    months = next(t for t in report.tables() if t.id == "notifications-by-month")
    by_month = {row[0]: row[1:] for row in months.rows}
    assert by_month["January 2020"] == (1, 0)
    assert by_month["May 2020"] == (0, 1)
    assert by_month["November 2020"] == (0, 1)
    assert sum(r[1] for r in months.rows) == 7 and sum(r[2] for r in months.rows) == 2
    # The chart is drawn from the same figures.
    assert months.chart.series == (("2020", tuple(r[1] for r in months.rows)), ("2019", tuple(r[2] for r in months.rows)))
