from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from cspr.core import actions, lockouts
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused


@require_safe
def healthz(request):
    """Liveness and database reachability, for load balancers and monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
def readyz(request):
    """Readiness: the database answers and every migration is applied (else 503, naming what is not).

    A new release's containers report ready only after `cspr migrate` has run, so a
    load balancer never sends people to code whose tables are not there yet.
    """
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    if pending:
        names = sorted(f"{migration.app_label}.{migration.name}" for migration, _ in pending)
        return JsonResponse({"status": "unavailable", "unapplied_migrations": names}, status=503)
    return JsonResponse({"status": "ready"})


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


@require_safe
@login_required
@permission_required("core.view_audit", raise_exception=True)
def lockout_list(request):
    """The sign-in lockouts in force (a username at an address), for administrators to lift."""
    attempts = [(attempt, lockouts.ends_at(attempt)) for attempt in lockouts.in_force()]
    return render(
        request,
        "core/lockouts.html",
        {
            "attempts": attempts,
            "can_lift": request.user.has_perm("core.lift_lockouts"),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(get_cool_off().total_seconds() / 60),
            "notices": [(m.level_tag, str(m)) for m in messages.get_messages(request)],
        },
    )


@require_POST
@login_required
@permission_required("core.lift_lockouts", raise_exception=True)
def lockout_lift(request, attempt_id: int):
    """Lift one lockout (audited); a lockout that has already ended is said so, not an error page."""
    try:
        attempt = actions.lockout_lift(actor=request.user, attempt_id=attempt_id, request=request)
    except Refused as refusal:
        messages.info(request, refusal.sentence)
    else:
        messages.success(request, f"{attempt.username} can sign in again from {attempt.ip_address}")
    return redirect("lockout_list")
