"""PostgreSQL's search folds accents, as FTS5's `remove_diacritics 2` does on SQLite.

The `english` configuration kept "naïve", "café" and "Zoë" as typed, so "naive"
found them on SQLite and not on PostgreSQL. `cspr_english` is `english` with the
unaccent dictionary before the stemmer for the words that can hold accents
(ASCII-only words need none). The unaccent extension is trusted from PostgreSQL 13,
so the database's owner can create it (docs/operations.md says what to do if not).
The reviews already indexed are indexed again with it; one removed from the
search (no vector) stays removed. Nothing happens on SQLite.

The reverse leaves the extension: something else in the database may use it.
"""

from django.db import migrations

# The vectors as cspr/learning/search/postgres.py computes them at this migration, in `config`.
_REINDEX = """
    UPDATE learning_publishedreview AS r SET search_vector =
        setweight(to_tsvector('{config}', r.title), 'A')
        || setweight(to_tsvector('{config}', r.learning_summary || ' ' || COALESCE((
               SELECT string_agg(text, ' ' ORDER BY position) FROM learning_recommendation
               WHERE review_id = r.id), '')), 'B')
        || setweight(to_tsvector('{config}', COALESCE((
               SELECT left(text, 2000000) FROM learning_sourcedocument WHERE review_id = r.id), '')), 'D')
    WHERE r.search_vector IS NOT NULL
"""

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION cspr_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION cspr_english"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    _REINDEX.format(config="cspr_english"),
]

BACKWARDS = [
    _REINDEX.format(config="english"),
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS cspr_english",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


forwards, backwards = _run(FORWARDS), _run(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("learning", "0007_age_band_18_to_24")]

    operations = [migrations.RunPython(forwards, backwards)]
