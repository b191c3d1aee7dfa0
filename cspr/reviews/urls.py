"""The pages of a case's reviews: the rapid review and the Panel's response, the LCSPR, national reviews.

A case's pages sit after a "~" segment (see cspr/core/converters.py), so a
reference that ends in a word such as "share" cannot be mistaken for a page.
"""

from django.urls import path

from cspr.core.converters import CASE
from cspr.reviews.views import dashboard, local, national, rapid

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # The rapid review and the Panel's response.
    path(CASE + "rapid-review/", rapid.rapid_review_edit, name="rapid_review_edit"),
    path(CASE + "rapid-review/submit/", rapid.rapid_review_submit, name="rapid_review_submit"),
    path(CASE + "rapid-review/response/", rapid.panel_response, name="panel_response"),
    path(CASE + "rapid-review/response/agree/", rapid.panel_response_agree, name="panel_response_agree"),
    path(CASE + "rapid-review/response/query/", rapid.panel_response_query, name="panel_response_query"),
    path(CASE + "national-review/", rapid.case_national_review, name="case_national_review"),
    # The local child safeguarding practice review.
    path(CASE + "lcspr/", local.lcspr_detail, name="lcspr_detail"),
    path(CASE + "lcspr/commission/", local.lcspr_commission, name="lcspr_commission"),
    path(CASE + "lcspr/reviewer/", local.lcspr_reviewer, name="lcspr_reviewer"),
    path(CASE + "lcspr/milestones/", local.lcspr_milestone, name="lcspr_milestone"),
    path(CASE + "lcspr/delay/", local.lcspr_delay, name="lcspr_delay"),
    path(CASE + "lcspr/final-report/", local.lcspr_final_report, name="lcspr_final_report"),
    path(CASE + "lcspr/published/", local.lcspr_publish, name="lcspr_publish"),
    path(CASE + "lcspr/not-published/", local.lcspr_not_published, name="lcspr_not_published"),
    # National reviews (the Panel's).
    path("national-reviews/", national.national_review_list, name="national_review_list"),
    path("national-reviews/new/", national.national_review_create, name="national_review_create"),
    path("national-reviews/<int:pk>/", national.national_review_detail, name="national_review_detail"),
    path(
        "national-reviews/<int:pk>/commission/", national.national_review_commission, name="national_review_commission"
    ),
    path("national-reviews/<int:pk>/publish/", national.national_review_publish, name="national_review_publish"),
]
