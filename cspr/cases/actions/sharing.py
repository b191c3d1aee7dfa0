"""Sharing a case with another safeguarding partnership, by hand or because a child lives there.

A notification belongs to the partnership of the authority where the incident happened
(`la_code`). A child who normally lives in another authority's area (`home_la_code`) makes
that authority's partnership a partner concerned: the case is shared with it automatically
when the record is written (import, intake or correction), audited like any share, and the
Panel may withdraw a share. A correction (or a re-import) that leaves no child living in that
partnership's area withdraws the automatic share (never one made by hand): a mistyped home
authority must not keep showing another partnership the child's record.
"""

from django.utils import timezone

from cspr.cases.models import CaseShare, Notification
from cspr.core import audit
from cspr.domain.refusal import Refused, required

HOME_AUTHORITY_REASON = "the child's home authority (shared automatically: a child normally lives in its area)"
# {by}: what rewrote the children ("a correction", or the import's "imported from FILE").
HOME_AUTHORITY_GONE = (
    "no child of the case normally lives in this partnership's area now ({by}): the automatic share ends"
)


@audit.action
def case_share(*, actor, notification_id: int, partnership_id: str, reason: str, request=None) -> CaseShare:
    """Let another partnership see a case (e.g. the child's home authority's partnership)."""
    reason = required(reason, field="reason", message="say why the case is shared")
    notification = Notification.objects.get(pk=notification_id)
    if notification.partnership_id == partnership_id:
        raise Refused("partnership", "the case already belongs to that partnership")
    share, created = CaseShare.objects.get_or_create(
        notification=notification,
        partnership_id=partnership_id,
        defaults={"shared_by": actor, "shared_at": timezone.now(), "reason": reason},
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


def home_partnerships(record_children: list[dict], areas, *, incident_date, own: str) -> list[str]:
    """The partnerships of the children's home authorities other than the case's own (`own`), in code order."""
    found = {
        areas.partnership_for(child["home_la_code"], incident_date)
        for child in record_children
        if child.get("home_la_code")
    }
    return sorted(p for p in found if p and p != own)


def share_with_home_authorities(*, actor, notification: Notification, children: list[dict], areas) -> list[str]:
    """Share the case with each child's home authority's partnership it is not yet shared with."""
    already = set(notification.shares.values_list("partnership_id", flat=True))
    wanted = home_partnerships(
        children, areas, incident_date=notification.incident_date, own=notification.partnership_id
    )
    wanted = [p for p in wanted if p not in already]
    for partnership_id in wanted:
        case_share(
            actor=actor, notification_id=notification.pk, partnership_id=partnership_id, reason=HOME_AUTHORITY_REASON
        )
    return wanted


def withdraw_home_authority_shares(
    *, actor, notification: Notification, children: list[dict], areas, by: str = "a correction", request=None
) -> list[str]:
    """End the automatic shares (HOME_AUTHORITY_REASON) no child's home authority now calls for; the partnerships.

    Called inside the transaction of whatever rewrote the record (`by`, said in the audit reason): a
    correction, or `cspr import` updating a recorded case. A share made by hand (`case_share` with
    another reason) is the person's decision and stays until the Panel withdraws it.
    """
    wanted = set(
        home_partnerships(children, areas, incident_date=notification.incident_date, own=notification.partnership_id)
    )
    automatic = notification.shares.filter(reason=HOME_AUTHORITY_REASON).exclude(partnership_id__in=wanted)
    gone = sorted(automatic.values_list("partnership_id", flat=True))
    if not gone:
        return []
    notification.shares.filter(reason=HOME_AUTHORITY_REASON, partnership_id__in=gone).delete()
    audit.record_many(
        actor=actor,
        events=[
            audit.PendingEvent(
                "notification.share_withdraw",
                "notification",
                notification.ref,
                {"partnership": partnership_id},
                HOME_AUTHORITY_GONE.format(by=by),
            )
            for partnership_id in gone
        ],
        request=request,
    )
    return gone


def home_authority_shares(cases: list, *, areas, actor, writer) -> list[audit.PendingEvent]:
    """Share new cases (`cases`: (notification id, record) just written) with their children's home authorities.

    Set-based, for an import's new cases (cspr/core/bulk.py); returns the audit
    events `case_share` would have recorded, for the caller to write with its own.
    """
    rows, events = [], []
    for pk, record in cases:
        if not any(child.get("home_la_code") for child in record.children):
            continue
        f = record.fields
        own = areas.partnership_for(f["la_code"], f["incident_date"])
        for partnership_id in home_partnerships(record.children, areas, incident_date=f["incident_date"], own=own):
            rows.append({"notification_id": pk, "partnership_id": partnership_id, "shared_by_id": actor.pk})
            events.append(
                audit.PendingEvent(
                    "notification.share",
                    "notification",
                    record.ref,
                    {"partnership": partnership_id},
                    HOME_AUTHORITY_REASON,
                )
            )
    writer.insert(CaseShare, [row | {"shared_at": writer.now, "reason": HOME_AUTHORITY_REASON} for row in rows])
    return events


@audit.action
def case_share_withdraw(*, actor, notification_id: int, partnership_id: str, reason: str, request=None) -> None:
    """The Panel withdraws a share (an automatic one made in error, say); the partnership no longer sees the case."""
    if not actor.has_perm("cases.withdraw_share"):
        raise Refused(None, "only the Panel secretariat can withdraw a share")
    reason = required(reason, field="reason", message="say why the share is withdrawn")
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
        reason=reason,
        request=request,
    )
