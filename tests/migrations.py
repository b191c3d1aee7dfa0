"""Migrating the test database back and forth, for the tests that a migration keeps every row."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """The test database migrated to `targets` (a list of (app, migration)); the models as they are there."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    if plan and all(backwards for _, backwards in plan):
        _unapply(executor, plan)
    else:
        executor.migrate(targets, plan=plan)
    # The graph's state at `targets`, not the one `migrate` returns: going back over several
    # apps, that one can still hold a later migration's fields that the tables no longer have.
    return executor.loader.project_state(targets).apps


def _unapply(executor, plan) -> None:
    """What `executor.migrate` does with a backwards `plan`, the states before each migration built unrendered.

    Django's `_migrate_all_backwards` builds them by running every later migration's operations
    on one rendered state, and each operation there re-renders the models it touches and their
    neighbours: over half the time going back, only to be done again by each `unapply`. Here
    the same states (the full plan's applied migrations up to each one) are built as plain
    state, and each is rendered once (a few hundredths of a second) just before its migration
    is unapplied, by Django's own `unapply_migration`.
    """
    to_unapply = {migration for migration, _ in plan}
    graph = executor.loader.graph
    applied = {graph.nodes[key] for key in executor.loader.applied_migrations if key in graph.nodes}
    state = executor._create_project_state()
    before = {}
    for migration, _ in executor.migration_plan(graph.leaf_nodes(), clean_start=True):
        if migration in to_unapply:
            before[migration] = state
            state = migration.mutate_state(state, preserve=True)
        elif migration in applied:
            migration.mutate_state(state, preserve=False)
    for migration, _ in plan:
        before[migration].apps  # noqa: B018 -- rendered here, once, for the operations' models
        executor.unapply_migration(before[migration], migration)
    executor.check_replacements()


def latest() -> list:
    """Every app's last migration: where the test database starts, and must be left."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def back_to_latest() -> None:
    """Migrate forward to `latest()`, if a test left the database anywhere else."""
    if MigrationExecutor(connection).migration_plan(latest()):
        migrate_to(latest())
