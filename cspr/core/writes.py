"""The steps every action takes to change a record, written once.

An action locks the row, checks the version its caller saw (optimistic locking:
two people editing the same record never silently overwrite each other), saves
only the fields that changed with `update_fields`, and records its audit event
in the same transaction. Workflow moves add a transition check and a status
event on top of these steps (cspr/reviews/writes.py).

Refusals are cspr/domain/refusal.py's `Refused(field, message)`.
"""

from django.db.models import F

from cspr.core import audit
from cspr.domain.refusal import Refused, StaleRecord


def lock(model, pk, expected_version: int | None):
    """The row, locked for this transaction; StaleRecord when it moved on since the caller read it.

    A version ahead of the record's was never read by anyone (versions only grow): it is a mistake or
    a form changed by hand, not someone else's change, so it is refused as a wrong value of `version`.
    """
    record = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and expected_version > record.version:
        raise Refused(
            "version",
            f"version {expected_version} was never issued: this {model._meta.verbose_name} is at version "
            f"{record.version}; reload it and try again",
        )
    if expected_version is not None and record.version != expected_version:
        raise StaleRecord(
            f"this {model._meta.verbose_name} was changed by someone else since you opened it "
            f"(version {expected_version}, now {record.version}); reload to see their changes"
        )
    return record


def save(record, changes: dict, *, also: tuple[str, ...] = ()) -> list[str]:
    """Apply `changes`, save the fields that differ (and `also`) with the version bumped; return the changed names.

    The version goes up even when nothing else changed (a milestone recorded on
    a review, a reviewer assigned): someone else's open form must see the record moved.
    """
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, changes[name])
    record.version = F("version") + 1
    record.save(update_fields=[*changed, *also, "version"])
    record.refresh_from_db(fields=["version"])
    return changed


def change(
    model,
    pk,
    *,
    version: int | None,
    actor,
    action: str,
    changes: dict,
    audit_fields: dict | None = None,
    reason: str = "",
    request=None,
):
    """Lock, check the version, save what changed, audit: a change with no workflow move.

    `audit_fields` replaces the default audit detail (the changed field names)
    where an action records more, or less (never a child's details).
    """
    record = lock(model, pk, version)
    changed = save(record, changes)
    audit.record_change(
        record,
        actor=actor,
        action=action,
        changed_fields=audit_fields if audit_fields is not None else {"fields": sorted(changed)},
        reason=reason,
        request=request,
    )
    return record
