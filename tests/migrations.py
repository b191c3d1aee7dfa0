"""Migrating the test database back and forth, for the tests that a migration keeps every row."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """The test database migrated to `targets` (a list of (app, migration)); the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # The graph's state at `targets`, not the one `migrate` returns: going back over several
    # apps, that one can still hold a later migration's fields that the tables no longer have.
    return executor.loader.project_state(targets).apps


def latest() -> list:
    """Every app's last migration: where the test database starts, and must be left."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def back_to_latest() -> None:
    """Migrate forward to `latest()`, if a test left the database anywhere else."""
    if MigrationExecutor(connection).migration_plan(latest()):
        migrate_to(latest())
