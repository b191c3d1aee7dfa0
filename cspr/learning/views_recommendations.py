"""Recording a review's recommendations as its report makes them, so partnerships can act on them.

The manager of the partnership that made a local review records its recommendations; the Panel
secretariat records any review's (national reviews, legacy serious case reviews):
`learning.record_recommendations` in cspr/core/access.py. Reads go through `visible_to` (out of
scope: 404, before any 403); every write through cspr/learning/actions/reviews.py (versioned, audited).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cspr.core import access, audit
from cspr.govuk.forms import submit
from cspr.govuk.pages import cannot, form_page
from cspr.learning import actions
from cspr.learning.actions import reviews as review_actions  # its removal: not exported by actions/__init__ yet
from cspr.learning.forms_recommendations import (
    RecommendationChangeForm,
    RecommendationForm,
    RecommendationRemoveForm,
)
from cspr.learning.models import PublishedReview, Recommendation

PERMISSION = "learning.record_recommendations"


def _recommendation_for(request, pk: int) -> Recommendation:
    """The recommendation, if the person may see its review (else 404) and record its recommendations (else 403)."""
    recommendation = get_object_or_404(Recommendation.objects.visible_to(request.user).select_related("review"), pk=pk)
    access.require(request.user, PERMISSION, recommendation.review)
    return recommendation


def _shown(request, review: PublishedReview) -> None:
    """A form page names the review: read like its page (audited when it is part of a case's record)."""
    if request.method == "GET" and not audit.headers_only(request):
        actions.review_viewed(actor=request.user, review=review, request=request)


def _back(review: PublishedReview) -> str:
    return reverse("learning_review_detail", args=[review.pk]) + "#recommendations"


def _done(review: PublishedReview) -> str:
    """Where a saved change lands: the review's page from its top, without the #recommendations the
    back links use, so its success banner is on screen and takes focus, as after other saves."""
    return reverse("learning_review_detail", args=[review.pk])


def _of(review: PublishedReview) -> str:
    # Each page's title (its h1) names the review, so tabs and history tell two reviews' pages apart.
    return f"of {review.title}"


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_add(request, pk: int):
    review = get_object_or_404(PublishedReview.objects.visible_to(request.user), pk=pk)
    access.require(request.user, PERMISSION, review)
    _shown(request, review)
    form = RecommendationForm(request.POST or None)
    added = []  # its number, when left blank, is the action's to choose: the banner names it after
    if submit(
        request,
        form,
        lambda **kwargs: added.append(actions.recommendation_add(**kwargs)),
        form.action_arguments,
        review_id=review.pk,
    ):
        messages.success(request, f"Recommendation {added[0].position} is recorded")
        return redirect(_done(review))
    return form_page(
        request,
        form,
        title=f"Add a recommendation to {review.title}",
        caption="Recommendations",
        intro="Record a recommendation as the review's report makes it. Partnerships then record "
        "their actions against it.",
        back=_back(review),
        submit="Add the recommendation",
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_change(request, pk: int):
    recommendation = _recommendation_for(request, pk)
    review = recommendation.review
    _shown(request, review)
    form = RecommendationChangeForm(
        request.POST or None,
        initial={
            "version": recommendation.version,
            "position": recommendation.position,
            "text": recommendation.text,
            "owner_agency": recommendation.owner_agency,
            "due_date": recommendation.due_date,
            "status": recommendation.status,
        },
    )
    changed = []  # the banner names it by its number after the change, which may be a new one
    if submit(
        request,
        form,
        lambda **kwargs: changed.append(actions.recommendation_update(**kwargs)),
        form.action_arguments,
        recommendation_id=recommendation.pk,
    ):
        messages.success(request, f"Recommendation {changed[0].position} is changed")
        return redirect(_done(review))
    return form_page(
        request,
        form,
        title=f"Change recommendation {recommendation.position} {_of(review)}",
        caption="Recommendations",
        back=_back(review),
        submit="Save the recommendation",
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_remove(request, pk: int):
    recommendation = _recommendation_for(request, pk)
    review = recommendation.review
    _shown(request, review)
    if not review_actions.recommendation_removable(recommendation):
        # Explained before anyone writes a reason, rather than refused after (the action refuses too).
        return cannot(
            request,
            f"Recommendation {recommendation.position} {_of(review)} cannot be removed",
            review_actions.NOT_REMOVABLE[0].upper() + review_actions.NOT_REMOVABLE[1:] + ".",
            back=_back(review),
        )
    form = RecommendationRemoveForm(request.POST or None, initial={"version": recommendation.version})
    if submit(
        request,
        form,
        review_actions.recommendation_remove,
        lambda d: {"reason": d["reason"].strip()},
        success=f"Recommendation {recommendation.position} is removed",
        recommendation_id=recommendation.pk,
    ):
        return redirect(_done(review))
    return form_page(
        request,
        form,
        title=f"Remove recommendation {recommendation.position} {_of(review)}",
        caption="Recommendations",
        intro=f"“{recommendation.text}” Only a recommendation recorded in error is removed. Once a "
        "partnership has recorded actions against it, it stays: change its status instead.",
        back=_back(review),
        submit="Remove the recommendation",
    )
