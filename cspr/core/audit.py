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

from cspr.core import generation
from cspr.core.addresses import client_ip
from cspr.core.models import AuditChainHead, AuditEvent


@dataclass
class PendingEvent:
    action: str
    object_type: str = ""
    object_id: str = ""
    changed_fields: dict = field(default_factory=dict)
    reason: str = ""


def _digest(event: AuditEvent) -> str:
    return _digest_of(vars(event) | {"at": event.at.isoformat()})


def _digest_of(row: dict) -> str:
    """The hash of one event's content and its predecessor's hash (`row`: attribute values, `at` as ISO text)."""
    shared = _shared_text(
        action=row["action"],
        actor=row["actor_id"],
        at=row["at"],
        ip=row["ip_address"],
        object_type=row["object_type"],
        reason=row["reason"],
        request_id=row["request_id"],
    )
    return _hash(shared, row["changed_fields"], row["object_id"], row["prev_hash"])


# What `json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)` uses, built once:
# `dumps` with any option builds a new encoder per call, and an import hashes an event per notification.
_HASH_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def _shared_text(*, action, actor, at, ip, object_type, reason, request_id) -> tuple[str, str, str, str]:
    """The hashed text around an event's own three values (changes, object id, previous hash).

    The hashed text is `_HASH_ENCODER` applied to the payload {prev, at, actor, action,
    object_type, object_id, changed_fields, reason, request_id, ip}: its keys in sorted
    order, each value as the encoder writes it. Written out in pieces so that a batch of
    events (an import's, one a notification) encodes what its events share once
    (`_chained`); tests/core/test_audit_hashes_unchanged.py holds it to `json.dumps` of the
    payload, which every stored hash was made with.
    """
    encode = _HASH_ENCODER.encode
    return (
        f'{{"action":{encode(action)},"actor":{encode(actor)},"at":{encode(at)},"changed_fields":',
        f',"ip":{encode(ip)},"object_id":',
        f',"object_type":{encode(object_type)},"prev":',
        f',"reason":{encode(reason)},"request_id":{encode(request_id)}}}',
    )


def _hash(shared: tuple[str, str, str, str], changed_fields, object_id, prev) -> str:
    encode = _HASH_ENCODER.encode
    text = shared[0] + encode(changed_fields) + shared[1] + encode(object_id) + shared[2] + encode(prev) + shared[3]
    return hashlib.sha256(text.encode()).hexdigest()


def _request_context(request) -> tuple[str, str | None]:
    if request is None:
        return "", None
    return getattr(request, "request_id", ""), client_ip(request)


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
    rows = _chained(actor, events, at=at, prev=head.last_hash, request_id=request_id, ip=ip)
    created = [AuditEvent(**row) for row in rows]
    for event in created:
        event.actor = actor  # the caller's user, so reading it is no query
    created = AuditEvent.objects.bulk_create(created, batch_size=2000)
    prev = rows[-1]["hash"] if rows else head.last_hash
    head.last_hash = prev
    # bulk_create gives the new rows their ids on PostgreSQL and SQLite: looking the last one up by
    # its hash (not indexed) read the whole trail, which every page view makes longer.
    last = created[-1].pk if created else None
    head.last_event_id = last or AuditEvent.objects.filter(hash=prev).values_list("id", flat=True).first()
    head.save(update_fields=["last_hash", "last_event_id"])
    _register_changed(events)
    _note_written(request, created)
    return created


# The ids of the events a request has written (`reads_case` asks whether they are still there).
_WRITTEN = "_audit_written"


def _note_written(request, created: list[AuditEvent]) -> None:
    if request is not None:
        written = getattr(request, _WRITTEN, None)
        if written is None:
            written = []
            setattr(request, _WRITTEN, written)
        written.extend(event.pk for event in created)


def _wrote_events(request) -> bool:
    """Whether an action in this request wrote audit events that were kept (a refused one rolls its own back)."""
    written = getattr(request, _WRITTEN, None)
    return bool(written) and AuditEvent.objects.filter(pk__in=written).exists()


def _register_changed(events: list[PendingEvent]) -> None:
    if not all(generation.is_read(pending.action) for pending in events):
        # Now, for this transaction's own later reads, and again after the commit, so that a
        # reader who cached the old figures between the two does not keep them (core/generation.py).
        generation.register_changed()
        transaction.on_commit(generation.register_changed)


@transaction.atomic
def record_bulk(*, actor, events: list[PendingEvent], writer) -> int:
    """Append many events through a bulk writer (cspr/core/bulk.py): one import's event per notification.

    The same chain and the same hashes as `record_many`, at the writer's time,
    without building a model instance per event; return how many were written.
    """
    if actor is None or actor.pk is None:
        raise ValueError("an audit event needs an actor")
    if not events:
        return 0
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    rows = _chained(actor, events, at=writer.now, prev=head.last_hash)
    ids = writer.reserve_ids(AuditEvent, len(rows))
    writer.insert(AuditEvent, [{"id": pk, **row} for pk, row in zip(ids, rows)])
    head.last_hash, head.last_event_id = rows[-1]["hash"], ids[-1]
    head.save(update_fields=["last_hash", "last_event_id"])
    _register_changed(events)
    return len(rows)


def _chained(actor, events: list[PendingEvent], *, at: datetime, prev: str, request_id="", ip=None) -> list[dict]:
    """The events' rows (attribute values), each linked to the one before (`prev` first) and hashed."""
    at_text = at.isoformat()
    # What events of one kind share (action, object type, reason) is encoded once per call; the kind
    # is keyed with each value's type, so that 1, 1.0 and True are three kinds, not one.
    shared: dict[tuple, tuple[str, str, str, str]] = {}
    rows = []
    for pending in events:
        row = {
            "at": at,
            "actor_id": actor.pk,
            "action": pending.action,
            "object_type": pending.object_type,
            "object_id": pending.object_id,
            "changed_fields": _jsonable(pending.changed_fields),
            "reason": pending.reason,
            "request_id": request_id,
            "ip_address": ip,
            "prev_hash": prev,
        }
        kind = tuple((type(part), part) for part in (pending.action, pending.object_type, pending.reason))
        text = shared.get(kind)
        if text is None:
            text = shared[kind] = _shared_text(
                action=pending.action,
                actor=actor.pk,
                at=at_text,
                ip=ip,
                object_type=pending.object_type,
                reason=pending.reason,
                request_id=request_id,
            )
        row["hash"] = prev = _hash(text, row["changed_fields"], pending.object_id, prev)
        rows.append(row)
    return rows


def _jsonable(changes: dict) -> dict:
    # The hash is computed on exactly what is stored: what JSON gives back (dates become ISO
    # strings, tuples lists). Changes already in that form (names, counts, flags: an import's
    # every event) are copied as they are: the round trip through JSON text cost seven times more.
    try:
        return _as_json_gives_back(changes, 0)
    except _NotPlainJson:
        return json.loads(json.dumps(changes, default=str))


class _NotPlainJson(Exception):
    pass


def _as_json_gives_back(value, depth: int):
    """A copy of `value` if JSON would give it back unchanged; raises _NotPlainJson otherwise.

    Only exact str, int, bool and None, and lists and str-keyed dicts of them: a float, a
    tuple, a date, a subclass of str (an enum member), a non-text key, or nesting deep enough
    to be circular (JSON refuses those) go through JSON itself.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if depth < 32:
        if kind is dict:
            if all(type(key) is str for key in value):
                return {key: _as_json_gives_back(item, depth + 1) for key, item in value.items()}
        elif kind is list:
            return [_as_json_gives_back(item, depth + 1) for item in value]
    raise _NotPlainJson


@dataclass
class ChainProblem:
    event_id: int | None
    problem: str


@dataclass
class ChainWalk:
    """What one walk of the chain found: its breaks, its length and where it ends."""

    problems: list[ChainProblem]
    count: int = 0
    last_id: int | None = None
    last_hash: str = ""
    watched_hash: str | None = None  # the hash of the event `walk(watch_id=...)` was asked about
    count_to_watched: int = 0  # how many events have an id up to and including watch_id


def walk(*, watch_id: int | None = None, chunk_size: int = 5000) -> ChainWalk:
    """Walk the whole chain in id order and say, for each break, what kind of tampering it shows.

    An edited row no longer matches its own hash. A row whose predecessor hash names
    another row of the table has been moved (reordered); one whose predecessor is
    nowhere in the table follows deleted rows (or a row rewritten and re-hashed).
    """
    result = ChainWalk(problems=[])
    previous: AuditEvent | None = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size):
        expected = previous.hash if previous else ""
        if event.prev_hash != expected:
            result.problems.append(ChainProblem(event.id, _break(event, previous)))
        if _digest(event) != event.hash:
            result.problems.append(
                ChainProblem(
                    event.id,
                    f"event {event.id} was edited after it was written (its content no longer matches its hash)",
                )
            )
        if watch_id is not None and event.id <= watch_id:
            result.count_to_watched += 1
            if event.id == watch_id:
                result.watched_hash = event.hash
        result.count += 1
        previous = event
    if previous is not None:
        result.last_id, result.last_hash = previous.id, previous.hash
    return result


def _break(event: AuditEvent, previous: AuditEvent | None) -> str:
    after = f"event {previous.id}" if previous else "the start of the chain"
    if not event.prev_hash:
        return f"event {event.id} is out of order: it was the first event written, not the one after {after}"
    moved_from = AuditEvent.objects.filter(hash=event.prev_hash).exclude(pk=event.pk).values_list("id", flat=True)
    if (moved_from := moved_from.first()) is not None:
        return f"event {event.id} is out of order: it was written after event {moved_from}, not after {after}"
    if previous is None:
        return (
            f"the oldest events are missing: event {event.id} was written after an event that is no longer in "
            "the table (rows deleted from the start of the chain)"
        )
    return (
        f"the chain breaks between event {previous.id} and event {event.id}: events between them were deleted, "
        f"or event {previous.id} was rewritten and re-hashed"
    )


def verify(chunk_size: int = 5000) -> list[ChainProblem]:
    """Every break in the chain, and a chain head that does not match the newest row.

    This shows edits, deletes and reorders inside the chain. Removing the newest rows
    *and* rewriting the head to match shows only against a checkpoint kept outside the
    database (cspr/core/checkpoints.py).
    """
    result = walk(chunk_size=chunk_size)
    return result.problems + head_problems(result)


def head_problems(result: ChainWalk) -> list[ChainProblem]:
    """The chain head, which every writer updates, against the newest row found by the walk."""
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None or head.last_hash == result.last_hash:
        return []
    if result.count == 0:
        message = f"the audit table has been emptied: the chain head records event {head.last_event_id}"
    else:
        message = (
            f"the newest events are missing: the chain head records event {head.last_event_id}, "
            f"but the table ends at event {result.last_id}"
        )
    return [ChainProblem(result.last_id, message)]


def action(func):
    """Mark a function as an action: atomic, and refused before any write when it has no actor."""

    @functools.wraps(func)
    def wrapper(*args, actor, **kwargs):
        if actor is None or getattr(actor, "pk", None) is None:
            raise ValueError(f"{func.__name__} needs an actor: every change is attributed to someone")
        with transaction.atomic():
            return func(*args, actor=actor, **kwargs)

    return wrapper


# --- Reads of child-level data ------------------------------------------------------------------
# Every page that shows a child's record writes exactly one view event per visit, so the access
# report can say who saw what. A case page names its case; a page that lists cases (the
# notification list, the dashboard, a national review) writes one event naming the cases shown.
CASE_VIEW = "notification.view"
CASES_LISTED = "notification.list"


def headers_only(request) -> bool:
    """Whether `request` is a HEAD: it asks for the headers only, so nothing is seen and no read is recorded.

    The one rule every audited read follows (ADR 0024). The method is also read as the server
    received it (META): the API answers HEAD by running its GET operation with `request.method`
    set to GET (cspr.api.v1._methods_answered), so `request.method` alone would count it as a GET.
    """
    return request.method == "HEAD" or request.META.get("REQUEST_METHOD") == "HEAD"


def case_viewed(request, *, ref: str, page: str) -> AuditEvent:
    """One person saw one case's record on `page` (a URL name)."""
    return record(
        actor=request.user,
        action=CASE_VIEW,
        object_type="notification",
        object_id=ref,
        changed_fields={"page": page},
        request=request,
    )


def cases_listed(request, *, refs, page: str, object_type: str = "", object_id="") -> AuditEvent | None:
    """One person saw a list of cases on `page`; the event names each reference shown, in order.

    HEAD asks for the headers only, so nothing is seen and nothing is recorded (`headers_only`).
    """
    if headers_only(request):
        return None
    return record(
        actor=request.user,
        action=CASES_LISTED,
        object_type=object_type or page,
        object_id=object_id,
        changed_fields={"page": page, "refs": list(refs)},
        request=request,
    )


def records_seen(*, actor, action: str, seen: dict[tuple[str, str], dict], request=None) -> list[AuditEvent]:
    """One read event per record a list showed part of, written together; nothing shown, nothing written.

    `seen` maps each record (object type, object id) to what of it was shown. A list that
    shows parts of several records (search results naming case-linked reviews) files a read
    under each, so that each record's access report lists it.
    """
    events = [PendingEvent(action, kind, str(key), fields) for (kind, key), fields in seen.items()]
    return record_many(actor=actor, events=events, request=request) if events else []


def reads_case(view):
    """Decorate a view of one case (`ref` in the URL): a page it shows (200) is one audited read.

    The view has already found the case through the person's scope (404) and checked the
    verb (403) before it renders, so a 200 means the person saw the case, whatever the
    method: a form re-shown after a failed or refused POST, a "cannot do that now" page and
    a read-only page all show it as a GET does. One decorator covers every way the view
    renders, rather than a call per branch. HEAD asks for the headers only, so nothing is
    seen and nothing recorded (`headers_only`). A request whose action wrote (and kept) its
    own audit event has recorded the person's work on the case already: that event is its
    one, not a read besides (tests/service/test_page_audit.py). A redirect shows nothing;
    the page it leads to is audited when it is fetched.
    """

    @functools.wraps(view)
    def wrapper(request, *args, ref: str, **kwargs):
        response = view(request, *args, ref=ref, **kwargs)
        if response.status_code == 200 and not headers_only(request) and not _wrote_events(request):
            case_viewed(request, ref=ref, page=request.resolver_match.url_name if request.resolver_match else "")
        return response

    return wrapper
