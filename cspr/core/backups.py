"""`cspr backup` and `cspr restore`: the whole database to one file and back.

SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a
consistent snapshot while the service keeps running, page by page. PostgreSQL:
pg_dump and pg_restore in their custom format, the commands docs/operations.md
documents, run with the connection's settings (the password through the
environment, never on a command line). A backup carries a copy of the audit
checkpoints with a fresh one made at the time, so a restored database can be
verified against the checkpoints of its own moment (`cspr audit verify
--checkpoints FILE.checkpoints.jsonl`).
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from cspr.core import checkpoints, generation
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


def backup(path: Path) -> Result:
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: a backup never overwrites a file; choose a new name")
    copied = _copy_checkpoints(path)
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
        _run(pg_dump_command(path), "pg_dump")
    return Result(path, AuditEvent.objects.count(), copied)


def _copy_checkpoints(path: Path) -> Path | None:
    """A fresh checkpoint, then a copy of the checkpoint file beside the backup (when a key is set)."""
    try:
        checkpoints.audit_checkpoint()
    except checkpoints.CheckpointError:
        return None  # no key: the backup is still made, and `cspr backup` says it has no checkpoint
    except checkpoints.Tampered as tampered:
        raise BackupError(
            "the audit trail has been tampered with, so no backup was made (run `cspr audit verify`): "
            + "; ".join(p.problem for p in tampered.problems[:3])
        ) from None
    copy = checkpoints_beside(path)
    shutil.copyfile(checkpoints.checkpoint_file(), copy)
    return copy


def restore(path: Path) -> Result:
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
        _run(pg_restore_command(path), "pg_restore")
    # The register now holds other rows than the cached figures were made from.
    generation.register_changed()
    copy = checkpoints_beside(path)
    return Result(path, AuditEvent.objects.count(), copy if copy.exists() else None)


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


def pg_restore_command(path: Path) -> list[str]:
    arguments, _ = _pg_settings()
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
            "--exit-on-error", *arguments, str(path)]  # fmt: skip


def _run(command: list[str], program: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed on this host: install the PostgreSQL client of the server's version, "
            f"or run by hand: {' '.join(command)}"
        )
    _, environment = _pg_settings()
    finished = subprocess.run(command, env={**os.environ, **environment}, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{program} failed ({finished.returncode}): {finished.stderr.strip()[:500]}")
