"""The learning repository: included at `learning/` by cspr/urls.py."""

from django.urls import path

from cspr.learning import views

urlpatterns = [
    path("", views.repository_search, name="learning_search"),
    path("reviews/<int:pk>/", views.review_detail, name="learning_review_detail"),
    path("reviews/<int:pk>/coding/", views.review_coding, name="learning_review_coding"),
    path("reviews/<int:pk>/coding/decide/", views.review_coding_decide, name="learning_review_coding_decide"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="learning_recommendation_detail"),
]
