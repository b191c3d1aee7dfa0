"""Actions behind the service's pages that the interchange standard does not cover."""

from datetime import date

from cspr.cases.actions.load import create_records
from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.reference import AreaIndex
from cspr.domain.refusal import Refused
from cspr.domain.standard import NotificationRecord
from cspr.domain.standard_cells import LA_CODE_PATTERN

# A reference another notification has, which the person cannot see: it is refused (references are
# unique nationally), in words that do not say a case has it, as the API's 404 never says one exists.
REF_UNUSABLE = "this reference cannot be used: choose another"


def refuse_taken_ref(actor, ref: str, *, field: str, areas: AreaIndex, on: date) -> None:
    """Refuse `ref` when another notification has it; only a person who can see that case is told so.

    For anyone else the refusal names no case: when the reference begins with a local authority's
    code outside the person's partnership (as references made by the intake do), it says that,
    which is what they need to choose another; otherwise only that it cannot be used.
    """
    if not Notification.objects.filter(ref=ref).exists():
        return
    if Notification.objects.visible_to(actor).filter(ref=ref).exists():
        raise Refused(field, f"a notification with reference {ref} already exists")
    code = ref[:9]
    own = getattr(actor, "partnership_id", None)
    if LA_CODE_PATTERN.match(code) and not ref[9:10].isalnum():
        covering = areas.partnership_for(code, on)
        if own and covering and covering != own:
            raise Refused(
                field,
                f"this reference begins with {code}, a local authority outside your partnership: "
                "choose a reference of your own, such as one beginning with your local authority's code",
            )
    raise Refused(field, REF_UNUSABLE)


@audit.action
def notification_record(*, actor, record: NotificationRecord, areas: AreaIndex, request=None) -> Notification:
    """A partnership records a notification through the intake pages (already checked by the standard's rules)."""
    refuse_taken_ref(actor, record.ref, field="notification_ref", areas=areas, on=record.fields["incident_date"])
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
