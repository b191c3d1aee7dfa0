"""Similar reviews and recurring recommendations, each with the reason shown.

Similar reviews (docs/learning.md) mixes, transparently:

- the confirmed coding two reviews share (themes and characteristics, weighted
  so that a rare shared label counts for more than a common one);
- the child's age band and the incident type and categories;
- TF-IDF cosine similarity of their text (summary, recommendations, document).

Only human-confirmed labels count: machine suggestions never feed similarity.
A notification or rapid review has no text of its own here, so its profile is
its characteristics flags, its rapid review's themes, its children's ages and
its incident (plus any narrative text the caller passes).

Recurrence finds earlier recommendations whose wording is like a given one
("similar recommendations were made in 14 reviews since 2019").
"""

import heapq
import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, Max, Prefetch
from django.db.models.functions import Substr

from cspr.domain.measures import PANEL_AGE
from cspr.domain.report_labels import category_label
from cspr.domain.text import content_terms, mid_sentence

# The module, not the name: the actions store similar reviews (similar_store), so they import this in turn.
from cspr.learning.actions import coding
from cspr.learning.models import AgeBand, PublishedReview, Recommendation, SourceDocument
from cspr.learning.search.core import facet_label, label_name

TEXT_CHARS = 12_000  # the summary, recommendations and the report's opening: enough to characterise it
WEIGHTS = {"text": 0.45, "labels": 0.35, "age": 0.1, "incident": 0.1}
# Cosine similarity above which two recommendations count as "similar". On a small
# hand-made set (13 recommendations, 4 topics; tests/learning/test_similar.py) 0.2
# caught 7 of 10 same-topic pairs and none of the 68 others: it errs towards
# claiming less recurrence, not more.
RECURRENCE_THRESHOLD = 0.2
# Words every recommendation uses, which say nothing about its subject.
RECOMMENDATION_STOP_WORDS = frozenset(
    "partner partnership safeguard must ensure make sure way within every all issue agency review consider need "
    "practitioner professional local children child should develop including improve work one".split()
)

# A notification's yes/no flags, as the characteristics they show.
NOTIFICATION_FLAGS = {
    "domestic_abuse": "domestic_abuse",
    "maternal_mental_ill_health": "parental_mental_ill_health",
    "paternal_mental_ill_health": "parental_mental_ill_health",
    "parental_alcohol_misuse": "parental_substance_misuse",
    "parental_drug_misuse": "parental_substance_misuse",
    "neglect_feature": "neglect",
    "exploitation_background": "criminal_exploitation",
}
CATEGORY_CHARACTERISTICS = {
    "sudi": "sudi_unsafe_sleep",
    "suicide": "suicide_self_harm",
    "neglect": "neglect",
    "sexual_abuse_in_family": "sexual_abuse",
    "sexual_abuse_extra_familial": "sexual_abuse",
    "sexual_exploitation": "sexual_abuse",
    "criminal_exploitation": "criminal_exploitation",
}


@dataclass
class Profile:
    labels: set[tuple[str, str]] = field(default_factory=set)
    age_band: str = ""
    incident_type: str = ""
    categories: set[str] = field(default_factory=set)
    text: str = ""
    exclude_id: int | None = None


@dataclass
class SimilarReview:
    review: PublishedReview
    score: float
    shared: list[str]
    text_similarity: float

    @property
    def reason(self) -> str:
        parts = []
        if self.shared:
            parts.append("shares: " + ", ".join(self.shared))
        if self.text_similarity >= 0.2:
            parts.append("similar wording")
        return "; ".join(parts) or "similar wording"


def age_band(ages: list[int | None]) -> str:
    def band(age):
        # The statistics' bands (domain/measures.py's PANEL_AGE, "not known" among them), then a care leaver's.
        row = {"age_years": age}
        return next((c.code for c in PANEL_AGE.categories if c.condition.matches(row)), AgeBand.AGE_18_TO_24)

    bands = {band(a) for a in ages} - {AgeBand.NOT_KNOWN}
    if not bands:
        return AgeBand.NOT_KNOWN
    return bands.pop() if len(bands) == 1 else AgeBand.MULTIPLE


def review_profile(review: PublishedReview) -> Profile:
    """A review's profile, its labels, categories and text read afresh (the review a page shows)."""
    labels = set(review.labels.values_list("kind", "code"))
    return _review_profile(review, labels, set(review.incident_categories.values_list("code", flat=True)))


def fetched_review_profile(review: PublishedReview) -> Profile:
    """The profile of a review fetched by `fetch_for_profiles()`: the same profile, with no query."""
    labels, categories = _features(review)
    return _review_profile(review, set(labels), set(categories))


def _review_profile(review: PublishedReview, labels: set, categories: set) -> Profile:
    return Profile(
        labels=labels,
        age_band=review.child_age_band,
        incident_type=review.incident_type,
        categories=categories,
        text=coding.review_text(review)[:TEXT_CHARS],
        exclude_id=review.pk,
    )


def fetch_for_profiles(reviews) -> list[PublishedReview]:
    """`reviews` with all that their profiles and rank() read, in five queries whatever their number.

    coding.review_text() reads the recommendations and the document; only the document's first
    TEXT_CHARS characters are fetched (its text may be long), which is all a profile keeps of it,
    as the document comes last in the text."""
    opening = SourceDocument.objects.only("id", "review_id").annotate(opening=Substr("text", 1, TEXT_CHARS))
    fetched = list(
        reviews.prefetch_related("labels", "incident_categories", "recommendations", Prefetch("source", opening))
    )
    for review in fetched:
        source = getattr(review, "source", None)  # fetched: None, with no query, when there is no document
        if source is not None:
            source.text = source.opening  # read by review_text(); these objects are never saved
    return fetched


def notification_profile(notification, text: str = "", *, flags: bool = True, themes: bool = True) -> Profile:
    """A case's profile for comparing with reviews.

    Its category, incident type and children's ages always count. `flags` adds
    the characteristics the notification and its children record (domestic
    abuse, looked after, ...), `themes` the rapid review's themes: callers leave
    out what the person looking may not read, because the reason shown names
    what matched.
    """
    category = notification.death_category or notification.harm_category
    children = list(notification.children.all())
    labels = set()
    if category in CATEGORY_CHARACTERISTICS:
        labels.add(("characteristic", CATEGORY_CHARACTERISTICS[category]))
    if category == "physical_abuse" and any(c.age_years == 0 for c in children):
        labels.add(("characteristic", "non_accidental_injury"))
    if flags:
        recorded = [c for flag, c in NOTIFICATION_FLAGS.items() if getattr(notification, flag) == "yes"]
        labels |= {("characteristic", c) for c in recorded}
        if any(c.home_educated == "yes" for c in children):
            labels.add(("characteristic", "home_education"))
        if any(c.looked_after == "yes" for c in children):
            labels.add(("characteristic", "looked_after"))
    rapid_review = getattr(notification, "rapid_review", None)
    if themes and rapid_review is not None:
        labels |= {("theme", code) for code in rapid_review.themes.values_list("code", flat=True)}
    return Profile(
        labels=labels,
        age_band=age_band([c.age_years for c in children]),
        incident_type=notification.incident_type,
        categories={category} if category else set(),
        text=text,
    )


def similar_reviews(
    *,
    review=None,
    notification=None,
    rapid_review=None,
    profile: Profile | None = None,
    text: str = "",
    limit: int = 5,
    reviews,
) -> list[SimilarReview]:
    """The reviews among `reviews` (the person's visible set) most like the given review, notification,
    rapid review or profile, best first."""
    if profile is None and review is not None:
        profile = review_profile(review)
    elif profile is None and rapid_review is not None:
        profile = notification_profile(rapid_review.notification, text)
    elif profile is None and notification is not None:
        profile = notification_profile(notification, text)
    elif profile is None:
        profile = Profile(text=text)
    candidates = reviews.exclude(pk=profile.exclude_id)
    return rank(profile, list(candidates.prefetch_related("labels", "incident_categories")), limit=limit)


def rank(profile: Profile, candidates: list, *, limit: int = 5, texts: dict | None = None) -> list[SimilarReview]:
    """`candidates` (reviews with their labels and categories fetched) ranked by likeness to `profile`.

    Apart from similar_reviews() so that storing every case's matches (similar_store) fetches the
    repository once, not once per case. `texts` is the profile text's similarity to the repository's
    reviews when the caller computed many profiles' at once (text_similarities()); else it is computed here."""
    candidates = [c for c in candidates if c.pk != profile.exclude_id]
    if not candidates:
        return []
    frequency = Counter(label for c in candidates for label in _features(c)[0])
    if texts is None:
        (texts,) = text_similarities([profile.text])
    wanted = {c.pk for c in candidates}
    # Only the candidates' similarities: whether there are any decides whether text counts at all.
    texts = {review_id: s for review_id, s in texts.items() if review_id in wanted}
    weights = dict(WEIGHTS) if texts else {k: v / (1 - WEIGHTS["text"]) for k, v in WEIGHTS.items() if k != "text"}
    scored = []
    for candidate in candidates:
        labels, categories = _features(candidate)
        label_score, shared_labels = _weighted_jaccard(profile.labels, labels, frequency, len(candidates))
        same_age = (
            profile.age_band not in ("", "not_known", "multiple") and profile.age_band == candidate.child_age_band
        )
        shared_categories = sorted(profile.categories & categories)
        same_incident = bool(profile.incident_type) and profile.incident_type == candidate.incident_type
        incident_score = 1.0 if shared_categories else 0.5 if same_incident else 0.0
        text_score = texts.get(candidate.pk, 0.0)
        score = (
            weights.get("text", 0) * text_score
            + weights["labels"] * label_score
            + weights["age"] * same_age
            + weights["incident"] * incident_score
        )
        if score <= 0.05:
            continue
        match = (candidate, round(score, 4), text_score, shared_labels, same_age, shared_categories, same_incident)
        scored.append(((-match[1], -candidate.year, candidate.pk), match))
    # Only the best are explained: naming what every candidate shares cost more than scoring them all.
    best = heapq.nsmallest(limit, scored, key=lambda ordered: ordered[0])
    return [_explained(*match) for _, match in best]


def _explained(
    candidate, score: float, text_score: float, shared_labels: set, same_age: bool, shared_categories, same_incident
) -> SimilarReview:
    """A match with what it shares, as the page names it."""
    shared = [label_name(code) for _, code in sorted(shared_labels, key=lambda kc: (kc[0] != "characteristic", kc))]
    if same_age:
        shared.append(facet_label("age_band", candidate.child_age_band))
    # A category says again what its characteristic (already listed) says: name it only once.
    shared_codes = {code for _, code in shared_labels}
    shared += [
        category_label(code) for code in shared_categories if CATEGORY_CHARACTERISTICS.get(code) not in shared_codes
    ]
    if not shared_categories and same_incident:
        shared.append(facet_label("incident_type", candidate.incident_type).lower())
    return SimilarReview(candidate, score, [mid_sentence(s) for s in shared], text_score)


def _features(review) -> tuple[set, set]:
    """A candidate's (kind, code) labels and its categories, read once per fetched review: storing
    every case's matches ranks the same fetched reviews thousands of times."""
    if not hasattr(review, "_similar_features"):
        labels = {(lb.kind, lb.code) for lb in review.labels.all()}
        review._similar_features = (labels, {c.code for c in review.incident_categories.all()})
    return review._similar_features


def _weighted_jaccard(a: set, b: set, frequency: Counter, total: int) -> tuple[float, set]:
    """Shared labels over all labels, each weighted by how rare it is in the repository."""
    union = a | b
    if not union:
        return 0.0, set()

    def weight(label):
        return math.log(1 + total / (1 + frequency.get(label, 0)))

    shared = a & b
    return sum(weight(x) for x in shared) / sum(weight(x) for x in union), shared


# --- Text similarity, with a cached matrix per state of the repository ------------------

_lock = threading.Lock()
_matrix_cache: dict[str, object] = {}
# scikit-learn and scipy are imported where the text is compared, not with the module: the URL
# configuration imports this module (through the learning views), and scikit-learn took 0.8 s of
# each web process's first request and of every `cspr` command that loads the URLs.


@cache
def _hasher():
    """Raw counts of stemmed content words, hashed into 2^20 columns (collisions are rare at this size)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer=content_terms, n_features=2**20, alternate_sign=False, norm=None)


BATCH = 256  # texts compared with the matrix in one product: a dense BATCH x reviews array of scores


def _repository_state() -> tuple:
    reviews = PublishedReview.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    sources = SourceDocument.objects.aggregate(n=Count("id"), last=Max("id"))
    recommendations = Recommendation.objects.aggregate(n=Count("id"), last=Max("id"))
    return (
        reviews["n"],
        reviews["changed"],
        sources["n"],
        sources["last"],
        recommendations["n"],
        recommendations["last"],
    )


def _repository_matrix():
    """Every review's TF-IDF row, rebuilt when the repository changes.

    Term counts are hashed (no shared vocabulary), so each review's row is kept
    and re-counted only when its own text changes: adding one review costs one
    review's stemming, not the repository's. Only the first TEXT_CHARS of a
    document are read (in the database), which is what bounds the cold start:
    about 4.4 ms of stemming per review on this machine, so some 13 s for 3,000
    long documents in a new process (docs/learning.md).
    """
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    state = _repository_state()
    with _lock:
        if _matrix_cache.get("state") != state:
            reviews = list(PublishedReview.objects.order_by("id").prefetch_related("recommendations"))
            sources = dict(
                SourceDocument.objects.annotate(start=Substr("text", 1, TEXT_CHARS)).values_list("review_id", "start")
            )
            counted: dict[int, tuple[int, object]] = _matrix_cache.get("counted", {})
            rows, kept = [], {}
            for review in reviews:
                parts = [review.title, review.learning_summary, *(r.text for r in review.recommendations.all())]
                parts.append(sources.get(review.pk, ""))
                text = "\n".join(parts)
                key = hash(text)
                cached = counted.get(review.pk)
                row = cached[1] if cached and cached[0] == key else _hasher().transform([text])
                kept[review.pk] = (key, row)
                rows.append(row)
            idf = TfidfTransformer(sublinear_tf=True)  # a new one: other threads may still use the last
            matrix = idf.fit_transform(scipy.sparse.vstack(rows)) if any(r.nnz for r in rows) else None
            _matrix_cache.update(state=state, ids=[r.pk for r in reviews], counted=kept, matrix=matrix, idf=idf)
        return _matrix_cache["ids"], _matrix_cache["idf"], _matrix_cache["matrix"]


def text_similarities(texts: list[str], *, remember: bool = False) -> list[dict[int, float]]:
    """Each text's cosine similarity to every review of the repository's matrix ({} for a blank text).

    The matrix is read once for all the texts and they are compared with it in sparse products of
    BATCH rows, so storing every review's matches costs one product, not one matrix read and one
    product per review. A text's row is the same whether it is compared alone or in a batch (each
    row is weighted, normalised and multiplied on its own), so the similarities are the same.
    `remember`: the texts are every review's profile text (similar_store.repository_changed): their
    hashed counts are kept, and the next call counts again only the texts that changed, as the
    matrix keeps its rows."""
    import scipy.sparse
    from sklearn.metrics.pairwise import cosine_similarity

    results: list[dict[int, float]] = [{} for _ in texts]
    wanted = [i for i, text in enumerate(texts) if text.strip()]
    if not wanted:
        return results
    ids, idf, matrix = _repository_matrix()
    if matrix is None:
        return results
    with _lock:
        counted = _matrix_cache.get("profiles", {})
    rows, kept = [], {}
    for i in wanted:
        text = texts[i][:TEXT_CHARS]
        key = hash(text)
        row = kept.get(key)
        if row is None:
            row = counted.get(key)
            row = row if row is not None else _hasher().transform([text])
        kept[key] = row
        rows.append(row)
    if remember:
        with _lock:
            _matrix_cache["profiles"] = kept
    for start in range(0, len(rows), BATCH):
        scores = cosine_similarity(idf.transform(scipy.sparse.vstack(rows[start : start + BATCH])), matrix)
        for i, row_scores in zip(wanted[start : start + BATCH], scores):
            results[i] = dict(zip(ids, row_scores.tolist()))
    return results


# --- Recurrence -------------------------------------------------------------------------


@dataclass
class RecommendationMatch:
    recommendation: Recommendation
    similarity: float


@dataclass
class Recurrence:
    matches: list[RecommendationMatch]
    reviews: int
    since: int | None

    @property
    def summary(self) -> str:
        if not self.reviews:
            return "no similar recommendations in earlier reviews"
        noun = "review" if self.reviews == 1 else "reviews"
        return f"similar recommendations were made in {self.reviews} {noun} since {self.since}"


def similar_recommendations(
    recommendation: Recommendation | str,
    *,
    since_year: int | None = None,
    threshold: float = RECURRENCE_THRESHOLD,
    reviews,
) -> Recurrence:
    """Recommendations in other reviews whose wording is like this one.

    Stemmed words (without the words every recommendation uses), TF-IDF weighted
    over all recommendations, cosine similarity at least `threshold`. Only the
    recommendations of `reviews` (the reviews the person may read) are compared.
    For a recommendation in the repository, only reviews published up to its own
    review's year count: the question is whether this was recommended *before*.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if isinstance(recommendation, Recommendation):
        text, own_review = recommendation.text, recommendation.review_id
    else:
        text, own_review = recommendation, None
    others = Recommendation.objects.select_related("review").exclude(review_id=own_review).order_by("id")
    if own_review is not None:
        others = others.filter(review__year__lte=recommendation.review.year)
    if since_year is not None:
        others = others.filter(review__year__gte=since_year)
    others = others.filter(review__in=reviews)
    others = list(others)
    if not others or not _recommendation_terms(text):
        return Recurrence([], 0, since_year)
    vectorizer = TfidfVectorizer(analyzer=_recommendation_terms, sublinear_tf=True)
    matrix = vectorizer.fit_transform([text] + [o.text for o in others])
    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    matches = [RecommendationMatch(o, round(float(s), 4)) for o, s in zip(others, scores) if s >= threshold]
    matches.sort(key=lambda m: (-m.similarity, m.recommendation.review.year))
    years = [m.recommendation.review.year for m in matches]
    reviews = len({m.recommendation.review_id for m in matches})
    return Recurrence(matches, reviews, since_year if since_year is not None else (min(years) if years else None))


def _recommendation_terms(text: str) -> list[str]:
    return [term for term in content_terms(text) if term not in RECOMMENDATION_STOP_WORDS]
