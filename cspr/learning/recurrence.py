"""Recurring recommendations: a new review recommends what an earlier one did, and that was marked done.

Issue 16, item 4 (the flag; the charts of themes over the years are not built yet). For
each recommendation of a review, the recommendations of other reviews the person may read
whose wording is like it (the same measure as `similar_recommendations`: stemmed words
without the words every recommendation uses, TF-IDF cosine at least RECURRENCE_THRESHOLD)
are flagged when the earlier of the two was **marked done** (its own status is completed,
or a partnership action on it that the person may see was completed). The flag shows on both
reviews' pages: "recommended in 2021 (Child Q) and
marked done" on the new review, "recommended again in 2024 (Child R)" on the earlier one.
One TF-IDF fit per page, over every recommendation the person may read.
"""

from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from cspr.domain.workflow import RecommendationActionStatus
from cspr.learning.models import Recommendation, RecommendationAction, RecommendationStatus
from cspr.learning.similar import RECURRENCE_THRESHOLD, _recommendation_terms


@dataclass(frozen=True)
class RecurrenceFlag:
    kind: str  # "done_before" or "again_later"
    recommendation: Recommendation
    similarity: float

    @property
    def sentence(self) -> str:
        review = self.recommendation.review
        if self.kind == "done_before":
            return f"Recommended in {review.year} ({review.title}) and marked done"
        return f"Recommended again in {review.year} ({review.title})"


def recurrence_flags(review, *, reviews, user, threshold: float = RECURRENCE_THRESHOLD) -> dict[int, list]:
    """{recommendation id: [RecurrenceFlag, ...]} for each of `review`'s recommendations that recurs."""
    own = list(review.recommendations.all())
    others = list(
        Recommendation.objects.filter(review__in=reviews).exclude(review_id=review.pk).select_related("review")
    )
    own = [r for r in own if _recommendation_terms(r.text)]
    if not own or not others:
        return {}
    vectorizer = TfidfVectorizer(analyzer=_recommendation_terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform([r.text for r in own] + [o.text for o in others])
    scores = cosine_similarity(matrix[: len(own)], matrix[len(own) :])
    done_by_action = set(
        RecommendationAction.objects.visible_to(user)
        .filter(recommendation__in=[*own, *others], status=RecommendationActionStatus.COMPLETED)
        .values_list("recommendation_id", flat=True)
    )

    def marked_done(r: Recommendation) -> bool:
        return r.status == RecommendationStatus.COMPLETED or r.pk in done_by_action

    flags: dict[int, list] = {}
    for row, recommendation in enumerate(own):
        found = []
        for column, other in enumerate(others):
            similarity = float(scores[row, column])
            if similarity < threshold:
                continue
            # Flagged on both reviews, whenever the earlier recommendation was marked done.
            if other.review.year < review.year and marked_done(other):
                found.append(RecurrenceFlag("done_before", other, similarity))
            elif other.review.year > review.year and marked_done(recommendation):
                found.append(RecurrenceFlag("again_later", other, similarity))
        if found:
            found.sort(key=lambda f: (f.kind, f.recommendation.review.year, -f.similarity))
            flags[recommendation.pk] = found
    return flags
