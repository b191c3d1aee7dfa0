"""Actions on the rapid review: the partners' first statutory step, and the Panel's response.

Every action takes the `version` the caller last saw and refuses a stale one
(StaleRecord), so two people never silently overwrite each other's work.
"""

from datetime import date

from django.utils import timezone

from cspr.core import audit
from cspr.core.writes import lock
from cspr.domain import rapid_review_dates
from cspr.domain.refusal import Refused, not_before, required
from cspr.domain.workflow import RAPID_REVIEW_EDITABLE, RapidReviewStatus, Workflow
from cspr.reviews.actions.programme import check_national_review_answer
from cspr.reviews.models import RapidReview, StatusEvent
from cspr.reviews.writes import move, write

# The parts of the rapid review the partners write as they work (not part of the interchange standard).
NARRATIVE = ("facts", "agencies_involved", "immediate_actions", "learning", "decision_reasons")


@audit.action
def rapid_review_save(
    *, actor, rapid_review_id: int, version: int | None, changes: dict, themes: list[str], request=None
) -> RapidReview:
    """Save the rapid review's narrative and themes while the partners work on it.

    A save that changes nothing writes nothing: the version stays, so another partner's open form is not
    refused as stale for a change that never happened, and no audit event records one.
    """
    unknown = set(changes) - set(NARRATIVE) - {"lcspr_recommended"}
    if unknown:
        raise Refused(None, f"not part of a rapid review's narrative: {', '.join(sorted(unknown))}")
    review = lock(RapidReview, rapid_review_id, version)
    if review.status not in RAPID_REVIEW_EDITABLE:
        raise Refused(None, "a submitted rapid review can no longer be edited")
    before = {t.code for t in review.themes.all()}
    if before == set(themes) and all(getattr(review, name) == value for name, value in changes.items()):
        return review
    changed = move(review, Workflow.RAPID_REVIEW, actor=actor, changes=changes, audited=False)
    review.themes.set(themes)
    if before != set(themes):
        changed.append("themes")
    audit.record_change(
        review,
        actor=actor,
        action="rapid_review.save",
        changed_fields={"fields": sorted(changed)},
        request=request,
    )
    return review


def queried_on(review) -> date | None:
    """The day the Panel asked its latest question: the status event the query wrote."""
    event = (
        StatusEvent.objects.filter(
            notification_id=review.notification_id,
            workflow=Workflow.RAPID_REVIEW,
            to_status=RapidReviewStatus.QUERIED,
        )
        .order_by("-at", "-id")
        .first()
    )
    return timezone.localtime(event.at).date() if event else None


@audit.action
def rapid_review_submit(
    *,
    actor,
    rapid_review_id: int,
    version: int | None,
    submitted_date: date,
    lcspr_recommended: str,
    themes: list[str],
    reason: str = "",
    request=None,
) -> RapidReview:
    """The partners send their rapid review to the Panel (or resubmit it after a query).

    `submitted_date` is the day it was sent. The first send is the rapid review's sent date, the
    one its deadline is measured to; a resubmission answers a Panel question, so its date is the
    answer's (`answered_date`) and the first send date is kept (domain/rapid_review_dates.py).
    Then `reason` is the answer, required, and kept beside the question (`panel_answer`).
    """
    changes = {"lcspr_recommended": lcspr_recommended}

    def check(r):
        if r.status == RapidReviewStatus.QUERIED:
            rapid_review_dates.check_answer(submitted_date, queried_on=queried_on(r), today=timezone.localdate())
            changes["answered_date"] = submitted_date
            changes["panel_answer"] = required(
                reason, field="answer", message="Enter your answer to the Panel's question"
            )
        else:
            rapid_review_dates.check_sent(submitted_date, notified_date=r.notification.notified_date)
            changes["submitted_date"] = submitted_date

    review = write(
        RapidReview,
        rapid_review_id,
        Workflow.RAPID_REVIEW,
        version=version,
        check=check,
        actor=actor,
        changes=changes,
        to_status=RapidReviewStatus.SUBMITTED,
        action="rapid_review.submit",
        reason=reason.strip(),
        request=request,
    )
    review.themes.set(themes)
    return review


@audit.action
def rapid_review_query(*, actor, rapid_review_id: int, version: int | None, reason: str, request=None) -> RapidReview:
    """The Panel asks the partners questions before it can respond.

    The question is kept on the review (`panel_query`) so the partners see it
    beside the form they answer it in, and in the status event's reason.
    """
    reason = required(reason, field="question", message="say what the Panel is asking")
    return write(
        RapidReview,
        rapid_review_id,
        Workflow.RAPID_REVIEW,
        version=version,
        actor=actor,
        # An earlier answer (its words and date) answered another question: the timeline keeps it.
        changes={"panel_query": reason, "panel_answer": "", "answered_date": None},
        to_status=RapidReviewStatus.QUERIED,
        action="rapid_review.query",
        reason=reason,
        request=request,
    )


@audit.action
def rapid_review_respond(
    *,
    actor,
    rapid_review_id: int,
    version: int | None,
    response_date: date,
    national_review: str = "no",
    reason: str = "",
    request=None,
) -> RapidReview:
    """The Panel responds to a submitted rapid review, saying whether it takes the case into a national review.

    A yes is the Panel's decision; the case joins a review next (programme.py, which sets the same
    flag). A case already in a national review keeps its yes: a response saying otherwise is refused.
    """

    def check(r):
        # The Panel responds to what it last received: the first send, or the answer to its question.
        not_before(
            response_date,
            rapid_review_dates.last_sent(r.submitted_date, r.answered_date),
            field="response_date",
            message="the Panel cannot respond before the rapid review was sent",
        )
        check_national_review_answer(r, national_review)

    review = write(
        RapidReview,
        rapid_review_id,
        Workflow.RAPID_REVIEW,
        version=version,
        check=check,
        actor=actor,
        changes={"panel_response_date": response_date, "national_review": national_review},
        to_status=RapidReviewStatus.RESPONDED,
        action="rapid_review.respond",
        reason=reason,
        request=request,
    )
    return review
