"""The generator's date tables agree with cspr's calendar and statutory deadlines."""

import random
from datetime import date, timedelta

from cspr.domain import deadlines
from cspr.domain.calendar import england_calendar
from cspr.synth.numbers import rounded_percent
from cspr.synth.timeline import Clock, comparison_count, month_counts, month_weights

CALENDAR = england_calendar()
CLOCK = Clock(date(2017, 1, 1), date(2027, 12, 31), CALENDAR)


def days(n=400, seed=1):
    rng = random.Random(seed)
    return [date(2018, 1, 1) + timedelta(days=rng.randrange(3000)) for _ in range(n)]


def test_working_day_arithmetic_matches_the_calendar():
    for d in days():
        o = d.toordinal()
        for n in (1, 5, 15, 40):
            assert CLOCK.add_working_days(o, n) == CALENDAR.add_working_days(d, n).toordinal()
            assert CLOCK.subtract_working_days(o, n) == CALENDAR.subtract_working_days(d, n).toordinal()
        assert CALENDAR.is_working_day(date.fromordinal(CLOCK.working_day_from(o)))
        assert CALENDAR.is_working_day(date.fromordinal(CLOCK.working_day_until(o)))


def test_rapid_review_due_dates_are_deadlines_own_under_both_editions():
    rng = random.Random(2)
    for aware in days(600, 3) + [date(2023, 12, 14), date(2023, 12, 15)]:
        notified = aware + timedelta(days=rng.choice([0, 1, 4, 9, 30]))
        expected = deadlines.rapid_review_due(aware_date=aware, notified_date=notified, calendar=CALENDAR).due
        assert CLOCK.rapid_review_due(aware.toordinal(), notified.toordinal()) == expected.toordinal()


def test_the_christmas_example_of_the_process_notes():
    # process.md: aware Monday 21 December 2020 -> 15 working days land on 14 January 2021
    aware = date(2020, 12, 21).toordinal()
    assert CLOCK.text(CLOCK.rapid_review_due(aware, aware)) == "2021-01-14"


def test_months_are_apportioned_exactly():
    weights = month_weights(date(2020, 1, 1), date(2020, 12, 31), [1.0] * 12, (date(2020, 4, 1), date(2020, 9, 30), 1.27))
    months = month_counts(482, weights)
    assert sum(m.count for m in months) == 482
    assert [m.month for m in months] == list(range(1, 13))
    assert months[4].count > months[0].count  # April-September lifted


def test_comparison_count_gives_the_published_change():
    assert comparison_count(264, 27) == 208  # 264 / 208 = 1.269 -> 27%
    for this in range(154, 5000):  # always reachable from 154 up
        previous = comparison_count(this, 27)
        assert rounded_percent(this - previous, previous) == 27
    assert comparison_count(50, 27) == 39  # no count reaches exactly 27%: the nearest to 50 / 1.27
