"""The administrators' pages (the audit trail) and the health check."""

from django.urls import path

from cspr.core import (
    converters,  # noqa: F401  (registers the `ref` converter)
    views,
)

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/notifications/<ref:ref>/", views.access_report, name="access_report"),
    path("audit/sign-in-lockouts/", views.lockout_list, name="lockout_list"),
    path("audit/sign-in-lockouts/<int:attempt_id>/lift/", views.lockout_lift, name="lockout_lift"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
