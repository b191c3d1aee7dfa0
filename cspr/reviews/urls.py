"""The pages of a case's reviews: the rapid review and the Panel's response, the LCSPR, national reviews.

A case's pages sit after a "~" segment (see cspr/core/converters.py), so a
reference that ends in a word such as "share" cannot be mistaken for a page.
"""

from django.urls import path

from cspr.core.converters import CASE
from cspr.reviews.views import dashboard, local, national, programme, rapid, reading

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # The rapid review and the Panel's response.
    path(CASE + "rapid-review/", rapid.rapid_review_edit, name="rapid_review_edit"),
    path(CASE + "rapid-review/submit/", rapid.rapid_review_submit, name="rapid_review_submit"),
    path(CASE + "rapid-review/response/", rapid.panel_response, name="panel_response"),
    path(CASE + "rapid-review/response/agree/", rapid.panel_response_agree, name="panel_response_agree"),
    path(CASE + "rapid-review/response/query/", rapid.panel_response_query, name="panel_response_query"),
    path(CASE + "national-review/", rapid.case_national_review, name="case_national_review"),
    # Reading a case at every stage (issue 12, item 3): read-only and printable, and a summary PDF.
    path(CASE + "rapid-review/read/", reading.rapid_review_read, name="rapid_review_read"),
    path(CASE + "summary.pdf", reading.case_summary_pdf, name="case_summary_pdf"),
    # The local child safeguarding practice review.
    path(CASE + "lcspr/", local.lcspr_detail, name="lcspr_detail"),
    path(CASE + "lcspr/commission/", local.lcspr_commission, name="lcspr_commission"),
    path(CASE + "lcspr/reviewer/", local.lcspr_reviewer, name="lcspr_reviewer"),
    path(CASE + "lcspr/milestones/", local.lcspr_milestone, name="lcspr_milestone"),
    path(CASE + "lcspr/delay/", local.lcspr_delay, name="lcspr_delay"),
    path(CASE + "lcspr/final-report/", local.lcspr_final_report, name="lcspr_final_report"),
    # "lcspr/published/" (lcspr_publish) is the learning app's: cspr/learning/case_urls.py.
    path(CASE + "lcspr/not-published/", local.lcspr_not_published, name="lcspr_not_published"),
    # National reviews (the Panel's).
    path("national-reviews/", national.national_review_list, name="national_review_list"),
    path("national-reviews/new/", national.national_review_create, name="national_review_create"),
    path("national-reviews/<int:pk>/", national.national_review_detail, name="national_review_detail"),
    path(
        "national-reviews/<int:pk>/commission/", national.national_review_commission, name="national_review_commission"
    ),
    path("national-reviews/<int:pk>/publish/", national.national_review_publish, name="national_review_publish"),
    # The Panel's national work: taking cases in (reg 3), appointments (reg 4), the work programme, the pool.
    path("national-reviews/<int:pk>/cases/new/", national.national_review_take_case, name="national_review_take_case"),
    path("national-reviews/<int:pk>/reviewers/new/", national.national_review_appoint, name="national_review_appoint"),
    path(
        "national-reviews/<int:pk>/reviewers/<int:reviewer_id>/remove/",
        national.national_review_remove_reviewer,
        name="national_review_remove_reviewer",
    ),
    path("work-programme/", programme.work_programme, name="work_programme"),
    path("work-programme/new/", programme.work_programme_topic_create, name="work_programme_topic_create"),
    path("work-programme/<int:pk>/", programme.work_programme_topic, name="work_programme_topic"),
    path("work-programme/<int:pk>/status/", programme.work_programme_topic_status, name="work_programme_topic_status"),
    path("reviewer-pool/", programme.reviewer_pool, name="reviewer_pool"),
    path("reviewer-pool/new/", programme.reviewer_pool_add, name="reviewer_pool_add"),
    path("reviewer-pool/<int:pk>/conflicts/", programme.reviewer_pool_conflicts, name="reviewer_pool_conflicts"),
    path("reviewer-pool/<int:pk>/remove/", programme.reviewer_pool_remove, name="reviewer_pool_remove"),
]
