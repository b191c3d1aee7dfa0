"""The retention schedule: which records are past their retention period, and deleting them.

One period per kind of record, in whole years, from settings (`CSPR_RETENTION_*_YEARS`).
The periods and their legal basis are the data controller's to set: docs/operations.md
("Retention") holds the table with placeholders. `cspr retention --report` says what is
due; `--apply` deletes it in one transaction, all or nothing, with one audit event per
case deleted and one for the run. Audit events are never deleted: they name a case by
its reference only, and deleting them would break the chain that shows the trail is whole.

Here, at the top of the layers, because a case spans the apps: its children, shares and
amendments (cases), its reviews, milestones, status events and reminders (reviews, which
cascade with it), its documents (deleted with their stored files once the transaction has
committed) and published learning that cites it (kept, unlinked from the case: it is public).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.documents.models import CaseDocument
from cspr.domain.refusal import Refused
from cspr.learning.models import PublishedReview

CASE = "case"
SIGN_IN = "sign_in"


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    years: int
    counted_from: str


def schedule() -> list[Period]:
    return [
        Period(
            CASE,
            "Cases (notification, children, reviews, documents)",
            settings.CSPR_RETENTION_CASE_YEARS,
            "the notification date, and no change to the case since",
        ),
        Period(
            SIGN_IN,
            "Sign-in records (attempts, failures, sessions)",
            settings.CSPR_RETENTION_SIGN_IN_YEARS,
            "the attempt",
        ),  # fmt: skip
    ]


def cutoff(today: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def due_cases(today: date):
    before = cutoff(today, settings.CSPR_RETENTION_CASE_YEARS)
    # The whole register, by design: retention applies to every partnership's cases.
    return Notification.objects.all().filter(notified_date__lt=before, updated_at__lt=_start_of(before))


def _sign_in_tables(today: date):
    before = _start_of(cutoff(today, settings.CSPR_RETENTION_SIGN_IN_YEARS))
    return [model.objects.filter(attempt_time__lt=before) for model in (AccessAttempt, AccessFailureLog, AccessLog)]


@dataclass
class Due:
    period: Period
    count: int
    before: date


def report(today: date) -> list[Due]:
    """What is past its retention period on `today`, counted per kind."""
    periods = {period.kind: period for period in schedule()}
    return [
        Due(periods[CASE], due_cases(today).count(), cutoff(today, periods[CASE].years)),
        Due(
            periods[SIGN_IN],
            sum(rows.count() for rows in _sign_in_tables(today)),
            cutoff(today, periods[SIGN_IN].years),
        ),
    ]


@audit.action
def retention_apply(*, actor, today: date) -> dict[str, int]:
    """Delete every record past its retention period, in one transaction; returns counts per kind."""
    if today > timezone.localdate():
        raise Refused("today", "retention cannot be applied as of a date in the future")
    files = []
    deleted_cases = 0
    for case in due_cases(today).select_for_update().order_by("notified_date", "ref"):
        files += _delete_case(actor=actor, case=case)
        deleted_cases += 1
    deleted_sign_in = sum(rows.delete()[0] for rows in _sign_in_tables(today))
    counts = {CASE: deleted_cases, SIGN_IN: deleted_sign_in}
    audit.record(
        actor=actor,
        action="retention.apply",
        object_type="retention",
        changed_fields={"as_of": today.isoformat(), "deleted": counts, "years": {p.kind: p.years for p in schedule()}},
    )
    # Stored files cannot roll back: they go only once the deletion of their rows has committed.
    transaction.on_commit(lambda: [stored.storage.delete(stored.name) for stored in files])
    return counts


def _delete_case(*, actor, case: Notification) -> list:
    """Delete one case and everything that cascades with it; returns its documents' stored files."""
    children = case.children.count()
    documents = list(CaseDocument.objects.filter(notification=case))
    files = [document.file for document in documents if document.file]
    CaseDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    unlinked = PublishedReview.objects.filter(notification=case).update(notification=None)
    case.delete()
    audit.record(
        actor=actor,
        action="retention.delete_case",
        object_type="notification",
        object_id=case.ref,
        changed_fields={
            "notified_date": case.notified_date.isoformat(),
            "children": children,
            "documents": len(documents),
            "published_reviews_unlinked": unlinked,
        },
    )
    return files
