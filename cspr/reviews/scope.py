"""Scoped lookups of a case's reviews for the pages: thin helpers on `visible_to` (404 outside the person's scope)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from cspr.cases import scope
from cspr.reviews.models import NationalReview, PracticeReview


def get_rapid_review_for(user, ref: str):
    """The notification and its rapid review, if the person can see the case (404 otherwise)."""
    notification = scope.get_notification_for(user, ref)
    return notification, notification.rapid_review


def get_practice_review_for(user, ref: str):
    """The notification and its local review; 404 when out of scope or when none was commissioned."""
    notification = scope.get_notification_for(user, ref)
    reviews = PracticeReview.objects.visible_to(user).select_related("reviewer")
    review = reviews.filter(notification=notification).first()
    if review is None:
        raise Http404("no local review has been commissioned for this notification")
    return notification, review


def national_reviews_for(user):
    """The national reviews the person may see (`access.national_reviews`): the Panel all of them, a
    partnership's staff those that gather one of their cases, a reviewer those they are appointed to."""
    return NationalReview.objects.visible_to(user)


def get_national_review_for(user, pk: int):
    return get_object_or_404(national_reviews_for(user), pk=pk)
