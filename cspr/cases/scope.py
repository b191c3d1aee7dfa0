"""Scoped lookups of case data for the pages: thin helpers on `Notification.objects.visible_to(user)`.

Who sees which case is decided in cspr/core/access.py; a record outside the
person's scope is simply not found (404), never "forbidden": a 403 would confirm
that the record exists. A lint test fails when a view module reaches a scoped
model's manager without `visible_to`.
"""

from django.shortcuts import get_object_or_404

from cspr.cases.models import Notification


def notifications_for(user):
    return Notification.objects.visible_to(user)


def get_notification_for(user, ref: str) -> Notification:
    return get_object_or_404(
        notifications_for(user).select_related("local_authority", "partnership", "rapid_review"), ref=ref
    )


def notifications_with_refs(user, refs):
    """The person's notifications among `refs` (refs they cannot see are simply absent)."""
    return notifications_for(user).filter(ref__in=list(refs))


def ref_in_use(ref: str) -> bool:
    """Whether a notification reference is taken anywhere (references are unique nationally).

    Tells the intake pages only that a reference is taken, never whose case it is.
    """
    return Notification.objects.filter(ref=ref).exists()


def next_free_ref(prefix: str) -> str:
    """`<prefix>-<n>` with the smallest n not yet used, for a notification recorded without a reference."""
    taken = set(Notification.objects.filter(ref__startswith=f"{prefix}-").values_list("ref", flat=True))
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"
