from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cspr.core.models import AuditEvent


@require_safe
def healthz(request):
    """Liveness and database reachability, for load balancers and monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
@login_required
@permission_required("core.view_audit", raise_exception=True)
def audit_list(request):
    """The audit trail for administrators, newest first, filterable by action, person and record."""
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    for param, lookup in (("action", "action"), ("actor", "actor__username"), ("object", "object_id")):
        if request.GET.get(param):
            events = events.filter(**{lookup: request.GET[param]})
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {"page": page, "filters": request.GET, "query": query.urlencode()})


@require_safe
@login_required
@permission_required("core.view_audit", raise_exception=True)
def access_report(request, ref: str):
    """Who saw or changed this notification's record, and when."""
    # Reads of published learning from the case are filed under it too (learning.review.view).
    events = AuditEvent.objects.filter(object_type="notification", object_id=ref).select_related("actor")
    return render(request, "core/access_report.html", {"ref": ref, "events": events.order_by("id")})
