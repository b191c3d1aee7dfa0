"""Loading records of the data standard into the register: `cspr import`'s writer.

The caller has already checked every record (cspr/domain/standard.py) and runs
this inside one transaction, so a file loads completely or not at all.
Re-importing a notification_ref updates that notification to what the file
says, its automatic home-authority shares included (a share no child calls for
now ends: cspr/cases/actions/sharing.py); a record the file leaves unchanged is
not touched and gets no audit event.
Records arrive as a stream and are written batch by batch. New notifications
are written set-based (cspr/core/bulk.py: multi-row INSERT on SQLite, COPY on
PostgreSQL), with their children, reviews, shares and one audit event each,
and each due date computed once per distinct date (clock.memoised), so that a
national file of a million children costs little more than the database's own
work on its rows (ADR 0034, bench/bulk_import.py). The
case's reviews are written by the parts other apps register
(cspr/cases/parts.py), through their own write path: a file that implies a
move the workflow does not allow is refused as `FILE:LINE: column: message`.

Two imports (or an import and a person) touching the same notification never
both win silently. Imports are serialised: SQLite serialises writers anyway
(IMMEDIATE transactions); on PostgreSQL an advisory lock does, so that two
files creating the same new reference meet as an update, not a unique-key
error. Each batch then locks the notifications it names that are already
recorded (and their parts), in reference order, before reading their
versions. Content is compared first: a row that changes nothing is unchanged,
whatever its `record_version` (the version is the register's own, so a file
exported from another register, or from this one before it was emptied, carries
other numbers for the same records: ADR 0021). A row that would change a recorded
notification is refused when its `record_version` is not the record's version
now, or when it has none (unless the operator chose `overwrite`). Whether a row
changes anything is known by writing it (the parts have no dry run), so a refused
row's writes stay in the transaction that the refusal rolls back. Locking batch
by batch rather than all at once cannot deadlock: no other import runs, and a
person's change holds one case.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db import connection
from django.db.models import F

from cspr.cases import parts
from cspr.cases.actions.sharing import (
    home_authority_shares,
    share_with_home_authorities,
    withdraw_home_authority_shares,
)
from cspr.cases.exporter import record_version
from cspr.cases.models import Child, Notification
from cspr.core import audit, bulk, clock
from cspr.core.bulk import BulkWriter
from cspr.core.reference import AreaIndex
from cspr.domain import codes, deadlines
from cspr.domain.refusal import Refused
from cspr.domain.standard import NotificationRecord, Problem

BATCH = 2000
# pg_advisory_xact_lock's key for "an import is loading" (any constant unique to cspr).
IMPORT_LOCK = 0x63737072


class LoadRefused(Exception):
    """Records the file gives cannot be written; `problems` say where and why. Nothing was loaded."""

    def __init__(self, *problems: Problem):
        self.problems = list(problems)
        self.problem = self.problems[0]
        super().__init__("; ".join(map(str, self.problems)))


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    children: int = 0


# --- What the record says each row should hold ------------------------------------


def _notification_values(record: NotificationRecord, areas: AreaIndex) -> dict:
    f = record.fields
    values = {
        "ref": record.ref,
        "local_authority_id": f["la_code"],
        "partnership_id": areas.partnership_for(f["la_code"], f["incident_date"]),
        "incident_date": f["incident_date"],
        "aware_date": f["aware_date"],
        "notified_date": f["notified_date"],
        "incident_type": f["incident_type"],
        "death_category": f.get("death_category") or "",
        "harm_category": f.get("harm_category") or "",
        "notification_due_date": clock.notification_due(f["aware_date"]),
    }
    # Stored for the statistics (ADR 0036): whoever writes the dates writes this with them.
    values["notification_days_late"] = clock.working_days_late(values["notification_due_date"], f["notified_date"])
    values.update({flag: f[flag] for flag in codes.NOTIFICATION_FLAGS})
    # cspr-2 (a cspr-1 file leaves them empty: unknown, no reason, no description)
    values["notification_kind"] = f.get("notification_kind") or codes.DEFAULT_KIND
    values["abuse_neglect_suspected"] = f.get("abuse_neglect_suspected", "unknown")
    values.update({flag: f.get(flag, "unknown") for flag in codes.NOTIFICATION_FLAGS_2})
    values["late_notification_reason"] = f.get("late_notification_reason") or ""
    values["late_rapid_review_reason"] = f.get("late_rapid_review_reason") or ""
    values["incident_description"] = f.get("incident_description") or ""
    return values


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):  # not given, or refused as a date by the standard's own rules
        return None


def late_reason_problem(fields: dict) -> str | None:
    """The notification's `late_notification_reason` checked against its dates (domain/deadlines.py), in the
    working days the service counts (its extra closure dates too), so that the rule and the stored
    "on time" agree. `fields` are the standard's notification values, dates as dates or as ISO text
    (a page's answers). Every writer of the notification asks this: the import, the intake, the API
    and a correction."""
    return deadlines.late_notification_reason_problem(
        reason=fields.get("late_notification_reason"),
        aware_date=_as_date(fields.get("aware_date")),
        notified_date=_as_date(fields.get("notified_date")),
        calendar=clock.working_days(),
    )


# Each child column with what its absence means, looked up once rather than per child.
_CHILD_COLUMN_DEFAULTS = [(column, codes.CSPR2_DEFAULTS.get(column)) for column in codes.CHILD_COLUMNS]


def _child_values(child: dict) -> dict:
    values = {column: child.get(column, default) for column, default in _CHILD_COLUMN_DEFAULTS}
    values["home_la_code"] = values["home_la_code"] or ""  # "" in the table: the notifying authority's area
    return values


# --- Writing -------------------------------------------------------------------------


def _batches(items, size=BATCH):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _wait_for_other_imports() -> None:
    """On PostgreSQL, wait until no other import is loading (SQLite's write lock already does this)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _recorded(batch: list[NotificationRecord]) -> dict[str, Notification]:
    """The batch's notifications already in the register, locked (with their parts) in reference order.

    The parts' rows (a case's reviews) are locked too: a person's change to a
    review waits for the import, and the versions read next are the latest.
    """
    related = [
        Notification._meta.get_field(name).related_model for part in parts.registered() for name in part.select_related
    ]
    refs = sorted(r.ref for r in batch)
    pks = list(
        Notification.objects.select_for_update().filter(ref__in=refs).order_by("ref").values_list("pk", flat=True)
    )
    if not pks:  # all new: the usual case of a large import
        return {}
    for model in related:
        list(
            model._default_manager.select_for_update()
            .filter(notification_id__in=pks)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return {
        n.ref: n
        for n in Notification.objects.filter(pk__in=pks)
        .select_related(*(name for part in parts.registered() for name in part.select_related))
        .prefetch_related("children", *(name for part in parts.registered() for name in part.prefetch_related))
    }


def _stale(record: NotificationRecord, now: int) -> Problem | None:
    """A problem when a row that changes its record was not exported at the record's version `now`."""
    if record.version is None or record.version == now:
        return None
    if record.version > now:  # versions only grow: this register never wrote it
        message = (
            f"{record.ref}: the file has version {record.version}, the register {now}, so this file was "
            "not exported from this register (each register numbers its own versions): export this "
            "register and make your changes to that file"
        )
    else:
        message = (
            f"{record.ref} has changed in the register since this file was exported (the file has version "
            f"{record.version}, the register {now}): export it again and make your changes to the new file"
        )
    return Problem(record.file, record.location, codes.VERSION_COLUMN, message)


def _unversioned(record: NotificationRecord) -> Problem:
    return Problem(
        record.file,
        record.location,
        codes.VERSION_COLUMN,
        f"{record.ref} is already in the register and this row would change it, but the row has no "
        "record_version to show it was exported after the last change: export the register, change "
        "the exported file and import that (or import with --overwrite to let this file win)",
    )


@audit.action
def notifications_load(
    *,
    actor,
    records: Iterable[NotificationRecord],
    areas: AreaIndex,
    source: str,
    progress=None,
    overwrite: bool = False,
) -> LoadSummary:
    """Create or update every record's notification, children and reviews, batch by batch as they come.

    Refused whole (LoadRefused, every stale row named) when a row that would
    change a recorded notification has a record_version that is not the
    record's version now, or has none and `overwrite` is not given. A row that
    changes nothing is unchanged, whatever its record_version.
    """
    summary = LoadSummary()
    reason = f"imported from {source}"
    _wait_for_other_imports()
    writer = BulkWriter()
    refused: list[Problem] = []
    with clock.memoised(), bulk.working_cache():
        for batch in _batches(records):
            existing = _recorded(batch)
            refused += [
                Problem(record.file, record.location, "late_notification_reason", message)
                for record in batch
                if (message := late_reason_problem(record.fields))
            ]
            if not refused:  # new records cannot be stale; once refused, nothing will be kept
                new = [r for r in batch if r.ref not in existing]
                create_records(
                    new,
                    actor=actor,
                    areas=areas,
                    reason=reason,
                    audit_action="notification.import_create",
                    writer=writer,
                )
                summary.created += len(new)
            events = []
            for record in batch:
                if record.ref not in existing:
                    continue
                try:
                    changed, problem = _update_checked(
                        existing[record.ref], record, actor=actor, areas=areas, reason=reason, overwrite=overwrite
                    )
                except LoadRefused as refusal:
                    if not refused:
                        raise
                    refused += refusal.problems  # reported with the refused rows found before it
                    continue
                if problem:
                    refused.append(problem)
                elif changed:
                    summary.updated += 1
                    events.append(
                        audit.PendingEvent("notification.import_update", "notification", record.ref, changed, reason)
                    )
                else:
                    summary.unchanged += 1
            if refused:
                continue  # nothing will be kept: only look for more refused rows
            if events:  # at the import's time, as its new records' events (the chain is in id order)
                audit.record_many(actor=actor, events=events, at=writer.now)
            children = sum(len(r.children) for r in batch)
            summary.children += children
            if progress is not None:
                progress(children)
    if refused:  # raised inside the transaction: whatever was written is rolled back
        raise LoadRefused(*refused)
    return summary


def _update_checked(
    notification: Notification, record: NotificationRecord, *, actor, areas, reason, overwrite
) -> tuple[dict, Problem | None]:
    """Update one recorded notification; what changed, and the problem when the row may not change it.

    The version is read before the update raises it. A row refused for its version
    is named for that even when a part refused its change too: the version is why
    the file should not be applied at all.
    """
    now = record_version(notification)

    def version_problem() -> Problem | None:
        if record.version is None:
            return None if overwrite else _unversioned(record)
        return _stale(record, now)

    try:
        changed = _update(notification, record, actor=actor, areas=areas, reason=reason)
    except LoadRefused:  # a part refused a change: the row would change something
        if problem := version_problem():
            return {}, problem
        raise
    return changed, (version_problem() if changed else None)


def create_records(
    records: list[NotificationRecord], *, actor, areas: AreaIndex, reason: str, audit_action: str, writer=None
) -> list[int]:
    """Create notifications with their children, reviews and shares, set-based; one audit event each.

    Returns the new notifications' ids, in the records' order. Each row is the
    values the record gives (`_notification_values`, the parts' values) plus the
    model's own defaults (cspr/core/bulk.py), so a column added to a model needs
    no change here.
    """
    if not records:
        return []
    writer = writer or BulkWriter()
    ids = writer.reserve_ids(Notification, len(records))
    writer.insert(Notification, [{"id": pk, **_notification_values(r, areas)} for pk, r in zip(ids, records)])
    writer.insert(
        Child, [{"notification_id": pk, **_child_values(c)} for pk, r in zip(ids, records) for c in r.children]
    )
    cases = list(zip(ids, records))
    for part in parts.registered():
        part.create(cases, actor=actor, reason=reason, writer=writer)
    shares = home_authority_shares(cases, areas=areas, actor=actor, writer=writer)
    audit.record_bulk(
        actor=actor,
        writer=writer,
        events=shares
        + [
            audit.PendingEvent(
                audit_action,
                "notification",
                r.ref,
                {
                    "children": len(r.children),
                    "rapid_review": r.fields.get("rr_submitted_date") is not None,
                    "practice_review": r.fields.get("lcspr_decision_date") is not None,
                },
                reason,
            )
            for r in records
        ],
    )
    return ids


def _diff(instance, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def _set(instance, values: dict, names: list[str]) -> None:
    for name in names:
        setattr(instance, name, values[name])


def _update(notification: Notification, record: NotificationRecord, *, actor, areas, reason) -> dict:
    """Bring one notification in line with the record; return what changed (names only).

    The audit event names the fields that changed, not their values: the audit
    trail must not become a second copy of the children's records.
    """
    changed: dict = {}
    values = _notification_values(record, areas)
    names = _diff(notification, values)
    children_changed = _update_children(notification, record)
    for part in parts.registered():
        changed |= _refusals_located(part.update, notification, record, actor=actor, reason=reason, where=record)
    if names or children_changed or changed:
        _set(notification, values, names)
        notification.version = F("version") + 1
        notification.save(update_fields=[*names, "version", "updated_at"])
    if children_changed:
        changed = {"children": children_changed, **changed}
    # Whose area a child lives in is read against the case's partnership on its incident date, so a
    # change to either can start or end a home authority's share, as a correction's does.
    if children_changed or {"partnership_id", "incident_date"} & set(names):
        share_with_home_authorities(actor=actor, notification=notification, children=record.children, areas=areas)
        # A file correcting a home authority must not leave the old one's partnership reading the case.
        ended = withdraw_home_authority_shares(
            actor=actor, notification=notification, children=record.children, areas=areas, by=reason
        )
        if ended:
            changed["shares_withdrawn"] = ended
    if names:
        changed = {"notification": sorted(names), **changed}
    return changed


def _refusals_located(write, *args, where: NotificationRecord, **kwargs):
    """Call a part's writer; a refusal becomes a problem at the record's file and line."""
    try:
        return write(*args, **kwargs)
    except Refused as refusal:
        record = where
        raise LoadRefused(
            Problem(record.file, record.location, refusal.field or "(record)", f"{record.ref}: {refusal.message}")
        ) from None


def _update_children(notification: Notification, record: NotificationRecord) -> dict:
    current = {c.child_ref: c for c in notification.children.all()}
    wanted = {c["child_ref"]: _child_values(c) for c in record.children}
    removed = sorted(set(current) - set(wanted))
    added = sorted(set(wanted) - set(current))
    changed = []
    for ref in sorted(set(current) & set(wanted)):
        names = _diff(current[ref], wanted[ref])
        if names:
            _set(current[ref], wanted[ref], names)
            current[ref].save(update_fields=names)
            changed.append({"child_ref": ref, "fields": sorted(names)})
    if removed:
        Child.objects.filter(notification=notification, child_ref__in=removed).delete()
    Child.objects.bulk_create([Child(notification=notification, **wanted[ref]) for ref in added])
    result = {"added": added, "removed": removed, "changed": changed}
    return {k: v for k, v in result.items() if v}
