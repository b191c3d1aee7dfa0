"""Two `cspr import` processes changing the same notifications: one wins, the other is refused whole.

Real processes on a real database file (or PostgreSQL, when DATABASE_URL points to it),
started together. Whichever order the database lets them in, the second must not
overwrite the first: it waits for the first to finish, then finds the records it
would change have a newer record_version than its file, and writes nothing.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.cases.rows import varied_file

ROOT = Path(__file__).resolve().parents[2]
STALE = "has changed in the register since this file was exported"


def _migrated_database_url(tmp_path, migrated_sqlite) -> str:
    """A migrated database of this test's own, outside the test run's, that the processes share."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        # A copy of the run's migrated SQLite file: what `cspr migrate` makes, migrated once per run.
        return f"sqlite:///{migrated_sqlite(tmp_path / 'register.sqlite3')}"
    import psycopg

    name = f"{db['NAME']}_concurrent_import"[:63]
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, password=db["PASSWORD"] or None, **server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    _cspr({**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cspr.settings"}, "migrate", "--verbosity", "0")
    return url


def _cspr(env, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cspr", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check
    )


def _edited(text: str, column: str, value: str) -> str:
    """The exported file with `column` set to `value` on every row."""
    lines = text.splitlines()
    index = lines[0].split(",").index(column)
    rows = [line.split(",") for line in lines[1:]]
    for cells in rows:
        cells[index] = value
    return "\n".join([lines[0], *(",".join(cells) for cells in rows)]) + "\n"


def test_two_imports_of_the_same_records_at_once_never_lose_an_update(tmp_path, migrated_sqlite):
    database_url = _migrated_database_url(tmp_path, migrated_sqlite)
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "cspr.settings"}
    base = tmp_path / "base.csv"
    base.write_bytes(varied_file(250, seed=11))
    _cspr(env, "import", str(base))
    exported = _cspr(env, "export").stdout
    # Two people each take the same export and change a different flag on every record.
    files = {"domestic_abuse": tmp_path / "a.csv", "covid_factor": tmp_path / "b.csv"}
    for column, path in files.items():
        path.write_text(_edited(exported, column, "yes"))

    runs = {
        column: subprocess.Popen(
            [sys.executable, "-m", "cspr", "import", str(path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for column, path in files.items()
    }
    results = {column: (run.wait(timeout=300), *run.communicate()) for column, run in runs.items()}

    winners = [column for column, (code, _, _) in results.items() if code == 0]
    assert len(winners) == 1, results
    [loser] = set(files) - set(winners)
    code, _, stderr = results[loser]
    assert code != 0 and STALE in stderr and "nothing was imported" in stderr, stderr
    assert "Traceback" not in stderr and "locked" not in stderr, stderr
    after = _cspr(env, "export").stdout.splitlines()
    header = after[0].split(",")
    rows = [line.split(",") for line in after[1:]]
    # Every record has the winner's change, none has the loser's: nothing was half-applied.
    assert all(row[header.index(winners[0])] == "yes" for row in rows)
    before = [line.split(",") for line in exported.splitlines()[1:]]
    assert [row[header.index(loser)] for row in rows] == [row[header.index(loser)] for row in before]
