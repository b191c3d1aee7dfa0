"""Actions on the local child safeguarding practice review (LCSPR): commissioning to publication."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import F
from django.utils import timezone

from cspr.core import audit, clock, writes
from cspr.core.access import Role
from cspr.core.writes import lock
from cspr.documents.models import CaseDocument
from cspr.domain.refusal import Refused, not_before
from cspr.domain.workflow import PracticeReviewStatus, Workflow, closed_states
from cspr.reviews.actions.pool import refuse_conflicts
from cspr.reviews.models import Milestone, MilestoneKind, PracticeReview, RapidReview
from cspr.reviews.writes import move, open_record, write


@audit.action
def practice_review_commission(
    *, actor, notification_id: int, decision_date: date, reason: str = "", request=None
) -> PracticeReview:
    """The partners decide to commission a local child safeguarding practice review.

    The case's rapid review is locked while the review is created, so two people
    commissioning at once cannot both succeed.
    """
    rapid_review = (
        RapidReview.objects.select_for_update().select_related("notification").get(notification_id=notification_id)
    )
    notification = rapid_review.notification
    if PracticeReview.objects.filter(notification_id=notification_id).exists():
        raise Refused(None, f"notification {notification.ref} already has a local review")
    not_before(
        decision_date,
        notification.aware_date,
        field="decision_date",
        message="the decision cannot come before the local authority became aware",
    )
    due = clock.practice_review_due(decision_date)
    return open_record(
        PracticeReview,
        Workflow.PRACTICE_REVIEW,
        actor=actor,
        values={
            "notification": notification,
            "decision_date": decision_date,
            "publication_due_date": due.publication,
            "final_report_due_date": due.final_report,
        },
        action="practice_review.commission",
        audit_fields={"decision_date": decision_date.isoformat()},
        reason=reason,
        request=request,
    )


def _refuse_if_finished(review: PracticeReview, *, field: str, what: str) -> None:
    """Refuse a change to a closed review (published, or not to be): its record is final.

    The page of each change checks the same states (`open_states`, cspr/reviews/views/local.py)
    to say so before the form; this is the check that holds for every caller (the API, a crafted
    POST, a command). The moves that close a review need no such check: the workflow's table
    (cspr/domain/workflow.py) allows none out of a closed state.
    """
    if review.status in closed_states(Workflow.PRACTICE_REVIEW):
        raise Refused(field, f"the review is finished: {what}")


@audit.action
def practice_review_assign_reviewer(
    *, actor, practice_review_id: int, version: int | None, reviewer, request=None
) -> PracticeReview:
    """Appoint (or change, or remove) the independent reviewer.

    The first appointment is also the "Reviewer appointed" milestone (regulation 14), dated
    today: the milestone is the one record of it, which the review's page and publishing's
    check of outstanding milestones read. A date already recorded for it (an appointment made
    before cspr knew the reviewer) is kept. One change: one version step and one audit event.
    Refused once the review is closed (published, or not to be): the reviewer's reach ends with
    it (cspr/core/access.py), so an appointment then would only open a finished case to them.
    """
    if reviewer is not None and reviewer.role != Role.REVIEWER:
        raise Refused("reviewer", f"{reviewer} is not an independent reviewer")
    review = lock(PracticeReview, practice_review_id, version)
    _refuse_if_finished(review, field="reviewer", what="its independent reviewer can no longer change")
    if reviewer is not None:  # the areas the reviewer declared in the Panel's pool (cspr/reviews/actions/pool.py)
        refuse_conflicts(reviewer, [review.notification], field="reviewer")
    appointed = None
    if reviewer is not None and not review.milestones.filter(kind=MilestoneKind.REVIEWER_APPOINTED).exists():
        appointed = timezone.localdate()
        _write_milestone(review, kind=MilestoneKind.REVIEWER_APPOINTED, completed_date=appointed)
    writes.save(review, {"reviewer": reviewer})
    audit_fields = {"reviewer": reviewer.pk if reviewer else None}
    if appointed is not None:  # the milestone's fields, as practice_review_record_milestone audits them
        audit_fields |= {"milestone": MilestoneKind.REVIEWER_APPOINTED.value, "completed_date": appointed.isoformat()}
    audit.record_change(
        review, actor=actor, action="practice_review.assign_reviewer", changed_fields=audit_fields, request=request
    )
    return review


def _write_milestone(
    review: PracticeReview, *, kind: str, completed_date: date, note: str = ""
) -> tuple[Milestone, dict]:
    """Record (or change) one milestone of a locked review; the caller steps its version and audits.

    Also returns what a change did to a recorded milestone, {field: {"from": ..., "to": ...}} for each
    field that differs ({} for a new one): its audit event keeps the date and notes it replaced, so
    notes saved empty are a change the trail shows, not a silent loss.
    """
    not_before(
        completed_date,
        review.decision_date,
        field="completed_date",
        message="a milestone cannot come before the decision to commission the review",
    )
    values = {"completed_date": completed_date, "note": note}
    milestone = Milestone.objects.filter(practice_review=review, kind=kind).first()
    if milestone is None:
        return Milestone.objects.create(practice_review=review, kind=kind, **values), {}
    changed = {name: value for name, value in values.items() if getattr(milestone, name) != value}
    replaced = {
        name: {"from": _audited(getattr(milestone, name)), "to": _audited(value)} for name, value in changed.items()
    }
    for name, value in changed.items():
        setattr(milestone, name, value)
    if changed:
        milestone.save(update_fields=list(changed))
    return milestone, replaced


def _audited(value):
    return value.isoformat() if isinstance(value, date) else value


@audit.action
def practice_review_record_milestone(
    *,
    actor,
    practice_review_id: int,
    version: int | None,
    kind: str,
    completed_date: date,
    note: str = "",
    request=None,
) -> Milestone:
    """Record (or change) a milestone the partners monitor (regulation 14), while the review is open."""
    review = lock(PracticeReview, practice_review_id, version)
    _refuse_if_finished(review, field="kind", what="its milestones can no longer change")
    milestone, replaced = _write_milestone(review, kind=kind, completed_date=completed_date, note=note)
    PracticeReview.objects.filter(pk=review.pk).update(version=F("version") + 1)
    audited = {"milestone": kind, "completed_date": completed_date.isoformat()}
    if replaced:  # a recorded milestone changed: what it was, and what it is now
        audited["changed"] = replaced
    audit.record_change(
        review, actor=actor, action="practice_review.record_milestone", changed_fields=audited, request=request
    )
    return milestone


@audit.action
def practice_review_record_delay(
    *, actor, practice_review_id: int, version: int | None, reasons: str, request=None
) -> PracticeReview:
    """Reasons for a delay are recorded and reported (Working Together), while the review is open.

    Once it is closed they are part of its final record: publishing late records them in the same
    change (`practice_review_publish`), and nothing after it rewrites them.
    """
    if not reasons.strip():
        raise Refused("reasons", "say why the review is delayed")
    review = lock(PracticeReview, practice_review_id, version)
    _refuse_if_finished(review, field="reasons", what="its reasons for delay can no longer change")
    writes.save(review, {"delay_reasons": reasons.strip()})
    audit.record_change(
        review,
        actor=actor,
        action="practice_review.record_delay",
        changed_fields={"fields": ["delay_reasons"]},
        request=request,
    )
    return review


@audit.action
def practice_review_send_final_report(
    *, actor, practice_review_id: int, version: int | None, final_report_date: date, reason: str = "", request=None
) -> PracticeReview:
    """The final report goes to the Panel and the Secretary of State."""
    review = write(
        PracticeReview,
        practice_review_id,
        Workflow.PRACTICE_REVIEW,
        version=version,
        check=lambda r: not_before(
            final_report_date,
            r.decision_date,
            field="final_report_date",
            message="the final report cannot be sent before the review was commissioned",
        ),
        actor=actor,
        changes={"final_report_date": final_report_date},
        to_status=PracticeReviewStatus.FINAL_REPORT_SENT,
        action="practice_review.send_final_report",
        reason=reason,
        request=request,
    )
    return review


def outstanding_milestones(review: PracticeReview) -> list[str]:
    """The milestones the partners monitor (regulation 14) that are not recorded, in their order."""
    done = set(review.milestones.values_list("kind", flat=True))
    return [kind.label for kind in MilestoneKind if kind.value not in done]


def _final_report(review: PracticeReview, document_id: int | None, url: str) -> dict:
    """The final report's fields: a document attached to this case, or the address it is published at."""
    url = url.strip()
    if document_id is None and not url:
        raise Refused(
            "final_report",
            "give the final report: choose a document attached to the case, or the address where it is published",
        )
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise Refused("final_report_url", "the address must start with https:// or http://") from None
    if document_id is not None:
        # Locked: a withdrawal at the same moment either finishes first (and is refused here) or
        # waits and then refuses to withdraw the published final report.
        document = (
            CaseDocument.objects.select_for_update()
            .filter(pk=document_id, notification_id=review.notification_id)
            .values_list("withdrawn_at", flat=True)
        )
        if not document.exists():
            raise Refused("final_report", "that document is not attached to this case")
        if document.first() is not None:
            raise Refused("final_report", "that document was withdrawn: choose another, or give the address")
    return {"final_report_document_id": document_id, "final_report_url": url}


@audit.action
def practice_review_publish(
    *,
    actor,
    practice_review_id: int,
    version: int | None,
    published_date: date,
    final_report_document_id: int | None = None,
    final_report_url: str = "",
    delay_reasons: str = "",
    outstanding_reason: str = "",
    reason: str = "",
    request=None,
) -> PracticeReview:
    """The partners published the report: its final report, sent first, and any reasons it needs.

    Publication needs the final report itself (a document attached to the case or the
    address where it is published) and the date it went to the Panel and the Secretary
    of State. A late publication carries its reasons for delay (Working Together 2023,
    chapter 5), and publishing before every milestone the partners monitor is recorded
    (regulation 14) says why: the page that publishes records both, in one change.
    """
    review = lock(PracticeReview, practice_review_id, version)
    if review.final_report_date is None:
        raise Refused(
            "final_report_date",
            "record the date the final report was sent to the Panel and the Secretary of State before publishing",
        )
    not_before(
        published_date,
        review.final_report_date,
        field="published_date",
        message="a review cannot be published before its final report was sent",
    )
    changes: dict = {
        "published_date": published_date,
        **_final_report(review, final_report_document_id, final_report_url),
    }
    if delay_reasons.strip():
        changes["delay_reasons"] = delay_reasons.strip()
    if published_date > review.publication_due_date and not (changes.get("delay_reasons") or review.delay_reasons):
        raise Refused("delay_reasons", "publication is later than the due date: record the reasons for the delay")
    missing = outstanding_milestones(review)
    if missing and not outstanding_reason.strip():
        raise Refused(
            "outstanding_reason",
            f"these milestones are not recorded: {', '.join(missing)}. Record them, or say why the review "
            "is published without them",
        )
    if missing:
        changes["outstanding_milestones_reason"] = outstanding_reason.strip()
    move(
        review,
        Workflow.PRACTICE_REVIEW,
        actor=actor,
        changes=changes,
        to_status=PracticeReviewStatus.PUBLISHED,
        action="practice_review.publish",
        reason=reason,
        request=request,
    )
    return review


@audit.action
def practice_review_record_not_published(
    *, actor, practice_review_id: int, version: int | None, reason: str, request=None
) -> PracticeReview:
    """The partners decided not to publish; they must say why (and publish the improvements)."""
    if not reason:
        raise Refused("reasons", "record why the report will not be published")
    return write(
        PracticeReview,
        practice_review_id,
        Workflow.PRACTICE_REVIEW,
        version=version,
        actor=actor,
        to_status=PracticeReviewStatus.NOT_PUBLISHED,
        action="practice_review.not_published",
        reason=reason,
        request=request,
    )
