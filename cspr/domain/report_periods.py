"""The periods a report covers and compares, as date arithmetic.

- The Panel's annual report: a calendar year (2020) or, for later reports and
  for DfE, a financial year (April to March).
- The first annual report: an arbitrary range (its first 17 months).
- DfE's releases split a financial year into April-September and October-March.
- The periods the register covers: a count of a period it does not wholly hold (one that
  starts before its first month, or has not ended by its last complete day) is not
  available ([x]), not a 0 (or a part) that reads as the period's figure; and a period
  not yet ended is not published at all (`publish_refusal`).
- Comparisons (measures spec): `period_vs_previous_period` and
  `apr_to_sep_vs_previous_year` (1 April-30 September of the period's year
  against the same months a year earlier).
"""

import re
from datetime import date, timedelta

from cspr.domain.dates import long_date
from cspr.domain.deadlines import add_calendar_months
from cspr.domain.disclosure import NOT_AVAILABLE
from cspr.domain.measures import Period
from cspr.domain.report_labels import period_label

__all__ = [
    "april_to_september",
    "calendar_year",
    "covered",
    "ended",
    "financial_year",
    "half_years",
    "incomplete_notes",
    "last_complete_day",
    "months",
    "not_covered_notes",
    "previous_period",
    "publish_refusal",
    "register_start",
    "whole_months",
    "year_earlier",
]


def calendar_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def financial_year(label: str) -> Period:
    """'2020-21' (or '2020-2021', '2020/21') -> 1 April 2020 to 31 March 2021."""
    match = re.fullmatch(r"(\d{4})[-/](\d{2}|\d{4})", label.strip())
    if not match:
        raise ValueError(f"'{label}' is not a financial year such as 2020-21")
    first = int(match.group(1))
    second = match.group(2)
    if int(second[-2:]) != (first + 1) % 100 or (len(second) == 4 and int(second) != first + 1):
        raise ValueError(f"'{label}': a financial year runs from April of one year to March of the next")
    return Period(date(first, 4, 1), date(first + 1, 3, 31))


def half_years(period: Period) -> tuple[tuple[str, Period], tuple[str, Period]]:
    """A financial year's April-September and October-March halves (DfE's split)."""
    year = period.start.year
    if period != Period(date(year, 4, 1), date(year + 1, 3, 31)):
        raise ValueError(f"{period} is not a financial year")
    return (
        ("apr_to_sep", Period(date(year, 4, 1), date(year, 9, 30))),
        ("oct_to_mar", Period(date(year, 10, 1), date(year + 1, 3, 31))),
    )


def _month_end(day: date) -> date:
    return add_calendar_months(day.replace(day=1), 1) - timedelta(days=1)


def whole_months(period: Period) -> int | None:
    """The number of calendar months a period spans exactly, or None if it cuts a month."""
    if period.start.day != 1 or period.end != _month_end(period.end):
        return None
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def previous_period(period: Period) -> Period:
    """The period of the same length just before: the previous year for a year,
    the previous 17 months for 17 months; a range that cuts months moves back by
    its length in days."""
    n = whole_months(period)
    if n is not None:
        start = add_calendar_months(period.start, -n) if n else period.start
        return Period(start, period.start - timedelta(days=1))
    length = period.end - period.start + timedelta(days=1)
    return Period(period.start - length, period.start - timedelta(days=1))


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_earlier(period: Period) -> Period:
    """The same dates one year earlier (29 February becomes the 28th)."""
    end = period.end
    if whole_months(period) is not None:
        return Period(_year_back(period.start), _month_end(_year_back(end).replace(day=1)))
    return Period(_year_back(period.start), _year_back(end))


def april_to_september(period: Period) -> Period:
    """1 April-30 September of "the period's year": the latest such half-year
    that lies inside the period, else that of the year the period starts in."""
    for year in range(period.end.year, period.start.year - 1, -1):
        candidate = Period(date(year, 4, 1), date(year, 9, 30))
        if period.start <= candidate.start and candidate.end <= period.end:
            return candidate
    year = period.start.year
    return Period(date(year, 4, 1), date(year, 9, 30))


def months(period: Period) -> list[Period]:
    """The calendar months the period touches, each clipped to the period."""
    found = []
    start = period.start
    while start <= period.end:
        end = min(_month_end(start), period.end)
        found.append(Period(start, end))
        start = end + timedelta(days=1)
    return found


def register_start(earliest_notified: date | None) -> date | None:
    """The first day the register holds notifications for: the first of the month of its earliest
    notified date. None: an empty register, which holds no period.

    Notifications arrive on working days, so a register kept from 1 January holds its first on
    the 2nd or later: the month of the first, not its day, is where the register starts.
    """
    return None if earliest_notified is None else earliest_notified.replace(day=1)


def last_complete_day(today: date | None) -> date | None:
    """The register's last complete day: the day before `today` (the caller's date: the domain has
    no clock), since notifications still arrive today. None: figures with no date (a file, a test),
    which hold every period to its end."""
    return None if today is None else today - timedelta(days=1)


def covered(period: Period, start: date | None, end: date | None = None) -> bool:
    """Whether the register (from `start`, `register_start`'s, to `end`, `last_complete_day`'s)
    holds the whole of `period`.

    A period that starts before the register, wholly or partly, has no figure of its own: its
    count is 0, or that of the months the register holds, and neither is the period's. As the
    early-warning page does with its first week or month (cspr/stats/surveillance.py), only a
    period wholly inside the data counts; a partly covered one is not available ([x]). The same
    holds at the other end: a period still under way (December on 7 December) or still to come
    counts only the days so far, which would read as a fall, so it too is [x] until it has ended.
    """
    return start is not None and start <= period.start and ended(period, end)


def ended(period: Period, end: date | None) -> bool:
    """Whether `period` has ended by `end`, the register's last complete day (None: no end)."""
    return end is None or period.end <= end


def publish_refusal(period: Period, end: date | None) -> str | None:
    """Why `period` cannot be published yet (it ends after `end`, the last complete day), or None.

    Published figures are the period's figures for good; those of a period under way would change."""
    if ended(period, end):
        return None
    return f"{period_label(period)} ends on {long_date(period.end)}: a period can be published once it has ended"


def incomplete_notes(period: Period, end: date | None) -> tuple[str, ...]:
    """The report's note when its period has not ended: its figures are those so far."""
    if ended(period, end):
        return ()
    if end < period.start:
        held = "has not begun, so its figures are all 0 and say nothing yet"
    else:
        held = f"is not complete: its figures count notifications to {long_date(end)}, the last complete day"
    return (
        f"[x] {period_label(period)} ends on {long_date(period.end)} and {held}. Months and comparisons "
        "that are not complete are not available ([x]). A period can be published once it has ended.",
    )


def not_covered_notes(
    start: date | None, rows, end: date | None = None, periods: tuple[Period, ...] | None = None
) -> tuple[str, ...]:
    """The notes of a table with [x] cells (`covered`): where the register starts and, when some of
    `periods` (those the table compares) end after `end`, that those are not complete."""
    if not any(NOT_AVAILABLE in row for row in rows):
        return ()
    if start is None:
        return ("[x] The register holds no notifications, so no period's figures are available to compare.",)
    notes = []
    if periods is None or any(p.start < start for p in periods):
        notes.append(
            f"[x] The register holds notifications from {start.strftime('%B %Y')}: the figures of a period "
            "that starts before then are not available, so nothing is compared with it."
        )
    if end is not None and periods is not None and any(p.end > end for p in periods):
        notes.append(
            f"[x] The register is complete to {long_date(end)}: the figures of a period that ends after "
            "then are not complete, so they are not available and nothing is compared with them."
        )
    return tuple(notes)
