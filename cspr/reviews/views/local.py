"""Tracking a local child safeguarding practice review (LCSPR) from commissioning to publication.

The partnership manager commissions, appoints the reviewer, sends the final
report and publishes (or records the decision not to); the manager and the
assigned reviewer record milestones and reasons for delay. Everyone who can
see the case can see its review's progress.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import scope
from cspr.core import access, audit
from cspr.domain.dates import long_date
from cspr.domain.deadlines import LCSPR_PUBLICATION_PERIOD
from cspr.domain.workflow import PracticeReviewStatus, Workflow, open_states
from cspr.govuk.forms import submit
from cspr.govuk.pages import form_page
from cspr.reviews import actions
from cspr.reviews import scope as review_scope
from cspr.reviews.forms import local as forms
from cspr.reviews.views.rapid import cannot
from cspr.reviews.writes import STATUS_FIELD

OPEN = open_states(Workflow.PRACTICE_REVIEW)


def _overview(notification) -> str:
    return reverse("lcspr_detail", args=[notification.ref])


def _page(request, notification, form, title: str, **extra):
    return form_page(request, form, n=notification, title=title, back=_overview(notification), **extra)


def _finished(request, notification, what: str):
    """The page of a change to a closed review: the action would refuse it (`_refuse_if_finished`)."""
    return cannot(request, notification, "The review is finished", what, back=_overview(notification))


def _lcspr_for(request, ref: str, perm: str):
    """The case's local review if the person can see the case (404) and do this to it (403)."""
    notification, review = review_scope.get_practice_review_for(request.user, ref)
    access.require(request.user, perm, notification)
    return notification, review


@require_safe
@login_required
@audit.reads_case
def lcspr_detail(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    if not hasattr(notification, "practice_review"):
        # Before commissioning the page says what comes next, rather than "page not found".
        return render(
            request,
            "reviews/lcspr_not_commissioned.html",
            {"n": notification, "can_commission": request.user.has_perm("cases.commission_lcspr", notification)},
        )
    notification, review = review_scope.get_practice_review_for(request.user, ref)
    done = {milestone.kind: milestone for milestone in review.milestones.all()}
    today = timezone.localdate()
    user = request.user
    return render(
        request,
        "reviews/lcspr_detail.html",
        {
            "n": notification,
            "review": review,
            "milestones": [(kind, done.get(kind.value)) for kind in forms.MilestoneKind],
            "today": today,
            "is_open": review.status in OPEN,
            "publication_overdue": review.status in OPEN and today > review.publication_due_date,
            "can": {
                # The reviewer, milestones and reasons for delay change only while the review is open
                # (the actions refuse after, cspr/reviews/actions/local.py: `_refuse_if_finished`).
                "assign": review.status in OPEN and user.has_perm("cases.commission_lcspr", notification),
                "track": review.status in OPEN and user.has_perm("cases.track_lcspr", notification),
                "publish": user.has_perm("cases.publish_lcspr", notification),
            },
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_commission(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    access.require(request.user, "cases.commission_lcspr", notification)
    if hasattr(notification, "practice_review"):
        return cannot(
            request,
            notification,
            "A local review has already been commissioned",
            "Each notification has at most one local child safeguarding practice review.",
            back=_overview(notification),
        )
    rapid_review = notification.rapid_review
    # The rapid review's reasons answer "why is a local review appropriate?" only when it recommended
    # one: otherwise they say why it is not, and submitted unchanged they would be the opposite answer.
    recommended = rapid_review.lcspr_recommended == forms.RECOMMENDED
    initial = {"reasons": rapid_review.decision_reasons if recommended else ""}
    form = forms.CommissionForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        actions.practice_review_commission,
        lambda d: {"decision_date": d["decision_date"], "reason": d["reasons"].strip()},
        notification_id=notification.pk,
        messages={
            "decision_date": "Date of the decision must be the same as or after the date the local "
            f"authority became aware ({long_date(notification.aware_date)})"
        },
        success="Local child safeguarding practice review commissioned",
    ):
        return redirect("lcspr_detail", ref=notification.ref)
    return form_page(
        request,
        form,
        n=notification,
        title="Commission a local child safeguarding practice review",
        intro=f"The review must be published within {LCSPR_PUBLICATION_PERIOD} of the decision to commission it."
        + ("" if recommended else " " + forms.not_recommended(rapid_review.lcspr_recommended)),
        back=reverse("notification_detail", args=[notification.ref]),
        submit="Commission the review",
    )


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_reviewer(request, ref: str):
    notification, review = _lcspr_for(request, ref, "cases.commission_lcspr")
    if review.status not in OPEN:
        return _finished(request, notification, "Its independent reviewer can no longer change.")
    form = forms.ReviewerForm(request.POST or None, initial={"reviewer": review.reviewer, "version": review.version})
    if submit(
        request,
        form,
        actions.practice_review_assign_reviewer,
        lambda d: {"reviewer": d["reviewer"]},
        practice_review_id=review.pk,
        success="Reviewer saved",
    ):
        return redirect("lcspr_detail", ref=notification.ref)
    return _page(request, notification, form, form.fields["reviewer"].label, heading="reviewer", submit="Save")


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_milestone(request, ref: str):
    notification, review = _lcspr_for(request, ref, "cases.track_lcspr")
    if review.status not in OPEN:
        return _finished(request, notification, "Its milestones can no longer change.")
    recorded = {milestone.kind: milestone for milestone in review.milestones.all()}
    form, held_back = _milestone_form(request, review, recorded)
    if not held_back and submit(
        request,
        form,
        actions.practice_review_record_milestone,
        lambda d: {"kind": d["kind"], "completed_date": d["completed_date"], "note": d["note"].strip()},
        practice_review_id=review.pk,
        messages={
            "completed_date": "Date the milestone was reached must be the same as or after the decision to "
            f"commission the review ({long_date(review.decision_date)})",
        },
        success="Milestone recorded",
    ):
        return redirect("lcspr_detail", ref=notification.ref)
    changing = recorded.get(form.changing)
    return _page(
        request,
        notification,
        form,
        "Change a milestone" if changing else "Record a milestone",
        intro=forms.changes_recorded(changing) if changing else "",
        submit="Save the milestone",
    )


def _milestone_form(request, review, recorded: dict):
    """The milestone form, and whether it is held back to show a recorded milestone before saving over it.

    Opened for a recorded milestone (?kind=, the review page's "Change" link), the form changes that
    milestone only (MilestoneForm's `changing`), prefilled with its date and notes. Saving a recorded
    milestone from a form not shown to change it is held back once: the form comes back as that
    milestone's change form, saying what is recorded, and saving again replaces it.
    """
    if request.method != "POST":
        kind = request.GET.get("kind", "")
        milestone = recorded.get(kind)
        if milestone is not None:
            initial = {"version": review.version, "completed_date": milestone.completed_date, "note": milestone.note}
            return forms.MilestoneForm(initial=initial, changing=kind), False
        initial = {"version": review.version, "kind": kind if kind in forms.MilestoneKind.values else None}
        return forms.MilestoneForm(initial=initial), False
    form = forms.MilestoneForm(request.POST, changing=request.POST.get("changing", ""))
    if not form.is_valid() or form.changing:
        return form, False
    kind = form.cleaned_data["kind"]
    milestone = recorded.get(kind)
    # A form shown before the review last changed is the action's to refuse ("Someone else changed ..."):
    # what it would hold back against may be what that someone else recorded.
    if milestone is None or form.cleaned_data["version"] != review.version:
        return form, False
    data = request.POST.copy()
    data["changing"] = kind
    form = forms.MilestoneForm(data, changing=kind)
    form.is_valid()
    form.add_error(None, forms.already_recorded(milestone))
    return form, True


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_delay(request, ref: str):
    notification, review = _lcspr_for(request, ref, "cases.track_lcspr")
    if review.status not in OPEN:
        return _finished(request, notification, "Its reasons for delay can no longer change.")
    form = forms.DelayForm(request.POST or None, initial={"reasons": review.delay_reasons, "version": review.version})
    if submit(
        request,
        form,
        actions.practice_review_record_delay,
        lambda d: {"reasons": d["reasons"]},
        practice_review_id=review.pk,
        success="Reasons for delay saved",
    ):
        return redirect("lcspr_detail", ref=notification.ref)
    return _page(
        request,
        notification,
        form,
        "Reasons for delay",
        heading="reasons",
        intro=f"Publication is due by {long_date(review.publication_due_date)}, {LCSPR_PUBLICATION_PERIOD} after the "
        "decision to commission the review. "
        "If it will be later, you must record why.",
        submit="Save the reasons",
    )


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_final_report(request, ref: str):
    notification, review = _lcspr_for(request, ref, "cases.publish_lcspr")
    if review.status != PracticeReviewStatus.COMMISSIONED:
        return cannot(
            request,
            notification,
            "The final report has already been sent",
            f"It was sent on {long_date(review.final_report_date)}.",
            back=_overview(notification),
        )
    form = forms.FinalReportForm(request.POST or None, initial={"version": review.version})
    if submit(
        request,
        form,
        actions.practice_review_send_final_report,
        lambda d: {"final_report_date": d["final_report_date"]},
        practice_review_id=review.pk,
        messages={
            STATUS_FIELD: "The final report has already been sent",
            "final_report_date": "Date the final report was sent must be the same as or after the decision to "
            f"commission the review ({long_date(review.decision_date)})",
        },
        success="Final report recorded as sent to the Panel and the Secretary of State",
    ):
        return redirect("lcspr_detail", ref=notification.ref)
    return _page(
        request,
        notification,
        form,
        "Final report sent",
        heading="final_report_date",
        submit="Save",
        intro=f"It is due by {long_date(review.final_report_due_date)}, before publication.",
    )


def _publishable(request, notification, review):
    if review.status == PracticeReviewStatus.COMMISSIONED:
        return cannot(
            request,
            notification,
            "Send the final report first",
            "The final report goes to the Panel and the Secretary of State before the review is published.",
            back=_overview(notification),
        )
    if review.status != PracticeReviewStatus.FINAL_REPORT_SENT:
        return cannot(
            request,
            notification,
            "The review is finished",
            "The partners have recorded its publication, or their decision not to publish it.",
            back=_overview(notification),
        )
    return None


# Publishing (`lcspr_publish`) is the learning app's page (cspr/learning/views.py): it also adds the
# report to the learning repository, which this app cannot import (ADR 0015).


@require_http_methods(["GET", "POST"])
@login_required
@audit.reads_case
def lcspr_not_published(request, ref: str):
    notification, review = _lcspr_for(request, ref, "cases.publish_lcspr")
    refused = _publishable(request, notification, review)
    if refused:
        return refused
    form = forms.NotPublishedForm(request.POST or None, initial={"version": review.version})
    if submit(
        request,
        form,
        actions.practice_review_record_not_published,
        lambda d: {"reason": d["reasons"].strip()},
        practice_review_id=review.pk,
        success="Decision not to publish recorded",
    ):
        return redirect("lcspr_detail", ref=notification.ref)
    return _page(
        request,
        notification,
        form,
        "The partners decided not to publish",
        heading="reasons",
        submit="Save the decision",
    )
