"""SQLite FTS5: bm25 ranking and snippet() over the learning_review_fts table.

The table (created by migration 0002 on SQLite only) has three columns, ranked
title > summary (learning summary and recommendations) > body (the document),
with the Porter stemmer, so "sleeping" finds "co-sleeping" and "sleep".
Its rowid is the review's id.
"""

import json

from django.db import OperationalError, connection

from cspr.domain.text_query import ParsedQuery

TABLE = "learning_review_fts"
WEIGHTS = (10.0, 4.0, 1.0)  # title, summary, body
SNIPPET_TOKENS = 24

_CONTENT = """
    SELECT r.id, r.title,
           r.learning_summary || ' ' || COALESCE((
               SELECT group_concat(text, ' ') FROM (
                   SELECT text FROM learning_recommendation WHERE review_id = r.id ORDER BY position)
           ), ''),
           COALESCE(d.text, '')
    FROM learning_publishedreview r LEFT JOIN learning_sourcedocument d ON d.review_id = r.id
"""


class SqliteBackend:
    def matching_ids(self, parsed: ParsedQuery) -> tuple[set[int], list[str]]:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [parsed.to_fts5()])
                return {row[0] for row in cursor.fetchall()}, []
        except OperationalError:
            # Quoting makes this unreachable for anything the parser produces; if it
            # ever happens, the person gets a message, not an error page.
            return set(), ["That search could not be run. Try fewer words, or remove punctuation."]

    def page(self, parsed: ParsedQuery, allowed: list[int] | None, offset: int, limit: int):
        """[(review id, score, snippet)] best first: bm25 for every match, snippet() only for the page.

        Ranking in a CTE and joining back for snippet() is as fast as the fastest
        raw query we know, and keeps the rank order and scores (bench/search.py).
        """
        restrict = "AND rowid IN (SELECT value FROM json_each(%s))" if allowed is not None else ""
        sql = (
            f"WITH ranked AS (SELECT rowid AS id, bm25({TABLE}, %s, %s, %s) AS score FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s {restrict} ORDER BY score, rowid LIMIT %s OFFSET %s) "
            f"SELECT ranked.id, ranked.score, snippet({TABLE}, -1, %s, %s, %s, {SNIPPET_TOKENS}) "
            f"FROM ranked JOIN {TABLE} ON {TABLE}.rowid = ranked.id WHERE {TABLE} MATCH %s "
            "ORDER BY ranked.score, ranked.id"
        )
        expression = parsed.to_fts5()
        params = [*WEIGHTS, expression] + ([json.dumps(allowed)] if allowed is not None else [])
        params += [limit, offset, "\x02", "\x03", "…", expression]
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return [(row_id, -score, snippet) for row_id, score, snippet in cursor.fetchall()]
        except OperationalError:
            return []

    def index(self, review_ids: list[int]) -> None:
        ids = json.dumps(review_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))", [ids])
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, title, summary, body) {_CONTENT} "
                "WHERE r.id IN (SELECT value FROM json_each(%s))",
                [ids],
            )

    def remove(self, review_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))", [json.dumps(review_ids)]
            )

    def rebuild(self, review_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"INSERT INTO {TABLE} (rowid, title, summary, body) {_CONTENT}")
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
