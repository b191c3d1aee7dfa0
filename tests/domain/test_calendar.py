"""The working-day calendar against GOV.UK's own list and a naive reference."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.domain.calendar import WorkingDayCalendar, england_calendar

DATA = Path(__file__).resolve().parent.parent / "data"
FIRST, LAST = date(2012, 1, 1), date(2027, 12, 31)
ONE_DAY = timedelta(days=1)


def _govuk_bank_holidays() -> frozenset[date]:
    """Every England and Wales bank holiday 2012-2027 as GOV.UK published it."""
    feed = json.loads((DATA / "bank-holidays.json").read_text())["england-and-wales"]
    older = json.loads((DATA / "bank-holidays-ew-2012-2018-alphagov-calendars.json").read_text())
    events = feed["events"] + older["events"]
    return frozenset(date.fromisoformat(event["date"]) for event in events)


GOVUK = _govuk_bank_holidays()
CAL = WorkingDayCalendar()


def _days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += ONE_DAY


def naive_add(cal: WorkingDayCalendar, start: date, n: int) -> date:
    d = start
    while n:
        d += ONE_DAY
        n -= cal.is_working_day(d)
    return d


def naive_subtract(cal: WorkingDayCalendar, start: date, n: int) -> date:
    d = start
    while n:
        d -= ONE_DAY
        n -= cal.is_working_day(d)
    return d


def naive_between(cal: WorkingDayCalendar, start: date, end: date) -> int:
    if end < start:
        return -naive_between(cal, end, start)
    return sum(cal.is_working_day(d) for d in _days(start + ONE_DAY, end))


# -- GOV.UK and the `holidays` package agree -----------------------------------


def test_the_govuk_files_cover_2012_to_2027():
    assert min(GOVUK).year == 2012 and max(GOVUK).year == 2027
    assert len(GOVUK) == 132
    assert all(d.weekday() < 5 for d in GOVUK)  # GOV.UK lists the substitute, not the weekend


@pytest.mark.parametrize("holiday", sorted(GOVUK), ids=str)
def test_every_govuk_bank_holiday_is_not_a_working_day(holiday):
    assert not CAL.is_working_day(holiday)
    for neighbour in (holiday - ONE_DAY, holiday + ONE_DAY):
        expected = neighbour.weekday() < 5 and neighbour not in GOVUK
        assert CAL.is_working_day(neighbour) is expected, neighbour


def test_every_weekday_not_on_the_govuk_list_is_a_working_day():
    wrong = [
        d
        for d in _days(FIRST, LAST)
        if CAL.is_working_day(d) != (d.weekday() < 5 and d not in GOVUK)
    ]
    assert wrong == []


def test_weekends_are_never_working_days():
    assert not any(CAL.is_working_day(d) for d in _days(FIRST, LAST) if d.weekday() >= 5)


# -- runs over Christmas, Easter and the one-off holidays ---------------------

ADD_CASES = [
    # (start, n, expected, why)
    (date(2020, 12, 21), 15, date(2021, 1, 14), "domain example: 25, 28 Dec, 1 Jan skipped"),
    (date(2015, 12, 21), 5, date(2015, 12, 30), "2015: Boxing Day Sat, substitute Mon 28"),
    (date(2015, 12, 31), 1, date(2016, 1, 4), "New Year's Day 2016 on a Friday"),
    (date(2021, 12, 24), 5, date(2022, 1, 5), "2021/22: substitutes 27, 28 Dec and 3 Jan"),
    (date(2021, 12, 24), 1, date(2021, 12, 29), "Fri 24 Dec 2021 -> Wed 29"),
    (date(2021, 12, 31), 1, date(2022, 1, 4), "Mon 3 Jan 2022 is the New Year substitute"),
    (date(2022, 12, 23), 5, date(2023, 1, 4), "2022/23: 26, 27 Dec and 2 Jan"),
    (date(2023, 12, 21), 5, date(2024, 1, 2), "2023/24: 25, 26 Dec and 1 Jan"),
    (date(2024, 3, 28), 1, date(2024, 4, 2), "Easter 2024: Good Friday and Easter Monday"),
    (date(2019, 4, 18), 2, date(2019, 4, 24), "Easter 2019"),
    (date(2012, 6, 1), 1, date(2012, 6, 6), "2012: spring holiday moved to 4 Jun, Jubilee 5 Jun"),
    (date(2012, 5, 25), 1, date(2012, 5, 28), "28 May 2012 was an ordinary working day"),
    (date(2020, 5, 7), 1, date(2020, 5, 11), "VE Day moved to Fri 8 May 2020"),
    (date(2020, 5, 1), 1, date(2020, 5, 4), "Mon 4 May 2020 was a working day"),
    (date(2022, 6, 1), 1, date(2022, 6, 6), "2022: spring holiday moved to 2 Jun, Jubilee 3 Jun"),
    (date(2022, 5, 27), 1, date(2022, 5, 30), "30 May 2022 was an ordinary working day"),
    (date(2022, 9, 16), 1, date(2022, 9, 20), "State Funeral, Mon 19 Sep 2022"),
    (date(2023, 5, 5), 1, date(2023, 5, 9), "Coronation, Mon 8 May 2023"),
    (date(2023, 4, 28), 1, date(2023, 5, 2), "Early May, Mon 1 May 2023"),
    (date(2021, 12, 25), 1, date(2021, 12, 29), "start on a holiday: day 0 never counts"),
    (date(2024, 3, 23), 0, date(2024, 3, 23), "n = 0 returns start, even a Saturday"),
    (date(2024, 3, 29), 0, date(2024, 3, 29), "n = 0 returns start, even Good Friday"),
    (date(2024, 1, 5), 5, date(2024, 1, 12), "a plain week"),
]


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"), ADD_CASES, ids=[case[3] for case in ADD_CASES]
)
def test_add_working_days(start, n, expected, why):
    assert CAL.add_working_days(start, n) == expected
    assert naive_add(CAL, start, n) == expected
    if n:
        assert CAL.working_days_between(start, expected) == n


SUBTRACT_CASES = [
    (date(2021, 1, 14), 15, date(2020, 12, 21)),
    (date(2024, 4, 2), 1, date(2024, 3, 28)),
    (date(2022, 6, 5), 1, date(2022, 6, 1)),  # from a Sunday, past the Jubilee weekend
    (date(2022, 1, 4), 2, date(2021, 12, 30)),
    (date(2023, 1, 3), 1, date(2022, 12, 30)),
    (date(2024, 3, 23), 0, date(2024, 3, 23)),
]


@pytest.mark.parametrize(("start", "n", "expected"), SUBTRACT_CASES, ids=str)
def test_subtract_working_days(start, n, expected):
    assert CAL.subtract_working_days(start, n) == expected
    assert naive_subtract(CAL, start, n) == expected


BETWEEN_CASES = [
    (date(2020, 12, 21), date(2021, 1, 14), 15),
    (date(2021, 1, 14), date(2020, 12, 21), -15),
    (date(2024, 3, 22), date(2024, 3, 22), 0),
    (date(2024, 3, 22), date(2024, 3, 24), 0),  # Friday to Sunday
    (date(2024, 3, 28), date(2024, 4, 1), 0),  # Thursday to Easter Monday
    (date(2024, 3, 28), date(2024, 4, 2), 1),
    (date(2021, 12, 31), date(2022, 12, 31), 250),  # 260 weekdays, 10 weekday holidays
    (date(2011, 12, 31), date(2027, 12, 31), 4043),  # the whole GOV.UK range
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES, ids=str)
def test_working_days_between(start, end, expected):
    assert CAL.working_days_between(start, end) == expected
    assert naive_between(CAL, start, end) == expected


def test_the_whole_range_count_matches_govuk():
    weekdays = sum(d.weekday() < 5 for d in _days(FIRST, LAST))
    assert CAL.working_days_between(FIRST - ONE_DAY, LAST) == weekdays - len(GOVUK)


def test_negative_n_is_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2024, 1, 1), -1)
    with pytest.raises(ValueError):
        CAL.subtract_working_days(date(2024, 1, 1), -1)


# -- extra closures --------------------------------------------------------------


def test_extra_closures_are_not_working_days():
    closure = date(2030, 6, 3)  # a Monday, say a newly proclaimed holiday
    cal = WorkingDayCalendar(extra_closures=[closure])
    assert CAL.is_working_day(closure)
    assert not cal.is_working_day(closure)
    assert cal.add_working_days(date(2030, 5, 31), 1) == date(2030, 6, 4)
    assert cal.subtract_working_days(date(2030, 6, 4), 1) == date(2030, 5, 31)
    assert cal.working_days_between(date(2030, 5, 31), date(2030, 6, 4)) == 1


def test_extra_closures_on_weekends_or_bank_holidays_change_nothing():
    cal = WorkingDayCalendar([date(2024, 3, 23), date(2024, 3, 29)])  # Saturday, Good Friday
    year = (date(2023, 12, 31), date(2024, 12, 31))
    assert cal.working_days_between(*year) == CAL.working_days_between(*year)


def test_england_calendar_is_shared_per_set_of_closures():
    a = england_calendar([date(2030, 6, 3)])
    assert england_calendar((date(2030, 6, 3), date(2030, 6, 3))) is a
    assert england_calendar() is england_calendar(())
    assert england_calendar() is not a
    assert not a.is_working_day(date(2030, 6, 3))


# -- properties: the fast path equals the naive reference -----------------------

dates = st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=400)
# The plain calendar, or one with up to 8 random extra closures.
calendars = st.builds(WorkingDayCalendar, st.lists(dates, max_size=8)) | st.just(CAL)


@settings(max_examples=300, deadline=None)
@given(calendars, dates, counts)
def test_add_equals_naive_reference(cal, start, n):
    assert cal.add_working_days(start, n) == naive_add(cal, start, n)


@settings(max_examples=300, deadline=None)
@given(calendars, dates, counts)
def test_subtract_equals_naive_reference(cal, start, n):
    assert cal.subtract_working_days(start, n) == naive_subtract(cal, start, n)


@settings(max_examples=300, deadline=None)
@given(calendars, dates, dates)
def test_between_equals_naive_reference(cal, start, end):
    assert cal.working_days_between(start, end) == naive_between(cal, start, end)


@settings(max_examples=500, deadline=None)
@given(calendars, dates, counts)
def test_between_inverts_add(cal, start, n):
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@settings(max_examples=500, deadline=None)
@given(calendars, dates, counts)
def test_between_inverts_subtract(cal, start, n):
    # Counting (d, start] includes start itself when it is a working day.
    end = cal.subtract_working_days(start, n)
    expected = 0 if n == 0 else n - 1 + cal.is_working_day(start)
    assert cal.working_days_between(end, start) == expected


@settings(max_examples=500, deadline=None)
@given(calendars, dates, st.integers(min_value=1, max_value=400))
def test_results_are_working_days(cal, start, n):
    assert cal.is_working_day(cal.add_working_days(start, n))
    assert cal.is_working_day(cal.subtract_working_days(start, n))


@settings(max_examples=500, deadline=None)
@given(calendars, dates, counts)
def test_add_then_subtract_round_trips_on_working_days(cal, start, n):
    working = cal.add_working_days(start, 1)  # any working day
    assert cal.subtract_working_days(cal.add_working_days(working, n), n) == working
    assert cal.add_working_days(cal.subtract_working_days(working, n), n) == working


@settings(max_examples=300, deadline=None)
@given(calendars, dates, dates)
def test_between_is_antisymmetric(cal, a, b):
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)
