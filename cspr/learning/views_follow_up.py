"""Recommendations -> actions -> impact in the service (issue 16).

A partnership records what it will do about a recommendation of a local or national
review, moves it on, completes it with evidence and later records its impact; the
Panel and analysts see every partnership's progress, a partnership only its own.
Every read goes through `RecommendationAction.objects.visible_to(user)` (out of scope:
404); every write through cspr/learning/actions/follow_up.py (audited).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cspr.core import access
from cspr.core.models import Partnership
from cspr.domain.refusal import Refused
from cspr.domain.workflow import RecommendationActionStatus
from cspr.govuk.charts import chart_svg
from cspr.govuk.forms import submit
from cspr.learning import actions
from cspr.learning.actions import follow_up
from cspr.learning.forms_follow_up import (
    STATUS_NAMES,
    ActionDetailsForm,
    ActionForm,
    ActionProgressForm,
    ImpactForm,
)
from cspr.learning.models import Recommendation, RecommendationAction, ReviewType
from cspr.learning.recurrence import theme_charts, theme_recurrence
from cspr.learning.search.core import label_name


def _can_record(user, partnership_code) -> bool:
    return bool(partnership_code) and user.has_perm("learning.record_follow_up", partnership_code)


def _who_records(review) -> str:
    """The sentence a person who may not record an action on the review's recommendations reads instead."""
    if review.review_type not in follow_up.REVIEWS_WITH_ACTIONS:
        return "Actions are recorded for the recommendations of local and national reviews, not for this review."
    if review.review_type == ReviewType.NATIONAL:
        return "Each safeguarding partnership's staff record their own partnership's actions on a national review."
    owner = follow_up.acting_partnership(review)
    name = Partnership.objects.filter(code=owner).values_list("name", flat=True).first() if owner else None
    return (
        f"Actions on this recommendation are recorded by the staff of {name}, whose review it is."
        if name
        else "Actions on a local review's recommendations are recorded by its own partnership's staff."
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_actions(request, pk: int):
    recommendation = get_object_or_404(Recommendation.objects.visible_to(request.user).select_related("review"), pk=pk)
    access.require(request.user, "learning.view_follow_up")
    # The action's own rule: the form is offered exactly where recording it would be accepted.
    try:
        follow_up.check_may_record(request.user, recommendation.review)
        can_record = True
    except Refused:
        can_record = False
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
    else:
        actions.review_viewed(actor=request.user, review=recommendation.review, request=request)
    form = ActionForm(request.POST or None)
    if can_record and submit(
        request,
        form,
        actions.recommendation_action_add,
        lambda d: dict(d),
        success="The action is recorded",
        recommendation_id=recommendation.pk,
    ):
        return redirect("learning_recommendation_actions", pk=recommendation.pk)
    recorded = (
        RecommendationAction.objects.visible_to(request.user)
        .filter(recommendation=recommendation)
        .select_related("partnership")
    )
    return render(
        request,
        "learning/follow_up/recommendation_actions.html",
        {
            "recommendation": recommendation,
            "review": recommendation.review,
            "recorded": recorded,
            "form": form if can_record else None,
            "who_records": "" if can_record else _who_records(recommendation.review),
            "status_names": STATUS_NAMES,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_action(request, pk: int):
    action = get_object_or_404(
        RecommendationAction.objects.visible_to(request.user).select_related("recommendation__review", "partnership"),
        pk=pk,
    )
    access.require(request.user, "learning.view_follow_up")
    can_record = _can_record(request.user, action.partnership_id)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    if posted:
        access.require(request.user, "learning.record_follow_up", action.partnership_id)
    else:
        # The page shows the recommendation and its review, as the recommendation's own pages do.
        actions.review_viewed(actor=request.user, review=action.recommendation.review, request=request)
    progress = ActionProgressForm(
        request.POST if posted == "progress" else None,
        initial={
            "version": action.version,
            "status": action.status,
            "completion_evidence": action.completion_evidence,
            "completed_on": action.completed_on,
        },
        prefix="progress",
    )
    details = ActionDetailsForm(
        request.POST if posted == "details" else None,
        initial={
            "version": action.version,
            "description": action.description,
            "owning_agency": action.owning_agency,
            "owner": action.owner,
            "due_date": action.due_date,
        },
        prefix="details",
    )
    impact = ImpactForm(
        request.POST if posted == "impact" else None,
        initial={"version": action.version, "impact": action.impact, "impact_measure": action.impact_measure},
        prefix="impact",
    )
    if posted == "progress" and submit(
        request,
        progress,
        actions.recommendation_action_update,
        lambda d: {
            "status": d["status"],
            "completion_evidence": d["completion_evidence"],
            "completed_on": d["completed_on"],
            "reason": d["reason"].strip(),
        },
        success="The action's progress is saved",
        action_id=action.pk,
    ):
        return redirect("learning_recommendation_action", pk=action.pk)
    if posted == "details" and submit(
        request,
        details,
        actions.recommendation_action_update,
        lambda d: {
            "description": d["description"],
            "owning_agency": d["owning_agency"],
            "owner": d["owner"],
            "due_date": d["due_date"],
            "reason": d["reason"].strip(),
        },
        success="The action's details are saved",
        action_id=action.pk,
    ):
        return redirect("learning_recommendation_action", pk=action.pk)
    if posted == "impact" and submit(
        request,
        impact,
        actions.recommendation_action_impact_record,
        lambda d: {"impact": d["impact"], "impact_measure": d["impact_measure"]},
        success="The impact is recorded",
        action_id=action.pk,
    ):
        return redirect("learning_recommendation_action", pk=action.pk)
    return render(
        request,
        "learning/follow_up/action.html",
        {
            "action": action,
            "recommendation": action.recommendation,
            "review": action.recommendation.review,
            "can_record": can_record,
            "form": {"progress": progress, "details": details, "impact": impact}.get(posted),
            "progress": progress,
            "details": details,
            "impact_form": impact,
            "status_names": STATUS_NAMES,
            "overdue": action.overdue(timezone.localdate()),
        },
    )


def _own_recommendations(user) -> list[tuple[str, int, int]]:
    """(partnership name, its own local reviews' recommendations, how many of them it has recorded no action on)
    for each partnership whose follow-up the person sees: two queries however many partnerships there are."""
    owner = follow_up.acting_partnership_of("review__")
    acted = RecommendationAction.objects.visible_to(user).filter(
        recommendation=OuterRef("pk"), partnership_id=OuterRef("owner")
    )
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(review__review_type__in=follow_up.REVIEWS_WITH_ACTIONS - {ReviewType.NATIONAL})
        .annotate(owner=owner, acted=Exists(acted))
        .filter(owner__isnull=False)
    )
    if not access.sees_every_partnership(user):
        recommendations = recommendations.filter(owner=user.partnership_id)
    counted = list(
        recommendations.order_by()
        .values("owner")
        .annotate(total=Count("pk"), without_action=Count("pk", filter=Q(acted=False)))
        .values_list("owner", "total", "without_action")
    )
    names = dict(Partnership.objects.filter(code__in=[code for code, _, _ in counted]).values_list("code", "name"))
    return [(names[code], total, without_action) for code, total, without_action in counted]


@require_safe
@login_required
def follow_up_progress(request):
    """Every action the person may see, overdue first: the Panel's national view, a partnership's own."""
    access.require(request.user, "learning.view_follow_up")
    today = timezone.localdate()
    recorded = list(
        RecommendationAction.objects.visible_to(request.user)
        .select_related("partnership", "recommendation__review")
        .order_by("partnership__name", "due_date", "pk")
    )
    by_partnership: dict[str, dict] = {}

    def row(name: str) -> dict:
        return by_partnership.setdefault(
            name,
            {"total": 0, "completed": 0, "overdue": 0, "impact": 0, "recommendations": 0, "without_action": 0},
        )

    # Every partnership with its own reviews' recommendations, those it has not acted on too: the Panel
    # sees who is doing nothing, not only who recorded something.
    for name, recommendations, without_action in _own_recommendations(request.user):
        row(name).update(recommendations=recommendations, without_action=without_action)
    for action in recorded:
        counts = row(action.partnership.name)
        counts["total"] += 1
        counts["completed"] += action.status == RecommendationActionStatus.COMPLETED
        counts["overdue"] += action.overdue(today)
        counts["impact"] += bool(action.impact)
    by_partnership = dict(sorted(by_partnership.items()))
    return render(
        request,
        "learning/follow_up/progress.html",
        {
            "recorded": recorded,
            "overdue": [a for a in recorded if a.overdue(today)],
            "by_partnership": by_partnership,
            "status_names": STATUS_NAMES,
            "today": today,
            "national": access.sees_every_partnership(request.user),
        },
    )


@require_safe
@login_required
def theme_recurrence_page(request):
    """Each practice theme's share of reviews and rapid reviews by year, nationally or for one partnership."""
    access.require(request.user, "learning.view_repository")
    partnerships = list(Partnership.objects.order_by("name").values_list("code", "name"))
    chosen = request.GET.get("partnership", "")
    if chosen not in {code for code, _ in partnerships}:
        chosen = ""
    tables = theme_recurrence(user=request.user, partnership=chosen or None)
    # Drawn here as inline SVG (no script, no style attribute: the CSP allows it); the tables stay as its text.
    charts = [(code, chart_svg(view, f"theme-{code}")) for code, view in theme_charts(tables, label_name)]
    return render(
        request,
        "learning/follow_up/recurrence.html",
        {
            "tables": tables,
            "charts": charts,
            "partnerships": partnerships,
            "chosen": chosen,
            "chosen_name": dict(partnerships).get(chosen, ""),
            "theme_name": label_name,
        },
    )
