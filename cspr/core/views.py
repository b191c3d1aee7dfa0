import logging

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import resolve
from django.views.decorators.http import require_POST, require_safe

from cspr.core import actions, lockouts
from cspr.core.models import AuditEvent
from cspr.domain.refusal import Refused

health_logger = logging.getLogger("cspr.health")

_PROBES = ("/healthz", "/readyz")
# Each probe's last "unavailable" answer in this process, so that it is logged once, not per probe.
_last_unavailable: dict[str, str] = {}


def probes(get_response):
    """Middleware, before CommonMiddleware: /healthz and /readyz answered whatever the Host header.

    Load balancers and the container's HEALTHCHECK ask by address (http://10.0.0.7:8000/healthz),
    not by a name in CSPR_ALLOWED_HOSTS, and Django's Host check would answer 400. Only these two
    paths skip it; every other request meets it as before.
    """

    def middleware(request):
        if request.path_info not in _PROBES:
            return get_response(request)
        match = resolve(request.path_info)
        request.resolver_match = match  # the request's log line names the route, as for any page
        return match.func(request, *match.args, **match.kwargs)

    return middleware


@require_safe
def healthz(request):
    """Liveness and database reachability, for load balancers and monitors (503 when the database is down)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return _unavailable("healthz", {"database": type(error).__name__}, f"database: {type(error).__name__}")
    _last_unavailable.pop("healthz", None)
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
        return _unavailable("readyz", {"database": type(error).__name__}, f"database: {type(error).__name__}")
    if pending:
        names = sorted(f"{migration.app_label}.{migration.name}" for migration, _ in pending)
        return _unavailable("readyz", {"unapplied_migrations": names}, f"{len(names)} unapplied migrations")
    _last_unavailable.pop("readyz", None)
    return JsonResponse({"status": "ready"})


def _unavailable(probe: str, why: dict, reason: str) -> JsonResponse:
    """A 503 that a probe asks for every few seconds: one WARNING when the reason changes, no traceback.

    Django's request logger would otherwise log each one at ERROR, with the path.
    """
    response = JsonResponse({"status": "unavailable", **why}, status=503)
    if _last_unavailable.get(probe) != reason:
        _last_unavailable[probe] = reason
        health_logger.warning("%s unavailable (%s)", probe, reason, extra={"status_code": 503})
    response._has_been_logged = True  # django.utils.log.log_response leaves a response so marked alone
    return response


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
