"""Full-text search of the repository, one interface over SQLite FTS5 and PostgreSQL.

    from cspr.learning import search
    reviews = PublishedReview.objects.visible_to(user)
    result = search.search("co-sleeping", reviews=reviews, filters=search.Filters(years=(2021,)))
    for hit in result.hits: hit.title, hit.snippet_html

The backend follows the database (docs/adr/0009): FTS5 with bm25 and
snippet() on SQLite, SearchVector/SearchRank/SearchHeadline on a GIN-indexed
tsvector on PostgreSQL. The same tests run on both. What a person typed never
reaches either query language: cspr/domain/text_query.py parses it first.

The index is kept in step by the actions (`index_reviews`, `remove_reviews`), never by signals; it
holds the names of a review's coded themes and characteristics too, so the coding actions re-index
the review; `touch` alone when only facets or similar reviews change. `rebuild_index()`
(`cspr learning reindex`) rebuilds it.
"""

from cspr.learning.search.core import (
    FACETS,
    FacetValue,
    Filters,
    Hit,
    SearchResult,
    backend,
    index_reviews,
    rebuild_index,
    remove_reviews,
    search,
    touch,
)

__all__ = [
    "FACETS",
    "FacetValue",
    "Filters",
    "Hit",
    "SearchResult",
    "backend",
    "index_reviews",
    "rebuild_index",
    "remove_reviews",
    "search",
    "touch",
]
