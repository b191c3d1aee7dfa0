"""What every write to a review's searchable record does after it: one place, so none forgets a part."""

from collections.abc import Iterable

from cspr.learning import search, similar_store


def reviews_changed(review_ids: Iterable[int]) -> None:
    """Re-index these reviews' search text (title, summary, document, coded labels, recommendations)
    and mark the similar-reviews store out of date, as any change to the repository does."""
    search.index_reviews(list(review_ids))
    similar_store.repository_changed()
