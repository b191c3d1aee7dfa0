"""The search finds a review by the names of its coded themes and characteristics.

A practitioner who typed a label the Panel uses ("infancy", "unsafe sleep") found nothing,
though reviews were coded with it: only the title, summary, recommendations and document
were indexed. Now the names of a review's confirmed labels are (never a pending suggestion):

- SQLite: the FTS5 table gets a fourth column, `labels`. FTS5 cannot add a column, so the
  table is made again and the indexed text copied from the old one (a review removed from
  the search stays removed); the reverse makes the three-column table again.
- PostgreSQL: the vectors get the names at weight C (cspr/learning/search/postgres.py), as
  migrations 0008 and 0009 re-indexed them; one removed from the search (no vector) stays
  removed. The reverse indexes them as 0009 did.

The names are the service's (`coded_words_of`: the phrase lists' file and the theme
taxonomy are their home, not the database), read from the labels as they are here.
"""

import json

from django.db import migrations

FTS = "learning_review_fts"
TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"  # as migration 0002's

_SQLITE_FORWARDS = [
    f"CREATE VIRTUAL TABLE {FTS}_new USING fts5(title, summary, body, labels, {TOKENIZE})",
    "WITH coded(id, words) AS MATERIALIZED (SELECT CAST(key AS INTEGER), value FROM json_each(%s)) "
    f"INSERT INTO {FTS}_new (rowid, title, summary, body, labels) "
    f"SELECT f.rowid, f.title, f.summary, f.body, COALESCE(coded.words, '') FROM {FTS} f "
    "LEFT JOIN coded ON coded.id = f.rowid",
    f"DROP TABLE {FTS}",
    f"ALTER TABLE {FTS}_new RENAME TO {FTS}",
    f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')",
]

_SQLITE_BACKWARDS = [
    f"CREATE VIRTUAL TABLE {FTS}_old USING fts5(title, summary, body, {TOKENIZE})",
    f"INSERT INTO {FTS}_old (rowid, title, summary, body) SELECT rowid, title, summary, body FROM {FTS}",
    f"DROP TABLE {FTS}",
    f"ALTER TABLE {FTS}_old RENAME TO {FTS}",
]

# The vectors as cspr/learning/search/postgres.py computes them; `labels` is the weight-C part.
_REINDEX = """
    UPDATE learning_publishedreview AS r SET search_vector =
        setweight(to_tsvector('cspr_english', r.title), 'A')
        {labels}
        || setweight(to_tsvector('cspr_english', r.learning_summary || ' ' || COALESCE((
               SELECT string_agg(text, ' ' ORDER BY position) FROM learning_recommendation
               WHERE review_id = r.id), '')), 'B')
        || setweight(to_tsvector('cspr_english', COALESCE((
               SELECT left(text, 2000000) FROM learning_sourcedocument WHERE review_id = r.id), '')), 'D')
    WHERE r.search_vector IS NOT NULL
"""
_LABELS = "|| setweight(to_tsvector('cspr_english', COALESCE(%s::jsonb ->> r.id::text, '')), 'C')"


def _coded(apps) -> str:
    from cspr.learning.search.core import coded_words_of

    labels = apps.get_model("learning", "ReviewLabel").objects.order_by("review_id", "kind", "code")
    return json.dumps(coded_words_of(labels.values_list("review_id", "kind", "code")))


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        coded = _coded(apps)
        for sql in _SQLITE_FORWARDS:
            schema_editor.execute(sql, params=[coded] if "%s" in sql else None)
    elif vendor == "postgresql":
        schema_editor.execute(_REINDEX.format(labels=_LABELS), params=[_coded(apps)])


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in _SQLITE_BACKWARDS:
            schema_editor.execute(sql, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(_REINDEX.format(labels=""), params=None)


class Migration(migrations.Migration):
    dependencies = [("learning", "0009_search_keeps_stop_words")]

    operations = [migrations.RunPython(forwards, backwards)]
