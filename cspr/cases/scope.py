"""Scoped reads of case data: the only way views reach the register.

Each helper starts from `Notification.objects.visible_to(user)`, so a record
outside the person's scope is simply not found (404), never "forbidden": a 403
would confirm that the record exists. A lint test fails when a view module
touches a case model's manager directly.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cspr.cases.models import Notification, PracticeReview, RapidReview


def notifications_for(user):
    return Notification.objects.visible_to(user)


def get_notification_for(user, ref: str) -> Notification:
    return get_object_or_404(
        notifications_for(user).select_related("local_authority", "partnership", "rapid_review"), ref=ref
    )


def rapid_reviews_for(user):
    return RapidReview.objects.filter(notification__in=notifications_for(user))


def practice_reviews_for(user):
    return PracticeReview.objects.filter(notification__in=notifications_for(user))


def require(user, perm: str, obj=None) -> None:
    """403 for a verb the person's role does not allow on a record they can see."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
