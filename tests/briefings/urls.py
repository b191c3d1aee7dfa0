"""The service's URLs with the briefings pages, whether or not cspr/urls.py includes them yet."""

from django.urls import include, path

from cspr.urls import handler403, handler404, handler500  # noqa: F401
from cspr.urls import urlpatterns as service

urlpatterns = [path("briefings/", include("cspr.briefings.urls")), *service]
