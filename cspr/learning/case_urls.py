"""The learning app's page among a case's pages (included at the root by cspr/urls.py).

Publishing an LCSPR adds its report to the repository, so the page is the learning
app's, though its address sits with the case's other LCSPR pages.
"""

from django.urls import path

from cspr.core.converters import CASE
from cspr.learning import views

urlpatterns = [
    path(CASE + "lcspr/published/", views.lcspr_publish, name="lcspr_publish"),
]
