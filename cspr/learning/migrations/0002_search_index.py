"""The full-text index: an FTS5 table on SQLite, a GIN index on PostgreSQL.

Each operation runs only on its own database (docs/adr/0009). The FTS5 table
keeps its own copy of the indexed text, so the actions can re-index a review
with a delete and an insert and never need the old text.
"""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that runs only on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [], {"vendor": self.vendor, "sql": self.sql, "reverse_sql": self.reverse_sql}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [
        VendorRunSQL(
            "sqlite",
            sql=[
                "CREATE VIRTUAL TABLE learning_review_fts USING fts5("
                "title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
            ],
            reverse_sql=["DROP TABLE IF EXISTS learning_review_fts"],
        ),
        VendorRunSQL(
            "postgresql",
            sql=[
                "CREATE INDEX learning_review_search_gin ON learning_publishedreview USING gin (search_vector)"
            ],
            reverse_sql=["DROP INDEX IF EXISTS learning_review_search_gin"],
        ),
    ]
