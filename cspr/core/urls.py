"""The administrators' pages (the audit trail) and the health check."""

from django.urls import path

from cspr.core import (
    converters,  # noqa: F401  (registers the `ref` converter)
    views,
)

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/notifications/<ref:ref>/", views.access_report, name="access_report"),
    path("healthz", views.healthz, name="healthz"),
]
