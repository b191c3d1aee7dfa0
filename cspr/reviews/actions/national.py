"""Actions on the Panel's national reviews."""

from datetime import date

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.writes import lock, save
from cspr.domain.refusal import Refused, not_before
from cspr.domain.workflow import NationalReviewStatus, Workflow
from cspr.reviews.actions.pool import refuse_conflicts
from cspr.reviews.actions.programme import open_topic, refuse_closed_topic
from cspr.reviews.models import NationalReview
from cspr.reviews.writes import open_record, write


@audit.action
def national_review_create(
    *,
    actor,
    title: str,
    topic: str = "",
    programme_topic_id: int | None = None,
    notification_ids: list[int] = (),
    reason: str = "",
    request=None,
) -> NationalReview:
    """The Panel proposes a national review, under a topic of its work programme or (for history) none.

    Under a topic, the review takes the topic's title unless given its own words, and a planned
    topic is under review from now on.
    """
    values = {"title": title, "topic": topic}
    if programme_topic_id is not None:
        programme_topic = open_topic(programme_topic_id, actor=actor, request=request)
        values |= {"programme_topic": programme_topic, "topic": topic or programme_topic.title}
    if not values["topic"]:
        raise Refused("topic", "enter the topic of the national review")
    review = open_record(
        NationalReview,
        Workflow.NATIONAL_REVIEW,
        actor=actor,
        values=values,
        action="national_review.create",
        audit_fields={
            "title": title,
            "topic": values["topic"],
            "programme_topic": programme_topic_id,
            "notifications": list(notification_ids),
        },
        reason=reason,
        request=request,
    )
    review.notifications.set(notification_ids)
    return review


@audit.action
def national_review_commission(
    *, actor, national_review_id: int, version: int | None, commissioned_date: date, reason: str = "", request=None
) -> NationalReview:
    return write(
        NationalReview,
        national_review_id,
        Workflow.NATIONAL_REVIEW,
        version=version,
        actor=actor,
        changes={"commissioned_date": commissioned_date},
        to_status=NationalReviewStatus.COMMISSIONED,
        action="national_review.commission",
        reason=reason,
        request=request,
    )


@audit.action
def national_review_publish(
    *, actor, national_review_id: int, version: int | None, published_date: date, reason: str = "", request=None
) -> NationalReview:
    review = write(
        NationalReview,
        national_review_id,
        Workflow.NATIONAL_REVIEW,
        version=version,
        check=lambda r: not_before(
            published_date,
            r.commissioned_date,
            field="published_date",
            message="a national review cannot be published before it was commissioned",
        ),
        actor=actor,
        changes={"published_date": published_date},
        to_status=NationalReviewStatus.PUBLISHED,
        action="national_review.publish",
        reason=reason,
        request=request,
    )
    return review


@audit.action
def national_review_add_notifications(
    *, actor, national_review_id: int, version: int | None, notification_ids: list[int], reason: str = "", request=None
) -> NationalReview:
    """The Panel takes more cases into a national review it has already opened."""
    review = lock(NationalReview, national_review_id, version)
    if review.status == NationalReviewStatus.PUBLISHED:
        raise Refused("national_review", "a published national review cannot take more cases")
    refuse_closed_topic(review)
    before = set(review.notifications.values_list("pk", flat=True))
    added = sorted(set(notification_ids) - before)
    # A reviewer already appointed must not be put in conflict by a case added later (about the whole
    # change, not a field: the page shows it above the form).
    for appointment in review.appointments.select_related("reviewer"):
        refuse_conflicts(appointment.reviewer, Notification.objects.filter(pk__in=added), field=None)
    review.notifications.add(*added)
    save(review, {})
    audit.record_change(
        review,
        actor=actor,
        action="national_review.add_notifications",
        changed_fields={"notifications": added},
        reason=reason,
        request=request,
    )
    return review
