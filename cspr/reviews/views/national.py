"""National reviews: the Panel's own reviews of cases of complex or national importance.

Panel members and the secretariat see them; the secretariat creates,
commissions and publishes them. Anyone else finds no national review (404).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import scope
from cspr.core import access
from cspr.domain.workflow import NationalReviewStatus
from cspr.govuk.forms import submit
from cspr.govuk.pages import form_page
from cspr.reviews import actions
from cspr.reviews import scope as review_scope
from cspr.reviews.forms import national as forms
from cspr.reviews.writes import STATUS_FIELD


@require_safe
@login_required
def national_review_list(request):
    access.require(request.user, "cases.view_national_reviews")
    reviews = review_scope.national_reviews_for(request.user).annotate(cases=Count("notifications")).order_by("-pk")
    return render(request, "reviews/national_review_list.html", {"reviews": reviews})


@require_http_methods(["GET", "POST"])
@login_required
def national_review_create(request):
    access.require(request.user, "cases.manage_national_reviews")
    initial = {"refs": request.GET.get("notification", "")}
    form = forms.NationalReviewForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        review = actions.national_review_create(
            actor=request.user,
            title=form.cleaned_data["title"].strip(),
            topic=form.cleaned_data["topic"].strip(),
            notification_ids=form.notification_ids,
            request=request,
        )
        return redirect("national_review_detail", pk=review.pk)
    return form_page(
        request,
        form,
        title="Start a national review",
        caption="National reviews",
        back=reverse("national_review_list"),
        submit="Start the review",
    )


@require_safe
@login_required
def national_review_detail(request, pk: int):
    review = review_scope.get_national_review_for(request.user, pk)
    return render(
        request,
        "reviews/national_review_detail.html",
        {
            "review": review,
            "notifications": scope.notifications_for(request.user)
            .filter(national_reviews=review)
            .select_related("local_authority")
            .order_by("notified_date", "ref"),
            "events": review.status_events.select_related("actor"),
            "can_manage": request.user.has_perm("cases.manage_national_reviews"),
        },
    )


def _managed(request, pk: int):
    review = review_scope.get_national_review_for(request.user, pk)
    access.require(request.user, "cases.manage_national_reviews")
    return review


def _cannot(request, review, title: str, message: str):
    return render(
        request,
        "reviews/cannot.html",
        {"n": None, "title": title, "message": message, "back": reverse("national_review_detail", args=[review.pk])},
    )


def _move_page(request, review, *, form, move, title: str, field: str):
    if submit(
        request,
        form,
        move,
        lambda d: {field: d[field]},
        national_review_id=review.pk,
        messages={STATUS_FIELD: "Someone else has already recorded this"},
    ):
        return redirect("national_review_detail", pk=review.pk)
    return form_page(
        request,
        form,
        title=title,
        heading=field,
        caption=review.title,
        back=reverse("national_review_detail", args=[review.pk]),
        submit="Save",
    )


@require_http_methods(["GET", "POST"])
@login_required
def national_review_commission(request, pk: int):
    review = _managed(request, pk)
    if review.status != NationalReviewStatus.PROPOSED:
        return _cannot(request, review, "The national review has already been commissioned", "It can now be published.")
    form = forms.CommissionForm(request.POST or None, initial={"version": review.version})
    return _move_page(
        request,
        review,
        form=form,
        move=actions.national_review_commission,
        title=form.fields["commissioned_date"].label,
        field="commissioned_date",
    )


@require_http_methods(["GET", "POST"])
@login_required
def national_review_publish(request, pk: int):
    review = _managed(request, pk)
    if review.status != NationalReviewStatus.COMMISSIONED:
        message = (
            "Record when it was commissioned first."
            if review.status == NationalReviewStatus.PROPOSED
            else "It is published."
        )
        return _cannot(request, review, "The national review cannot be published now", message)
    form = forms.PublishForm(request.POST or None, initial={"version": review.version})
    return _move_page(
        request,
        review,
        form=form,
        move=actions.national_review_publish,
        title=form.fields["published_date"].label,
        field="published_date",
    )
