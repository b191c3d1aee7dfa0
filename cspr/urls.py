from django.urls import include, path

import cspr.cases.converters  # noqa: F401  (registers the `ref` converter)
from cspr.cases.views import notifications
from cspr.core import views as core_views

urlpatterns = [
    path("", include("cspr.reviews.urls")),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/export.csv", notifications.notification_list_csv, name="notification_list_csv"),
    path("", include("cspr.cases.urls")),
    path("notifications/<ref:ref>/", notifications.notification_detail, name="notification_detail"),
    path("statistics/", include("cspr.stats.urls")),
    path("briefings/", include("cspr.briefings.urls")),
    path("learning/", include("cspr.learning.urls")),
    path("audit/", core_views.audit_list, name="audit_list"),
    path("audit/notifications/<ref:ref>/", core_views.access_report, name="access_report"),
    path("accounts/", include("allauth.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("cspr.govuk.urls")),
]

handler403 = "cspr.govuk.views.permission_denied"
handler404 = "cspr.govuk.views.page_not_found"
handler500 = "cspr.govuk.views.server_error"
