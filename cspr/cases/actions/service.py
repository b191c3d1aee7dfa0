"""Actions behind the service's pages that the interchange standard does not cover."""

from datetime import date

from django.db.models import F
from django.utils import timezone

from cspr.cases.actions.load import create_records
from cspr.cases.actions.reviews import _lock
from cspr.cases.models import CaseShare, Milestone, Notification, PracticeReview, RapidReview
from cspr.core import audit
from cspr.core.reference import AreaIndex
from cspr.domain.standard import NotificationRecord

RAPID_REVIEW_NARRATIVE = ("facts", "agencies_involved", "immediate_actions", "learning", "decision_reasons")


@audit.action
def notification_record(*, actor, record: NotificationRecord, areas: AreaIndex, request=None) -> Notification:
    """A partnership records a notification through the intake pages (already checked by the standard's rules)."""
    if Notification.objects.filter(ref=record.ref).exists():
        raise ValueError(f"a notification with reference {record.ref} already exists")
    [notification] = create_records(
        [record], actor=actor, areas=areas, reason="recorded in the service", audit_action="notification.record"
    )
    return notification


@audit.action
def rapid_review_save(
    *, actor, rapid_review_id: int, version: int | None, changes: dict, themes: list[str], request=None
) -> RapidReview:
    """Save the rapid review's narrative and themes while the partners work on it."""
    unknown = set(changes) - set(RAPID_REVIEW_NARRATIVE) - {"lcspr_recommended"}
    if unknown:
        raise ValueError(f"not part of a rapid review's narrative: {', '.join(sorted(unknown))}")
    review = _lock(RapidReview, rapid_review_id, version)
    if review.status not in ("due", "queried"):
        raise ValueError("a submitted rapid review can no longer be edited")
    changed = [name for name, value in changes.items() if getattr(review, name) != value]
    for name in changed:
        setattr(review, name, changes[name])
    review.version = F("version") + 1
    review.save(update_fields=[*changed, "version"])
    review.refresh_from_db(fields=["version"])
    before = {t.code for t in review.themes.all()}
    review.themes.set(themes)
    if before != set(themes):
        changed.append("themes")
    audit.record(
        actor=actor,
        action="rapid_review.save",
        object_type="rapidreview",
        object_id=review.pk,
        changed_fields={"fields": sorted(changed)},
        request=request,
    )
    return review


@audit.action
def practice_review_assign_reviewer(
    *, actor, practice_review_id: int, version: int | None, reviewer, request=None
) -> PracticeReview:
    if reviewer is not None and reviewer.role != "reviewer":
        raise ValueError(f"{reviewer} is not an independent reviewer")
    review = _lock(PracticeReview, practice_review_id, version)
    review.reviewer = reviewer
    review.version = F("version") + 1
    review.save(update_fields=["reviewer", "version"])
    review.refresh_from_db(fields=["version"])
    audit.record(
        actor=actor,
        action="practice_review.assign_reviewer",
        object_type="practicereview",
        object_id=review.pk,
        changed_fields={"reviewer": reviewer.pk if reviewer else None},
        request=request,
    )
    return review


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
    review = _lock(PracticeReview, practice_review_id, version)
    if completed_date < review.decision_date:
        raise ValueError("a milestone cannot come before the decision to commission the review")
    milestone, _ = Milestone.objects.update_or_create(
        practice_review=review, kind=kind, defaults={"completed_date": completed_date, "note": note}
    )
    PracticeReview.objects.filter(pk=review.pk).update(version=F("version") + 1)
    audit.record(
        actor=actor,
        action="practice_review.record_milestone",
        object_type="practicereview",
        object_id=review.pk,
        changed_fields={"milestone": kind, "completed_date": completed_date.isoformat()},
        request=request,
    )
    return milestone


@audit.action
def practice_review_record_delay(
    *, actor, practice_review_id: int, version: int | None, reasons: str, request=None
) -> PracticeReview:
    """Reasons for a delay are recorded and reported (Working Together)."""
    if not reasons.strip():
        raise ValueError("say why the review is delayed")
    review = _lock(PracticeReview, practice_review_id, version)
    review.delay_reasons = reasons.strip()
    review.version = F("version") + 1
    review.save(update_fields=["delay_reasons", "version"])
    review.refresh_from_db(fields=["version"])
    audit.record(
        actor=actor,
        action="practice_review.record_delay",
        object_type="practicereview",
        object_id=review.pk,
        changed_fields={"fields": ["delay_reasons"]},
        request=request,
    )
    return review


@audit.action
def case_share(*, actor, notification_id: int, partnership_id: str, reason: str, request=None) -> CaseShare:
    """Let another partnership see a case (e.g. the child's home authority's partnership)."""
    if not reason.strip():
        raise ValueError("say why the case is shared")
    notification = Notification.objects.get(pk=notification_id)
    if notification.partnership_id == partnership_id:
        raise ValueError("the case already belongs to that partnership")
    share, created = CaseShare.objects.get_or_create(
        notification=notification,
        partnership_id=partnership_id,
        defaults={"shared_by": actor, "shared_at": timezone.now(), "reason": reason.strip()},
    )
    if created:
        audit.record(
            actor=actor,
            action="notification.share",
            object_type="notification",
            object_id=notification.ref,
            changed_fields={"partnership": partnership_id},
            reason=reason,
            request=request,
        )
    return share


def notification_viewed(*, actor, notification: Notification, page: str = "", request=None) -> None:
    """A person opened a child-level record: audited like a write (who saw this record).

    `page` names the page when it is not the notification's own (the rapid review
    form, the Panel's response page), so the access report says what was seen.
    """
    audit.record(
        actor=actor,
        action="notification.view",
        object_type="notification",
        object_id=notification.ref,
        changed_fields={"page": page} if page else None,
        request=request,
    )
