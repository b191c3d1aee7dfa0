"""Dates and times as cspr writes them for people, in the GOV.UK style.

GOV.UK's style guide: "27 March 2025" (no leading zero, no "27th", the month in
full) and, with a time, "27 March 2025, 14:05". Pages (through the Jinja2 filters
in cspr/govuk/jinja2.py), form messages, emails and briefings all call these, so
a date reads the same everywhere. Callers convert stored UTC times to UK time
first; this module only writes.

`f"{d.day} ..."` rather than strftime's "%-d", which only glibc understands.
"""

from datetime import date, datetime


def long_date(d: date) -> str:
    """'27 March 2025'."""
    return f"{d.day} {d:%B %Y}"


def long_date_time(moment: datetime, *, seconds: bool = False) -> str:
    """'27 March 2025, 14:05', or '27 March 2025, 14:05:09' with seconds (the audit trail's)."""
    return f"{long_date(moment)}, {moment:%H:%M:%S}" if seconds else f"{long_date(moment)}, {moment:%H:%M}"


def date_range(start: date, end: date) -> str:
    """'1 January 2020 to 31 December 2020'."""
    return f"{long_date(start)} to {long_date(end)}"
