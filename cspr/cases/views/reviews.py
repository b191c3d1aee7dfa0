"""The rapid review: the partners' form and its submission, the Panel's response, sharing a case.

Every page finds the case through the person's scope (404 outside it), then
checks the verb (403). Forms carry the version they showed; an action given a
stale one refuses (StaleRecord) and the page says someone else saved first.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cspr.cases import actions, scope
from cspr.cases.actions.reviews import national_review_add_notifications
from cspr.cases.forms import labels
from cspr.cases.forms import reviews as forms
from cspr.cases.views.common import form_page, render
from cspr.domain.workflow import RapidReviewStatus, TransitionNotAllowed
from cspr.learning.views import similar_for_case

EDITABLE = (RapidReviewStatus.DUE, RapidReviewStatus.QUERIED)


def cannot(request, notification, title: str, message: str, back: str | None = None):
    """A page that explains why an action is not possible now (the record's state, not the person's role)."""
    return render(
        request,
        "cases/cannot.html",
        {"n": notification, "title": title, "message": message, "back": back or _detail(notification)},
    )


def _detail(notification) -> str:
    return reverse("notification_detail", args=[notification.ref])


def _themes(review) -> list:
    return list(review.themes.order_by("position"))


def _viewed(request, notification, page: str) -> None:
    """Pages that show the rapid review's narrative are views of a child's record: audited."""
    actions.notification_viewed(actor=request.user, notification=notification, page=page, request=request)


@require_http_methods(["GET", "POST"])
@login_required
def rapid_review_edit(request, ref: str):
    notification, review = scope.get_rapid_review_for(request.user, ref)
    scope.require(request.user, "cases.edit_rapid_review", notification)
    context = {"n": notification, "review": review, "labels": labels, "themes": _themes(review)}
    if review.status not in EDITABLE:
        if request.method == "GET":
            _viewed(request, notification, "rapid_review")
        similar = similar_for_case(request.user, notification)
        return render(request, "cases/rapid_review.html", {**context, "form": None, "similar": similar})
    initial = {name: getattr(review, name) for name in (*forms.NARRATIVE, "lcspr_recommended", "version")}
    initial["themes"] = [theme.code for theme in context["themes"]]
    form = forms.RapidReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.rapid_review_save(
                actor=request.user,
                rapid_review_id=review.pk,
                version=form.cleaned_data["version"],
                changes=form.changes(),
                themes=form.cleaned_data["themes"],
                request=request,
            )
        except actions.StaleRecord:
            form.stale()
        except ValueError as error:  # sent to the Panel by someone else meanwhile
            form.add_error(None, str(error)[:1].upper() + str(error)[1:])
        else:
            sending = request.POST.get("next") == "submit"
            if sending and request.user.has_perm("cases.submit_rapid_review", notification):
                return redirect("rapid_review_submit", ref=notification.ref)
            return redirect(reverse("rapid_review_edit", args=[notification.ref]) + "?saved=1")
    if request.method == "GET":
        _viewed(request, notification, "rapid_review")
    return render(
        request,
        "cases/rapid_review.html",
        {
            **context,
            "form": form,
            "saved": request.GET.get("saved") == "1",
            "similar": similar_for_case(request.user, notification),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def rapid_review_submit(request, ref: str):
    notification, review = scope.get_rapid_review_for(request.user, ref)
    scope.require(request.user, "cases.submit_rapid_review", notification)
    if review.status not in EDITABLE:
        return cannot(
            request,
            notification,
            "The rapid review has already been sent",
            f"It was sent to the Panel on {review.submitted_date:%-d %B %Y}. "
            "You can send it again only if the Panel asks a question.",
        )
    queried = review.status == RapidReviewStatus.QUERIED
    form = forms.SubmitForm(request.POST or None, queried=queried, initial={"version": review.version})
    edit = reverse("rapid_review_edit", args=[notification.ref])
    gaps = [{"text": message, "href": f"{edit}#id_{field}"} for field, message in forms.submission_gaps(review)]
    if request.method == "POST" and not gaps and form.is_valid():
        data = form.cleaned_data
        try:
            actions.rapid_review_submit(
                actor=request.user,
                rapid_review_id=review.pk,
                version=data["version"],
                submitted_date=data["submitted_date"],
                lcspr_recommended=review.lcspr_recommended,
                themes=[theme.code for theme in _themes(review)],
                reason=data.get("answer", ""),
                request=request,
            )
        except actions.StaleRecord:
            form.stale()
        except TransitionNotAllowed:
            form.add_error(None, "The rapid review has already been sent to the Panel")
        except ValueError:
            form.add_error(
                "submitted_date",
                "Date sent to the Panel must be the same as or after the date the local authority became aware "
                f"({notification.aware_date:%-d %B %Y})",
            )
        else:
            return redirect("notification_detail", ref=notification.ref)
    if request.method == "GET":
        _viewed(request, notification, "rapid_review_submit")
    return render(
        request,
        "cases/rapid_review_submit.html",
        {
            "n": notification,
            "review": review,
            "labels": labels,
            "themes": _themes(review),
            "form": form,
            "gaps": gaps,
            "show_gaps": request.method == "POST" and bool(gaps),
            "page_has_errors": bool(form.errors) or (request.method == "POST" and bool(gaps)),
        },
    )


def _respondable(request, ref: str):
    notification, review = scope.get_rapid_review_for(request.user, ref)
    scope.require(request.user, "cases.respond_as_panel", notification)
    if review.status != RapidReviewStatus.SUBMITTED:
        words = {"due": "has not been sent to the Panel yet", "queried": "is waiting for the partners' answer"}
        return (
            notification,
            review,
            cannot(
                request,
                notification,
                "There is nothing to respond to",
                f"The rapid review {words.get(review.status, 'has already had the Panel’s response')}.",
            ),
        )
    return notification, review, None


@require_http_methods(["GET", "POST"])
@login_required
def panel_response(request, ref: str):
    notification, review, refused = _respondable(request, ref)
    if refused:
        return refused
    form = forms.ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = "panel_response_agree" if form.cleaned_data["response"] == "agree" else "panel_response_query"
        # The version the Panel member read travels on, so a response to a changed review is refused.
        return redirect(reverse(target, args=[notification.ref]) + f"?version={review.version}")
    if request.method == "GET":
        _viewed(request, notification, "panel_response")
    return render(
        request,
        "cases/panel_response.html",
        {
            "n": notification,
            "review": review,
            "labels": labels,
            "themes": _themes(review),
            "children": notification.children.all(),
            "form": form,
        },
    )


def _version_seen(request, review) -> int:
    seen = request.GET.get("version", "")
    return int(seen) if seen.isdigit() else review.version


@require_http_methods(["GET", "POST"])
@login_required
def panel_response_agree(request, ref: str):
    notification, review, refused = _respondable(request, ref)
    if refused:
        return refused
    form = forms.AgreeForm(request.POST or None, initial={"version": _version_seen(request, review)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.rapid_review_respond(
                actor=request.user,
                rapid_review_id=review.pk,
                version=data["version"],
                response_date=data["response_date"],
                national_review=data["national_review"],
                reason=data["comments"].strip(),
                request=request,
            )
        except actions.StaleRecord:
            form.stale()
        except ValueError:
            form.add_error(
                "response_date",
                "Date of the Panel's response must be the same as or after the date the rapid review was sent "
                f"({review.submitted_date:%-d %B %Y})",
            )
        else:
            if data["national_review"] == "yes" and request.user.has_perm("cases.manage_national_reviews"):
                return redirect("case_national_review", ref=notification.ref)
            return redirect("notification_detail", ref=notification.ref)
    return form_page(
        request,
        form,
        n=notification,
        title="Agree with the rapid review",
        back=reverse("panel_response", args=[notification.ref]),
        submit="Send the Panel's response",
    )


@require_http_methods(["GET", "POST"])
@login_required
def panel_response_query(request, ref: str):
    notification, review, refused = _respondable(request, ref)
    if refused:
        return refused
    form = forms.QueryForm(request.POST or None, initial={"version": _version_seen(request, review)})
    if (
        request.method == "POST"
        and form.is_valid()
        and form.run(
            actions.rapid_review_query,
            actor=request.user,
            rapid_review_id=review.pk,
            reason=form.cleaned_data["question"].strip(),
            request=request,
        )
    ):
        return redirect("notification_detail", ref=notification.ref)
    return form_page(
        request,
        form,
        n=notification,
        title="Ask the partners a question",
        heading="question",
        back=reverse("panel_response", args=[notification.ref]),
        submit="Send the question",
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_national_review(request, ref: str):
    """Take a case into a national review: an open one, or a new one."""
    notification = scope.get_notification_for(request.user, ref)
    scope.require(request.user, "cases.manage_national_reviews")
    reviews = (
        scope.national_reviews_for(request.user)
        .exclude(status="published")
        .exclude(notifications=notification)
        .order_by("title")
    )
    form = forms.AddToNationalReviewForm(request.POST or None, reviews=reviews)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["national_review"]
        if choice == "new":
            return redirect(reverse("national_review_create") + f"?notification={notification.ref}")
        try:
            national_review_add_notifications(
                actor=request.user,
                national_review_id=int(choice),
                version=None,
                notification_ids=[notification.pk],
                request=request,
            )
        except ValueError:
            form.add_error("national_review", "That national review has been published: choose another")
        else:
            return redirect("national_review_detail", pk=int(choice))
    return form_page(
        request,
        form,
        n=notification,
        title=form.fields["national_review"].label,
        heading="national_review",
        back=_detail(notification),
    )


@require_http_methods(["GET", "POST"])
@login_required
def case_share(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    scope.require(request.user, "cases.share_case", notification)
    form = forms.ShareForm(request.POST or None, notification=notification)
    if request.method == "POST" and form.is_valid():
        actions.case_share(
            actor=request.user,
            notification_id=notification.pk,
            partnership_id=form.cleaned_data["partnership"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        return redirect("notification_detail", ref=notification.ref)
    return form_page(
        request,
        form,
        n=notification,
        title="Share this case with another partnership",
        back=_detail(notification),
        submit="Share the case",
    )
