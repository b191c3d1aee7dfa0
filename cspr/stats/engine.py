"""Counting a report's quantities from the database: one scan of each table.

The catalogue (cspr/domain/measures.py) describes every figure as a condition in
the data standard's field names. This module reads, for every period the report
shows (its year, the year before, the months), the rows in two queries: one over
notifications (which also counts their rapid reviews' theme codings) and one over
children. Each row comes back as its day of `notified_date` and a few integers
packing a small code for every column the conditions read (cspr/stats/columnar.py);
numpy tests every condition on a chunk of rows at once and counts the rows by day,
so memory stays flat however large the register. The working days late of each
deadline are stored with its record when the dates are written (ADR 0036), so its
bands are counted like any other condition, with no working-day arithmetic at
report time. The query count does not depend on the register's size or on the
period (tests/stats/test_queries.py).
"""

from collections import defaultdict
from collections.abc import Iterable
from itertools import batched, chain

from cspr.cases.models import Child
from cspr.domain.measures import CHILD, NOTIFICATION, PERIOD_FIELD, THEME, Period, Quantity
from cspr.domain.report_build import Key, Late, late_quantity
from cspr.stats.columnar import DayNumber, Plan

# Rows read and tested at a time: numpy's arrays stay some megabytes whatever the register's size.
CHUNK_ROWS = 20_000

# The data standard's names -> the ORM path from a Notification.
NOTIFICATION_PATHS = {
    "region": "local_authority__region",
    "la_code": "local_authority_id",
    "rr_submitted_date": "rapid_review__submitted_date",
    "rr_due_date": "rapid_review__due_date",
    "rr_lcspr_recommended": "rapid_review__lcspr_recommended",
    "rr_national_review": "rapid_review__national_review",
    "rr_panel_response_date": "rapid_review__panel_response_date",
    "lcspr_decision_date": "practice_review__decision_date",
    "lcspr_final_report_date": "practice_review__final_report_date",
    "lcspr_published_date": "practice_review__published_date",
    "lcspr_due_date": "practice_review__publication_due_date",
    # The working days late stored with each deadline's dates (ADR 0036).
    "rr_days_late": "rapid_review__days_late",
    "lcspr_days_late": "practice_review__publication_days_late",
    # Not a standard field: the review whose theme codings a notification's row carries.
    "rapid_review_id": "rapid_review__id",
}
CHILD_FIELDS = {
    "child_ref",
    "gender",
    "age_years",
    "ethnicity",
    "disability",
    "cp_plan",
    "looked_after",
    "child_in_need",
    "known_to_csc",
    "home_educated",
    "child_mental_ill_health",
    "outcome",
    # cspr-2
    "previous_care_proceedings",
    "siblings_removed_not_returned",
}


def path(level: str, name: str) -> str:
    """The ORM lookup path of a standard field on the rows of a level (theme codings are
    counted on their notifications' rows)."""
    if level == CHILD:
        return name if name in CHILD_FIELDS else "notification__" + NOTIFICATION_PATHS.get(name, name)
    return NOTIFICATION_PATHS.get(name, name)


def _in_period(level: str, period: Period) -> dict:
    return {path(level, PERIOD_FIELD) + "__range": (period.start, period.end)}


def _rows(level: str, notifications):
    """Rows of a level belonging to `notifications` (a partnership's, or the whole register)."""
    if level == NOTIFICATION:
        return notifications
    whole_register = not notifications.query.has_filters()  # then no subquery: read the table itself
    qs = Child.objects.all()
    return qs if whole_register else qs.filter(notification__in=notifications)


def _count_level(level: str, wanted: list[Quantity], notifications) -> dict[Quantity, int]:
    """One query, one scan of the level's rows over every period asked for, counted by day.

    Every distinct condition is tested once a row and counted by day of `notified_date`;
    each quantity then adds up the days of its own period. So a condition counted over the
    year, the year before and each month is one test, and no test is of a period.
    """
    import numpy as np  # here, not at the top: `cspr report --help` and the like start without it

    span = Period(min(q.period.start for q in wanted), max(q.period.end for q in wanted))
    counted = list(dict.fromkeys((q.condition, q.level == THEME) for q in wanted))
    plan = Plan(level, counted)
    columns = [DayNumber(path(level, PERIOD_FIELD)), *plan.columns(lambda name: path(level, name))]
    rows = _rows(level, notifications).filter(**_in_period(level, span)).order_by().values_list(*columns)
    first, days = span.start.toordinal(), (span.end - span.start).days + 1
    by_day = np.zeros((len(counted), days), dtype=np.int64)
    for chunk in batched(rows.iterator(chunk_size=CHUNK_ROWS), CHUNK_ROWS):
        values = np.fromiter(chain.from_iterable(chunk), dtype=np.int64, count=len(chunk) * len(columns))
        values = values.reshape(len(chunk), len(columns))
        # SQLite reads the rows by the notified_date index, in day order; rows in any other order
        # (PostgreSQL's plans) are sorted here, so each day's rows are a run for `tally`.
        if (values[1:, 0] < values[:-1, 0]).any():
            values = values[np.argsort(values[:, 0], kind="stable")]
        plan.tally(values[:, 1:], values[:, 0] - first, by_day)
    # Running totals by day: a period's count is the difference of two of them.
    running = np.concatenate([np.zeros((len(counted), 1), dtype=np.int64), by_day.cumsum(axis=1)], axis=1)
    index = {key: i for i, key in enumerate(counted)}
    found = {}
    for q in wanted:
        totals = running[index[(q.condition, q.level == THEME)]]
        found[q] = int(totals[q.period.end.toordinal() - first + 1] - totals[q.period.start.toordinal() - first])
    return found


def count_quantities(quantities: Iterable[Quantity], notifications) -> dict[Quantity, int]:
    """Every quantity from two queries, whatever the periods: notifications (with their theme
    codings) and children."""
    levels: dict[str, list[Quantity]] = defaultdict(list)
    for q in dict.fromkeys(quantities):
        levels[CHILD if q.level == CHILD else NOTIFICATION].append(q)
    found: dict[Quantity, int] = {}
    for level, wanted in levels.items():
        found |= _count_level(level, wanted, notifications)
    return found


def evaluate(keys: Iterable[Key], notifications) -> dict[Key, int]:
    """Values for a report plan's keys: quantities, and late-day bands as the quantities they are."""
    keys = list(keys)
    counted = {key: late_quantity(key) if isinstance(key, Late) else key for key in keys}
    found = count_quantities(counted.values(), notifications)
    return {key: found[q] for key, q in counted.items()}


__all__ = ["count_quantities", "evaluate", "path"]
