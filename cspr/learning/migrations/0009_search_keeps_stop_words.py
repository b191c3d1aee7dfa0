"""PostgreSQL's search keeps every word, as FTS5 does on SQLite: "no", "not", "now" are searchable.

The `english` stemmer drops its stop words from the index and from queries. Some of them
carry the meaning in safeguarding prose: "no recourse to public funds", "was not brought",
"did not attend". On PostgreSQL "no recourse to public funds" also found families who had
recourse, and "not brought" every child who was brought, where SQLite (FTS5 indexes every
word) found only the reviews that say so; a phrase's small words ("children in care") were
any word there. `cspr_english_stem` is the same Snowball English stemmer with no stop
list; `cspr_english` uses it wherever it used `english_stem`. Which words are too common to
search on their own is cspr's list (cspr/domain/text.py's STOP_WORDS, applied by the query
parser), on both databases. A dictionary needs no extension and no superuser. The reviews
already indexed are indexed again; one removed from the search (no vector) stays removed.
Nothing happens on SQLite.
"""

from django.db import migrations

# The vectors as cspr/learning/search/postgres.py computes them (migration 0008's, in cspr_english).
_REINDEX = """
    UPDATE learning_publishedreview AS r SET search_vector =
        setweight(to_tsvector('cspr_english', r.title), 'A')
        || setweight(to_tsvector('cspr_english', r.learning_summary || ' ' || COALESCE((
               SELECT string_agg(text, ' ' ORDER BY position) FROM learning_recommendation
               WHERE review_id = r.id), '')), 'B')
        || setweight(to_tsvector('cspr_english', COALESCE((
               SELECT left(text, 2000000) FROM learning_sourcedocument WHERE review_id = r.id), '')), 'D')
    WHERE r.search_vector IS NOT NULL
"""

# Migration 0008's mapping, with `stem` as the stemmer: ASCII words need no unaccent.
_MAPPING = [
    "ALTER TEXT SEARCH CONFIGURATION cspr_english ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH {stem}",
    "ALTER TEXT SEARCH CONFIGURATION cspr_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stem}",
]

FORWARDS = [
    # No StopWords option: the dictionary keeps every word (and stems it as english_stem does).
    "CREATE TEXT SEARCH DICTIONARY cspr_english_stem (TEMPLATE = snowball, Language = english)",
    *(sql.format(stem="cspr_english_stem") for sql in _MAPPING),
    _REINDEX,
]

BACKWARDS = [
    *(sql.format(stem="english_stem") for sql in _MAPPING),
    "DROP TEXT SEARCH DICTIONARY IF EXISTS cspr_english_stem",
    _REINDEX,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


forwards, backwards = _run(FORWARDS), _run(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("learning", "0008_search_unaccent")]

    operations = [migrations.RunPython(forwards, backwards)]
