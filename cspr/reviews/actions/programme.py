"""Actions on the Panel's work programme and on its decisions to take cases nationally (reg 3)."""

from datetime import date

from cspr.cases.models import Notification
from cspr.core import audit, writes
from cspr.domain.national import Reg3Criterion
from cspr.domain.refusal import Refused, not_before, plain_reason
from cspr.domain.workflow import (
    WORK_PROGRAMME_OPEN,
    NationalReviewStatus,
    TransitionNotAllowed,
    Workflow,
    WorkProgrammeStatus,
    check_topic_move,
)
from cspr.reviews.actions.pool import refuse_closed_topic, refuse_conflicts
from cspr.reviews.models import NationalCaseDecision, NationalReview, RapidReview, WorkProgrammeTopic
from cspr.reviews.writes import move

# The rapid review's answer (the standard's `rr_national_review`) for a case in a national review.
TAKEN = "yes"

# The longest free text the Panel types here (the data standard has no such fields). Each is
# copied into its audit event too, so an unlimited box let one paste of 300,000 characters into
# both. Why the Panel took a case, and why a topic moved, are a paragraph; a topic's summary
# is what the published work programme says of it, a few paragraphs at most.
REASONS_MAX = 1000
TOPIC_SUMMARY_MAX = 5000


@audit.action
def work_programme_topic_create(
    *, actor, title: str, programme_year: str, summary: str = "", request=None
) -> WorkProgrammeTopic:
    """The Panel names a topic of its work programme; it starts as planned."""
    title = title.strip()
    if WorkProgrammeTopic.objects.filter(title__iexact=title).exists():
        raise Refused("title", f"the work programme already has a topic called {title}")
    summary = summary.strip()
    if len(summary) > TOPIC_SUMMARY_MAX:
        raise Refused("summary", f"the summary must be {TOPIC_SUMMARY_MAX:,} characters or fewer")
    topic = WorkProgrammeTopic.objects.create(
        title=title, summary=summary, programme_year=programme_year, status=WorkProgrammeStatus.PLANNED
    )
    audit.record_change(
        topic,
        actor=actor,
        action="work_programme_topic.create",
        changed_fields={"title": title, "programme_year": programme_year},
        request=request,
    )
    return topic


@audit.action
def work_programme_topic_move(
    *, actor, topic_id: int, version: int | None, to_status: str, reason: str = "", request=None
) -> WorkProgrammeTopic:
    """Move a topic on (domain/workflow.py's WORK_PROGRAMME_TRANSITIONS); the audit event carries why."""
    topic = writes.lock(WorkProgrammeTopic, topic_id, version)
    _check_move(topic, to_status)
    reason = plain_reason(reason.strip(), limit=REASONS_MAX)
    return _move(topic, to_status, actor=actor, reason=reason, request=request)


def _check_move(topic, to_status: str) -> None:
    try:
        check_topic_move(topic.status, to_status)
    except TransitionNotAllowed as error:
        raise Refused("status", str(error)) from None
    if (
        to_status == WorkProgrammeStatus.REPORTED
        and not topic.national_reviews.filter(status=NationalReviewStatus.PUBLISHED).exists()
    ):
        raise Refused("status", "a topic is reported when a national review under it has been published")
    if to_status not in WORK_PROGRAMME_OPEN:
        _refuse_open_reviews(topic, to_status)


def _refuse_open_reviews(topic, to_status: str) -> None:
    """Refuse to close a topic (withdrawn or reported) while national reviews under it are open (not yet published).

    A closed topic takes nothing new (`refuse_closed_topic`): an open review under it would be
    stuck, neither commissioned, given a case or a replacement reviewer, nor published from
    proposed, and retention would keep its cases for ever. Reporting a topic once one of its
    reviews is published must not strand the others. The Panel closes (publishes) its reviews
    first; the message names every open one, so the secretariat knows which.
    """
    open_reviews = list(
        topic.national_reviews.exclude(status=NationalReviewStatus.PUBLISHED)
        .order_by("title", "pk")
        .values_list("title", "status")
    )
    if open_reviews:
        named = "; ".join(f"{title} ({status.replace('_', ' ')})" for title, status in open_reviews)
        raise Refused(
            "status",
            f"the topic {topic.title} cannot be {to_status.replace('_', ' ')} while its national reviews are open: "
            f"{named}. "
            "Close them (record that they were published) first",
        )


def _move(topic, to_status: str, *, actor, reason: str, request):
    from_status = topic.status
    writes.save(topic, {"status": to_status})
    audit.record_change(
        topic,
        actor=actor,
        action="work_programme_topic.move",
        changed_fields={"status": [from_status, to_status]},
        reason=reason,
        request=request,
    )
    return topic


def open_topic(topic_id: int, *, actor, request=None) -> WorkProgrammeTopic:
    """The topic a new national review starts under, locked: open to new reviews, and under review from now on."""
    topic = writes.lock(WorkProgrammeTopic, topic_id, None)
    if topic.status not in WORK_PROGRAMME_OPEN:
        raise Refused(
            "programme_topic", f"the topic {topic.title} is {topic.status.replace('_', ' ')}: it takes no new reviews"
        )
    if topic.status == WorkProgrammeStatus.PLANNED:
        _move(
            topic,
            WorkProgrammeStatus.UNDER_REVIEW,
            actor=actor,
            reason="A national review started under it",
            request=request,
        )
    return topic


@audit.action
def national_review_take_case(
    *,
    actor,
    national_review_id: int,
    version: int | None,
    notification_id: int,
    criteria: list[str],
    reasons: str,
    decided_date: date,
    request=None,
) -> NationalCaseDecision:
    """The Panel takes a case into a national review, recording which regulation 3 criteria apply and why.

    Refused for a published review, a review whose topic is withdrawn or reported, a case already
    decided into it, a decision dated before the local authority became aware, and a case in an
    area an appointed reviewer must not review. A case the review already gathers without a
    recorded decision (added before the decisions were) gains its decision, whatever its topic's
    status: the review is published only once each of its cases has one.
    """
    review = writes.lock(NationalReview, national_review_id, version)
    if review.status == NationalReviewStatus.PUBLISHED:
        raise Refused("national_review", "a published national review cannot take more cases")
    notification = Notification.objects.get(pk=notification_id)
    # A case the review already gathers is no new case: its decision is recorded even under a topic
    # closed while the review was open (before `_refuse_open_reviews`), for the review can be
    # published only once every case has one (domain/national.py `refuse_undecided_publication`).
    if not review.notifications.filter(pk=notification.pk).exists():
        refuse_closed_topic(review)
    try:
        found = {Reg3Criterion(code) for code in criteria}
    except ValueError:
        raise Refused(
            "criteria", f"{sorted(set(criteria) - set(Reg3Criterion))[0]} is not a regulation 3 criterion"
        ) from None
    if not found:
        raise Refused("criteria", "select the regulation 3 criteria the case meets")
    reasons = reasons.strip()
    if not reasons:
        raise Refused("reasons", "say why the case raises issues that are complex or of national importance")
    plain_reason(reasons, limit=REASONS_MAX, field="reasons")
    if review.decisions.filter(notification=notification).exists():
        raise Refused("notification", f"case {notification.ref} is already in this national review")
    not_before(
        decided_date,
        notification.aware_date,
        field="decided_date",
        message="the Panel cannot decide before the local authority became aware of the incident",
    )
    for appointment in review.appointments.select_related("reviewer"):
        refuse_conflicts(appointment.reviewer, [notification], field="notification")
    decision = NationalCaseDecision.objects.create(
        national_review=review,
        notification=notification,
        decided_date=decided_date,
        reasons=reasons,
        decided_by=actor,
        **{code.value: code in found for code in Reg3Criterion},
    )
    review.notifications.add(notification)
    writes.save(review, {})
    flagged = flag_taken_nationally([notification.pk], actor=actor)
    audit.record_change(
        review,
        actor=actor,
        action="national_review.take_case",
        changed_fields={
            "notification": notification.pk,
            "criteria": [c.value for c in Reg3Criterion if c in found],
            "decided_date": decided_date.isoformat(),
            "rapid_reviews_flagged": flagged,
        },
        request=request,
    )
    return decision


def flag_taken_nationally(notification_ids, *, actor) -> list[int]:
    """Say on each case's rapid review that the Panel took it into a national review; the cases changed.

    The one place the flag (the standard's `rr_national_review`) follows a case into a national
    review, however it came (a decision, a case added from its page, the cases listed when the
    review started), so the export, the API's panel response and the statistics say what the
    Panel's pages show. Written through the review write path in the caller's transaction: the
    rapid review locked, its version bumped, `update_fields`; the caller's one audit event names
    the cases (`rapid_reviews_flagged`). A rapid review already saying yes is left alone (no new
    version for someone's open form to trip over). The flag is stored whatever the rapid review's
    state: the Panel may take a case before the partners send it, and the export gives the answer
    with the submitted review, as the standard says (cspr/cases/exporter.py).
    """
    flagged = []
    pending = RapidReview.objects.filter(notification_id__in=notification_ids).exclude(national_review=TAKEN)
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        rapid = writes.lock(RapidReview, pk, None)
        if rapid.national_review == TAKEN:  # set by another transaction since the query
            continue
        move(rapid, Workflow.RAPID_REVIEW, actor=actor, changes={"national_review": TAKEN}, audited=False)
        flagged.append(rapid.notification_id)
    return sorted(flagged)


def check_national_review_answer(
    rapid, national_review: str, *, field: str = "national_review", then: str = "select yes"
) -> None:
    """Refuse an answer saying a case in a national review is not in one (the flag stays yes).

    The Panel's response (`field` its form's, `then` what it must do instead) and a file's
    `rr_national_review` (cspr/reviews/standard.py) both say `no` or `unknown` through here.
    """
    if national_review == TAKEN:
        return
    holding = NationalReview.objects.filter(notifications=rapid.notification_id).order_by("title").first()
    if holding is not None:
        raise Refused(field, f"case {rapid.notification.ref} is already in the national review {holding.title}: {then}")
