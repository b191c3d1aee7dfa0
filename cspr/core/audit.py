"""The audit trail: append-only, hash-chained, written explicitly.

`record()` is called by every action (in the action's transaction, so the row
and its audit event commit or roll back together) and by every view or export of
child-level data. `verify()` walks the chain and reports any row whose content
no longer matches its hash, or whose predecessor is missing or changed.
"""

import functools
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cspr.core.models import AuditChainHead, AuditEvent


@dataclass
class PendingEvent:
    action: str
    object_type: str = ""
    object_id: str = ""
    changed_fields: dict = field(default_factory=dict)
    reason: str = ""


def _digest(event: AuditEvent) -> str:
    payload = {
        "prev": event.prev_hash,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changed_fields": event.changed_fields,
        "reason": event.reason,
        "request_id": event.request_id,
        "ip": event.ip_address,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _request_context(request) -> tuple[str, str | None]:
    if request is None:
        return "", None
    return getattr(request, "request_id", ""), request.META.get("REMOTE_ADDR")


def record(
    *, actor, action: str, object_type: str = "", object_id="", changed_fields=None, reason: str = "", request=None
) -> AuditEvent:
    """Append one audit event. Refuses to record an action with no actor."""
    return record_many(
        actor=actor,
        events=[PendingEvent(action, object_type, str(object_id), changed_fields or {}, reason)],
        request=request,
    )[0]


def record_change(row, *, actor, action: str, changed_fields=None, reason: str = "", request=None) -> AuditEvent:
    """Append the audit event of a change to one row, named by its model and primary key."""
    return record(
        actor=actor,
        action=action,
        object_type=row._meta.model_name,
        object_id=row.pk,
        changed_fields=changed_fields,
        reason=reason,
        request=request,
    )


@transaction.atomic
def record_many(*, actor, events: list[PendingEvent], request=None, at: datetime | None = None) -> list[AuditEvent]:
    """Append several events in one go (an import writes one per notification)."""
    if actor is None or actor.pk is None:
        raise ValueError("an audit event needs an actor")
    request_id, ip = _request_context(request)
    at = at or timezone.now()
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    prev = head.last_hash
    rows = []
    for pending in events:
        row = AuditEvent(
            at=at,
            actor=actor,
            action=pending.action,
            object_type=pending.object_type,
            object_id=pending.object_id,
            changed_fields=_jsonable(pending.changed_fields),
            reason=pending.reason,
            request_id=request_id,
            ip_address=ip,
            prev_hash=prev,
        )
        row.hash = prev = _digest(row)
        rows.append(row)
    created = AuditEvent.objects.bulk_create(rows, batch_size=2000)
    head.last_hash = prev
    head.last_event_id = AuditEvent.objects.filter(hash=prev).values_list("id", flat=True).first()
    head.save(update_fields=["last_hash", "last_event_id"])
    return created


def _jsonable(changes: dict) -> dict:
    # Round-trip through JSON so the hash is computed on exactly what is stored
    # (dates become ISO strings, tuples become lists).
    return json.loads(json.dumps(changes, default=str))


@dataclass
class ChainProblem:
    event_id: int | None
    problem: str


def verify(chunk_size: int = 5000) -> list[ChainProblem]:
    """Walk the whole chain in id order; return every break found."""
    problems: list[ChainProblem] = []
    prev = ""
    last_id = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        if event.prev_hash != prev:
            problems.append(ChainProblem(event.id, "previous event missing or changed (chain broken before this row)"))
        if _digest(event) != event.hash:
            problems.append(ChainProblem(event.id, "row edited after it was written (content does not match its hash)"))
        prev = event.hash
        last_id = event.id
    head = AuditChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash != prev:
        problems.append(ChainProblem(last_id, "newest events missing (chain head does not match the last row)"))
    return problems


def action(func):
    """Mark a function as an action: atomic, and refused before any write when it has no actor."""

    @functools.wraps(func)
    def wrapper(*args, actor, **kwargs):
        if actor is None or getattr(actor, "pk", None) is None:
            raise ValueError(f"{func.__name__} needs an actor: every change is attributed to someone")
        with transaction.atomic():
            return func(*args, actor=actor, **kwargs)

    return wrapper
