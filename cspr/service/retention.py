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

Removing the stored files comes after the commit and cannot be undone with it: every file is
tried, and the ones that could not be removed are kept in `Applied.not_removed` by their stored
key (never a child's name), for the operator to remove by hand.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.documents.models import CaseDocument
from cspr.domain.refusal import Refused
from cspr.domain.workflow import NationalReviewStatus
from cspr.learning.models import PublishedReview
from cspr.reviews.models import NationalReview, PracticeReview, StatusEvent
from cspr.reviews.open_items import with_open_deadlines

logger = logging.getLogger(__name__)

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
            "the notification date, with no change to the case or its reviews since and none under way",
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
    """The cases notified before the cutoff with no change since and no review still under way.

    A change to the case is a change to its own record (a correction, a document attached:
    `updated_at`) or a review of it moving on (every move writes a status event). A case with a
    statutory deadline still open, or gathered into a national review not yet published, is
    work in progress whatever its age: deleting it would end the review.
    """
    before = cutoff(today, settings.CSPR_RETENTION_CASE_YEARS)
    since = _start_of(before)
    register = Notification.objects.all()
    moved = StatusEvent.objects.all().filter(notification__isnull=False, at__gte=since).values("notification_id")
    national = NationalReview.objects.all().exclude(status=NationalReviewStatus.PUBLISHED).values("notifications")
    return (
        _past(today)
        .exclude(pk__in=moved)
        .exclude(pk__in=national.filter(notifications__isnull=False))
        .exclude(with_open_deadlines(register))
    )


def _past(today: date):
    """The cases whose own record is older than the period: due unless a review keeps them."""
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
    held: int = 0  # past the period by date, kept because a review of the case is under way or moved since


def report(today: date) -> list[Due]:
    """What is past its retention period on `today`, counted per kind."""
    periods = {period.kind: period for period in schedule()}
    return [
        Due(
            periods[CASE],
            due := due_cases(today).count(),
            cutoff(today, periods[CASE].years),
            _past(today).count() - due,
        ),
        Due(
            periods[SIGN_IN],
            sum(rows.count() for rows in _sign_in_tables(today)),
            cutoff(today, periods[SIGN_IN].years),
        ),
    ]


@dataclass
class Applied:
    """What one run did, filled in as it goes: its caller can say what happened whatever fails, and when."""

    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)  # the stored keys of the deleted documents' files
    committed: bool = False  # the rows' deletion committed: it cannot be said that nothing was deleted
    not_removed: dict[str, str] = field(default_factory=dict)  # stored key -> why it is still there


@audit.action
def retention_apply(*, actor, today: date, applied: Applied | None = None) -> Applied:
    """Delete every record past its retention period, in one transaction; the stored files after it commits.

    Pass `applied` to learn what was done even when this raises after the commit (another
    commit hook failing): `applied.committed` tells.
    """
    if today > timezone.localdate():
        raise Refused("today", "retention cannot be applied as of a date in the future")
    applied = applied if applied is not None else Applied()
    # Stored files cannot roll back: they go only once the deletion of their rows has committed.
    # Registered first, so that it runs before any other commit hook that might fail.
    transaction.on_commit(lambda: _remove_files(applied))
    deleted_cases = 0
    for case in due_cases(today).select_for_update().order_by("notified_date", "ref"):
        applied.files += _delete_case(actor=actor, case=case)
        deleted_cases += 1
    deleted_sign_in = sum(rows.delete()[0] for rows in _sign_in_tables(today))
    applied.counts = {CASE: deleted_cases, SIGN_IN: deleted_sign_in}
    audit.record(
        actor=actor,
        action="retention.apply",
        object_type="retention",
        changed_fields={
            "as_of": today.isoformat(),
            "deleted": applied.counts,
            "years": {p.kind: p.years for p in schedule()},
        },
    )
    return applied


def _remove_files(applied: Applied) -> None:
    """Remove every deleted document's stored file: one that fails is noted, and the rest still go."""
    applied.committed = True
    storage = CaseDocument._meta.get_field("file").storage
    for key in applied.files:
        try:
            storage.delete(key)
        except Exception as error:  # any store's failure: note it, and remove the others
            applied.not_removed[key] = f"{type(error).__name__}: {error}"
            logger.error("retention: stored file %s was not removed: %s", key, applied.not_removed[key])


def _delete_case(*, actor, case: Notification) -> list[str]:
    """Delete one case and everything that cascades with it; returns its documents' stored keys."""
    children = case.children.count()
    documents = list(CaseDocument.objects.filter(notification=case))
    keys = [document.file.name for document in documents if document.file]
    # The case's published LCSPR names one of these documents as its final report (a protected
    # key): the review is deleted with the case, so the link goes first. A review of another case
    # cannot name them (reviews/actions/local.py, "_final_report").
    PracticeReview.objects.filter(notification=case, final_report_document__isnull=False).update(
        final_report_document=None
    )
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
    return keys
