"""When things happen: notifications spread over months and working days, then lags.

`Clock` precomputes, for a fixed range of days, the ISO text of each day and the
working-day positions from cspr's `WorkingDayCalendar`, so "the nth working day
after" is two list lookups; statutory due dates come from `cspr.domain.deadlines`
itself, cached by the date they are counted from. `month_counts` spreads a block's
notifications over its months exactly (seasonal weights), and `comparison_count`
finds the previous-period count that gives a published percentage change.
"""

from __future__ import annotations

import calendar as month_calendar
import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cspr.domain import deadlines
from cspr.domain.calendar import WorkingDayCalendar
from cspr.synth.numbers import apportion, rounded_percent, uniform_indices

__all__ = ["Clock", "Month", "clock_for", "comparison_count", "month_counts"]


class Clock:
    """Day-indexed tables over [first, last] (index = ordinal - base).

    - `iso[k]`: the day's ISO text;
    - `working_ordinals`, `worked_upto[k]` (working days up to and including the
      day): the nth working day after or before a day is one lookup in each;
    - `rr_due[k]`, `rr_counts_from_notified[k]`: `deadlines.rapid_review_due` for
      a case aware (and notified) on that day. A due date depends only on the date
      it is counted from (`RapidReviewDue.counted_from`), so the due date of any
      case is rr_due at its aware date, or at its notified date when the edition in
      force on the aware date counts from notification.
    """

    def __init__(self, first: date, last: date, calendar: WorkingDayCalendar):
        self.calendar = calendar
        self.base = base = first.toordinal()
        self.end = last.toordinal()
        days = [date.fromordinal(o) for o in range(base, self.end + 1)]
        self.iso = [d.isoformat() for d in days]
        self.working_ordinals: list[int] = []
        self.worked_upto: list[int] = []
        for d in days:
            if calendar.is_working_day(d):
                self.working_ordinals.append(d.toordinal())
            self.worked_upto.append(len(self.working_ordinals))
        self.rr_due: list[int] = []
        self.rr_counts_from_notified: list[bool] = []
        for d in days[: len(days) - 60]:  # room for 15 working days after the last day tabled
            result = deadlines.rapid_review_due(aware_date=d, notified_date=d, calendar=calendar)
            self.rr_due.append(result.due.toordinal())
            self.rr_counts_from_notified.append(result.counted_from == "notified_date")
        self._lcspr_due: dict[int, int] = {}

    def text(self, ordinal: int) -> str:
        return self.iso[ordinal - self.base]

    def add_working_days(self, ordinal: int, n: int) -> int:
        """The nth working day after the day (n >= 1); as WorkingDayCalendar.add_working_days."""
        return self.working_ordinals[self.worked_upto[ordinal - self.base] + n - 1]

    def subtract_working_days(self, ordinal: int, n: int) -> int:
        """The nth working day before the day (n >= 1); as WorkingDayCalendar.subtract_working_days."""
        return self.working_ordinals[self.worked_upto[ordinal - 1 - self.base] - n]

    def working_day_from(self, ordinal: int) -> int:
        """The day itself if it is a working day, else the next working day."""
        return self.working_ordinals[self.worked_upto[ordinal - 1 - self.base]]

    def working_day_until(self, ordinal: int) -> int:
        """The day itself if it is a working day, else the working day before it."""
        return self.working_ordinals[self.worked_upto[ordinal - self.base] - 1]

    def working_days_in(self, year: int, month: int) -> list[int]:
        first = date(year, month, 1).toordinal()
        last = date(year, month, month_calendar.monthrange(year, month)[1]).toordinal()
        upto, base = self.worked_upto, self.base
        return [o for o in range(first, last + 1) if upto[o - base] != upto[o - 1 - base]]

    def rapid_review_due(self, aware: int, notified: int) -> int:
        k = aware - self.base
        return self.rr_due[notified - self.base] if self.rr_counts_from_notified[k] else self.rr_due[k]

    def lcspr_publication_due(self, decision: int) -> int:
        due = self._lcspr_due.get(decision)
        if due is None:
            due = self._lcspr_due[decision] = deadlines.lcspr_publication_due(date.fromordinal(decision)).toordinal()
        return due


@lru_cache(maxsize=16)
def clock_for(first: date, last: date, calendar: WorkingDayCalendar) -> Clock:
    """The Clock for these days and this calendar, built once per process.

    Its tables depend on nothing else (the calendar's closures are fixed when it is made, and
    `lcspr_publication_due` only memoises), and building them, a statutory due date for every
    day, is much of the cost of a small register: a run that generates many (the tests, the
    demo) shares them.
    """
    return Clock(first, last, calendar)


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    count: int


def _months(start: date, end: date) -> list[tuple[int, int, float]]:
    """(year, month, fraction of the month inside [start, end]) for each month touched."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        days = month_calendar.monthrange(y, m)[1]
        lo = max(start, date(y, m, 1))
        hi = min(end, date(y, m, days))
        out.append((y, m, ((hi - lo).days + 1) / days))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_weights(start: date, end: date, seasonality: list[float],
                  uplift: tuple[date, date, float] | None = None) -> list[tuple[int, int, float]]:
    """Relative notifications per month: seasonal weight x part of month in the block x any uplift."""
    out = []
    for y, m, part in _months(start, end):
        w = seasonality[m - 1] * part
        if uplift and uplift[0] <= date(y, m, 1) <= uplift[1]:
            w *= uplift[2]
        out.append((y, m, w))
    return out


def month_counts(total: int, weights: list[tuple[int, int, float]]) -> list[Month]:
    counts = apportion(total, [w for _, _, w in weights])
    return [Month(y, m, c) for (y, m, _), c in zip(weights, counts)]


def in_window(months: list[Month], start: date, end: date) -> int:
    return sum(mc.count for mc in months if start <= date(mc.year, mc.month, 1) <= end)


def comparison_count(this: int, percent: float, decimals: int = 0) -> int:
    """The previous-period count that makes `this` a `percent` change, nearest the exact ratio.

    With small counts no whole count may round to the percentage (50 against 39 is
    +28%, against 40 +25%); then the nearest count to the exact ratio is used.
    """
    ideal = this / (1 + percent / 100)
    options = [b for b in range(max(1, int(ideal) - 50), int(ideal) + 51)
               if rounded_percent(this - b, b, decimals) == percent]
    if not options:
        return max(1, round(ideal))
    return min(options, key=lambda b: (abs(b - ideal), b))


def notified_ordinals(clock: Clock, months: list[Month], rng: random.Random) -> list[int]:
    """Each month's count of notification dates, on working days chosen at random; sorted."""
    out: list[int] = []
    for mc in months:
        if not mc.count:
            continue
        days = clock.working_days_in(mc.year, mc.month)
        out.extend(days[i] for i in uniform_indices(rng, mc.count, len(days)))
    out.sort()
    return out
