"""The parts of a case that apps above cases own, for the import and the intake.

A row of the data standard carries a notification, its children and, in its
`rr_` and `lcspr_` columns, the case's rapid review and local review. Those
reviews belong to the reviews app, which sits above cases (layers import
downward only: docs/architecture.md). So cases never imports it: the reviews app
registers a part at start-up (cspr/reviews/apps.py), and creating or updating a
case here calls every registered part in the same transaction. ADR 0013 says why.
"""

from typing import Protocol

from django.db.models import Q

from cspr.domain.standard import NotificationRecord


class CasePart(Protocol):
    # What `update` reads of an existing notification, fetched with the batch.
    select_related: tuple[str, ...]
    prefetch_related: tuple[str, ...]

    def create(self, cases: list, *, actor, reason: str, writer) -> None:
        """Create this part for new notifications, set-based through `writer` (cspr/core/bulk.py).

        `cases`: (notification id, NotificationRecord) of the notifications just written.
        """

    def update(self, notification, record: NotificationRecord, *, actor, reason: str) -> dict[str, list[str]]:
        """Bring this part in line with the record; return what changed, by section. Refused when it cannot."""

    def recompute_due_dates(self, notification, *, actor, reason: str) -> list[dict]:
        """After a correction of the notification's dates or of whether a rapid review is required,
        recompute this part's due dates (starting or stopping a clock).

        Return each due date that moved: `{"deadline", "label", "old", "new", "rule"}`
        (dates as ISO text, `old` or `new` None where no deadline ran or runs; `rule` in
        domain/deadlines.py's words).
        """

    def check_moved(self, notification, *, field: str) -> None:
        """After a correction moved the case to another area, refuse (Refused on `field`) when this
        part's people may not review a case there (an appointed reviewer's declared conflicts)."""

    def overdue(self, today) -> Q:
        """A filter on notifications: those with an item of this part overdue on `today` (the list's filter)."""


_parts: list[CasePart] = []


def register(part: CasePart) -> None:
    if not any(type(p) is type(part) for p in _parts):
        _parts.append(part)


def registered() -> list[CasePart]:
    return list(_parts)


def overdue(today) -> Q:
    """Notifications with any overdue item, as each part defines it (the notification list's "overdue")."""
    condition = Q(pk__in=[])
    for part in _parts:
        condition |= part.overdue(today)
    return condition
