"""The working-day calendar the statutory clock counts in (England).

A working day is Monday to Friday, except England and Wales bank holidays and any
extra closure dates given to the calendar. Bank holidays come from the `holidays`
package (country GB, subdivision ENG), which agrees with GOV.UK's list on every
weekday bank holiday 2012-2027 (tests/domain/test_calendar.py proves it against the
GOV.UK files in tests/data/). The package also lists the weekend date that a
substitute day replaces (e.g. Saturday 26 December 2020 *and* Monday 28 December);
a weekend is never a working day anyway, so no special case is needed.

Counting rule (Working Together; docs/adr/0004-statutory-clock.md): "within N
working days of D" means on or before the Nth working day *after* D; D itself is
day 0 and never counts.

The arithmetic works on date ordinals so that long spans cost O(years), not
O(days): weekdays are counted with week arithmetic and closures with a bisect in a
sorted per-year tuple. tests/domain/test_calendar.py checks it against a naive
day-by-day reference.
"""

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from functools import cache

__all__ = ["WorkingDayCalendar", "england_calendar"]


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year, weekend originals included.

    Cached for the life of the process: the statutory list for a year only
    changes with a new release of `holidays` (new one-off holidays reach cspr
    sooner through `extra_closures`).
    """
    # Imported here, on the first year asked for: the package loads every calendar it knows
    # (Hindu, Islamic, ...), some 50 ms that every `cspr` command paid at start-up otherwise.
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


# date(1, 1, 1) (ordinal 1) is a Monday, so ordinal o falls on weekday (o - 1) % 7.
def _weekdays_upto(ordinal: int) -> int:
    """Number of Monday-Friday ordinals in 1..ordinal."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(k: int) -> int:
    """Ordinal of the k-th Monday-Friday ordinal (k >= 1); inverse of the above."""
    weeks, rest = divmod(k - 1, 5)
    return weeks * 7 + rest + 1


class WorkingDayCalendar:
    """Monday-Friday minus England and Wales bank holidays and extra closures."""

    def __init__(self, extra_closures: Iterable[date] = ()) -> None:
        self._extra = frozenset(extra_closures)
        self._closures: dict[int, frozenset[date]] = {}
        self._weekday_closures: dict[int, tuple[int, ...]] = {}

    def __repr__(self) -> str:
        extra = sorted(d.isoformat() for d in self._extra)
        return f"WorkingDayCalendar(extra_closures={extra})"

    # -- closures ---------------------------------------------------------------

    def _closures_of(self, year: int) -> frozenset[date]:
        found = self._closures.get(year)
        if found is None:
            extra = {d for d in self._extra if d.year == year}
            found = self._closures[year] = _bank_holidays(year) | extra
        return found

    def _sorted_weekday_closures(self, year: int) -> tuple[int, ...]:
        """Ordinals of the year's closures that fall Monday-Friday, sorted.

        Weekend closures are dropped: they are already excluded as weekends and
        must not be subtracted twice.
        """
        found = self._weekday_closures.get(year)
        if found is None:
            found = tuple(sorted(d.toordinal() for d in self._closures_of(year) if d.weekday() < 5))
            self._weekday_closures[year] = found
        return found

    def _closures_between(self, low: int, high: int) -> int:
        """Weekday closures with ordinal o, low < o <= high (low <= high)."""
        if low >= high:
            return 0
        first = date.fromordinal(low + 1).year
        last = date.fromordinal(high).year
        count = 0
        for year in range(first, last + 1):
            ordinals = self._sorted_weekday_closures(year)
            count += bisect_right(ordinals, high) - bisect_right(ordinals, low)
        return count

    # -- the public API -----------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self._closures_of(d.year)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; mirrored (negative) when end < start.

        So working_days_between(d, add_working_days(d, n)) == n: "working days
        left" is working_days_between(today, due) and "working days late" is
        working_days_between(due, actual).
        """
        low, high = start.toordinal(), end.toordinal()
        sign = 1
        if high < low:
            low, high, sign = high, low, -1
        weekdays = _weekdays_upto(high) - _weekdays_upto(low)
        return sign * (weekdays - self._closures_between(low, high))

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after start; n = 0 returns start itself.

        Jump n weekdays ahead by week arithmetic, then jump again by as many
        weekdays as closures were skipped over, until a jump crosses none.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        low = start.toordinal()
        high = _nth_weekday(_weekdays_upto(low) + n)
        missing = self._closures_between(low, high)
        while missing:
            low, high = high, _nth_weekday(_weekdays_upto(high) + missing)
            missing = self._closures_between(low, high)
        return date.fromordinal(high)

    def subtract_working_days(self, start: date, n: int) -> date:
        """The n-th working day before start; n = 0 returns start itself.

        For a working day d, subtract_working_days(add_working_days(d, n), n) == d.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return start
        high = start.toordinal()  # exclusive upper bound: start itself never counts
        low = _nth_weekday(_weekdays_upto(high - 1) - n + 1)
        # Closures in [low, high) are the ordinals o with low - 1 < o <= high - 1.
        missing = self._closures_between(low - 1, high - 1)
        while missing:
            high, low = low, _nth_weekday(_weekdays_upto(low - 1) - missing + 1)
            missing = self._closures_between(low - 1, high - 1)
        return date.fromordinal(low)


@cache
def _england_calendar(extra: tuple[date, ...]) -> WorkingDayCalendar:
    return WorkingDayCalendar(extra)


def england_calendar(extra_closures: Iterable[date] = ()) -> WorkingDayCalendar:
    """A shared calendar per set of extra closures, so its year caches are reused.

    Django code passes settings.CSPR_EXTRA_CLOSURE_DATES (parsed to dates).
    """
    return _england_calendar(tuple(sorted(set(extra_closures))))
