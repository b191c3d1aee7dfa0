"""The one write path of the review workflows.

`write()` locks the row, checks the version the caller saw, checks the move
against the workflow's table (cspr/domain/workflow.py), saves with
`update_fields`, appends the status event and records the audit event, all in
the caller's transaction. Every review action and the importer's review part
(cspr/reviews/standard.py) write through here; nothing else sets a status.
"""

from collections.abc import Callable

from django.utils import timezone

from cspr.core import audit, clock, writes
from cspr.domain import workflow
from cspr.domain.refusal import Refused
from cspr.domain.workflow import TransitionNotAllowed, Workflow
from cspr.reviews.models import NationalReview, PracticeReview, RapidReview, StatusEvent

# The field a page or an import names when a move is refused.
STATUS_FIELD = "status"

# The working days late of a review's deadlines, stored by this write path whenever the dates
# they come from are written (ADR 0036): (field, due date, date done). The statistics count the
# first two; the local review's final report is marked "(late)" on every page that shows it,
# the summary PDF among them, whose environment can count no deadline (reviews/_lcspr_words.html).
DAYS_LATE = {
    RapidReview: (("days_late", "due_date", "submitted_date"),),
    PracticeReview: (
        ("publication_days_late", "publication_due_date", "published_date"),
        ("final_report_days_late", "final_report_due_date", "final_report_date"),
    ),
}


def stored_days_late(model, value: Callable[[str], object]) -> dict:
    """The stored working days late of a review whose fields read `value(name)`; {} for other records."""
    return {
        field: clock.working_days_late(value(due), value(done)) for field, due, done in DAYS_LATE.get(model, ())
    }


def _case_of(record) -> dict:
    """The foreign keys a status event points at: the case, or the national review."""
    if isinstance(record, NationalReview):
        return {"national_review_id": record.pk}
    return {"notification_id": record.notification_id}


def _audit_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (bool, int, list, dict)) or value is None else str(value)


def move(
    record,
    flow: Workflow,
    *,
    actor,
    changes: dict | None = None,
    to_status: str | None = None,
    action: str = "",
    reason: str = "",
    request=None,
    catch_up: bool = False,
    audited: bool = True,
    refused_field: str = STATUS_FIELD,
) -> list[str]:
    """Change a locked record and, when `to_status` differs, move its workflow; return what changed.

    A move must be one the table allows. With `catch_up` (the importer) a record
    may pass through several allowed states in one go, one status event each,
    but never backwards. `audited=False` leaves the audit event to the caller,
    which records one event for a whole notification (the import).
    """
    changes = dict(changes or {})
    from_status = record.status
    moves = []
    if to_status is not None:
        try:
            if catch_up:
                moves = workflow.path(flow, from_status, to_status)
            else:
                workflow.check_transition(flow, from_status, to_status)
                moves = [(from_status, to_status)]
        except TransitionNotAllowed as error:
            raise Refused(refused_field, str(error)) from None
        if moves:
            changes["status"] = to_status
    derived = stored_days_late(type(record), lambda name: changes.get(name, getattr(record, name)))
    derived = {name: value for name, value in derived.items() if getattr(record, name) != value}
    for name, value in derived.items():
        setattr(record, name, value)
    changed = writes.save(record, changes, also=tuple(derived))
    now = timezone.now()
    StatusEvent.objects.bulk_create(
        [
            StatusEvent(
                workflow=flow, from_status=a, to_status=b, at=now, actor=actor, reason=reason, **_case_of(record)
            )
            for a, b in moves
        ]
    )
    if audited:
        detail = {name: _audit_value(changes[name]) for name in changed if name != "status"}
        if moves:
            detail = {"status": [from_status, to_status], **detail}
        audit.record_change(
            record,
            actor=actor,
            action=action,
            changed_fields=detail,
            reason=reason,
            request=request,
        )
    return changed


def write(model, pk, flow: Workflow, *, version: int | None, check=None, **kwargs):
    """Lock the row (StaleRecord when it moved on since the caller read it), then `move` it; return the record.

    `check(record)` runs on the locked row before anything is written: it raises
    Refused when the change does not fit what the record already says (a date
    before the one it must follow).
    """
    record = writes.lock(model, pk, version)
    if check is not None:
        check(record)
    move(record, flow, **kwargs)
    return record


def open_record(
    model,
    flow: Workflow,
    *,
    actor,
    values: dict,
    action: str,
    reason: str = "",
    request=None,
    audit_fields: dict | None = None,
):
    """Create a record in its workflow's first state, with its status event and audit event."""
    [record] = open_records(model, flow, [values], actor=actor, reason=reason, initial_only=True)
    if action:
        audit.record_change(
            record,
            actor=actor,
            action=action,
            changed_fields=audit_fields
            if audit_fields is not None
            else {k: _audit_value(v) for k, v in values.items()},
            reason=reason,
            request=request,
        )
    return record


def open_records(
    model, flow: Workflow, rows: list[dict], *, actor, reason: str, initial_only: bool = False, writer=None
) -> list:
    """Create records in bulk, each with its first status event; the caller records the audit events.

    A row without a status starts in the workflow's first state. The importer
    creates records further along (history the service did not see): each
    such state must be reachable from the first one, or the import is refused.
    With a `writer` (cspr/core/bulk.py: the import's new cases, rows naming
    `notification_id`) the rows go to the database set-based and their ids are
    returned rather than records.
    """
    start = workflow.INITIAL[flow]
    checked: set[str] = set()  # one check per state, not per row: an import opens a million
    for row in rows:
        status = row.setdefault("status", start)
        if status in checked:
            continue
        if initial_only and status != start:
            raise Refused(STATUS_FIELD, f"a new {flow.replace('_', ' ')} starts as {start}, not {status}")
        try:
            workflow.path(flow, start, status)
        except TransitionNotAllowed as error:
            raise Refused(STATUS_FIELD, str(error)) from None
        checked.add(status)
    rows = [row | stored_days_late(model, row.get) for row in rows]
    if writer is not None:
        ids = writer.reserve_ids(model, len(rows))
        writer.insert(model, [{"id": pk, **row} for pk, row in zip(ids, rows)])
        status_event = {"workflow": flow, "from_status": "", "at": writer.now, "actor_id": actor.pk, "reason": reason}
        writer.insert(
            StatusEvent,
            [status_event | {"to_status": row["status"], "notification_id": row["notification_id"]} for row in rows],
        )
        return ids
    records = model.objects.bulk_create([model(**row) for row in rows])
    now = timezone.now()
    StatusEvent.objects.bulk_create(
        [
            StatusEvent(
                workflow=flow, from_status="", to_status=r.status, at=now, actor=actor, reason=reason, **_case_of(r)
            )
            for r in records
        ]
    )
    return records
