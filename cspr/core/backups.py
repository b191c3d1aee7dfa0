"""`cspr backup` and `cspr restore`: the whole database to one file and back.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a
consistent snapshot while the service keeps running, page by page. PostgreSQL:
pg_dump in its custom format, restored by pg_restore through psql into an empty
schema in one transaction, the commands docs/operations.md documents, run with
the connection's settings (the password through the environment, never on a
command line). A backup carries a copy of the audit
checkpoints with a fresh one made at the time, so a restored database can be
verified against the checkpoints of its own moment (`cspr audit verify
--checkpoints FILE.checkpoints.jsonl`).

A backup is a copy of every child's record leaving the database, so it is audited: a
`database.backup` event is written before the checkpoint and the copy, so that the backup
holds the record of its own making and its checkpoints cover it (a backup that then fails
adds `database.backup_failed`). A restore writes `database.restore` into the restored
database, after the backup's newest event.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

from cspr.core import audit, checkpoints, generation
from cspr.core.actors import system_actor
from cspr.core.models import AuditEvent

REQUIRED_TABLES = ("django_migrations", AuditEvent._meta.db_table)


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


@dataclass
class Result:
    path: Path
    events: int
    checkpoints: Path | None


def checkpoints_beside(path: Path) -> Path:
    return path.with_name(path.name + ".checkpoints.jsonl")


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def backup(path: Path, *, actor_name: str) -> Result:
    """Copy the database to a new file at `path`; `actor_name` names the system actor of its events."""
    path = Path(path)
    _create_private(path)  # the name is taken before anything else, so a backup never overwrites a file
    created = [path]
    begun = None
    try:
        # Before the checkpoint and the copy: the backup then holds the record of its own making,
        # and the checkpoint copied beside it covers that record, so both verify.
        begun = audit.record(
            actor=system_actor(actor_name),
            action="database.backup",
            object_type="backup",
            changed_fields={
                "path": str(path.resolve()),
                "format": _format(),
                "events": AuditEvent.objects.count() + 1,  # the trail the backup holds, this event the newest
            },
        )
        copied = _copy_checkpoints(path, created)
        if is_sqlite():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
                # The copy takes the live database's write-ahead-log mode with its pages; a backup is
                # one file to keep, so it goes back to a rollback journal (no -wal or -shm beside it).
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            _check_sqlite_file(path)
        else:
            _run(pg_dump_command(path))
            _check_pg_dump(path)
    except BaseException as error:
        # A partial or unchecked file is no backup, and left behind it would refuse the retry.
        for made in created:
            made.unlink(missing_ok=True)
        if begun is not None:
            _backup_failed(path, error, actor=begun.actor)
        raise
    return Result(path, AuditEvent.objects.count(), copied)


def _format() -> str:
    return "sqlite" if is_sqlite() else "pg_dump custom"


def _backup_failed(path: Path, error: BaseException, *, actor) -> None:
    """The trail already says a backup to `path` began: say that there is none, and why."""
    try:
        audit.record(
            actor=actor,
            action="database.backup_failed",
            object_type="backup",
            changed_fields={"path": str(path.resolve()), "error": str(error) or type(error).__name__},
        )
    except DatabaseError:
        pass  # the database itself failed: the copy's own error, raised next, says more than this one would


def _create_private(path: Path) -> None:
    """Create an empty `path` that only its owner can read (0600): a backup holds children's records."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} already exists: a backup never overwrites a file; choose a new name") from None
    except OSError as error:
        raise BackupError(f"cannot create {path} ({error.strerror})") from None


def _copy_checkpoints(path: Path, created: list[Path]) -> Path | None:
    """A fresh checkpoint, then a copy of the checkpoint file beside the backup (when a key is set)."""
    try:
        checkpoints.audit_key()
    except checkpoints.CheckpointError as error:
        if settings.CSPR_AUDIT_KEY or settings.CSPR_AUDIT_KEY_FILE:
            # A key is configured but cannot be used (an unreadable file, too short): the operator
            # meant the backup to carry checkpoints, so say why instead of making one without.
            raise BackupError(f"no backup made: {error}") from None
        return None  # no key: the backup is still made, and `cspr backup` says it has no checkpoint
    try:
        checkpoints.audit_checkpoint()
    except checkpoints.CheckpointError as error:
        raise BackupError(f"no backup made: {error}") from None
    except checkpoints.Tampered as tampered:
        raise BackupError(
            "the audit trail has been tampered with, so no backup was made (run `cspr audit verify`): "
            + "; ".join(p.problem for p in tampered.problems[:3])
        ) from None
    copy = checkpoints_beside(path)
    _create_private(copy)
    created.append(copy)
    live = checkpoints.checkpoint_file()
    # Shared: a checkpoint run appending at this moment (the timer) is waited for, never copied half-written.
    with checkpoints.locked(live, exclusive=False), open(live, "rb") as source, open(copy, "wb") as target:
        shutil.copyfileobj(source, target)
    return copy


def restore(path: Path, *, actor_name: str) -> Result:
    """Replace the database with the backup at `path`; `actor_name` names the system actor of its event.

    A name, not a user: a user looked up before the restore is a row of the database being
    replaced, which the backup may not hold, or hold under another id.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    if is_sqlite():
        _check_sqlite_file(path)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        _check_pg_dump(path)  # before anything changes
        _load_pg_dump(path)
    # The register now holds other rows than the cached figures were made from.
    generation.register_changed()
    events = AuditEvent.objects.count()
    copy = checkpoints_beside(path)
    # In the restored database, after the backup's own events: what replaced the register, and
    # the newest event it brought back, so the trail shows where the backup's part ends and this
    # database's own begins. The backup's checkpoints still verify the trail up to their newest event.
    audit.record(
        actor=system_actor(actor_name),
        action="database.restore",
        object_type="backup",
        changed_fields={
            "path": str(path.resolve()),
            "format": _format(),
            "events": events,
            "last_event_id": AuditEvent.objects.order_by("-id").values_list("id", flat=True).first(),
            "checkpoints": str(copy.resolve()) if copy.exists() else "",
        },
    )
    return Result(path, events, copy if copy.exists() else None)


def _check_sqlite_file(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error})") from None
    if integrity != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check ({integrity})")
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise BackupError(f"{path} is not a cspr database (no {', '.join(missing)} table)")


def _pg_settings() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    arguments = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        arguments.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        arguments.append(f"--port={db['PORT']}")
    if db.get("USER"):
        arguments.append(f"--username={db['USER']}")
    environment = {"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {}
    return arguments, environment


def pg_dump_command(path: Path) -> list[str]:
    arguments, _ = _pg_settings()
    return ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}", *arguments]


# Run by psql before the dump's own statements, in the same transaction: the restore goes into an
# empty schema. pg_restore --clean drops only what the dump holds, in the dump's order, so it fails
# on a schema migrated since the backup (a foreign key a newer migration added still depends on the
# primary key it would drop), and the backup taken before an upgrade could not undo it. The schema
# is made again with the owner and grants it had.
EMPTY_SCHEMA = """
DO $$
DECLARE
    owner oid;
    acl aclitem[];
    entry record;
BEGIN
    SELECT nspowner, nspacl INTO owner, acl FROM pg_namespace WHERE nspname = 'public';
    DROP SCHEMA IF EXISTS public CASCADE;
    EXECUTE format('CREATE SCHEMA public AUTHORIZATION %s', coalesce(owner::regrole::text, 'CURRENT_USER'));
    FOR entry IN SELECT * FROM aclexplode(acl) WHERE grantee <> owner LOOP
        EXECUTE format(
            'GRANT %s ON SCHEMA public TO %s%s',
            entry.privilege_type,
            CASE WHEN entry.grantee = 0 THEN 'PUBLIC' ELSE entry.grantee::regrole::text END,
            CASE WHEN entry.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
        );
    END LOOP;
END
$$;
"""


def pg_restore_commands(path: Path) -> tuple[list[str], list[str]]:
    """pg_restore writing the dump as SQL, and psql running it after EMPTY_SCHEMA in one transaction."""
    arguments, _ = _pg_settings()
    script = ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path)]
    load = ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
            f"--command={EMPTY_SCHEMA}", "--file=-", *arguments]  # fmt: skip
    return script, load


def _check_pg_dump(path: Path) -> None:
    """The file is a pg_dump archive pg_restore can read, holding cspr's tables."""
    listing = _run(["pg_restore", "--list", str(path)], failed=f"{path} is not a readable pg_dump file")
    tables = set(re.findall(r" TABLE DATA public (\S+)", listing))
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise BackupError(f"{path} is not a cspr database (no {', '.join(missing)} table)")


def _load_pg_dump(path: Path) -> None:
    """pg_restore's SQL piped into psql; it commits only when the whole dump was read and ran without error."""
    script, load = pg_restore_commands(path)
    for command in (script, load):
        _require(command)
    _, environment = _pg_settings()
    environment = {**os.environ, **environment, "PGOPTIONS": "-c client_min_messages=warning"}
    with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as load_errors:
        loader = subprocess.Popen(load, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=load_errors,
                                  env=environment)  # fmt: skip
        writer = subprocess.Popen(script, stdout=subprocess.PIPE, stderr=script_errors, env=environment)
        try:
            try:
                shutil.copyfileobj(writer.stdout, loader.stdin)
                if writer.wait() != 0:
                    raise BackupError(
                        f"pg_restore failed ({writer.returncode}), the database is unchanged: {_text(script_errors)}"
                    )
                loader.stdin.close()  # the end of its input: psql commits
            except BrokenPipeError:
                writer.kill()  # psql stopped at an error and rolled back; its message says which
        except BaseException:
            # Killed before its input ends, psql never commits: the server rolls the transaction back.
            loader.kill()
            raise
        finally:
            writer.stdout.close()
            writer.wait()
            loader.wait()
        if loader.returncode != 0:
            raise BackupError(f"psql failed ({loader.returncode}), the database is unchanged: {_text(load_errors)}")


def _text(errors) -> str:
    errors.seek(0)
    return errors.read().decode(errors="replace").strip()[:500]


def _require(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed on this host: install the PostgreSQL client of the server's version, "
            f"or run by hand: {' '.join(command)}"
        )


def _run(command: list[str], *, failed: str = "") -> str:
    _require(command)
    _, environment = _pg_settings()
    finished = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True)
    if finished.returncode != 0:
        failed = failed or f"{command[0]} failed"
        raise BackupError(f"{failed} ({finished.returncode}): {finished.stderr.strip()[:500]}")
    return finished.stdout
