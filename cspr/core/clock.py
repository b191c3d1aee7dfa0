"""The statutory clock as the running service sees it: the domain rules plus settings.

Inside `memoised()` each due date is computed once per distinct date (or pair of
dates) and the calendar once: an import of a million children has a few thousand
distinct dates, and a working-day count costs far more than a dictionary look-up.
"""

import contextlib
import contextvars
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from cspr.domain import deadlines
from cspr.domain.calendar import WorkingDayCalendar, england_calendar

# The memo of the `memoised()` block this context is in, or None (then nothing is kept).
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("cspr_clock_memo", default=None)


@contextlib.contextmanager
def memoised():
    """Within the block, the same question gets the answer computed the first time (one bulk write)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _remembered(key: tuple, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def working_days() -> WorkingDayCalendar:
    """England's working-day calendar with the operator's extra closure dates."""
    return _remembered(("calendar",), _working_days)


def _working_days() -> WorkingDayCalendar:
    extra = tuple(date.fromisoformat(d) for d in settings.CSPR_EXTRA_CLOSURE_DATES)
    return england_calendar(extra)


@dataclass(frozen=True)
class PracticeReviewDue:
    publication: date
    final_report: date


def practice_review_due(decision_date: date) -> PracticeReviewDue:
    return _remembered(("practice_review", decision_date), lambda: _practice_review_due(decision_date))


def _practice_review_due(decision_date: date) -> PracticeReviewDue:
    publication = deadlines.lcspr_publication_due(decision_date)
    final_report = deadlines.lcspr_final_report_due(
        publication, working_days(), settings.CSPR_FINAL_REPORT_WORKING_DAYS
    )
    return PracticeReviewDue(publication, final_report)


def final_report_rule() -> str:
    """The final report's rule, with the number of working days the service counts (a setting)."""
    return deadlines.rule_for_final_report(settings.CSPR_FINAL_REPORT_WORKING_DAYS)


def notification_due(aware_date: date) -> date:
    return _remembered(("notification", aware_date), lambda: deadlines.notification_due(aware_date, working_days()))


def rapid_review_due(*, aware_date: date, notified_date: date) -> deadlines.RapidReviewDue:
    return _remembered(
        ("rapid_review", aware_date, notified_date),
        lambda: deadlines.rapid_review_due(aware_date=aware_date, notified_date=notified_date, calendar=working_days()),
    )


def working_days_late(due: date | None, done: date | None) -> int | None:
    """A deadline's working days late (0 on time, None not done or no deadline), stored with the record."""
    return _remembered(("days_late", due, done), lambda: deadlines.working_days_late(due, done, working_days()))
