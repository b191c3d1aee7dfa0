"""A case's documents, after the case's "~" segment (cspr/core/converters.py)."""

from django.urls import path

from cspr.core.converters import CASE
from cspr.documents import views

urlpatterns = [
    path(CASE + "documents/add/", views.document_attach, name="document_attach"),
    path(CASE + "documents/<int:pk>/", views.document_download, name="document_download"),
    path(CASE + "documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
]
