"""SQLite FTS5: bm25 ranking and snippet() over the learning_review_fts table.

The table (created by migration 0002 on SQLite only; learning.0010 added `labels`) has four
columns, ranked title > summary (learning summary and recommendations) = labels (the names of the
review's coded themes and characteristics) > body (the document), with the Porter stemmer, so
"sleeping" finds "co-sleeping" and "sleep". Its rowid is the review's id.

The labels' names are not in the database (their home is the phrase lists' file and the theme
taxonomy: core.label_name), so `coded` (core.coded_words) names them and the insert reads them
from one JSON parameter, as a materialised table joined on the id (read once, not once a review).
"""

import json
import re

from django.db import OperationalError, connection

from cspr.domain.text_query import ParsedQuery

TABLE = "learning_review_fts"
# title, summary, body, labels. A coded label is a person's judgement that the review is about
# that subject, as good a sign as the summary saying so; a mention in the document is weaker.
WEIGHTS = (10.0, 4.0, 1.0, 4.0)
SNIPPET_TOKENS = 24

_CODED = "WITH coded(id, words) AS MATERIALIZED (SELECT CAST(key AS INTEGER), value FROM json_each(%s)) "

_CONTENT = """
    SELECT r.id, r.title,
           r.learning_summary || ' ' || COALESCE((
               SELECT group_concat(text, ' ') FROM (
                   SELECT text FROM learning_recommendation WHERE review_id = r.id ORDER BY position)
           ), ''),
           COALESCE(d.text, ''),
           COALESCE(coded.words, '')
    FROM learning_publishedreview r LEFT JOIN learning_sourcedocument d ON d.review_id = r.id
         LEFT JOIN coded ON coded.id = r.id
"""


class SqliteBackend:
    def __init__(self, coded):
        self.coded = coded  # review ids (None: all) -> {review id: its coded labels' names}

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
            f"WITH ranked AS (SELECT rowid AS id, bm25({TABLE}, %s, %s, %s, %s) AS score FROM {TABLE} "
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
        coded = json.dumps(self.coded(review_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))", [ids])
            cursor.execute(
                f"{_CODED} INSERT INTO {TABLE} (rowid, title, summary, body, labels) {_CONTENT} "
                "WHERE r.id IN (SELECT value FROM json_each(%s))",
                [coded, ids],
            )

    def remove(self, review_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))", [json.dumps(review_ids)]
            )

    def rebuild(self, review_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(
                f"{_CODED} INSERT INTO {TABLE} (rowid, title, summary, body, labels) {_CONTENT}",
                [json.dumps(self.coded(None))],
            )
            cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    # --- For a search that found nothing (rescue.py): the index's own words, never a person's query ---

    def vocabulary(self) -> list[str]:
        """Every term in the index (Porter stems, as stored), from FTS5's `fts5vocab` table."""
        with connection.cursor() as cursor:
            _vocabulary_tables(cursor)
            cursor.execute(f"SELECT term FROM temp.{TABLE}_terms")
            return [row[0] for row in cursor.fetchall()]

    def stems(self, words: list[str]) -> dict[str, str]:
        """Each word as the index stores it, stemmed by the same tokenizer in a scratch table."""
        with connection.cursor() as cursor:
            _vocabulary_tables(cursor)
            cursor.execute("DELETE FROM temp.cspr_stem")
            for position, word in enumerate(words):
                cursor.execute("INSERT INTO temp.cspr_stem (rowid, word) VALUES (%s, %s)", [position, word])
            cursor.execute("SELECT doc, term FROM temp.cspr_stem_terms WHERE col = 'word' AND offset = 0")
            found = {words[doc]: term for doc, term in cursor.fetchall()}
            cursor.execute("DELETE FROM temp.cspr_stem")
        return found

    def reviews_with(self, terms: list[str]) -> dict[str, set[int]]:
        """For each index term (a stem, looked up as stored, not stemmed again), the reviews that contain it."""
        found: dict[str, set[int]] = {term: set() for term in terms}
        if terms:
            with connection.cursor() as cursor:
                _vocabulary_tables(cursor)
                cursor.execute(
                    f"SELECT DISTINCT term, doc FROM temp.{TABLE}_instances "
                    "WHERE term IN (SELECT value FROM json_each(%s))",
                    [json.dumps(terms)],
                )
                for term, doc in cursor.fetchall():
                    found[term].add(doc)
        return found

    def surface(self, term: str, review_ids: set[int]) -> str | None:
        """The word as written (not its stem) where `term` first occurs in one of `review_ids`."""
        with connection.cursor() as cursor:
            _vocabulary_tables(cursor)
            cursor.execute(
                f"SELECT doc, col, offset FROM temp.{TABLE}_instances WHERE term = %s "
                # The title or summary first (shorter to read), the coded labels' names last.
                "ORDER BY CASE col WHEN 'body' THEN 1 WHEN 'labels' THEN 2 ELSE 0 END, doc, offset",
                [term],
            )
            place = next(((doc, col, offset) for doc, col, offset in cursor.fetchall() if doc in review_ids), None)
            if place is None:
                return None
            doc, col, offset = place
            # The text exactly as it was indexed (the FTS5 table keeps its own copy).
            cursor.execute(f"SELECT {_COLUMNS[col]} FROM {TABLE} WHERE rowid = %s", [doc])
            row = cursor.fetchone()
        tokens = _TOKEN.findall(row[0] or "") if row else []
        return tokens[offset] if offset < len(tokens) else None


_COLUMNS = {"title": "title", "summary": "summary", "body": "body", "labels": "labels"}
# FTS5's unicode61 tokenizer: a token is a run of letters and digits; everything else separates.
_TOKEN = re.compile(r"[^\W_]+")


def _vocabulary_tables(cursor) -> None:
    """This connection's views of the index's terms (temporary tables: nothing is written to the database)."""
    cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_terms USING fts5vocab(main, {TABLE}, 'row')")
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{TABLE}_instances USING fts5vocab(main, {TABLE}, 'instance')"
    )
    cursor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.cspr_stem USING fts5(word, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"  # as the index's (migration 0002)
    )
    cursor.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.cspr_stem_terms USING fts5vocab(temp, cspr_stem, 'instance')"
    )
