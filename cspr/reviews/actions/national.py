"""Actions on the Panel's national reviews."""

from datetime import date

from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.writes import lock, save
from cspr.domain.national import refuse_undecided_publication
from cspr.domain.refusal import Refused, not_before, plain_reason, required
from cspr.domain.workflow import NationalReviewStatus, Workflow
from cspr.reviews.actions.pool import refuse_before_programme_year, refuse_closed_topic, refuse_conflicts
from cspr.reviews.actions.programme import flag_taken_nationally, open_topic
from cspr.reviews.models import EndedAppointment, NationalReview
from cspr.reviews.writes import open_record, write

# The longest reason for ending a reviewer's appointment: the review's page shows it to the Panel's
# secretariat, and the audit trail keeps it.
REMOVAL_REASON_MAX = 1000


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
    topic is under review from now on. The cases it starts with are taken into it: their rapid
    reviews say so (programme.flag_taken_nationally).
    """
    values = {"title": title, "topic": topic}
    if programme_topic_id is not None:
        programme_topic = open_topic(programme_topic_id, actor=actor, request=request)
        values |= {"programme_topic": programme_topic, "topic": topic or programme_topic.title}
    if not values["topic"]:
        raise Refused("topic", "enter the topic of the national review")
    # Its audit event is written below, once the cases it starts with are flagged.
    review = open_record(NationalReview, Workflow.NATIONAL_REVIEW, actor=actor, values=values, action="", reason=reason)
    review.notifications.set(notification_ids)
    flagged = flag_taken_nationally(notification_ids, actor=actor)
    audit.record_change(
        review,
        actor=actor,
        action="national_review.create",
        changed_fields={
            "title": title,
            "topic": values["topic"],
            "programme_topic": programme_topic_id,
            "notifications": list(notification_ids),
            "rapid_reviews_flagged": flagged,
        },
        reason=reason,
        request=request,
    )
    return review


@audit.action
def national_review_commission(
    *, actor, national_review_id: int, version: int | None, commissioned_date: date, reason: str = "", request=None
) -> NationalReview:
    """Record that the Panel commissioned a proposed review; refused under a withdrawn or reported topic,
    and before its work programme year (`refuse_before_programme_year`)."""

    def check(review):
        refuse_closed_topic(review, refused="cannot be commissioned")
        refuse_before_programme_year(review, commissioned_date, field="commissioned_date")

    return write(
        NationalReview,
        national_review_id,
        Workflow.NATIONAL_REVIEW,
        version=version,
        check=check,
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
    """Record that the Panel published a commissioned review; refused before its commissioning, and while a
    case it gathers has no recorded regulation 3 decision (domain/national.py `refuse_undecided_publication`):
    once published, the review takes no decision, so the case would stay without one for good."""

    def check(review):
        not_before(
            published_date,
            review.commissioned_date,
            field="published_date",
            message="a national review cannot be published before it was commissioned",
        )
        refuse_undecided_publication(undecided_cases(review).values_list("ref", flat=True))

    review = write(
        NationalReview,
        national_review_id,
        Workflow.NATIONAL_REVIEW,
        version=version,
        check=check,
        actor=actor,
        changes={"published_date": published_date},
        to_status=NationalReviewStatus.PUBLISHED,
        action="national_review.publish",
        reason=reason,
        request=request,
    )
    return review


def undecided_cases(review: NationalReview, notifications=None):
    """The cases `review` gathers with no recorded regulation 3 decision in it (listed when it started, or
    added from their pages); `notifications` narrows them to a scope (a page reads only what its person may)."""
    notifications = Notification.objects.all() if notifications is None else notifications
    return notifications.filter(national_reviews=review).exclude(national_decisions__national_review=review)


@audit.action
def national_review_add_notifications(
    *, actor, national_review_id: int, version: int | None, notification_ids: list[int], reason: str = "", request=None
) -> NationalReview:
    """The Panel takes more cases into a national review it has already opened; their rapid reviews say so."""
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
    flagged = flag_taken_nationally(added, actor=actor)
    audit.record_change(
        review,
        actor=actor,
        action="national_review.add_notifications",
        changed_fields={"notifications": added, "rapid_reviews_flagged": flagged},
        reason=reason,
        request=request,
    )
    return review


@audit.action
def national_review_remove_reviewer(
    *,
    actor,
    national_review_id: int,
    version: int | None,
    reviewer_id: int,
    ended_date: date,
    reason: str,
    request=None,
) -> NationalReview:
    """End a reviewer's appointment to a national review (Regulations 2018 reg 5(2)), saying why.

    The appointment is what lets the reviewer read the review and its cases (core/access.py:
    the `national_reviews` rule and `reviews_case_nationally` both follow it), so it is
    deleted and their reading ends with it; an `EndedAppointment` keeps the register's record (who,
    when the Secretary of State had confirmed them, when the appointment ended and why), and so
    does the audit event. The review's
    dates stand; a replacement (reg 5(3)) is appointed as any other reviewer is. Refused for
    a published review (its reviewers are those who reported).
    """
    review = lock(NationalReview, national_review_id, version)
    if review.status == NationalReviewStatus.PUBLISHED:
        raise Refused("national_review", "a published national review keeps the reviewers who reported it")
    appointment = review.appointments.select_related("reviewer").filter(reviewer_id=reviewer_id).first()
    if appointment is None:
        raise Refused(None, "this person is not appointed to this national review")
    reviewer = appointment.reviewer
    name = reviewer.get_full_name() or reviewer.username
    not_before(
        ended_date,
        appointment.confirmed_date,
        field="ended_date",
        message=f"the appointment of {name} cannot end before the Secretary of State confirmed it",
    )
    reason = required(reason, field="reason", message=f"enter why the appointment of {name} ended")
    reason = plain_reason(reason, limit=REMOVAL_REASON_MAX)
    if ended_date > timezone.localdate():
        raise Refused("ended_date", f"the appointment of {name} cannot end in the future: record it once it has ended")
    confirmed_date = appointment.confirmed_date
    appointment.delete()
    EndedAppointment.objects.create(
        national_review=review,
        reviewer=reviewer,
        confirmed_date=confirmed_date,
        ended_date=ended_date,
        reason=reason,
        recorded_by=actor,
    )
    save(review, {})
    audit.record_change(
        review,
        actor=actor,
        action="national_review.remove_reviewer",
        changed_fields={
            "reviewer": reviewer.pk,
            "confirmed_date": confirmed_date.isoformat(),
            "ended_date": ended_date.isoformat(),
        },
        reason=reason,
        request=request,
    )
    return review
