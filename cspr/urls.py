from django.urls import include, path

from cspr.core.auth import account_urls

urlpatterns = [
    path("", include("cspr.reviews.urls")),
    path("", include("cspr.cases.urls")),
    path("", include("cspr.documents.urls")),
    path("", include("cspr.learning.case_urls")),
    path("statistics/", include("cspr.stats.urls")),
    path("briefings/", include("cspr.briefings.urls")),
    path("learning/", include("cspr.learning.urls")),
    # The API (/api/v1/) and its token pages: cspr/api/urls.py.
    path("", include("cspr.api.urls")),
    path("", include("cspr.core.urls")),
    # allauth's sign-in, password and two-factor pages, not its email address pages (cspr/core/auth.py).
    path("accounts/", include(account_urls())),
    path("", include("cspr.govuk.urls")),
]

handler403 = "cspr.govuk.views.permission_denied"
handler404 = "cspr.govuk.views.page_not_found"
handler500 = "cspr.govuk.views.server_error"
