"""The rapid review: the partners' form and its submission, the Panel's response.

Every page finds the case through the person's scope (404 outside it), then
checks the verb (403). Forms carry the version they showed; an action given a
stale one refuses (StaleRecord) and the page says someone else saved first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cspr.cases import scope
from cspr.cases.forms import labels
from cspr.core import access, audit
from cspr.domain import rapid_review_dates
from cspr.domain.dates import long_date
from cspr.domain.refusal import Refused
from cspr.domain.workflow import (
    RAPID_REVIEW_AWAITING_PANEL,
    RAPID_REVIEW_EDITABLE,
    WORK_PROGRAMME_OPEN,
    RapidReviewStatus,
    Workflow,
    closed_states,
)
from cspr.govuk import pages
from cspr.govuk.forms import show_refusal, submit
from cspr.govuk.pages import form_page
from cspr.reviews import actions
from cspr.reviews import scope as review_scope
from cspr.reviews.actions.rapid import queried_on as question_date
from cspr.reviews.forms import rapid as forms
from cspr.reviews.writes import STATUS_FIELD


def cannot(request, notification, title: str, message: str, back: str | None = None):
    """A page that explains why an action on this case is not possible now."""
    return pages.cannot(request, title, message, back=back or _detail(notification), n=notification)


def _detail(notification) -> str:
    return reverse("notification_detail", args=[notification.ref])


def _themes(review) -> list:
    return list(review.themes.order_by("position"))


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def rapid_review_edit(request, ref: str):
    notification, review = review_scope.get_rapid_review_for(request.user, ref)
    access.require(request.user, "cases.edit_rapid_review", notification)
    context = {"n": notification, "review": review, "labels": labels, "themes": _themes(review)}
    if review.status not in RAPID_REVIEW_EDITABLE:
        if request.method != "GET":
            # Read-only now (sent to the Panel, perhaps while this form was open): a POST changes
            # nothing, so it is sent to the page's GET, which shows the review as sent (and is audited as a read).
            messages.info(request, "The rapid review has been sent to the Panel: it can no longer be changed here")
            return redirect("rapid_review_edit", ref=notification.ref)
        return render(request, "reviews/rapid_review.html", {**context, "form": None})
    initial = {name: getattr(review, name) for name in (*forms.NARRATIVE, "lcspr_recommended", "version")}
    initial["themes"] = [theme.code for theme in context["themes"]]
    form = forms.RapidReviewForm(request.POST or None, initial=initial)
    # Refused when someone else saved it, or sent it to the Panel, meanwhile.
    if submit(
        request,
        form,
        actions.rapid_review_save,
        lambda d: {"changes": form.changes(), "themes": d["themes"]},
        rapid_review_id=review.pk,
    ):
        sending = request.POST.get("next") == "submit"
        if sending and request.user.has_perm("cases.submit_rapid_review", notification):
            return redirect("rapid_review_submit", ref=notification.ref)
        return redirect(reverse("rapid_review_edit", args=[notification.ref]) + "?saved=1")
    return render(
        request,
        "reviews/rapid_review.html",
        {
            **context,
            "form": form,
            "saved": request.GET.get("saved") == "1",
        },
    )


def _answer_date_message(request, form, review) -> dict:
    """The page's words for an answer dated before the Panel asked its question (GOV.UK's "must be the
    same as or after"; the API and the import keep the action's own, domain/rapid_review_dates.py).

    An answer's date has two limits, the question's date and today: only the first is reworded, and
    only for a date before it, so a refusal of the other keeps the action's words. The question's
    date is read where the action reads it (`question_date`), so the two cannot disagree.
    """
    if request.method != "POST" or not form.is_valid():
        return {}
    asked = question_date(review)
    answered = form.cleaned_data["submitted_date"]
    if asked is None or answered >= asked:
        return {}
    return {
        "submitted_date": "Date your answer was sent to the Panel must be the same as or after the date the "
        f"Panel asked its question ({long_date(asked)})"
    }


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def rapid_review_submit(request, ref: str):
    notification, review = review_scope.get_rapid_review_for(request.user, ref)
    access.require(request.user, "cases.submit_rapid_review", notification)
    if review.status not in RAPID_REVIEW_EDITABLE:
        return cannot(
            request,
            notification,
            "The rapid review has already been sent",
            f"It was sent to the Panel on {long_date(review.submitted_date)}. "
            "You can send it again only if the Panel asks a question.",
        )
    queried = review.status == RapidReviewStatus.QUERIED
    form = forms.SubmitForm(request.POST or None, queried=queried, initial={"version": review.version})
    edit = reverse("rapid_review_edit", args=[notification.ref])
    gaps = [{"text": message, "href": f"{edit}#id_{field}"} for field, message in forms.submission_gaps(review)]
    if not gaps and submit(
        request,
        form,
        actions.rapid_review_submit,
        lambda d: {
            "submitted_date": d["submitted_date"],
            "lcspr_recommended": review.lcspr_recommended,
            "themes": [theme.code for theme in _themes(review)],
            "reason": d.get("answer", ""),
        },
        rapid_review_id=review.pk,
        messages={
            STATUS_FIELD: "The rapid review has already been sent to the Panel",
            **(
                _answer_date_message(request, form, review)
                if queried
                else {
                    "submitted_date": "Date sent to the Panel must be the same as or after the date the "
                    f"notification reached the Panel ({long_date(notification.notified_date)})"
                }
            ),
        },
        success="Rapid review sent to the Panel",
    ):
        return redirect("notification_detail", ref=notification.ref)
    return render(
        request,
        "reviews/rapid_review_submit.html",
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
    notification, review = review_scope.get_rapid_review_for(request.user, ref)
    access.require(request.user, "cases.respond_as_panel", notification)
    if review.status not in RAPID_REVIEW_AWAITING_PANEL:
        words = {
            RapidReviewStatus.DUE: "has not been sent to the Panel yet",
            RapidReviewStatus.QUERIED: "is waiting for the partners' answer",
        }
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
@audit.reads_case
def panel_response(request, ref: str):
    notification, review, refused = _respondable(request, ref)
    if refused:
        return refused
    form = forms.ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = "panel_response_agree" if form.cleaned_data["response"] == "agree" else "panel_response_query"
        # The version the Panel member read travels on, so a response to a changed review is refused.
        return redirect(reverse(target, args=[notification.ref]) + f"?version={review.version}")
    return render(
        request,
        "reviews/panel_response.html",
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
@audit.reads_case
def panel_response_agree(request, ref: str):
    notification, review, refused = _respondable(request, ref)
    if refused:
        return refused
    form = forms.AgreeForm(request.POST or None, initial={"version": _version_seen(request, review)})
    last_sent = rapid_review_dates.last_sent(review.submitted_date, review.answered_date)
    if submit(
        request,
        form,
        actions.rapid_review_respond,
        lambda d: {
            "response_date": d["response_date"],
            "national_review": d["national_review"],
            "reason": d["comments"].strip(),
        },
        rapid_review_id=review.pk,
        messages={
            "response_date": "Date of the Panel's response must be the same as or after the date the rapid "
            f"review was last sent ({long_date(last_sent)})"
        },
        success="The Panel’s response has been sent",
    ):
        if form.cleaned_data["national_review"] == "yes" and request.user.has_perm("cases.manage_national_reviews"):
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
@audit.reads_case
def panel_response_query(request, ref: str):
    notification, review, refused = _respondable(request, ref)
    if refused:
        return refused
    form = forms.QueryForm(request.POST or None, initial={"version": _version_seen(request, review)})
    if submit(
        request,
        form,
        actions.rapid_review_query,
        lambda d: {"reason": d["question"].strip()},
        rapid_review_id=review.pk,
        success="Your question has been sent to the partners",
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
@audit.reads_case
def case_national_review(request, ref: str):
    """Take a case into a national review: an open one, or a new one."""
    notification = scope.get_notification_for(request.user, ref)
    access.require(request.user, "cases.manage_national_reviews")
    reviews = (
        review_scope.national_reviews_for(request.user)
        .exclude(status__in=closed_states(Workflow.NATIONAL_REVIEW))
        .exclude(notifications=notification)
        # A review under a withdrawn or reported topic takes no new cases (actions.refuse_closed_topic).
        .filter(Q(programme_topic=None) | Q(programme_topic__status__in=WORK_PROGRAMME_OPEN))
        .order_by("title")
    )
    form = forms.AddToNationalReviewForm(request.POST or None, reviews=reviews)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["national_review"]
        if choice == "new":
            return redirect(reverse("national_review_create") + f"?notification={notification.ref}")
        try:
            actions.national_review_add_notifications(
                actor=request.user,
                national_review_id=int(choice),
                version=None,
                notification_ids=[notification.pk],
                request=request,
            )
        except Refused as refusal:
            show_refusal(
                form, refusal, messages={"national_review": "That national review has been published: choose another"}
            )
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
