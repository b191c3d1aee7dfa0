"""The URLs these tests need, whether or not cspr/urls.py includes cspr.govuk.urls yet."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path

from tests.govuk import views


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("", include("cspr.govuk.urls")),
    path("example-form", views.example_form, name="example_form"),
    path("forbidden", forbidden),
    path("broken", broken),
]

handler404 = "cspr.govuk.views.page_not_found"
handler403 = "cspr.govuk.views.permission_denied"
handler500 = "cspr.govuk.views.server_error"
