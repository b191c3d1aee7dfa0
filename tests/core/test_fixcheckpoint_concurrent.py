"""Checkpoint runs that overlap (the hourly timer, a manual run, `cspr backup`) make one chain.

Real `cspr` processes on one database and one checkpoint file. Each used to read the last
checkpoint unlocked and append its own after walking the trail, so two runs signed the same
`prev`: the file forked, `cspr audit verify` reported removed or reordered checkpoints, and
every later checkpoint and backup was refused as tampering. Here the test holds the audit
chain head's write lock, as an audited write in progress does, while the runs start, so all
of them are inside their checkpoint at once when it lets go: each must wait for the one
before it and make the next checkpoint.
"""

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from cspr.core import audit, checkpoints
from cspr.core.models import AuditChainHead

ROOT = Path(__file__).resolve().parents[2]
KEY = "a-key-kept-outside-the-database-0123456789"
RUNS = 4


def _database_url(request, tmp_path, migrated_sqlite) -> str:
    """A migrated database of this test's own that the processes share (PostgreSQL when the run uses it)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{migrated_sqlite(tmp_path / 'register.sqlite3')}"
    import psycopg

    name = f"{db['NAME']}_fixcheckpoint"[:63]
    with psycopg.connect(autocommit=True, **_server(db, "postgres")) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(autocommit=True, **_server(db, "postgres")) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)
    server = _server(db, name)
    password = f":{server['password']}" if server["password"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    migrated = _cspr(_env(url, tmp_path), "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    return url


def _server(db, name) -> dict:
    return {
        "dbname": name,
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cspr.settings",
        "CSPR_DATA_DIR": str(tmp_path),
        "CSPR_AUDIT_KEY": KEY,
        "CSPR_AUDIT_KEY_FILE": "",
        "CSPR_AUDIT_CHECKPOINT_FILE": str(tmp_path / "audit-checkpoints.jsonl"),
    }


def _cspr(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cspr", *args], cwd=ROOT, env=env, capture_output=True, text=True)


@contextmanager
def _chain_head_held(url: str):
    """Hold the write lock an audited write holds, in a connection of the test's own."""
    if url.startswith("sqlite:///"):
        # transaction_mode IMMEDIATE (cspr/settings.py): a run's atomic() waits for this one.
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    import psycopg

    with psycopg.connect(**_server(settings.DATABASES["default"], url.rsplit("/", 1)[1])) as conn:
        # Blocks SELECT ... FOR UPDATE on the chain head, not the runs' plain reads of the trail.
        conn.execute(f'LOCK TABLE "{AuditChainHead._meta.db_table}" IN EXCLUSIVE MODE')
        yield
        conn.rollback()


def _chain(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_overlapping_checkpoint_runs_and_a_backup_make_one_chain_that_verifies(request, tmp_path, migrated_sqlite):
    url = _database_url(request, tmp_path, migrated_sqlite)
    env = _env(url, tmp_path)
    live = tmp_path / "audit-checkpoints.jsonl"
    first = _cspr(env, "audit", "checkpoint")
    assert first.returncode == 0, first.stderr

    with _chain_head_held(url):
        started = [
            subprocess.Popen(
                [sys.executable, "-m", "cspr", *args],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in [("audit", "checkpoint")] * RUNS + [("backup", str(tmp_path / "backup.cspr"))]
        ]
        time.sleep(3)  # each process starts in about half a second; then it waits for the lock
    finished = [(run.wait(timeout=60), *run.communicate()) for run in started]

    assert all(code == 0 for code, _, _ in finished), finished
    assert not any("tampered" in out + err for _, out, err in finished), finished
    chain = _chain(live)
    # The first run's checkpoint, one per overlapping run and the backup's: each the next one.
    assert [c["sequence"] for c in chain] == list(range(1, RUNS + 3))
    assert all(c["prev"] == before["signature"] for before, c in zip(chain, chain[1:], strict=False))
    verified = _cspr(env, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "audit trail intact" in verified.stdout
    # The backup's copy holds whole checkpoints, however the runs fell around it.
    copy = tmp_path / "backup.cspr.checkpoints.jsonl"
    assert live.read_text().startswith(copy.read_text()) and copy.read_text().endswith("\n")
    after = _cspr(env, "audit", "checkpoint")  # and the timer's next run is not refused as tampering
    assert after.returncode == 0 and f"audit checkpoint {RUNS + 3} made" in after.stdout, after.stderr


@pytest.mark.django_db
def test_a_checkpoint_that_cannot_be_written_whole_is_not_written_at_all(actor, settings, tmp_path):
    """A short write (a full disk, a size limit) used to leave half a line, reported as made."""
    settings.CSPR_AUDIT_KEY, settings.CSPR_AUDIT_KEY_FILE = KEY, ""
    path = tmp_path / "audit-checkpoints.jsonl"
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(path)
    audit.record(actor=actor, action="test.event")
    checkpoints.audit_checkpoint()
    before = path.read_bytes()
    audit.record(actor=actor, action="test.event")
    # The file may grow by 40 bytes, less than a checkpoint line: the kernel writes those, then refuses.
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 40, limits[1]))
    try:
        with pytest.raises(checkpoints.CheckpointError, match="cannot write the checkpoint file"):
            checkpoints.audit_checkpoint()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)
    assert path.read_bytes() == before
    assert not checkpoints.verify().problems
    assert checkpoints.audit_checkpoint().sequence == 2


def _documented_checkpoint_restore_step() -> str:
    """The shell of docs/operations.md's step that puts the backup's checkpoints in place, `cspr` left out."""
    text = (ROOT / "docs" / "operations.md").read_text()
    start = text.index("    live=/var/lib/cspr/audit-checkpoints.jsonl\n", text.index("### Backups and restores"))
    block = textwrap.dedent(text[start : text.index("\n\n", start)])
    return "\n".join(line for line in block.splitlines() if not line.startswith("cspr "))


@pytest.mark.parametrize("fresh_host", [True, False])
def test_the_documented_restore_step_runs_on_a_host_with_or_without_a_checkpoint_file(tmp_path, fresh_host):
    live = tmp_path / "live"
    live.mkdir()
    (tmp_path / "FILE.checkpoints.jsonl").write_text("the backup's checkpoints\n")
    if not fresh_host:
        (live / "audit-checkpoints.jsonl").write_text("the live checkpoints\n")
    script = _documented_checkpoint_restore_step().replace("/var/lib/cspr", str(live))
    script = script.replace("FILE.checkpoints.jsonl", str(tmp_path / "FILE.checkpoints.jsonl"))
    ran = subprocess.run(["sh", "-e", "-c", script], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert (live / "audit-checkpoints.jsonl").read_text() == "the backup's checkpoints\n"
    aside = list(live.glob("audit-checkpoints.jsonl.before-restore-*"))
    assert [path.read_text() for path in aside] == ([] if fresh_host else ["the live checkpoints\n"])
