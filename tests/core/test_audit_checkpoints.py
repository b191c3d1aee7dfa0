"""`cspr audit checkpoint`: signed, appended, refused on a broken trail, and itself tamper-evident."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cspr.core import audit
from cspr.core.models import AuditEvent

pytestmark = pytest.mark.django_db

KEY = "a-key-kept-outside-the-database-0123456789"


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.CSPR_AUDIT_KEY = KEY
    settings.CSPR_AUDIT_KEY_FILE = ""
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    return tmp_path / "checkpoints.jsonl"


def checkpoint(*args) -> str:
    out = io.StringIO()
    call_command("audit", "checkpoint", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("audit", *args, stdout=io.StringIO(), stderr=err)
    return f"{error.value}\n{err.getvalue()}"


def test_each_checkpoint_is_appended_and_names_the_chain(actor, checkpoint_file):
    audit.record(actor=actor, action="test.event")
    assert checkpoint().startswith("audit checkpoint 1 made: 1 events")
    audit.record(actor=actor, action="test.event")
    checkpoint()
    first, second = (json.loads(line) for line in checkpoint_file.read_text().splitlines())
    newest = AuditEvent.objects.order_by("-id").first()
    assert (second["sequence"], second["count"], second["last_id"], second["head"]) == (2, 2, newest.id, newest.hash)
    assert second["prev"] == first["signature"]


def test_the_print_option_gives_the_signed_line_to_send_elsewhere(actor, checkpoint_file):
    audit.record(actor=actor, action="test.event")
    line = checkpoint("--print").strip()
    assert line == checkpoint_file.read_text().strip()
    assert json.loads(line)["signature"]


def test_no_checkpoint_is_made_of_a_trail_already_tampered_with(actor, checkpoint_file):
    event = audit.record(actor=actor, action="test.event")
    AuditEvent.objects.filter(pk=event.pk).update(action="test.innocent")
    assert "no checkpoint made: the audit trail has been tampered with" in refused("checkpoint")
    assert not checkpoint_file.exists()


def test_a_checkpoint_edited_in_the_file_is_detected(actor, checkpoint_file):
    audit.record(actor=actor, action="test.event")
    checkpoint()
    checkpoint_file.write_text(checkpoint_file.read_text().replace('"count":1', '"count":0'))
    assert "checkpoints.jsonl line 1 has been altered: its signature does not match" in refused("verify")


def test_a_checkpoint_removed_from_the_file_is_detected(actor, checkpoint_file):
    for _ in range(3):
        audit.record(actor=actor, action="test.event")
        checkpoint()
    lines = checkpoint_file.read_text().splitlines()
    checkpoint_file.write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert "line 2 (checkpoint 3) does not follow the checkpoint before it" in refused("verify")


def test_a_checkpoint_signed_with_another_key_says_so(actor, checkpoint_file, settings):
    audit.record(actor=actor, action="test.event")
    checkpoint()
    settings.CSPR_AUDIT_KEY = "another-key-" + "x" * 40
    assert "line 1 was signed with another key" in refused("verify")


def test_without_a_key_there_is_no_checkpoint_and_the_message_names_the_settings(actor, checkpoint_file, settings):
    settings.CSPR_AUDIT_KEY = ""
    assert "set CSPR_AUDIT_KEY or CSPR_AUDIT_KEY_FILE" in refused("checkpoint")
    settings.CSPR_AUDIT_KEY = "short"
    assert "the audit key must be at least 32 characters long" in refused("checkpoint")


def test_the_key_may_come_from_a_file(actor, checkpoint_file, settings, tmp_path):
    settings.CSPR_AUDIT_KEY = ""
    settings.CSPR_AUDIT_KEY_FILE = str(tmp_path / "audit.key")
    (tmp_path / "audit.key").write_text(KEY + "\n")
    audit.record(actor=actor, action="test.event")
    checkpoint()
    settings.CSPR_AUDIT_KEY, settings.CSPR_AUDIT_KEY_FILE = KEY, ""  # the same key, given directly
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "matches the checkpoint of" in out.getvalue()


def test_verify_can_read_a_copy_of_the_checkpoints_fetched_from_another_host(actor, checkpoint_file, tmp_path):
    audit.record(actor=actor, action="test.event")
    checkpoint()
    copy = tmp_path / "from-the-log-host.jsonl"
    copy.write_text(checkpoint_file.read_text())
    checkpoint_file.unlink()
    out = io.StringIO()
    call_command("audit", "verify", "--checkpoints", str(copy), stdout=out)
    assert "matches the checkpoint of" in out.getvalue()
