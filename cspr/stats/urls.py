from django.urls import path

from cspr.stats import views

urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("download/", views.download, name="statistics_download"),
]
