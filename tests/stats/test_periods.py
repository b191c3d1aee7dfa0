"""The periods a report covers and compares (pure date arithmetic)."""

from datetime import date

import pytest

from cspr.domain.measures import ALWAYS, All, Between, Eq, Period, Quantity, both
from cspr.domain.report_periods import (
    april_to_september,
    calendar_year,
    financial_year,
    half_years,
    months,
    previous_period,
    year_earlier,
)


def p(a: str, b: str) -> Period:
    return Period(date.fromisoformat(a), date.fromisoformat(b))


@pytest.mark.parametrize(
    "period, before",
    [
        (calendar_year(2020), p("2019-01-01", "2019-12-31")),
        (financial_year("2020-21"), p("2019-04-01", "2020-03-31")),
        (p("2018-07-01", "2019-11-30"), p("2017-02-01", "2018-06-30")),  # 17 whole months
        (p("2020-03-10", "2020-03-19"), p("2020-02-29", "2020-03-09")),  # 10 days
    ],
)
def test_the_previous_period_has_the_same_length(period, before):
    assert previous_period(period) == before


def test_april_to_september_is_that_of_the_periods_year():
    assert april_to_september(calendar_year(2020)) == p("2020-04-01", "2020-09-30")
    assert april_to_september(financial_year("2020-21")) == p("2020-04-01", "2020-09-30")
    assert april_to_september(p("2018-07-01", "2019-11-30")) == p("2019-04-01", "2019-09-30")


def test_a_year_earlier_keeps_whole_months_whole():
    assert year_earlier(p("2020-02-01", "2020-02-29")) == p("2019-02-01", "2019-02-28")
    assert year_earlier(p("2020-02-29", "2020-03-05")) == p("2019-02-28", "2019-03-05")


def test_financial_years_and_their_halves():
    assert financial_year("2020/2021") == p("2020-04-01", "2021-03-31")
    assert half_years(financial_year("2020-21")) == (
        ("apr_to_sep", p("2020-04-01", "2020-09-30")),
        ("oct_to_mar", p("2020-10-01", "2021-03-31")),
    )
    with pytest.raises(ValueError):
        financial_year("2020-22")


def test_months_are_clipped_to_the_period():
    assert months(p("2020-01-15", "2020-03-02")) == [
        p("2020-01-15", "2020-01-31"),
        p("2020-02-01", "2020-02-29"),
        p("2020-03-01", "2020-03-02"),
    ]


def test_the_same_count_is_one_quantity():
    year = calendar_year(2020)
    death = Eq("incident_type", "death")
    assert Quantity.of("notification", both(ALWAYS, death), year) == Quantity.of("notification", death, year)
    # A notified-date range in the condition narrows the period instead.
    march = Quantity.of("notification", All((death, Between("notified_date", date(2020, 3, 1), date(2020, 3, 31)))), year)
    assert march == Quantity.of("notification", death, p("2020-03-01", "2020-03-31"))
