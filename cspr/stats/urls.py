from django.urls import path

from cspr.stats import early_warning, views

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("download/", views.download, name="statistics_download"),
    path("early-warning/", early_warning.early_warning, name="statistics_early_warning"),
]
