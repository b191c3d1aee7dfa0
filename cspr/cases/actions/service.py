"""Actions behind the service's pages that the interchange standard does not cover."""

from django.utils import timezone

from cspr.cases.actions.load import create_records
from cspr.cases.models import CaseShare, Notification
from cspr.core import audit
from cspr.core.reference import AreaIndex
from cspr.domain.refusal import Refused
from cspr.domain.standard import NotificationRecord


@audit.action
def notification_record(*, actor, record: NotificationRecord, areas: AreaIndex, request=None) -> Notification:
    """A partnership records a notification through the intake pages (already checked by the standard's rules)."""
    if Notification.objects.filter(ref=record.ref).exists():
        raise Refused("ref", f"a notification with reference {record.ref} already exists")
    [notification] = create_records(
        [record], actor=actor, areas=areas, reason="recorded in the service", audit_action="notification.record"
    )
    return notification


@audit.action
def case_share(*, actor, notification_id: int, partnership_id: str, reason: str, request=None) -> CaseShare:
    """Let another partnership see a case (e.g. the child's home authority's partnership)."""
    if not reason.strip():
        raise Refused("reason", "say why the case is shared")
    notification = Notification.objects.get(pk=notification_id)
    if notification.partnership_id == partnership_id:
        raise Refused("partnership", "the case already belongs to that partnership")
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
        action=audit.CASE_VIEW,
        object_type="notification",
        object_id=notification.ref,
        changed_fields={"page": page} if page else None,
        request=request,
    )
