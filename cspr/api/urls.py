"""/api/v1/ (the API itself) and the administrators' token pages."""

from django.urls import path, re_path

from cspr.api import views
from cspr.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    # Any other address under /api/ answers as the API does: a problem document, never a page.
    re_path(r"^api/", views.api_not_found, name="api_not_found"),
    path("administration/api-tokens/", views.token_list, name="api_token_list"),
    path("administration/api-tokens/<slug:name>/revoke/", views.token_revoke, name="api_token_revoke"),
]
