"""The learning repository: included at `learning/` by cspr/urls.py."""

from django.urls import path

from cspr.learning import views, views_follow_up, views_recommendations

urlpatterns = [
    path("", views.repository_search, name="learning_search"),
    path("reviews/<int:pk>/", views.review_detail, name="learning_review_detail"),
    path("reviews/<int:pk>/coding/", views.review_coding, name="learning_review_coding"),
    path("reviews/<int:pk>/coding/decide/", views.review_coding_decide, name="learning_review_coding_decide"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="learning_recommendation_detail"),
    # Recording a review's recommendations, so partnerships can act on them
    path(
        "reviews/<int:pk>/recommendations/add/",
        views_recommendations.recommendation_add,
        name="learning_recommendation_add",
    ),
    path(
        "recommendations/<int:pk>/change/",
        views_recommendations.recommendation_change,
        name="learning_recommendation_change",
    ),
    path(
        "recommendations/<int:pk>/remove/",
        views_recommendations.recommendation_remove,
        name="learning_recommendation_remove",
    ),
    # Recommendations -> actions -> impact (issue 16)
    path(
        "recommendations/<int:pk>/actions/",
        views_follow_up.recommendation_actions,
        name="learning_recommendation_actions",
    ),
    path("actions/<int:pk>/", views_follow_up.recommendation_action, name="learning_recommendation_action"),
    path("follow-up/", views_follow_up.follow_up_progress, name="learning_follow_up"),
    path("recurrence/", views_follow_up.theme_recurrence_page, name="learning_theme_recurrence"),
]
