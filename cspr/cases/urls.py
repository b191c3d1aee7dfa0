"""Case pages below a notification (intake, rapid review, Panel response, LCSPR tracking) and national reviews.

A case's pages sit after a "~" segment (see cspr/cases/converters.py), so a
reference that ends in a word such as "share" cannot be mistaken for a page.
"""

from django.urls import path

import cspr.cases.converters  # noqa: F401  (registers the `ref` converter)
from cspr.cases.views import intake, lcspr, national, reviews

CASE = "notifications/<ref:ref>/~/"

urlpatterns = [
    # Recording a notification: question pages, check your answers, confirmation.
    path("record-a-notification/", intake.intake_start, name="intake_start"),
    path("record-a-notification/local-authority/", intake.intake_local_authority, name="intake_local_authority"),
    path("record-a-notification/dates/", intake.intake_dates, name="intake_dates"),
    path("record-a-notification/type/", intake.intake_type, name="intake_type"),
    path("record-a-notification/category/", intake.intake_category, name="intake_category"),
    path("record-a-notification/characteristics/", intake.intake_characteristics, name="intake_characteristics"),
    path("record-a-notification/children/", intake.intake_children, name="intake_children"),
    path("record-a-notification/children/add/", intake.intake_child_add, name="intake_child_add"),
    path("record-a-notification/children/<int:number>/", intake.intake_child_change, name="intake_child_change"),
    path("record-a-notification/children/<int:number>/remove/", intake.intake_child_remove, name="intake_child_remove"),
    path("record-a-notification/reference/", intake.intake_reference, name="intake_reference"),
    path("record-a-notification/check/", intake.intake_check, name="intake_check"),
    path("record-a-notification/confirmation/", intake.intake_confirmation, name="intake_confirmation"),
    # The rapid review and the Panel's response.
    path(CASE + "rapid-review/", reviews.rapid_review_edit, name="rapid_review_edit"),
    path(CASE + "rapid-review/submit/", reviews.rapid_review_submit, name="rapid_review_submit"),
    path(CASE + "rapid-review/response/", reviews.panel_response, name="panel_response"),
    path(CASE + "rapid-review/response/agree/", reviews.panel_response_agree, name="panel_response_agree"),
    path(CASE + "rapid-review/response/query/", reviews.panel_response_query, name="panel_response_query"),
    path(CASE + "national-review/", reviews.case_national_review, name="case_national_review"),
    path(CASE + "share/", reviews.case_share, name="case_share"),
    # The local child safeguarding practice review.
    path(CASE + "lcspr/", lcspr.lcspr_detail, name="lcspr_detail"),
    path(CASE + "lcspr/commission/", lcspr.lcspr_commission, name="lcspr_commission"),
    path(CASE + "lcspr/reviewer/", lcspr.lcspr_reviewer, name="lcspr_reviewer"),
    path(CASE + "lcspr/milestones/", lcspr.lcspr_milestone, name="lcspr_milestone"),
    path(CASE + "lcspr/delay/", lcspr.lcspr_delay, name="lcspr_delay"),
    path(CASE + "lcspr/final-report/", lcspr.lcspr_final_report, name="lcspr_final_report"),
    path(CASE + "lcspr/published/", lcspr.lcspr_publish, name="lcspr_publish"),
    path(CASE + "lcspr/not-published/", lcspr.lcspr_not_published, name="lcspr_not_published"),
    # National reviews (the Panel's).
    path("national-reviews/", national.national_review_list, name="national_review_list"),
    path("national-reviews/new/", national.national_review_create, name="national_review_create"),
    path("national-reviews/<int:pk>/", national.national_review_detail, name="national_review_detail"),
    path(
        "national-reviews/<int:pk>/commission/", national.national_review_commission, name="national_review_commission"
    ),
    path("national-reviews/<int:pk>/publish/", national.national_review_publish, name="national_review_publish"),
]
