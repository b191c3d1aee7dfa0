"""Similar reviews, stored: pages read the matches instead of comparing a case with every review.

Finding the reviews most like a case compares it with every review in the repository (labels,
ages, incident, text: cspr/learning/similar.py); on the notification page that was 0.40 of its
0.52 s (issue 18). So the matches are computed once and kept (SimilarSet, SimilarMatch; ADR 0032):

- **Reviews**: every action that changes the repository (a review added, changed, removed,
  coded, a recommendation added or changed, a review linked to a case) calls
  `repository_changed()` in its own transaction, which recomputes every review's matches for the
  repository as it now is and drops the sets computed for an older state.
- **Cases**: a case's matches depend on what the reader may read about it (its characteristics,
  its rapid review), so there are up to four profiles per case. `cspr learning similar-rebuild`
  computes every case's (the deployment runs it after a publication, `bench/load.py` before
  measuring); a case or profile not yet computed for the repository's state (a new case, a
  corrected one, the first view after a publication) is computed once, on that view, and stored.
- **Scope**: matches are computed over the whole repository and stored `TOP` deep; a page reads
  them through `SimilarMatch.objects.visible_to(user)`, so nobody is shown a review they may not
  read. A rare label is weighted by its rarity in the whole repository rather than in the reader's
  share of it, which is what lets one stored list serve everyone (for the Panel, who read every
  review, the result is exactly the page-time computation's).
"""

import hashlib
import json

from django.db import IntegrityError, transaction

from cspr.learning import similar
from cspr.learning.models import PublishedReview, SearchState, SimilarMatch, SimilarSet

TOP = 20  # stored per subject: the page shows 5 of what the reader may read


def repository_generation() -> str:
    """The search state's token, which every action that changes the repository changes."""
    return SearchState.objects.filter(id=1).values_list("token", flat=True).first() or ""


def fingerprint(profile: "similar.Profile", generation: str) -> str:
    facts = [
        sorted(profile.labels),
        profile.age_band,
        profile.incident_type,
        sorted(profile.categories),
        profile.text,
        profile.exclude_id,
        generation,
    ]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()


def _rows(stored: SimilarSet, matches: list):
    """A set's matches as rows, best first."""
    return (
        SimilarMatch(
            set=stored, rank=rank, match=m.review, score=m.score, text_similarity=m.text_similarity, shared=m.shared
        )
        for rank, m in enumerate(matches, start=1)
    )


def _store(subject: str, key: str, generation: str, matches: list) -> SimilarSet | None:
    """Keep one subject's matches; None if another process stored the same set first."""
    try:
        with transaction.atomic():
            stored = SimilarSet.objects.create(subject=subject, fingerprint=key, generation=generation)
            SimilarMatch.objects.bulk_create(_rows(stored, matches))
    except IntegrityError:
        return None
    return stored


def _store_many(computed: list, generation: str) -> None:
    """Keep many subjects' (subject, fingerprint, matches) in two inserts; one by one if another
    process stored one of them first (a page's view during `cspr learning similar-rebuild`)."""
    try:
        with transaction.atomic():
            sets = SimilarSet.objects.bulk_create(
                SimilarSet(subject=subject, fingerprint=key, generation=generation) for subject, key, _ in computed
            )
            SimilarMatch.objects.bulk_create(
                row for stored, (_, _, matches) in zip(sets, computed) for row in _rows(stored, matches)
            )
    except IntegrityError:
        for subject, key, matches in computed:
            _store(subject, key, generation, matches)


def _read(stored: SimilarSet, *, user, limit: int) -> "list[similar.SimilarReview]":
    rows = SimilarMatch.objects.visible_to(user).filter(set=stored).select_related("match").order_by("rank")
    return [similar.SimilarReview(r.match, r.score, r.shared, r.text_similarity) for r in rows[:limit]]


def _matches(subject: str, profile: "similar.Profile", candidates, *, user, limit: int) -> list:
    generation = repository_generation()
    key = fingerprint(profile, generation)
    stored = SimilarSet.objects.filter(subject=subject, fingerprint=key).first()
    if stored is None:
        matches = similar.similar_reviews(profile=profile, reviews=candidates, limit=TOP)
        stored = _store(subject, key, generation, matches) or SimilarSet.objects.get(subject=subject, fingerprint=key)
    return _read(stored, user=user, limit=limit)


def similar_for_case(notification, profile: "similar.Profile", *, user, limit: int = 5) -> list:
    """The stored reviews most like a case (its own reviews left out) that `user` may read."""
    others = PublishedReview.objects.all().exclude(notification=notification)  # stored for every reader
    return _matches(f"case:{notification.pk}", profile, others, user=user, limit=limit)


def similar_for_review(review: PublishedReview, *, user, limit: int = 5) -> list:
    """The stored reviews most like a review that `user` may read."""
    profile = similar.review_profile(review)
    return _matches(f"review:{review.pk}", profile, PublishedReview.objects.all(), user=user, limit=limit)


def repository_changed() -> None:
    """Recompute every review's matches for the repository as it now is (call inside the action,
    after the search state has changed), and drop every set computed for an older state."""
    generation = repository_generation()
    SimilarSet.objects.exclude(generation=generation).delete()
    # The repository's own index: every review, whoever reads; fetched once for all of them, with
    # what their profiles read, so a change costs a few queries and not a few per review (issue 18).
    every = similar.fetch_for_profiles(PublishedReview.objects.order_by("pk"))
    stored = set(SimilarSet.objects.filter(subject__startswith="review:").values_list("subject", "fingerprint"))
    todo = []
    for review in every:
        profile = similar.fetched_review_profile(review)
        key = fingerprint(profile, generation)
        if (f"review:{review.pk}", key) not in stored:
            todo.append((review, profile, key))
    texts = similar.text_similarities([profile.text for _, profile, _ in todo], remember=True)
    computed = [
        (f"review:{review.pk}", key, similar.rank(profile, every, limit=TOP, texts=text))
        for (review, profile, key), text in zip(todo, texts)
    ]
    _store_many(computed, generation)


def cases_rebuild(notifications, profiles) -> int:
    """Compute and store the matches of every case in `notifications` for each of its profiles.

    `profiles(notification)` gives the profiles readers may have of one case. Returns how many sets
    were computed (a set already stored for this state of the repository is kept). The repository
    is fetched once for all the cases."""
    generation = repository_generation()
    every = list(PublishedReview.objects.all().prefetch_related("labels", "incident_categories"))
    computed = 0
    for notification in notifications:
        others = [r for r in every if r.notification_id != notification.pk]
        stored = set(SimilarSet.objects.filter(subject=f"case:{notification.pk}").values_list("fingerprint", flat=True))
        for profile in profiles(notification):
            key = fingerprint(profile, generation)
            if key in stored:
                continue
            stored.add(key)
            matches = similar.rank(profile, others, limit=TOP)
            computed += _store(f"case:{notification.pk}", key, generation, matches) is not None
    return computed
