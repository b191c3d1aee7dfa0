"""Workflow actions: rapid reviews, local reviews (LCSPR) and national reviews.

Every action takes the `version` the caller last saw. If someone else changed
the record since, the action refuses with StaleRecord instead of silently
overwriting their work (optimistic locking).
"""

from datetime import date

from django.db.models import F
from django.utils import timezone

from cspr.cases import clock
from cspr.cases.models import NationalReview, Notification, PracticeReview, RapidReview, StatusEvent
from cspr.core import audit
from cspr.domain.workflow import (
    NationalReviewStatus,
    PracticeReviewStatus,
    RapidReviewStatus,
    check_transition,
)


class StaleRecord(Exception):
    """The record changed since the caller read it."""


def _lock(model, pk, expected_version: int | None):
    record = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and record.version != expected_version:
        raise StaleRecord(
            f"this {model._meta.verbose_name} was changed by someone else since you opened it "
            f"(version {expected_version}, now {record.version}); reload to see their changes"
        )
    return record


def _move(
    record,
    workflow: str,
    to_status: str,
    *,
    actor,
    reason: str,
    changes: dict,
    notification=None,
    national_review=None,
    audit_action: str,
    request=None,
) -> None:
    """Apply `changes`, move the workflow, append the status event and the audit event."""
    from_status = record.status
    check_transition(workflow, from_status, to_status)
    for name, value in changes.items():
        setattr(record, name, value)
    record.status = to_status
    record.version = F("version") + 1
    record.save(update_fields=[*changes, "status", "version"])
    record.refresh_from_db(fields=["version"])
    StatusEvent.objects.create(
        notification=notification,
        national_review=national_review,
        workflow=workflow,
        from_status=from_status,
        to_status=to_status,
        at=timezone.now(),
        actor=actor,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action=audit_action,
        object_type=record._meta.model_name,
        object_id=record.pk,
        changed_fields={"status": [from_status, to_status], **{k: str(v) for k, v in changes.items()}},
        reason=reason,
        request=request,
    )


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
    """The partners send their rapid review to the Panel (or resubmit after a query)."""
    review = _lock(RapidReview, rapid_review_id, version)
    if submitted_date < review.notification.aware_date:
        raise ValueError("a rapid review cannot be submitted before the local authority became aware")
    _move(
        review,
        "rapid_review",
        RapidReviewStatus.SUBMITTED,
        actor=actor,
        reason=reason,
        changes={"submitted_date": submitted_date, "lcspr_recommended": lcspr_recommended},
        notification=review.notification,
        audit_action="rapid_review.submit",
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
    if not reason.strip():
        raise ValueError("say what the Panel is asking")
    review = _lock(RapidReview, rapid_review_id, version)
    _move(
        review,
        "rapid_review",
        RapidReviewStatus.QUERIED,
        actor=actor,
        reason=reason,
        changes={"panel_query": reason.strip()},
        notification=review.notification,
        audit_action="rapid_review.query",
        request=request,
    )
    return review


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
    """The Panel responds to a submitted rapid review."""
    review = _lock(RapidReview, rapid_review_id, version)
    if review.submitted_date and response_date < review.submitted_date:
        raise ValueError("the Panel cannot respond before the rapid review was submitted")
    _move(
        review,
        "rapid_review",
        RapidReviewStatus.RESPONDED,
        actor=actor,
        reason=reason,
        changes={"panel_response_date": response_date, "national_review": national_review},
        notification=review.notification,
        audit_action="rapid_review.respond",
        request=request,
    )
    return review


@audit.action
def practice_review_commission(
    *, actor, notification_id: int, decision_date: date, reason: str = "", request=None
) -> PracticeReview:
    """The partners decide to commission a local child safeguarding practice review."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if hasattr(notification, "practice_review"):
        raise ValueError(f"notification {notification.ref} already has a local review")
    if decision_date < notification.aware_date:
        raise ValueError("the decision cannot come before the local authority became aware")
    due = clock.practice_review_due(decision_date)
    review = PracticeReview.objects.create(
        notification=notification,
        status=PracticeReviewStatus.COMMISSIONED,
        decision_date=decision_date,
        publication_due_date=due.publication,
        final_report_due_date=due.final_report,
    )
    StatusEvent.objects.create(
        notification=notification,
        workflow="practice_review",
        from_status="",
        to_status=review.status,
        at=timezone.now(),
        actor=actor,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action="practice_review.commission",
        object_type="practicereview",
        object_id=review.pk,
        changed_fields={"decision_date": decision_date.isoformat()},
        reason=reason,
        request=request,
    )
    return review


@audit.action
def practice_review_send_final_report(
    *, actor, practice_review_id: int, version: int | None, final_report_date: date, reason: str = "", request=None
) -> PracticeReview:
    """The final report goes to the Panel and the Secretary of State."""
    review = _lock(PracticeReview, practice_review_id, version)
    if final_report_date < review.decision_date:
        raise ValueError("the final report cannot be sent before the review was commissioned")
    _move(
        review,
        "practice_review",
        PracticeReviewStatus.FINAL_REPORT_SENT,
        actor=actor,
        reason=reason,
        changes={"final_report_date": final_report_date},
        notification=review.notification,
        audit_action="practice_review.send_final_report",
        request=request,
    )
    return review


@audit.action
def practice_review_publish(
    *,
    actor,
    practice_review_id: int,
    version: int | None,
    published_date: date,
    delay_reasons: str = "",
    reason: str = "",
    request=None,
) -> PracticeReview:
    """The partners published the report; a late publication carries its reasons for delay.

    Reasons for a delay are recorded and reported (Working Together 2023, chapter 5):
    publication after the due date without them is refused, so the one page that
    publishes also records them, in one change.
    """
    review = _lock(PracticeReview, practice_review_id, version)
    if review.final_report_date and published_date < review.final_report_date:
        raise ValueError("a review cannot be published before its final report was sent")
    changes: dict = {"published_date": published_date}
    if delay_reasons.strip():
        changes["delay_reasons"] = delay_reasons.strip()
    if published_date > review.publication_due_date and not (changes.get("delay_reasons") or review.delay_reasons):
        raise ValueError("publication is later than the due date: record the reasons for the delay")
    _move(
        review,
        "practice_review",
        PracticeReviewStatus.PUBLISHED,
        actor=actor,
        reason=reason,
        changes=changes,
        notification=review.notification,
        audit_action="practice_review.publish",
        request=request,
    )
    return review


@audit.action
def practice_review_record_not_published(
    *, actor, practice_review_id: int, version: int | None, reason: str, request=None
) -> PracticeReview:
    """The partners decided not to publish; they must say why (and publish the improvements)."""
    if not reason:
        raise ValueError("record why the report will not be published")
    review = _lock(PracticeReview, practice_review_id, version)
    _move(
        review,
        "practice_review",
        PracticeReviewStatus.NOT_PUBLISHED,
        actor=actor,
        reason=reason,
        changes={},
        notification=review.notification,
        audit_action="practice_review.not_published",
        request=request,
    )
    return review


@audit.action
def national_review_create(
    *, actor, title: str, topic: str, notification_ids: list[int] = (), reason: str = "", request=None
) -> NationalReview:
    review = NationalReview.objects.create(title=title, topic=topic, status=NationalReviewStatus.PROPOSED)
    review.notifications.set(notification_ids)
    StatusEvent.objects.create(
        national_review=review,
        workflow="national_review",
        from_status="",
        to_status=review.status,
        at=timezone.now(),
        actor=actor,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action="national_review.create",
        object_type="nationalreview",
        object_id=review.pk,
        changed_fields={"title": title, "topic": topic, "notifications": list(notification_ids)},
        reason=reason,
        request=request,
    )
    return review


@audit.action
def national_review_commission(
    *, actor, national_review_id: int, version: int | None, commissioned_date: date, reason: str = "", request=None
) -> NationalReview:
    review = _lock(NationalReview, national_review_id, version)
    _move(
        review,
        "national_review",
        NationalReviewStatus.COMMISSIONED,
        actor=actor,
        reason=reason,
        changes={"commissioned_date": commissioned_date},
        national_review=review,
        audit_action="national_review.commission",
        request=request,
    )
    return review


@audit.action
def national_review_publish(
    *, actor, national_review_id: int, version: int | None, published_date: date, reason: str = "", request=None
) -> NationalReview:
    review = _lock(NationalReview, national_review_id, version)
    if review.commissioned_date and published_date < review.commissioned_date:
        raise ValueError("a national review cannot be published before it was commissioned")
    _move(
        review,
        "national_review",
        NationalReviewStatus.PUBLISHED,
        actor=actor,
        reason=reason,
        changes={"published_date": published_date},
        national_review=review,
        audit_action="national_review.publish",
        request=request,
    )
    return review


@audit.action
def national_review_add_notifications(
    *, actor, national_review_id: int, version: int | None, notification_ids: list[int], reason: str = "", request=None
) -> NationalReview:
    """The Panel takes more cases into a national review it has already opened."""
    review = _lock(NationalReview, national_review_id, version)
    if review.status == NationalReviewStatus.PUBLISHED:
        raise ValueError("a published national review cannot take more cases")
    before = set(review.notifications.values_list("pk", flat=True))
    added = sorted(set(notification_ids) - before)
    review.notifications.add(*added)
    review.version = F("version") + 1
    review.save(update_fields=["version"])
    review.refresh_from_db(fields=["version"])
    audit.record(
        actor=actor,
        action="national_review.add_notifications",
        object_type="nationalreview",
        object_id=review.pk,
        changed_fields={"notifications": added},
        reason=reason,
        request=request,
    )
    return review
