"""Early warning bins a series' daily counts with one `bin_of` a bin, not one a day.

`binned` was most of the page's Python work on a national register (thousands of days a
series, every series of a breakdown); it now walks the days in date order. What it returns
must not change: the per-day definition below is the old function, kept as the reference.
"""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspr.domain import surveillance as method
from cspr.stats.surveillance import binned


def per_day(days, frequency):
    """The definition: each day's bin, one `bin_of` a day."""
    out = defaultdict(int)
    for day, n in days.items():
        out[method.bin_of(day, frequency)] += n
    return dict(out)


# Days in any order (the database groups them as it likes), leap days and year ends included.
DAYS = st.dictionaries(st.dates(date(2011, 12, 1), date(2025, 3, 31)), st.integers(0, 50), max_size=300)


@given(days=DAYS, frequency=st.sampled_from(method.FREQUENCIES))
def test_binned_gives_what_each_days_bin_gives_in_the_same_order(days, frequency):
    assert list(binned(days, frequency).items()) == list(per_day(days, frequency).items())


def test_each_bin_is_found_once(monkeypatch):
    start = date(2019, 12, 20)
    days = {start + timedelta(days=i): 1 for i in range(120)}
    days = dict(reversed(days.items()))  # out of date order, as a hash aggregate returns them
    calls = []

    def counted(day, frequency):
        calls.append(day)
        return real(day, frequency)

    real = method.bin_of
    monkeypatch.setattr(method, "bin_of", counted)
    for frequency in method.FREQUENCIES:
        calls.clear()
        found = binned(days, frequency)
        assert len(calls) == len(found), frequency  # 19 weeks, or 5 months (December 2019 to April 2020)


def test_an_unknown_frequency_is_still_refused():
    with pytest.raises(ValueError):
        binned({date(2020, 1, 1): 1}, "fortnight")
