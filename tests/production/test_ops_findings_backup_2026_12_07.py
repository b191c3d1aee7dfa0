"""An operator's review of backups, restores and the audit key (2026-12-07), one test per finding.

The PostgreSQL tests run `cspr` as an operator does, in separate processes, on a database of
their own on the server the test run uses (or 127.0.0.1:5432 as postgres when the run is on
SQLite); they are skipped only when no PostgreSQL server or client is there.
"""

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from cspr.core import audit

ROOT = Path(__file__).resolve().parents[2]
KEY = "ops-review-audit-key-" + "k" * 40
NEW_KEY = "ops-review-new-audit-key-" + "n" * 40


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    """The usual umask, under which a file made without a mode of its own is world-readable (0644)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def keyed(settings, tmp_path):
    settings.CSPR_AUDIT_KEY = KEY
    settings.CSPR_AUDIT_KEY_FILE = ""
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    return tmp_path / "audit-checkpoints.jsonl"


def refused(*args) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return f"{error.value}\n{err.getvalue()}"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- 2. A backup and its checkpoints are readable by their owner only -------------------------------


@pytest.mark.django_db(transaction=True)  # SQLite's backup API waits forever on the test's open transaction
def test_a_backup_and_its_checkpoints_are_made_readable_by_their_owner_only(actor, keyed, tmp_path, umask_022):
    audit.record(actor=actor, action="test.event")
    run("backup", str(tmp_path / "backup.sqlite3"))
    assert _mode(tmp_path / "backup.sqlite3") == 0o600
    assert _mode(tmp_path / "backup.sqlite3.checkpoints.jsonl") == 0o600


# --- 3. Changing the audit key is named as such, and the documented rotation works ------------------


@pytest.mark.django_db(transaction=True)  # it also runs `cspr backup`
def test_a_changed_audit_key_is_named_as_the_cause_not_tampering(actor, keyed, settings, tmp_path):
    audit.record(actor=actor, action="test.event")
    run("audit", "checkpoint")
    settings.CSPR_AUDIT_KEY = NEW_KEY
    for args in (("audit", "checkpoint"), ("audit", "verify"), ("backup", str(tmp_path / "b.sqlite3"))):
        message = refused(*args)
        assert "line 1 was signed with another key" in message
        assert "has changed since the file was started, or the file is not this service's" in message
        assert "Changing the audit key" in message
        assert "tampered" not in message


@pytest.mark.django_db
def test_the_documented_key_rotation_starts_a_new_file_and_keeps_the_old_one_verifiable(actor, keyed, settings):
    audit.record(actor=actor, action="test.event")
    run("audit", "checkpoint")
    assert run("audit", "verify").startswith("audit trail intact")  # with the old key
    old = keyed.with_name("audit-checkpoints.until-2026-12-07.jsonl")
    keyed.rename(old)
    settings.CSPR_AUDIT_KEY = NEW_KEY
    assert run("audit", "checkpoint").startswith("audit checkpoint 1 made")
    audit.record(actor=actor, action="test.event")
    assert "matches the checkpoint" in run("audit", "verify")
    settings.CSPR_AUDIT_KEY = KEY  # the old key still verifies the old file
    assert "matches the checkpoint" in run("audit", "verify", "--checkpoints", str(old))
    documented = (ROOT / "docs" / "operations.md").read_text()
    assert "**Changing the audit key.**" in documented


# --- 4. A fresh install has no checkpoint yet: said so, not called tampering; the deploy check -------


@pytest.mark.django_db
def test_verify_with_no_checkpoint_yet_says_so_without_calling_it_tampering(actor, keyed):
    audit.record(actor=actor, action="test.event")
    message = refused("audit", "verify")
    assert message.startswith("no checkpoint yet: run `cspr audit checkpoint`")
    assert "tampered" not in message


@pytest.mark.django_db
def test_check_deploy_warns_when_the_audit_key_is_missing_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    settings.CSPR_AUDIT_KEY, settings.CSPR_AUDIT_KEY_FILE = "", ""
    [warning] = [message for message in run_checks(include_deployment_checks=True) if message.id == "core.W001"]
    assert "CSPR_AUDIT_KEY" in warning.msg
    settings.CSPR_AUDIT_KEY = KEY
    assert not [message for message in run_checks(include_deployment_checks=True) if message.id == "core.W001"]
    settings.DEMO_MODE, settings.CSPR_AUDIT_KEY = True, ""
    assert not [message for message in run_checks(include_deployment_checks=True) if message.id == "core.W001"]


# --- 5 and 6. The restore procedure works with the example environment; documents are covered -----


def _section(title: str) -> str:
    text = (ROOT / "docs" / "operations.md").read_text()
    start = text.index(title)
    return text[start : text.index("\n### ", start + 1)]


def test_the_restore_procedure_names_the_checkpoint_file_when_the_variable_is_unset():
    section = _section("### Backups and restores")
    # The example environment does not set CSPR_AUDIT_CHECKPOINT_FILE: a command needing it fails there.
    assert "CSPR_AUDIT_CHECKPOINT_FILE=" not in (ROOT / "deploy" / "cspr.env.example").read_text()
    assert '"$CSPR_AUDIT_CHECKPOINT_FILE"' not in section
    assert "live=/var/lib/cspr/audit-checkpoints.jsonl" in section
    assert "CSPR_DATA_DIR=/var/lib/cspr" in (ROOT / "deploy" / "cspr.env.example").read_text()


def test_the_backup_procedure_copies_and_restores_the_documents_folder():
    section = _section("### Backups and restores")
    assert re.search(r"tar -C /var/lib/cspr -czf \S+ documents", section)
    assert re.search(r"tar -C /var/lib/cspr -xzf \S+", section)


# --- 1 and 2 on PostgreSQL, as an operator runs them ------------------------------------------------


def _server() -> dict:
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        return {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "pw": db["PASSWORD"]}
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "pw": ""}


def _admin(server: dict, *statements: str) -> None:
    import psycopg  # only here: the run may be on SQLite with no server at all

    with psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["pw"] or None,
        connect_timeout=3,
    ) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    """`pg(*args)` runs `cspr` on a PostgreSQL database of this module's own, migrated as before an upgrade."""
    server = _server()
    name = f"cspr_ops_backup_{os.getpid()}"
    if not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")):
        pytest.skip("the PostgreSQL client (pg_dump, pg_restore, psql) is not installed")
    try:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    except Exception as error:  # no server: the same tests run wherever there is one
        pytest.skip(f"no PostgreSQL server at {server['host']}:{server['port']} ({error})")
    data = tmp_path_factory.mktemp("pg-data")
    password = f":{server['pw']}" if server["pw"] else ""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CSPR_") and k != "DJANGO_SETTINGS_MODULE"}
    environment |= {
        "DATABASE_URL": f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}",
        "CSPR_DEMO": "1",
        "CSPR_DATA_DIR": str(data),
        "CSPR_AUDIT_KEY": KEY,
    }

    def cspr(*args, check=True, path=None) -> subprocess.CompletedProcess:
        env = environment | ({"PATH": path} if path is not None else {})
        finished = subprocess.run(
            [sys.executable, "-m", "cspr", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if check:
            assert finished.returncode == 0, f"cspr {' '.join(args)}: {finished.stderr}"
        return finished

    cspr.url = environment["DATABASE_URL"]
    # The schema of an older release: the learning app before a migration that adds a foreign key
    # to learning_publishedreview (0005, the stored similar reviews).
    cspr("migrate", "learning", "0004", "--verbosity", "0")
    yield cspr
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _psql(url: str, query: str) -> str:
    return subprocess.run(["psql", url, "-tAc", query], capture_output=True, text=True, check=True).stdout.strip()


def _newest_learning_migration(url: str) -> str:
    return _psql(url, "SELECT name FROM django_migrations WHERE app = 'learning' ORDER BY id DESC LIMIT 1")


def test_the_backup_taken_before_an_upgrade_restores_over_the_upgraded_schema(pg, tmp_path, umask_022):
    before = tmp_path / "pre-upgrade.dump"
    pg("backup", str(before))
    assert _mode(before) == 0o600
    assert _mode(tmp_path / "pre-upgrade.dump.checkpoints.jsonl") == 0o600
    schema = "SELECT nspowner::regrole, nspacl FROM pg_namespace WHERE nspname = 'public'"
    owner_and_grants = _psql(pg.url, schema)
    pg("migrate", "--verbosity", "0")
    assert _newest_learning_migration(pg.url) != "0004_recommendation_actions"

    restored = pg("restore", str(before), "--yes")
    assert "restored from" in restored.stdout, restored.stderr
    assert _newest_learning_migration(pg.url) == "0004_recommendation_actions"
    assert _psql(pg.url, "SELECT to_regclass('public.learning_similarmatch')") == ""  # the newer table is gone
    assert _psql(pg.url, schema) == owner_and_grants
    checkpoints = tmp_path / "pre-upgrade.dump.checkpoints.jsonl"
    assert pg("audit", "verify", "--checkpoints", str(checkpoints)).stdout.startswith("audit trail intact")


def test_a_dump_that_is_not_of_cspr_is_refused_before_anything_changes(pg, tmp_path):
    other, name = tmp_path / "other.dump", f"cspr_ops_backup_{os.getpid()}_other"
    _admin(_server(), f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    _psql(pg.url.rsplit("/", 1)[0] + f"/{name}", "CREATE TABLE notes (id int); INSERT INTO notes VALUES (1)")
    subprocess.run(["pg_dump", "--format=custom", f"--file={other}", pg.url.rsplit("/", 1)[0] + f"/{name}"], check=True)
    _admin(_server(), f'DROP DATABASE "{name}"')
    refused = pg("restore", str(other), "--yes", check=False)
    assert refused.returncode != 0 and "is not a cspr database (no django_migrations" in refused.stderr
    assert _psql(pg.url, "SELECT to_regclass('public.core_auditevent')") == "core_auditevent"

    (tmp_path / "notes.dump").write_text("not a dump at all " * 100)
    refused = pg("restore", str(tmp_path / "notes.dump"), "--yes", check=False)
    assert refused.returncode != 0 and "is not a readable pg_dump file" in refused.stderr
    assert _psql(pg.url, "SELECT to_regclass('public.core_auditevent')") == "core_auditevent"


def test_a_failed_dump_leaves_no_file_behind_so_the_retry_is_not_refused(pg, tmp_path):
    target = tmp_path / "nightly.dump"
    no_client = tmp_path / "empty-path"
    no_client.mkdir()
    failed = pg("backup", str(target), check=False, path=str(no_client))
    assert failed.returncode != 0 and "pg_dump is not installed on this host" in failed.stderr
    assert sorted(path.name for path in tmp_path.glob("nightly.dump*")) == []
    assert "backed up to" in pg("backup", str(target)).stdout


@pytest.mark.django_db(transaction=True)  # it runs `cspr backup`
def test_an_unreadable_audit_key_file_is_named_and_no_backup_is_left(actor, settings, tmp_path):
    """It said "no audit checkpoint (CSPR_AUDIT_KEY is not set)" and made a backup without one."""
    settings.CSPR_AUDIT_KEY = ""
    settings.CSPR_AUDIT_KEY_FILE = str(tmp_path / "missing.key")
    settings.CSPR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    message = refused("backup", str(tmp_path / "b.sqlite3"))
    assert "no backup made: CSPR_AUDIT_KEY_FILE: cannot read" in message and "is not set" not in message
    assert not (tmp_path / "b.sqlite3").exists()
