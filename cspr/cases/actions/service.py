"""Actions behind the service's pages that the interchange standard does not cover."""

from datetime import date

from cspr.cases import scope
from cspr.cases.actions.load import create_records, late_reason_problem
from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.reference import AreaIndex
from cspr.domain.refusal import Refused
from cspr.domain.standard import NotificationRecord


def refuse_taken_ref(actor, ref: str, *, field: str, areas: AreaIndex, on: date) -> None:
    """Refuse `ref` when another notification has it, in the words `scope.taken_ref_words` gives `actor`."""
    if words := scope.taken_ref_words(actor, ref, areas=areas, on=on):
        raise Refused(field, words)


@audit.action
def notification_record(*, actor, record: NotificationRecord, areas: AreaIndex, request=None) -> Notification:
    """A partnership records a notification through the intake pages (already checked by the standard's rules)."""
    refuse_taken_ref(actor, record.ref, field="notification_ref", areas=areas, on=record.fields["incident_date"])
    if message := late_reason_problem(record.fields):
        raise Refused("late_notification_reason", message)
    [pk] = create_records(
        [record], actor=actor, areas=areas, reason="recorded in the service", audit_action="notification.record"
    )
    return Notification.objects.get(pk=pk)


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
