"""Records for tests, written through the actions the service and `cspr import` use.

    notifications(valid_row(notification_ref="A-1", rr_submitted_date="2020-03-20"), valid_row(...))
    notification("A-2")

Rows are rows of the data standard (tests/cases/rows.py), one per child. They
are checked by the standard's rules (`parse_record`, the intake's checker) and
written by `notifications_load`, the import's writer, which also writes the
case's rapid review and local review from the `rr_` and `lcspr_` columns
through the reviews app's write path. So a test gets exactly what importing the
same rows would give (less the file-level `register.import` audit event),
without writing a file and running the command for it. Tests whose subject is
the import itself still run `cspr import` (tests/cases/).
"""

from functools import lru_cache

from django.utils import timezone

from cspr.cases.actions import notifications_load
from cspr.cases.models import Notification
from cspr.core.actors import system_actor
from cspr.core.reference import AreaIndex
from cspr.domain import codes
from cspr.domain.standard import NotificationRecord, parse_record
from tests.cases.rows import valid_row

SOURCE = "tests/factories.py"
_KNOWN = set(codes.ALL_COLUMNS)


@lru_cache(maxsize=1)
def areas() -> AreaIndex:
    """The reference data's areas, read once per process.

    The migrations load the reference data and nothing in the tests changes it
    (a transactional test's flush is followed by the same data again, tests/conftest.py).
    """
    return AreaIndex.from_database()


def records(rows: list[dict]) -> list[NotificationRecord]:
    """The notifications the rows describe, grouped by notification_ref as a file's rows are, and checked."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        unknown = set(row) - _KNOWN
        assert not unknown, f"not columns of the standard: {sorted(unknown)}"
        grouped.setdefault(row["notification_ref"], []).append(row)
    found = []
    for ref, group in grouped.items():
        first = group[0]
        for other in group[1:]:
            differ = [c for c in codes.NOTIFICATION_COLUMNS if other.get(c, "") != first.get(c, "")]
            assert not differ, f"{ref}: the rows of one notification disagree on {differ}"
        notification = {column: first.get(column, "") for column in codes.NOTIFICATION_COLUMNS}
        children = [{column: row.get(column, "") for column in codes.CHILD_COLUMNS} for row in group]
        record, problems = parse_record(
            notification, children, today=timezone.localdate(), la_check=areas().problem, source=SOURCE
        )
        assert not problems, [str(p) for p in problems]
        found.append(record)
    return found


def notifications(*rows: dict, actor=None) -> dict[str, Notification]:
    """Write the rows' notifications (with children and reviews) through `notifications_load`; by ref."""
    loaded = records(list(rows))
    notifications_load(actor=actor or system_actor("cspr tests"), records=loaded, areas=areas(), source=SOURCE)
    by_ref = Notification.objects.in_bulk([r.ref for r in loaded], field_name="ref")
    return {r.ref: by_ref[r.ref] for r in loaded}


def notification(ref: str = "N-1", *, actor=None, **cells) -> Notification:
    """One notification with one child: `valid_row` with these cells."""
    return notifications(valid_row(notification_ref=ref, **cells), actor=actor)[ref]
