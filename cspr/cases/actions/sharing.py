"""Sharing a case with another safeguarding partnership, by hand or because a child lives there.

A notification belongs to the partnership of the authority where the incident happened
(`la_code`). A child who normally lives in another authority's area (`home_la_code`) makes
that authority's partnership a partner concerned: the case is shared with it automatically
when the record is written (import, intake or correction), audited like any share, and the
Panel may withdraw a share.
"""

from django.utils import timezone

from cspr.cases.models import CaseShare, Notification
from cspr.core import audit
from cspr.domain.refusal import Refused

HOME_AUTHORITY_REASON = "the child's home authority (shared automatically: a child normally lives in its area)"


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


def home_partnerships(notification: Notification, record_children: list[dict], areas) -> list[str]:
    """The partnerships of the children's home authorities other than the case's own, in code order."""
    found = {
        areas.partnership_for(child["home_la_code"], notification.incident_date)
        for child in record_children
        if child.get("home_la_code")
    }
    return sorted(p for p in found if p and p != notification.partnership_id)


def share_with_home_authorities(*, actor, notification: Notification, children: list[dict], areas) -> list[str]:
    """Share the case with each child's home authority's partnership it is not yet shared with."""
    already = set(notification.shares.values_list("partnership_id", flat=True))
    wanted = [p for p in home_partnerships(notification, children, areas) if p not in already]
    for partnership_id in wanted:
        case_share(
            actor=actor, notification_id=notification.pk, partnership_id=partnership_id, reason=HOME_AUTHORITY_REASON
        )
    return wanted


@audit.action
def case_share_withdraw(*, actor, notification_id: int, partnership_id: str, reason: str, request=None) -> None:
    """The Panel withdraws a share (an automatic one made in error, say); the partnership no longer sees the case."""
    if not actor.has_perm("cases.withdraw_share"):
        raise Refused(None, "only the Panel secretariat can withdraw a share")
    if not reason.strip():
        raise Refused("reason", "say why the share is withdrawn")
    notification = Notification.objects.get(pk=notification_id)
    deleted, _ = CaseShare.objects.filter(notification=notification, partnership_id=partnership_id).delete()
    if not deleted:
        raise Refused("partnership", f"the case is not shared with {partnership_id}")
    audit.record(
        actor=actor,
        action="notification.share_withdraw",
        object_type="notification",
        object_id=notification.ref,
        changed_fields={"partnership": partnership_id},
        reason=reason.strip(),
        request=request,
    )
