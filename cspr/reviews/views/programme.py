"""The Panel's work programme and its pool of reviewers.

The Panel reads both; the secretariat keeps them (cspr/core/access.py). The work programme
lists each topic with the national reviews under it and how many cases each gathers; a topic's
page lists the cases themselves, so it records one audited read naming them.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cspr.cases import scope
from cspr.core import access, audit
from cspr.domain.refusal import Refused
from cspr.govuk.forms import show_refusal, submit
from cspr.govuk.pages import form_page
from cspr.reviews import actions
from cspr.reviews import scope as review_scope
from cspr.reviews.forms import programme as forms
from cspr.reviews.models import PoolReviewer, WorkProgrammeTopic


def _reviews_for(request):
    seen = Q(notifications__in=scope.notifications_for(request.user).values("pk"))
    return review_scope.national_reviews_for(request.user).annotate(cases=Count("notifications", filter=seen))


@require_safe
@login_required
def work_programme(request):
    access.require(request.user, "reviews.view_work_programme")
    topics = WorkProgrammeTopic.objects.annotate(
        reviews=Count("national_reviews", distinct=True), cases=Count("national_reviews__notifications", distinct=True)
    )
    return render(request, "reviews/work_programme.html", {"topics": topics})


@require_http_methods(["GET", "POST"])
@login_required
def work_programme_topic_create(request):
    access.require(request.user, "reviews.manage_work_programme")
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = actions.work_programme_topic_create(actor=request.user, request=request, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(form, refusal)
        else:
            return redirect("work_programme_topic", pk=topic.pk)
    return form_page(
        request,
        form,
        title="Add a topic to the work programme",
        caption="Work programme",
        back=reverse("work_programme"),
        submit="Add the topic",
    )


@require_safe
@login_required
def work_programme_topic(request, pk: int):
    access.require(request.user, "reviews.view_work_programme")
    topic = get_object_or_404(WorkProgrammeTopic, pk=pk)
    reviews = list(_reviews_for(request).filter(programme_topic=topic).order_by("title"))
    cases = list(
        scope.notifications_for(request.user)
        .filter(national_reviews__programme_topic=topic)
        .select_related("local_authority")
        .distinct()
        .order_by("notified_date", "ref")
    )
    audit.cases_listed(
        request,
        refs=[n.ref for n in cases],
        page="work_programme_topic",
        object_type="work_programme_topic",
        object_id=topic.pk,
    )
    return render(
        request,
        "reviews/work_programme_topic.html",
        {
            "topic": topic,
            "reviews": reviews,
            "cases": cases,
            "can_manage": request.user.has_perm("reviews.manage_work_programme"),
            "can_start": request.user.has_perm("cases.manage_national_reviews"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def work_programme_topic_status(request, pk: int):
    access.require(request.user, "reviews.manage_work_programme")
    topic = get_object_or_404(WorkProgrammeTopic, pk=pk)
    form = forms.TopicStatusForm(request.POST or None, current=topic.status, initial={"version": topic.version})
    if submit(
        request,
        form,
        actions.work_programme_topic_move,
        lambda d: {"to_status": d["status"], "reason": d["reason"].strip()},
        topic_id=topic.pk,
    ):
        return redirect("work_programme_topic", pk=topic.pk)
    return form_page(
        request,
        form,
        title=form.fields["status"].label,
        heading="status",
        caption=topic.title,
        back=reverse("work_programme_topic", args=[topic.pk]),
        submit="Save",
    )


@require_safe
@login_required
def reviewer_pool(request):
    access.require(request.user, "reviews.view_reviewer_pool")
    pool = (
        PoolReviewer.objects.select_related("user")
        .prefetch_related("conflict_local_authorities", "conflict_partnerships")
        .annotate(appointments=Count("user__national_appointments"))
        .order_by("left_date", "user__last_name", "user__username")
    )
    return render(
        request,
        "reviews/reviewer_pool.html",
        {"pool": pool, "can_manage": request.user.has_perm("reviews.manage_reviewer_pool")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def reviewer_pool_add(request):
    access.require(request.user, "reviews.manage_reviewer_pool")
    form = forms.PoolAddForm(request.POST or None)
    if submit(
        request,
        form,
        actions.pool_reviewer_add,
        lambda d: {"user_id": d["user"].pk, "expertise": d["expertise"], "joined_date": d["joined_date"]},
    ):
        return redirect("reviewer_pool")
    return form_page(
        request,
        form,
        title="Add a reviewer to the pool",
        caption="Pool of reviewers",
        back=reverse("reviewer_pool"),
        submit="Add to the pool",
    )


@require_http_methods(["GET", "POST"])
@login_required
def reviewer_pool_conflicts(request, pk: int):
    access.require(request.user, "reviews.manage_reviewer_pool")
    entry = get_object_or_404(PoolReviewer.objects.select_related("user"), pk=pk)
    areas = [a.name for a in entry.conflict_local_authorities.all()] + [
        p.name for p in entry.conflict_partnerships.all()
    ]
    initial = {"version": entry.version, "areas": "\n".join(areas), "note": entry.conflict_note}
    form = forms.ConflictsForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        actions.pool_reviewer_set_conflicts,
        lambda d: {
            "local_authority_codes": form.local_authority_codes,
            "partnership_codes": form.partnership_codes,
            "note": d["note"],
        },
        pool_reviewer_id=entry.pk,
    ):
        return redirect("reviewer_pool")
    return form_page(
        request,
        form,
        title=f"Areas {entry} must not review",
        caption="Pool of reviewers",
        intro="An appointment to a review with a case in one of these areas will be refused.",
        back=reverse("reviewer_pool"),
        submit="Save",
    )


@require_http_methods(["GET", "POST"])
@login_required
def reviewer_pool_remove(request, pk: int):
    access.require(request.user, "reviews.manage_reviewer_pool")
    entry = get_object_or_404(PoolReviewer.objects.select_related("user"), pk=pk)
    form = forms.RemoveForm(request.POST or None, initial={"version": entry.version})
    if submit(
        request,
        form,
        actions.pool_reviewer_remove,
        lambda d: {"left_date": d["left_date"]},
        pool_reviewer_id=entry.pk,
    ):
        return redirect("reviewer_pool")
    return form_page(
        request,
        form,
        title=f"Remove {entry} from the pool",
        caption="Pool of reviewers",
        intro="They will not be offered for new appointments. Their current appointments stand.",
        back=reverse("reviewer_pool"),
        submit="Remove from the pool",
    )
