"""National reviews: the Panel's own reviews of cases of complex or national importance.

Panel members and the secretariat see them all; the secretariat creates them (under a
topic of the work programme), takes cases into them with the regulation 3 criteria,
records reviewers' appointments, and publishes them. A partnership's staff see the
reviews that gather their cases, and in each only their own cases (cspr/core/access.py);
an appointed reviewer sees the reviews they are appointed to. Anyone else finds no
national review (404).
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import scope
from cspr.core import access, audit
from cspr.domain.dates import long_date
from cspr.domain.national import criterion_label
from cspr.domain.refusal import Refused
from cspr.domain.workflow import WORK_PROGRAMME_OPEN, NationalReviewStatus
from cspr.govuk import pages
from cspr.govuk.forms import show_refusal, submit
from cspr.govuk.pages import form_page
from cspr.reviews import actions
from cspr.reviews import scope as review_scope
from cspr.reviews.actions.national import undecided_cases
from cspr.reviews.actions.pool import refuse_closed_topic
from cspr.reviews.forms import national as forms
from cspr.reviews.forms import programme as programme_forms
from cspr.reviews.models import NationalCaseDecision, PoolReviewer, WorkProgrammeTopic
from cspr.reviews.writes import STATUS_FIELD


@require_safe
@login_required
def national_review_list(request):
    access.require(request.user, "cases.view_national_reviews")
    # Counts only the cases the person can see: a partnership never learns how many others a review holds.
    seen = Q(notifications__in=scope.notifications_for(request.user).values("pk"))
    reviews = (
        review_scope.national_reviews_for(request.user)
        .annotate(cases=Count("notifications", filter=seen, distinct=True))
        .order_by("-pk")
    )
    return render(request, "reviews/national_review_list.html", {"reviews": reviews})


@require_http_methods(["GET", "POST"])
@login_required
def national_review_create(request):
    access.require(request.user, "cases.manage_national_reviews")
    initial = {"refs": request.GET.get("notification", ""), "programme_topic": request.GET.get("topic", "")}
    topics = WorkProgrammeTopic.objects.filter(status__in=WORK_PROGRAMME_OPEN)
    form = forms.NationalReviewForm(request.POST or None, user=request.user, initial=initial, topics=topics)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["programme_topic"]
        try:
            review = actions.national_review_create(
                actor=request.user,
                title=form.cleaned_data["title"].strip(),
                topic=form.cleaned_data["topic"].strip(),
                programme_topic_id=int(chosen) if chosen else None,
                notification_ids=form.notification_ids,
                request=request,
            )
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
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
    notifications = list(
        scope.notifications_for(request.user)
        .filter(national_reviews=review)
        .select_related("local_authority")
        .order_by("notified_date", "ref")
    )
    audit.cases_listed(
        request,
        refs=[n.ref for n in notifications],
        page="national_review_detail",
        object_type="national_review",
        object_id=review.pk,
    )
    return render(
        request,
        "reviews/national_review_detail.html",
        {
            "review": review,
            "notifications": notifications,
            # Why the Panel took each case, for the cases the person can see (the decision follows its case).
            "decisions": {
                d.notification_id: [criterion_label(c) for c in d.criteria]
                for d in NationalCaseDecision.objects.visible_to(request.user).filter(national_review=review)
            },
            "appointments": review.appointments.select_related("reviewer"),
            "ended_appointments": review.ended_appointments.select_related("reviewer"),
            "events": review.status_events.select_related("actor"),
            "can_manage": request.user.has_perm("cases.manage_national_reviews"),
        },
    )


def _managed(request, pk: int):
    review = review_scope.get_national_review_for(request.user, pk)
    access.require(request.user, "cases.manage_national_reviews")
    return review


def _cannot(request, review, title: str, message: str):
    return pages.cannot(request, title, message, back=reverse("national_review_detail", args=[review.pk]))


def _closed_topic(request, review, refused: str):
    """The page saying the review's topic is withdrawn or reported, in the action's words; None while it is open."""
    try:
        refuse_closed_topic(review, refused=refused)
    except Refused as refusal:
        return _cannot(request, review, "The work programme topic is closed", refusal.sentence + ".")
    return None


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
    if closed := _closed_topic(request, review, "cannot be commissioned"):
        return closed
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
    undecided = _undecided(request, review)
    if not undecided and submit(
        request,
        form,
        actions.national_review_publish,
        lambda d: {"published_date": d["published_date"]},
        national_review_id=review.pk,
        messages={STATUS_FIELD: "Someone else has already recorded this"},
    ):
        return redirect("national_review_detail", pk=review.pk)
    if request.method == "POST" and not undecided:
        # A case joined the review between this page and the press: the action refused it, so the page
        # names it with its link, as it would have before.
        undecided = _undecided(request, review)
    if undecided:
        audit.cases_listed(
            request,
            refs=[ref for ref, _ in undecided],
            page="national_review_publish",
            object_type="national_review",
            object_id=review.pk,
        )
    return render(
        request,
        "reviews/national_review_publish.html",
        {
            "form": form,
            "review": review,
            "title": "Record the Panel's decisions first" if undecided else form.fields["published_date"].label,
            "heading": None if undecided else "published_date",
            "caption": review.title,
            "back": reverse("national_review_detail", args=[review.pk]),
            "submit": "Save",
            "undecided": [
                {"text": f"Record the Panel's regulation 3 decision on case {ref}", "href": href, "ref": ref}
                for ref, href in undecided
            ],
            # Pressed with a decision missing (a page kept open, or a case added meanwhile): an error.
            "show_undecided": request.method == "POST" and bool(undecided),
            "page_has_errors": bool(form.errors) or (request.method == "POST" and bool(undecided)),
        },
    )


def _undecided(request, review) -> list[tuple[str, str]]:
    """Each case the review gathers with no recorded regulation 3 decision, and where the Panel records it.

    The action refuses to publish the review until there is none (domain/national.py
    `refuse_undecided_publication`); the page names them first, so no one fills in a date for nothing.
    """
    refs = undecided_cases(review, scope.notifications_for(request.user)).order_by("ref").values_list("ref", flat=True)
    take_case = reverse("national_review_take_case", args=[review.pk])
    return [(ref, f"{take_case}?{urlencode({'notification': ref})}") for ref in refs]


def _take_case(**arguments):
    """The action, its refusals about the case shown on the form's question, `ref`.

    The action names the case `notification`, after its argument `notification_id`; the form asks
    for its reference. Without this a case already in the review, or in the area of a reviewer who
    must not review it, was said above the form, linked to no question.
    """
    try:
        return actions.national_review_take_case(**arguments)
    except Refused as refusal:
        if refusal.field == "notification":
            raise Refused("ref", refusal.message) from None
        raise


@require_http_methods(["GET", "POST"])
@login_required
def national_review_take_case(request, pk: int):
    """The Panel takes a case into the review: which regulation 3 criteria it meets, and why."""
    review = _managed(request, pk)
    if review.status == NationalReviewStatus.PUBLISHED:
        return _cannot(request, review, "The national review is published", "It cannot take more cases.")
    initial = {"version": review.version, "ref": request.GET.get("notification", "")}
    form = programme_forms.TakeCaseForm(request.POST or None, user=request.user, initial=initial)
    if submit(
        request,
        form,
        _take_case,
        lambda d: {
            "notification_id": form.notification_id,
            "criteria": d["criteria"],
            "reasons": d["reasons"],
            "decided_date": d["decided_date"],
        },
        national_review_id=review.pk,
        messages={"national_review": "The national review has been published: it cannot take more cases"},
    ):
        return redirect("national_review_detail", pk=review.pk)
    # The same form records the decision on a case the review already gathers (the publish and review
    # pages link here for each one without a decision): the page says so, not "take it into the review".
    ref = (form["ref"].value() or "").strip()
    deciding = bool(ref) and undecided_cases(review, scope.notifications_with_refs(request.user, [ref])).exists()
    decide = f"Record the Panel's regulation 3 decision on case {ref}"
    return form_page(
        request,
        form,
        title=decide if deciding else "Take a case into this national review",
        caption=review.title,
        intro="Regulation 3 of the Child Safeguarding Practice Review and Relevant Agency (England) Regulations "
        "2018 lists what the Panel takes into account.",
        back=reverse("national_review_detail", args=[review.pk]),
        submit="Record the Panel's regulation 3 decision" if deciding else "Take the case into the review",
    )


@require_http_methods(["GET", "POST"])
@login_required
def national_review_appoint(request, pk: int):
    """Record a reviewer's appointment from the pool, confirmed by the Secretary of State (reg 4(5))."""
    review = _managed(request, pk)
    if review.status == NationalReviewStatus.PUBLISHED:
        return _cannot(request, review, "The national review is published", "It needs no more reviewers.")
    # Before the form, as for a published review: under a closed topic there is nothing to fill in.
    if closed := _closed_topic(request, review, "takes no new reviewers"):
        return closed
    pool = PoolReviewer.objects.filter(left_date=None).exclude(user__national_appointments__national_review=review)
    form = programme_forms.AppointForm(
        request.POST or None,
        pool=pool.select_related("user").order_by("user__last_name", "user__username"),
        initial={"version": review.version},
    )
    if submit(
        request,
        form,
        actions.national_review_appoint_reviewer,
        lambda d: {
            "reviewer_id": int(d["reviewer"]),
            "confirmed_date": d["confirmed_date"],
            "report_months": d["report_months"],
        },
        national_review_id=review.pk,
    ):
        return redirect("national_review_detail", pk=review.pk)
    return form_page(
        request,
        form,
        title="Record a reviewer's appointment",
        caption=review.title,
        intro="The Panel selects a reviewer from its pool and the Secretary of State confirms the appointment. "
        "The first confirmed appointment commissions the review and starts its clock.",
        back=reverse("national_review_detail", args=[review.pk]),
        submit="Record the appointment",
    )


@require_http_methods(["GET", "POST"])
@login_required
def national_review_remove_reviewer(request, pk: int, reviewer_id: int):
    """End a reviewer's appointment (reg 5(2)): the date and why; their reading of the review ends with it."""
    review = review_scope.get_national_review_for(request.user, pk)
    access.require(request.user, "reviews.remove_national_reviewer")
    appointment = review.appointments.select_related("reviewer").filter(reviewer_id=reviewer_id).first()
    if appointment is None:
        # Ended already (from another tab, or by a colleague): the review's page says so, not "Page not found".
        ended = (
            review.ended_appointments.select_related("reviewer")
            .filter(reviewer_id=reviewer_id)
            .order_by("-ended_date", "-pk")
            .first()
        )
        if ended is None:
            raise Http404("No appointment of this person to this national review")
        name = ended.reviewer.get_full_name() or ended.reviewer.username
        return _cannot(
            request,
            review,
            f"The appointment of {name} has already ended",
            f"It ended on {long_date(ended.ended_date)}.",
        )
    name = appointment.reviewer.get_full_name() or appointment.reviewer.username
    if review.status == NationalReviewStatus.PUBLISHED:
        return _cannot(request, review, "The national review is published", "It keeps the reviewers who reported it.")
    form = forms.RemoveReviewerForm(request.POST or None, initial={"version": review.version})
    if submit(
        request,
        form,
        actions.national_review_remove_reviewer,
        lambda d: {"reviewer_id": reviewer_id, "ended_date": d["ended_date"], "reason": d["reason"]},
        national_review_id=review.pk,
        success=f"The appointment of {name} has ended",
    ):
        return redirect("national_review_detail", pk=review.pk)
    return form_page(
        request,
        form,
        title=f"End the appointment of {name}",
        caption=review.title,
        intro="Regulation 5(2): the Panel may end a reviewer's appointment. They will no longer see this review "
        "or its cases. The review's dates stay as they are; appoint a replacement from the pool.",
        back=reverse("national_review_detail", args=[review.pk]),
        submit="End the appointment",
    )
