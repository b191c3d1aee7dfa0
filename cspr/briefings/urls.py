"""Briefings: included at `briefings/` by cspr/urls.py."""

from django.urls import path

from cspr.briefings import views

urlpatterns = [
    path("", views.briefing_list, name="briefing_list"),
    path("new/", views.briefing_new, name="briefing_new"),
    path("<int:pk>/download/", views.briefing_download, name="briefing_download"),
    path("practice-content/", views.practice_content_list, name="practice_content_list"),
    path("practice-content/<int:pk>/", views.practice_content_edit, name="practice_content_edit"),
]
