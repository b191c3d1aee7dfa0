"""One migrated test database per run, copied to every pytest-xdist worker instead of migrated again.

Each worker used to run every migration into its own test database: some 7 s of CPU
each, the same result every time. `share(connection, shared)` makes the connection's
`create_test_db` (which pytest-django's `django_db_setup` calls) take a lock in the
run's shared temporary directory: the first worker migrates as before and keeps a
copy as the run's template; the others wait on the lock and copy the template:

- SQLite: the worker's in-memory test database is migrated, then written to a file
  with SQLite's backup API; the others read it back into their own in-memory database
  the same way (as Django's own parallel test runner does).
- PostgreSQL: `CREATE DATABASE <worker's> TEMPLATE <template>`, a copy of the migrated
  database made once (Django's own way of cloning test databases).

The template is made new in every run (the shared directory is new every run), so a
changed migration is always used. `--reuse-db` keeps pytest-django's own behaviour.
"""

import fcntl
import sqlite3
from contextlib import closing
from pathlib import Path


def vendor() -> str:
    """The test database's kind, "sqlite" or "postgresql" (DATABASE_URL)."""
    from django.db import connection

    return connection.vendor


def template(shared: Path) -> Path:
    """The run's template: on SQLite the migrated database itself, on PostgreSQL a file naming it."""
    return shared / "test-template"


def share(connection, shared: Path) -> None:
    """Make `connection`'s test database a copy of the one the run's first worker migrated."""
    creation = connection.creation
    migrate = creation.create_test_db
    kept = template(shared)

    def create_test_db(*args, keepdb=False, **kwargs):
        if keepdb:
            return migrate(*args, keepdb=keepdb, **kwargs)
        with open(shared / "test-template.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if kept.exists():
                return _copy_template(connection, kept)
            name = migrate(*args, keepdb=keepdb, **kwargs)
            _keep_as_template(connection, kept)
            return name

    creation.create_test_db = create_test_db


def _keep_as_template(connection, template: Path) -> None:
    """Keep the freshly migrated test database as the run's template; `template` names it for the others."""
    if connection.vendor == "sqlite":
        building = template.with_suffix(".building")
        connection.ensure_connection()
        with closing(sqlite3.connect(building)) as target:
            connection.connection.backup(target)
        building.rename(template)
        return
    # CREATE DATABASE ... TEMPLATE needs the source without connections: this one's included.
    name = connection.settings_dict["NAME"]
    connection.close()
    _create_from(connection, f"{name}_template", name)
    template.write_text(f"{name}_template")


def _copy_template(connection, template: Path) -> str:
    """What `create_test_db` does, with the run's template copied in place of the migrations."""
    from django.conf import settings

    creation = connection.creation
    name = creation._get_test_db_name()
    if connection.vendor == "sqlite":
        creation._create_test_db(verbosity=0, autoclobber=True)  # removes a stale file database
    else:
        _create_from(connection, name, template.read_text())
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(template)) as source:
            source.backup(connection.connection)
    return name


def _create_from(connection, name: str, source: str) -> None:
    """PostgreSQL: database `name` made anew as a copy of `source` (which nobody may be connected to)."""
    quote = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(source)}")
