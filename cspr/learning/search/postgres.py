"""PostgreSQL full-text search: a weighted tsvector per review, GIN-indexed.

Title is weight A, learning summary and recommendations B, the names of the review's coded
themes and characteristics C (ranked as the summary: WEIGHTS), the document D; the
`cspr_english` configuration (migration 0008: `english` with unaccent) stems as FTS5's
Porter stemmer does and folds accents as its `remove_diacritics 2` does. Like FTS5 it keeps
every word (migration 0009: no stop list), so "no", "not" and a phrase's small words are
searched; the words too common to search alone are cspr's, dropped by the query parser.
The vector is computed in the database by `index` (one UPDATE). The labels' names are the one
thing read from Python (`coded`, core.coded_words: their home is not the database), as one jsonb
parameter; they come before the summary because positions stop counting at 16,383, so after a
long document the words of "unsafe sleep" would share a position and the phrase would not match.
"""

import json
import re
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorExact
from django.db import DataError, ProgrammingError, connection, transaction
from django.db.models import F, OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Left

from cspr.domain.text_query import ParsedQuery, Term
from cspr.learning.models import PublishedReview, Recommendation, SearchVector

# `search_vector=query` is `@@` (SearchVectorField's lookup, registered on cspr's own column
# type here so that the models need not import django.contrib.postgres: cspr/learning/models.py).
SearchVector.register_lookup(SearchVectorExact)

CONFIG = "cspr_english"  # the index, the queries and the headlines alike
# D (document), C (coded labels), B (summary), A (title). A coded label is a person's judgement
# that the review is about that subject, as good a sign as the summary saying so (FTS5's too).
WEIGHTS = [0.1, 0.4, 0.4, 1.0]
# tsvector has a 1 MB limit; positions stop counting at 16,383. Index the first
# two million characters of a document (about 300,000 words: more than any review).
MAX_BODY_CHARS = 2_000_000
HEADLINE_CHARS = 300_000

_UPDATE = f"""
    UPDATE learning_publishedreview AS r SET search_vector =
        setweight(to_tsvector('{CONFIG}', r.title), 'A')
        || setweight(to_tsvector('{CONFIG}', COALESCE(%s::jsonb ->> r.id::text, '')), 'C')
        || setweight(to_tsvector('{CONFIG}', r.learning_summary || ' ' || COALESCE((
               SELECT string_agg(text, ' ' ORDER BY position) FROM learning_recommendation
               WHERE review_id = r.id), '')), 'B')
        || setweight(to_tsvector('{CONFIG}', COALESCE((
               SELECT left(text, {MAX_BODY_CHARS}) FROM learning_sourcedocument WHERE review_id = r.id), '')), 'D')
"""


def _term_query(term: Term) -> SearchQuery:
    if term.prefix:
        # A raw tsquery, built only from letters and digits, so nothing else can reach its syntax.
        lexeme = "".join(c for c in term.words[0] if c.isalnum())
        return SearchQuery(f"{lexeme}:*", search_type="raw", config=CONFIG)
    # Always a phrase: PostgreSQL splits one typed word at an apostrophe ("don't" is "don" and "t"),
    # and FTS5 searches the parts in order; for a single part a phrase is the plain word.
    return SearchQuery(term.text, search_type="phrase", config=CONFIG)


def to_search_query(parsed: ParsedQuery) -> SearchQuery:
    groups = [reduce(lambda a, b: a | b, (_term_query(t) for t in group)) for group in parsed.groups]
    query = reduce(lambda a, b: a & b, groups)
    for term in parsed.excluded:
        query = query & ~_term_query(term)
    return query


class PostgresBackend:
    def __init__(self, coded):
        self.coded = coded  # review ids (None: all) -> {review id: its coded labels' names}

    def matching_ids(self, parsed: ParsedQuery) -> tuple[set[int], list[str]]:
        query = to_search_query(parsed)
        try:
            with transaction.atomic():
                return set(PublishedReview.objects.filter(search_vector=query).values_list("id", flat=True)), []
        except (DataError, ProgrammingError):
            return set(), ["That search could not be run. Try fewer words, or remove punctuation."]

    def page(self, parsed: ParsedQuery, allowed: list[int] | None, offset: int, limit: int):
        """[(review id, score, snippet)] best first: SearchRank for every match, a headline only for the page."""
        query = to_search_query(parsed)
        matches = PublishedReview.objects.filter(search_vector=query)
        if allowed is not None:
            matches = matches.filter(pk__in=allowed)
        ranked = list(
            matches.annotate(rank=SearchRank(F("search_vector"), query, weights=WEIGHTS))
            .order_by("-rank", "id")
            .values_list("id", "rank")[offset : offset + limit]
        )
        snippets = self.snippets(query, [row_id for row_id, _ in ranked])
        return [(row_id, float(rank), snippets.get(row_id, "")) for row_id, rank in ranked]

    def snippets(self, query: SearchQuery, review_ids: list[int]) -> dict[int, str]:
        # The recommendations are searched with the summary (weight B), so a passage can come from
        # them too, as FTS5's does: a review found by its recommendations' words otherwise showed
        # its summary with nothing marked.
        recommendations = Subquery(
            Recommendation.objects.filter(review=OuterRef("pk"))
            .order_by()
            .values("review")
            .annotate(joined=StringAgg("text", Value(" "), order_by="position", output_field=TextField()))
            .values("joined")[:1]
        )
        # The coded labels' names last, as FTS5's snippet() prefers the text when both have the words.
        coded = RawSQL("%s::jsonb ->> learning_publishedreview.id::text", [json.dumps(self.coded(review_ids))])
        text = Concat(
            "learning_summary",
            Value(" "),
            Coalesce(recommendations, Value(""), output_field=TextField()),
            Value(" … "),
            Coalesce(Left("source__text", HEADLINE_CHARS), Value("")),
            Value(" … "),
            Coalesce(coded, Value(""), output_field=TextField()),
            output_field=TextField(),
        )
        headline = SearchHeadline(
            text,
            query,
            config=CONFIG,
            start_sel="\x02",
            stop_sel="\x03",
            max_words=28,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = PublishedReview.objects.filter(pk__in=review_ids).annotate(snippet=headline).values_list("id", "snippet")
        return {row_id: snippet for row_id, snippet in rows if snippet and "\x02" in snippet}

    def index(self, review_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(_UPDATE + " WHERE r.id = ANY(%s)", [json.dumps(self.coded(review_ids)), review_ids])

    def remove(self, review_ids: list[int]) -> None:
        PublishedReview.objects.filter(pk__in=review_ids).update(search_vector=None)

    def rebuild(self, review_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(_UPDATE, [json.dumps(self.coded(None))])

    # --- For a search that found nothing (rescue.py): the index's own words, never a person's query ---

    def vocabulary(self) -> list[str]:
        """Every lexeme in the index (stems, as stored), from `ts_stat` over the review vectors."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT search_vector FROM learning_publishedreview "
                "WHERE search_vector IS NOT NULL')"
            )
            return [row[0] for row in cursor.fetchall()]

    def stems(self, words: list[str]) -> dict[str, str]:
        """Each word as the index stores it: its lexeme in the same configuration."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word, (tsvector_to_array(to_tsvector('{CONFIG}', word)))[1] FROM unnest(%s::text[]) AS word",
                [list(words)],
            )
            return {word: stem for word, stem in cursor.fetchall() if stem}

    def reviews_with(self, terms: list[str]) -> dict[str, set[int]]:
        """For each lexeme (looked up as stored, not stemmed again), the reviews whose vector has it.

        Only letters reach the `::tsquery` cast (rescue.py keeps no other term), so a term is one lexeme.
        """
        found: dict[str, set[int]] = {term: set() for term in terms}
        terms = [term for term in terms if term.isalpha()]
        if terms:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT term, r.id FROM unnest(%s::text[]) AS term "
                    "JOIN learning_publishedreview r ON r.search_vector @@ term::tsquery",
                    [terms],
                )
                for term, review_id in cursor.fetchall():
                    found[term].add(review_id)
        return found

    def surface(self, term: str, review_ids: set[int]) -> str | None:
        """The word as written (not its lexeme) in the first of `review_ids` whose vector has it."""
        if not term.isalpha() or not review_ids:
            return None
        first = min(review_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT ts_headline('{CONFIG}', r.title || ' ' || r.learning_summary || ' ' || COALESCE((
                        SELECT string_agg(text, ' ' ORDER BY position) FROM learning_recommendation
                        WHERE review_id = r.id), '') || ' ' || COALESCE((
                        SELECT left(text, {HEADLINE_CHARS}) FROM learning_sourcedocument WHERE review_id = r.id), '')
                        || ' ' || %s,
                        %s::tsquery, 'StartSel=\x02, StopSel=\x03, MaxWords=3, MinWords=1, MaxFragments=1')
                    FROM learning_publishedreview r WHERE r.id = %s""",
                [self.coded([first]).get(first, ""), term, first],
            )
            row = cursor.fetchone()
        found = _MARKED.search(row[0]) if row and row[0] else None
        return found.group(1) if found else None


_MARKED = re.compile("\x02(.+?)\x03")
