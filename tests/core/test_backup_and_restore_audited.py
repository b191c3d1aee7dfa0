"""A backup and a restore are audit events: a copy of every child's record leaves the database,
or replaces it, and the trail says so, and still verifies, on the live database and the backup.

Run as an operator runs them (tests/core/test_backup_round_trip.py): each command a separate
`cspr` process on a file database; the databases are read with sqlite3 afterwards.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest
from django.core.management import CommandError, call_command

from cspr.core import audit
from cspr.core.models import AuditEvent

KEY = "audited-backup-audit-key-" + "a" * 32


@pytest.fixture
def cspr(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DJANGO_SETTINGS_MODULE"}
    environment |= {
        "CSPR_DEMO": "1",
        "CSPR_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "CSPR_AUDIT_KEY": KEY,
    }

    def run(*arguments, check=True) -> subprocess.CompletedProcess:
        finished = subprocess.run(
            [sys.executable, "-m", "cspr", *arguments], env=environment, capture_output=True, text=True
        )
        if check:
            assert finished.returncode == 0, f"cspr {' '.join(arguments)}: {finished.stderr}"
        return finished

    return run


def events(database) -> list[tuple]:
    """(id, action, changed_fields, actor's username) of every audit event, oldest first."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT e.id, e.action, e.changed_fields, u.username FROM core_auditevent e "
            "JOIN core_user u ON u.id = e.actor_id ORDER BY e.id"
        ).fetchall()
    return [(pk, action, json.loads(changes), username) for pk, action, changes, username in rows]


def test_a_backup_records_itself_before_the_copy_so_the_backup_holds_its_own_record(cspr, tmp_path, migrated_sqlite):
    live, backup = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    migrated_sqlite(live)
    cspr("synth", "--profile", "panel-2020", "--seed", "1", "--years", "2020", "--scale", "0.05", "--load")
    before = len(events(live))

    cspr("backup", str(backup))

    newest = events(live)[-1]
    assert newest[1] == "database.backup" and newest[3] == "system:backup"
    assert newest[2] == {"path": str(backup), "format": "sqlite", "events": before + 1}
    assert events(backup)[-1] == newest  # the backup holds the record of its own making
    # The trail verifies on the live database, and against the checkpoints copied beside the backup.
    assert cspr("audit", "verify").stdout.startswith("audit trail intact:")
    checkpoints = f"{backup}.checkpoints.jsonl"
    assert cspr("audit", "verify", "--checkpoints", checkpoints).stdout.startswith("audit trail intact:")


def test_a_restore_records_itself_in_the_restored_database_and_the_procedure_verifies(cspr, tmp_path, migrated_sqlite):
    live, backup = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    migrated_sqlite(live)
    cspr("synth", "--profile", "panel-2020", "--seed", "1", "--years", "2020", "--scale", "0.05", "--load")
    cspr("backup", str(backup))
    backed_up = events(backup)[-1]
    cspr("synth", "--profile", "panel-2020", "--seed", "2", "--years", "2020", "--scale", "0.05", "--load")
    cspr("audit", "checkpoint")

    cspr("restore", str(backup), "--yes")

    restored = events(live)
    assert restored[:-1] == events(backup)  # the backup's trail, then one event of the restore
    restore = restored[-1]
    assert restore[1] == "database.restore" and restore[3] == "system:restore"
    checkpoints = tmp_path / "backup.sqlite3.checkpoints.jsonl"
    assert restore[2] == {
        "path": str(backup),
        "format": "sqlite",
        "events": len(events(backup)),
        "last_event_id": backed_up[0],
        "checkpoints": str(checkpoints),
    }
    assert cspr("audit", "verify", "--checkpoints", str(checkpoints)).stdout.startswith("audit trail intact:")
    # docs/operations.md: the live checkpoints set aside, the backup's copy continued, a checkpoint
    # made at once so the restore's event is covered, and the plain verification passes.
    (tmp_path / "audit-checkpoints.jsonl").rename(tmp_path / "audit-checkpoints.before-restore.jsonl")
    (tmp_path / "audit-checkpoints.jsonl").write_bytes(checkpoints.read_bytes())
    cspr("audit", "checkpoint")
    assert "matches the checkpoint" in cspr("audit", "verify").stdout


@pytest.mark.django_db(transaction=True)  # SQLite's backup API waits forever on the test's open transaction
def test_a_backup_that_fails_after_its_event_says_so_in_the_trail(actor, settings, tmp_path):
    settings.CSPR_AUDIT_KEY, settings.CSPR_AUDIT_KEY_FILE = KEY, ""
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    audit.record(actor=actor, action="test.event")
    call_command("audit", "checkpoint", stdout=io.StringIO())
    settings.CSPR_AUDIT_KEY = "another-audit-key-" + "b" * 40  # the checkpoints cannot be read: no backup

    with pytest.raises(CommandError, match="signed with another key"):
        call_command("backup", str(tmp_path / "backup.sqlite3"), stdout=io.StringIO())

    assert not (tmp_path / "backup.sqlite3").exists()
    began, failed = AuditEvent.objects.order_by("-id")[:2][::-1]
    assert (began.action, failed.action) == ("database.backup", "database.backup_failed")
    assert failed.changed_fields["path"] == str(tmp_path / "backup.sqlite3")
    assert "signed with another key" in failed.changed_fields["error"]
    assert audit.verify() == []
