"""Indexes for finding a case in a large register (cspr/cases/find.py).

- `notification_list_order`: the list's order, so a page at any depth is read along an index.
- `child_ref_any_case`: a child's reference, looked up whatever its case.
- On PostgreSQL only, a trigram index on the upper-cased reference, which answers
  "the reference contains ..." (Django's `icontains` is `UPPER(ref) LIKE UPPER('%...%')`)
  without reading every notification. It needs the pg_trgm extension, trusted from
  PostgreSQL 13, so the database's owner can create it (docs/operations.md says what to
  do if not). Nothing of it happens on SQLite, whose register is small enough to scan.

The reverse drops the trigram index and leaves the extension: something else may use it.
"""

import django.db.models.functions.text
from django.db import migrations, models

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX notification_ref_trigram ON cases_notification USING gin ((UPPER(ref::text)) gin_trgm_ops)",
]
BACKWARDS = ["DROP INDEX IF EXISTS notification_ref_trigram"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


forwards, backwards = _run(FORWARDS), _run(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_packed_codes"),
        ("core", "0003_alter_user_options_user_is_demo_user_role_and_more"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(django.db.models.functions.text.Upper("child_ref"), name="child_ref_any_case"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["-notified_date", "ref", "id"], name="notification_list_order"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
