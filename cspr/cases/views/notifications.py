from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cspr.cases import actions, exporter, scope
from cspr.core import access, audit
from cspr.domain import codes
from cspr.domain.deadlines import Deadline
from cspr.domain.workflow import (
    OPEN_DEADLINES,
    RAPID_REVIEW_AWAITING_PANEL,
    PracticeReviewStatus,
    Workflow,
    closed_states,
    open_states,
)

PAGE_SIZE = 50
STATUS_FILTERS = {
    # The state sets are domain/workflow.py's: "due" is every state whose rapid review deadline is open.
    "rapid_review_due": {"rapid_review__status__in": OPEN_DEADLINES[Deadline.RAPID_REVIEW][1]},
    "rapid_review_submitted": {"rapid_review__status__in": RAPID_REVIEW_AWAITING_PANEL},
    "rapid_review_responded": {"rapid_review__status__in": closed_states(Workflow.RAPID_REVIEW)},
    "lcspr_open": {"practice_review__status__in": open_states(Workflow.PRACTICE_REVIEW)},
    "lcspr_published": {"practice_review__status": PracticeReviewStatus.PUBLISHED},
}


def _filtered(request):
    """The person's notifications narrowed by the list's filters (never wider than their scope)."""
    qs = scope.notifications_for(request.user)
    params = request.GET
    if params.get("status") in STATUS_FILTERS:
        qs = qs.filter(**STATUS_FILTERS[params["status"]])
    if params.get("type") in codes.INCIDENT_TYPES:
        qs = qs.filter(incident_type=params["type"])
    if params.get("partnership"):
        qs = qs.filter(partnership_id=params["partnership"])
    if params.get("overdue") == "yes":
        today = timezone.localdate()
        qs = qs.filter(
            rapid_review__status__in=OPEN_DEADLINES[Deadline.RAPID_REVIEW][1],
            rapid_review__due_date__lt=today,
        )
    return qs.order_by("-notified_date", "ref")


@require_safe
@login_required
def notification_list(request):
    access.require(request.user, "cases.view_register")
    qs = _filtered(request).select_related("local_authority", "partnership", "rapid_review")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    partnerships = (
        scope.notifications_for(request.user)
        .order_by("partnership__name")
        .values_list("partnership_id", "partnership__name")
        .distinct()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/notification_list.html",
        {
            "page": page,
            "filters": request.GET,
            "query": query.urlencode(),
            "partnerships": list(partnerships),
            "incident_types": codes.INCIDENT_TYPES,
            "statuses": list(STATUS_FILTERS),
        },
    )


@require_safe
@login_required
def notification_list_csv(request):
    """The filtered list as a file of the data standard; audited, since children's records leave the service."""
    access.require(request.user, "cases.export_list")
    qs = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="notifications.csv"'
    count = exporter.write_csv(response, queryset=qs)
    audit.record(
        actor=request.user,
        action="register.export",
        object_type="export",
        changed_fields={"format": "csv", "filters": dict(request.GET.items()), "notifications": count},
        request=request,
    )
    return response


@require_safe
@login_required
def notification_detail(request, ref: str):
    notification = scope.get_notification_for(request.user, ref)
    actions.notification_viewed(actor=request.user, notification=notification, request=request)
    return render(
        request,
        "cases/notification_detail.html",
        {
            "n": notification,
            "children": notification.children.all(),
            "rapid_review": notification.rapid_review,
            "practice_review": getattr(notification, "practice_review", None),
            "events": notification.status_events.select_related("actor"),
            "shares": notification.shares.select_related("partnership"),
            "national_reviews": notification.national_reviews.all(),
            "calendar_today": timezone.localdate(),
        },
    )
