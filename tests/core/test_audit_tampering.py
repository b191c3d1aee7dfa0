"""`cspr audit verify` names each kind of tampering with the audit trail, and exits non-zero.

Inside the chain: an edited, deleted or reordered row. Against the newest signed
checkpoint (kept outside the database): a missing tail with the chain head rewritten to
match, a chain rewritten and re-hashed, an emptied table.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cspr.core import audit
from cspr.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpointed(actor, settings, tmp_path):
    """Six events, a checkpoint of them, then two more events written after it."""
    settings.CSPR_AUDIT_KEY = "k" * 40
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    for i in range(6):
        audit.record(actor=actor, action="test.event", object_type="thing", object_id=i)
    call_command("audit", "checkpoint", stdout=io.StringIO())
    for i in range(6, 8):
        audit.record(actor=actor, action="test.event", object_type="thing", object_id=i)
    return [event.id for event in AuditEvent.objects.order_by("id")]


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="the audit trail has been tampered with"):
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def delete(*ids):
    AuditEvent.objects.filter(pk__in=ids)._raw_delete(AuditEvent.objects.db)


def rewrite_head_to_newest_row():
    newest = AuditEvent.objects.order_by("-id").first()
    AuditChainHead.objects.filter(id=1).update(
        last_hash=newest.hash if newest else "", last_event_id=newest.id if newest else None
    )


def rehash_from(first_id):
    """What an attacker who knows the (unkeyed) hash function does: re-link every row from first_id on."""
    previous = AuditEvent.objects.filter(id__lt=first_id).order_by("-id").first()
    prev = previous.hash if previous else ""
    for event in AuditEvent.objects.filter(id__gte=first_id).order_by("id"):
        event.prev_hash = prev
        event.hash = prev = audit._digest(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
    rewrite_head_to_newest_row()


def test_an_untouched_trail_verifies_against_its_checkpoint(checkpointed):
    assert verify().startswith("audit trail intact: 8 events, hash chain verified, matches the checkpoint of ")


def test_an_edited_row(checkpointed):
    AuditEvent.objects.filter(pk=checkpointed[2]).update(action="test.innocent")
    assert f"event {checkpointed[2]} was edited after it was written" in refused()


def test_a_deleted_row_inside_the_chain(checkpointed):
    delete(checkpointed[3])
    assert f"the chain breaks between event {checkpointed[2]} and event {checkpointed[4]}" in refused()


def test_the_oldest_rows_deleted(checkpointed):
    delete(checkpointed[0], checkpointed[1])
    errors = refused()
    assert "the oldest events are missing" in errors
    assert "2 of the 6 events recorded by the checkpoint" in errors


def test_two_rows_swapped(checkpointed):
    first, second = AuditEvent.objects.filter(pk__in=checkpointed[2:4]).order_by("id")
    with connection.cursor() as cursor:  # swap their ids, as a reorder in the table would
        table = AuditEvent._meta.db_table
        cursor.execute(f"UPDATE {table} SET id = -1 WHERE id = %s", [first.id])
        cursor.execute(f"UPDATE {table} SET id = %s WHERE id = %s", [first.id, second.id])
        cursor.execute(f"UPDATE {table} SET id = %s WHERE id = -1", [second.id])
    assert f"event {first.id} is out of order: it was written after event {second.id}" in refused()


def test_the_newest_rows_deleted(checkpointed):
    delete(checkpointed[-1])
    assert f"the newest events are missing: the chain head records event {checkpointed[-1]}" in refused()


def test_a_missing_tail_with_the_chain_head_rewritten_to_match(checkpointed):
    delete(*checkpointed[4:])
    rewrite_head_to_newest_row()
    errors = refused()
    assert "the newest events are missing: the checkpoint of" in errors
    assert f"recorded 6 events ending with event {checkpointed[5]}, but the table ends at event {checkpointed[3]}" in (
        errors
    )


def test_a_chain_rewritten_and_rehashed_with_its_head(checkpointed):
    AuditEvent.objects.filter(pk=checkpointed[1]).update(action="test.innocent")
    rehash_from(checkpointed[1])
    assert audit.verify() == []  # the chain alone cannot show it...
    assert f"the chain has been rewritten: event {checkpointed[5]} no longer has the hash" in refused()  # ...this can


def test_rows_deleted_and_the_rest_relinked(checkpointed):
    delete(checkpointed[1], checkpointed[2])
    rehash_from(checkpointed[3])
    errors = refused()
    assert "2 of the 6 events recorded by the checkpoint" in errors
    assert "the chain has been rewritten" in errors


def test_an_emptied_table_with_its_head(checkpointed):
    delete(*checkpointed)
    AuditChainHead.objects.all().delete()
    assert "the audit table has been emptied: the checkpoint of" in refused()
    assert "recorded 6 events, it now holds none" in refused()


def test_a_trail_with_no_checkpoint_is_not_called_intact(actor, settings, tmp_path):
    settings.CSPR_AUDIT_KEY = "k" * 40
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "none-yet.jsonl")
    audit.record(actor=actor, action="test.event")
    # Not intact, and not tampering either: a fresh install has no checkpoint yet.
    with pytest.raises(CommandError, match="^no checkpoint yet: run `cspr audit checkpoint`") as error:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=io.StringIO())
    assert "no checkpoint to compare with" in str(error.value)


def test_the_chain_alone_can_still_be_checked_without_a_checkpoint(actor):
    audit.record(actor=actor, action="test.event")
    out = io.StringIO()
    call_command("audit", "verify", "--chain-only", stdout=out)
    assert out.getvalue().startswith("audit trail intact: 1 events, hash chain verified (not compared")


def test_audit_rows_refuse_to_be_changed_through_the_model(checkpointed):
    event = AuditEvent.objects.get(pk=checkpointed[0])
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()
