"""The audit chain's stored JSON and hashes are what they always were (issue 18 made their encoding cheaper).

An event's hash is part of the tamper evidence: a changed encoding would make every
event written before the change fail `verify()`. So the code that encoded events
before the change is kept here, as the oracle the chain is compared with, along with
two hashes that code computed, and the import's events and `record_bulk`'s are checked
against it and against `record_many`'s.
"""

import hashlib
import io
import json
from datetime import UTC, date, datetime
from enum import IntEnum, StrEnum

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from cspr.core import audit
from cspr.core.audit import PendingEvent
from cspr.core.bulk import BulkWriter
from cspr.core.models import AuditEvent
from tests.cases.rows import varied_file

AT = datetime(2026, 12, 7, 8, 0, 0, 123456, tzinfo=UTC)


def reference_jsonable(changes):
    """The stored form of `changed_fields`, as the audit trail computed it before issue 18's change."""
    return json.loads(json.dumps(changes, default=str))


def reference_digest(row: dict) -> str:
    """An event's hash, as the audit trail computed it before issue 18's change (`at` as ISO text)."""
    payload = {
        "prev": row["prev_hash"],
        "at": row["at"],
        "actor": row["actor_id"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "changed_fields": row["changed_fields"],
        "reason": row["reason"],
        "request_id": row["request_id"],
        "ip": row["ip_address"],
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _row(changes, **over) -> dict:
    return {
        "prev_hash": "ab" * 32,
        "at": AT.isoformat(),
        "actor_id": 7,
        "action": "notification.import_create",
        "object_type": "notification",
        "object_id": "N-2026-0001",
        "changed_fields": changes,
        "reason": "imported from a.csv",
        "request_id": "",
        "ip_address": None,
    } | over


def test_two_hashes_computed_before_the_change_are_computed_again():
    counts = audit._jsonable({"children": 2, "rapid_review": True, "practice_review": False})
    assert audit._digest_of(_row(counts)) == "997fe98310fcadc1b1af61464177292dfa137d40fe7c5fd83a9a3b79f6cb7c0c"
    mixed = audit._jsonable({"notification": ("incident_date", "la_code"), "when": date(2026, 1, 2), "n": {"é": [1]}})
    assert mixed == {"notification": ["incident_date", "la_code"], "when": "2026-01-02", "n": {"é": [1]}}
    row = _row(mixed, ip_address="10.0.0.1", request_id="r-1", object_id="N-2026-0002")
    assert audit._digest_of(row) == "15b066c6df96186f2e4a41d632e46ec1342a15e0be04673f579aca5a919a2ae5"


class _Status(StrEnum):  # a str subclass, as a model's TextChoices are
    OPEN = "open"


class _Count(IntEnum):
    ONE = 1


_scalars = st.one_of(
    st.sampled_from([_Status.OPEN, _Count.ONE]),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
        st.dictionaries(st.integers(), inner, max_size=3),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(changes=st.dictionaries(st.text(max_size=12), _values, max_size=5), reason=st.text(max_size=20))
def test_any_change_is_stored_and_hashed_as_before(changes, reason):
    stored, expected = audit._jsonable(changes), reference_jsonable(changes)
    # Compared as text: NaN is not equal to itself, and True == 1 (or a tuple equal to a list's
    # JSON) would hide a changed type.
    assert repr(stored) == repr(expected)
    assert stored is not changes  # a copy: the caller's dict may change after it is recorded
    row = _row(stored, reason=reason)
    assert audit._digest_of(row) == reference_digest(_row(expected, reason=reason))


_texts = st.one_of(
    st.sampled_from(["notification.import_create", "notification", "imported from a.csv", ""]), st.text()
)
# Not text, as no caller writes, but equal to each other as keys: 1 == True == 1.0.
_odd = st.sampled_from([1, True, 1.0])
_events = st.builds(
    PendingEvent,
    action=st.one_of(_texts, _odd),
    object_type=_texts,
    object_id=st.one_of(_texts, st.integers()),
    changed_fields=st.dictionaries(st.text(max_size=12), _values, max_size=4),
    reason=st.one_of(_texts, _odd),
)


@settings(max_examples=200, deadline=None)
@given(
    events=st.lists(_events, max_size=6),
    actor_id=st.integers(min_value=1),
    request_id=_texts,
    ip=st.one_of(st.none(), st.ip_addresses().map(str)),
    prev=st.sampled_from(["", "ab" * 32]),
)
def test_a_chain_of_any_events_is_hashed_as_before(events, actor_id, request_id, ip, prev):
    actor = type("Actor", (), {"pk": actor_id})
    rows = audit._chained(actor, events, at=AT, prev=prev, request_id=request_id, ip=ip)
    for pending, row in zip(events, rows, strict=True):
        assert row["prev_hash"] == prev
        assert repr(row["changed_fields"]) == repr(reference_jsonable(pending.changed_fields))
        assert (
            row["hash"]
            == reference_digest(row | {"at": AT.isoformat()})
            == audit._digest_of(row | {"at": AT.isoformat()})
        )
        prev = row["hash"]


class _Undo(Exception):
    pass


def _stored(after_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT action, object_type, object_id, changed_fields, reason, actor_id, prev_hash, hash "
            "FROM core_auditevent WHERE id > %s ORDER BY id",
            [after_id],
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_record_bulk_writes_what_record_many_writes_for_the_same_events(actor):
    audit.record(actor=actor, action="notification.view", object_type="notification", object_id="N-0")
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    events = [
        PendingEvent("notification.import_create", "notification", "N-1", {"children": 2, "rapid_review": True}, "r"),
        PendingEvent("notification.share", "notification", "N-1", {"with": ("E09000001",), "on": date(2026, 1, 2)}),
        PendingEvent("notification.import_update", "notification", "N-2", {"notification": ["la_code"], "x": 1.5}),
        PendingEvent("register.export"),
    ]
    try:
        with transaction.atomic():
            audit.record_many(actor=actor, events=events, at=AT)
            by_many = _stored(before)
            raise _Undo
    except _Undo:
        pass
    assert audit.record_bulk(actor=actor, events=events, writer=BulkWriter(now=AT)) == len(events)
    assert _stored(before) == by_many
    assert len(by_many) == len(events)


@pytest.mark.django_db
def test_an_imports_audit_events_are_hashed_and_stored_as_before(tmp_path, actor):
    path = tmp_path / "varied.csv"
    path.write_bytes(varied_file(40))
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    events = list(AuditEvent.objects.order_by("id").values())
    assert len([e for e in events if e["action"] == "notification.import_create"]) == 40
    prev = ""
    for event in events:
        assert event["prev_hash"] == prev
        assert event["changed_fields"] == reference_jsonable(event["changed_fields"])
        assert event["hash"] == reference_digest(event | {"at": event["at"].isoformat()})
        prev = event["hash"]
    if connection.vendor == "sqlite":  # PostgreSQL's jsonb keeps the value, not the text
        with connection.cursor() as cursor:
            cursor.execute("SELECT changed_fields FROM core_auditevent ORDER BY id")
            texts = [row[0] for row in cursor.fetchall()]
        # The stored text is JSON's own encoding of the value, as the ORM writes it.
        assert texts == [json.dumps(event["changed_fields"]) for event in events]
