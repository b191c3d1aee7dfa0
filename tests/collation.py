"""An ICU en-US collation on the ref columns, as a PostgreSQL database made with that locale has.

Such a database sorts refs without regard to case ("a-2" before "B-1"); SQLite's BINARY sorts
them by their bytes. Outputs that must be the same on any database (`cspr export`, the
pseudonymised extract) are tested under it. The columns are altered inside the test's
transaction, so the change is rolled back.
"""

import pytest
from django.db import connection

ICU = "en-US-x-icu"
# Refs and their child refs whose case-blind order differs from their bytes' (a reviewer's file).
MIXED_CASE_REFS = {
    "a-1": ["c1", "C19"],
    "B-1": ["C2", "c29"],
    "A-10": ["b1", "B19"],
    "a-2": ["B2", "b29"],
    "_x": ["a", "A9"],
    "z/1": ["Z", "z9"],
}


@pytest.fixture
def icu_refs():
    """The ref columns in ICU en-US's order, as an ICU database gives them (before the rows go in)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [ICU])
        if cursor.fetchone() is None:
            pytest.skip(f"this PostgreSQL has no {ICU} collation (built without ICU)")
        for table, column in (("cases_notification", "ref"), ("cases_child", "child_ref")):
            cursor.execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = %s::regclass AND attname = %s",
                [table, column],
            )
            (column_type,) = cursor.fetchone()
            cursor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {column_type} COLLATE "{ICU}"')
