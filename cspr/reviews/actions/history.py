"""The words of rapid reviews sent before the service held them.

The data standard carries a rapid review's dates, themes and recommendation, not its
narrative, so a register loaded from files (a partnership's back catalogue, or the
synthetic register of `cspr demo`) holds sent rapid reviews whose pages are empty.
This action records their narrative afterwards, as history: only reviews already
sent to the Panel, and only while their narrative is empty, so nothing anyone wrote
in the service is overwritten. A review the partners are still writing is theirs
(`rapid_review_save`).
"""

from django.db.models import F

from cspr.core import audit
from cspr.domain.refusal import Refused, required
from cspr.domain.workflow import RAPID_REVIEW_EDITABLE
from cspr.reviews.actions.rapid import NARRATIVE
from cspr.reviews.models import RapidReview


@audit.action
def rapid_reviews_record_narratives(*, actor, narratives: dict[int, dict], reason: str, request=None) -> int:
    """Fill the empty narrative of sent rapid reviews (id -> fields); one audit event each; how many were filled."""
    reason = required(reason, field="reason", message="say where the rapid reviews' words come from")
    for review_id, fields in narratives.items():
        unknown = set(fields) - set(NARRATIVE)
        if unknown:
            raise Refused(None, f"rapid review {review_id}: not part of a narrative: {', '.join(sorted(unknown))}")
    reviews = list(
        RapidReview.objects.select_for_update()
        .filter(pk__in=list(narratives), facts="")
        .exclude(status__in=RAPID_REVIEW_EDITABLE)
        .select_related("notification")
    )
    for review in reviews:
        for name, value in narratives[review.pk].items():
            setattr(review, name, value)
    RapidReview.objects.bulk_update(reviews, list(NARRATIVE), batch_size=500)
    RapidReview.objects.filter(pk__in=[r.pk for r in reviews]).update(version=F("version") + 1)
    audit.record_many(
        actor=actor,
        events=[
            audit.PendingEvent(
                "rapid_review.record_narrative",
                "rapidreview",
                str(review.pk),
                {"fields": sorted(narratives[review.pk]), "notification": review.notification.ref},
                reason,
            )
            for review in reviews
        ],
        request=request,
    )
    return len(reviews)
