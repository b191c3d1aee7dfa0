"""Scoped lookups of case data for the pages: thin helpers on `Notification.objects.visible_to(user)`.

Who sees which case is decided in cspr/core/access.py; a record outside the
person's scope is simply not found (404), never "forbidden": a 403 would confirm
that the record exists. A lint test fails when a view module reaches a scoped
model's manager without `visible_to`.
"""

from datetime import date

from django.shortcuts import get_object_or_404

from cspr.cases.models import Notification
from cspr.core.reference import AreaIndex
from cspr.domain.standard_cells import LA_CODE_PATTERN


def notifications_for(user):
    return Notification.objects.visible_to(user)


def get_notification_for(user, ref: str) -> Notification:
    return get_object_or_404(
        notifications_for(user).select_related("local_authority", "partnership", "rapid_review"), ref=ref
    )


def notifications_with_refs(user, refs):
    """The person's notifications among `refs` (refs they cannot see are simply absent)."""
    return notifications_for(user).filter(ref__in=list(refs))


# A reference another notification has, which the person cannot see: it is refused (references are
# unique nationally), in words that do not say a case has it, as the API's 404 never says one exists.
REF_UNUSABLE = "this reference cannot be used: choose another"


def taken_ref_words(user, ref: str, *, areas: AreaIndex, on: date) -> str | None:
    """Why `user` may not give `ref` to a notification (another has it), or None when it is free.

    References are unique nationally, so a taken one is always refused, but only a person who can
    see the case that has it is told a case does. For anyone else the words name no case: when the
    reference begins with a local authority's code outside the person's partnership (as references
    made by the intake do), they say that, which is what the person needs to choose another;
    otherwise only that it cannot be used. The API, the intake pages and corrections all ask here
    (cspr/cases/actions/service.py `refuse_taken_ref`).
    """
    if not Notification.objects.filter(ref=ref).exists():
        return None
    if notifications_for(user).filter(ref=ref).exists():
        return f"a notification with reference {ref} already exists"
    code = ref[:9]
    own = getattr(user, "partnership_id", None)
    if LA_CODE_PATTERN.match(code) and not ref[9:10].isalnum():
        covering = areas.partnership_for(code, on)
        if own and covering and covering != own:
            return (
                f"this reference begins with {code}, a local authority outside your partnership: "
                "choose a reference of your own, such as one beginning with your local authority's code"
            )
    return REF_UNUSABLE


def next_free_ref(prefix: str) -> str:
    """`<prefix>-<n>` with the smallest n not yet used, for a notification recorded without a reference."""
    taken = set(Notification.objects.filter(ref__startswith=f"{prefix}-").values_list("ref", flat=True))
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"
