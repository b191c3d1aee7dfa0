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
period (tests/stats/test_queries.py). On SQLite each query returns one row a day,
its rows' codes in one string, and a big register is read by two threads, every
other day each, in one snapshot (ADR 0036, second amendment).
"""

import os
import threading
from collections import defaultdict
from collections.abc import Iterable
from itertools import batched, chain
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import F, Func, IntegerField, Max, OuterRef, Subquery

from cspr.cases.models import Child, Notification
from cspr.domain.codes import CHILD_CODED, NOTIFICATION_CODED, PackedCodes
from cspr.domain.measures import CHILD, CHILD_NUMBER, NOTIFICATION, PERIOD_FIELD, THEME, Period, Quantity
from cspr.domain.report_lateness import Late, late_quantity
from cspr.domain.report_notes import Key
from cspr.stats.columnar import DayNumber, HexRows, Plan, hex_rows

if TYPE_CHECKING:
    import numpy as np

# Rows read and tested at a time: numpy's arrays stay some megabytes whatever the register's size.
CHUNK_ROWS = 20_000
# Threads reading a big register's rows at once, each its share on its own connection: SQLite
# steps a statement and numpy runs its kernels without holding the GIL, so a second core
# reads the other share (ADR 0036, second amendment).
THREADS = min(2, os.cpu_count() or 1)
# Below this many notifications one thread reads everything: a small register would pay a
# connection and a thread for nothing. Tests lower it to take the threads' path.
SPLIT_ROWS = 100_000

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
    # Not standard fields: the review whose theme codings a notification's row carries, and the
    # notification's coded fields as the database packed them (ADR 0036, third amendment).
    "rapid_review_id": "rapid_review__id",
    "notification_coded": "coded",
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
        own = name in CHILD_FIELDS or name == CHILD_NUMBER  # the number: an alias of the rows (_rows)
        return name if own else "notification__" + NOTIFICATION_PATHS.get(name, name)
    return NOTIFICATION_PATHS.get(name, name)


def packed_columns(level: str) -> dict[str, tuple[str, PackedCodes]]:
    """The coded fields the rows of a level carry packed (`codes.PackedCodes`): field -> (the
    packed column's ORM path, its layout). A child's row reads its notification's too."""
    found = {name: (path(level, "notification_coded"), NOTIFICATION_CODED) for name in NOTIFICATION_CODED.values}
    if level == CHILD:
        found |= {name: ("coded", CHILD_CODED) for name in CHILD_CODED.values}
    return found


def _in_period(level: str, period: Period) -> dict:
    return {path(level, PERIOD_FIELD) + "__range": (period.start, period.end)}


def _child_number():
    """A child's place among its notification's children by `child_ref` (1 for the first): one
    look-up in the (notification, child_ref) unique index, made only when a condition reads it."""
    earlier = Child.objects.filter(notification=OuterRef("notification"), child_ref__lt=OuterRef("child_ref"))
    counted = earlier.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Subquery(counted, output_field=IntegerField()) + 1


def _rows(level: str, notifications):
    """Rows of a level belonging to `notifications` (a partnership's, or the whole register)."""
    if level == NOTIFICATION:
        return notifications
    whole_register = not notifications.query.has_filters()  # then no subquery: read the table itself
    qs = Child.objects.alias(**{CHILD_NUMBER: _child_number()})
    return qs if whole_register else qs.filter(notification__in=notifications)


class _Scan:
    """One level's query: its conditions compiled once, and its rows read and counted by day.

    Every distinct condition is tested once a row and counted by day of `notified_date`;
    each quantity then adds up the days of its own period. So a condition counted over the
    year, the year before and each month is one test, and no test is of a period.
    """

    def __init__(self, level: str, wanted: list[Quantity], notifications):
        self.level, self.wanted = level, wanted
        span = Period(min(q.period.start for q in wanted), max(q.period.end for q in wanted))
        self.counted = list(dict.fromkeys((q.condition, q.level == THEME) for q in wanted))
        self.plan = Plan(level, self.counted, packed_columns(level))
        self.date = path(level, PERIOD_FIELD)
        self.columns = self.plan.columns(lambda name: path(level, name))
        self.rows = _rows(level, notifications).filter(**_in_period(level, span)).order_by()
        self.first, self.days = span.start.toordinal(), (span.end - span.start).days + 1

    def part(self, i: int, parts: int):
        """The rows notified on a day whose number is `i` modulo `parts`: every other day, so the
        shares are even for any period without counting them first, and each share reads its own
        days' rows (which sit together on disk) and, for children, looks up only its own days'
        notifications' children. Split by id instead, each share read every page and every child
        look-up: 20% to 50% more work between them, against 6% to 11% by day."""
        return self.rows.alias(cspr_part=DayNumber(self.date) % parts).filter(cspr_part=i)

    def read(self, rows) -> "np.ndarray":
        """Each condition's rows (or codings) by day, from `rows` (this scan's or a part of them)."""
        import numpy as np  # here, not at the top: `cspr report --help` and the like start without it

        by_day = np.zeros((len(self.counted), self.days), dtype=np.int64)
        if connections[rows.db].vendor == "sqlite":
            self._read_days(rows, by_day)
        else:
            self._read_rows(rows, by_day)
        return by_day

    def _read_days(self, rows, by_day) -> None:
        """SQLite: one row a day, its rows' codes in one string (`HexRows`). SQLite reads the rows
        in the notified_date index's order, so the grouping needs no sort."""
        import numpy as np

        days = (
            rows.values(self.date)
            .annotate(cspr_rows=HexRows(*self.columns))
            .order_by(self.date)
            .values_list(self.date, "cspr_rows")
        )
        chunk, day_of, size = [], [], 0
        for day, text in days.iterator():
            values = hex_rows(text, len(self.columns))
            chunk.append(values)
            day_of.append(day.toordinal() - self.first)
            size += len(values)
            if size >= CHUNK_ROWS:
                self.plan.tally(np.concatenate(chunk), np.repeat(day_of, [len(v) for v in chunk]), by_day)
                chunk, day_of, size = [], [], 0
        if chunk:
            self.plan.tally(np.concatenate(chunk), np.repeat(day_of, [len(v) for v in chunk]), by_day)

    def _read_rows(self, rows, by_day) -> None:
        """Other databases (PostgreSQL): a row a row, read in chunks (a server-side cursor)."""
        import numpy as np

        width = len(self.columns) + 1
        rows = rows.values_list(DayNumber(self.date), *self.columns)
        for chunk in batched(rows.iterator(chunk_size=CHUNK_ROWS), CHUNK_ROWS):
            values = np.fromiter(chain.from_iterable(chunk), dtype=np.int64, count=len(chunk) * width)
            values = values.reshape(len(chunk), width)
            # Rows in any order (PostgreSQL's plans) are sorted, so each day's rows are a run for `tally`.
            if (values[1:, 0] < values[:-1, 0]).any():
                values = values[np.argsort(values[:, 0], kind="stable")]
            self.plan.tally(values[:, 1:], values[:, 0] - self.first, by_day)

    def totals(self, by_day: "np.ndarray") -> dict[Quantity, int]:
        import numpy as np

        # Running totals by day: a period's count is the difference of two of them.
        running = np.concatenate([np.zeros((len(self.counted), 1), dtype=np.int64), by_day.cumsum(axis=1)], axis=1)
        index = {key: i for i, key in enumerate(self.counted)}
        found = {}
        for q in self.wanted:
            totals = running[index[(q.condition, q.level == THEME)]]
            day = q.period.start.toordinal() - self.first
            found[q] = int(totals[q.period.end.toordinal() - self.first + 1] - totals[day])
        return found


def _threads(alias: str) -> int:
    """How many threads read the report's rows: one unless the register is big enough to be worth
    a connection and a thread more, and on SQLite outside a transaction (another connection would
    not see a transaction's rows; PostgreSQL reads in one thread, as it always has)."""
    connection = connections[alias]
    if THREADS < 2 or connection.vendor != "sqlite" or connection.in_atomic_block:
        return 1
    # The largest id, read from the end of the primary key: an upper bound on the rows, at no cost.
    largest = Notification.objects.using(alias).aggregate(largest=Max("pk"))["largest"] or 0
    return THREADS if largest >= SPLIT_ROWS else 1


def _read_in_threads(scans: list[_Scan], threads: int, alias: str) -> list | None:
    """Every scan's counts by day, read by `threads` threads at once, thread i reading the days
    whose number is i modulo `threads` (`_Scan.part`) on a connection of its own; None if the threads could not
    all read one snapshot of the register (a write committed while they started).

    One snapshot: each thread opens a read transaction (WAL: it reads the database as it was
    when the transaction's first read ran, until it ends). SQLite cannot hand one transaction's
    snapshot to another connection, so the transactions are started between two readings of
    `PRAGMA data_version` on this thread's connection, which differ if any other connection
    committed in between: when they are equal, every thread reads the same committed state,
    so the report counts each row once, as one connection would. Otherwise the caller reads the
    rows in one thread, as before.
    """
    main = connections[alias]
    started = threading.Barrier(threads + 1)
    agreed = threading.Event()
    found: list[list | None] = [None] * threads
    errors: list[BaseException] = []

    def work(i: int) -> None:
        own = connections[alias]  # this thread's own connection, closed when it is done
        try:
            with own.cursor() as cursor:
                cursor.execute("BEGIN")  # deferred: a read transaction, its snapshot taken at the next read
                cursor.execute(f"SELECT 1 FROM {own.ops.quote_name(Notification._meta.db_table)} LIMIT 1")
                cursor.fetchall()
            started.wait()
            started.wait()  # the snapshots compared
            if agreed.is_set():
                found[i] = [scan.read(scan.part(i, threads)) for scan in scans]
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread, which raises it
            errors.append(error)
            started.abort()
        finally:
            try:
                if own.connection is not None:
                    own.connection.rollback()  # nothing was written: end the read transaction
            finally:
                own.close()

    with main.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        before = cursor.fetchone()[0]
    workers = [threading.Thread(target=work, args=(i,), name=f"cspr-report-{i}") for i in range(threads)]
    for worker in workers:
        worker.start()
    try:
        started.wait()
        with main.cursor() as cursor:
            cursor.execute("PRAGMA data_version")
            if cursor.fetchone()[0] == before:
                agreed.set()
        started.wait()
    except threading.BrokenBarrierError:
        pass  # a thread failed: its error is raised below
    except BaseException:
        started.abort()  # no thread waits for this one for ever
        raise
    finally:
        for worker in workers:
            worker.join()
    if errors:
        raise errors[0]
    if not agreed.is_set():
        return None
    return [sum(parts) for parts in zip(*found)]


def count_quantities(quantities: Iterable[Quantity], notifications) -> dict[Quantity, int]:
    """Every quantity from two queries, whatever the periods: notifications (with their theme
    codings) and children; on a big SQLite register, each split between threads (ADR 0036)."""
    levels: dict[str, list[Quantity]] = defaultdict(list)
    for q in dict.fromkeys(quantities):
        levels[CHILD if q.level == CHILD else NOTIFICATION].append(q)
    scans = [_Scan(level, wanted, notifications) for level, wanted in levels.items()]
    threads = _threads(notifications.db) if scans else 1
    by_day = _read_in_threads(scans, threads, notifications.db) if threads > 1 else None
    if by_day is None:
        by_day = [scan.read(scan.rows) for scan in scans]
    found: dict[Quantity, int] = {}
    for scan, counts in zip(scans, by_day):
        found |= scan.totals(counts)
    return found


def evaluate(keys: Iterable[Key], notifications) -> dict[Key, int]:
    """Values for a report plan's keys: quantities, and late-day bands as the quantities they are."""
    keys = list(keys)
    counted = {key: late_quantity(key) if isinstance(key, Late) else key for key in keys}
    found = count_quantities(counted.values(), notifications)
    return {key: found[q] for key, q in counted.items()}


__all__ = ["count_quantities", "evaluate", "path"]
