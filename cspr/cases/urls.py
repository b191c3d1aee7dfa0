"""The pages of a notification itself: the list, the case page, recording one (intake), sharing a case.

A case's pages sit after a "~" segment (see cspr/core/converters.py), so a
reference that ends in a word such as "share" cannot be mistaken for a page.
"""

from django.urls import path

from cspr.cases.views import amend, intake, notifications, sharing
from cspr.core.converters import CASE  # importing it registers the `ref` converter

urlpatterns = [
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/export.csv", notifications.notification_list_csv, name="notification_list_csv"),
    path("notifications/<ref:ref>/", notifications.notification_detail, name="notification_detail"),
    # Recording a notification: question pages, check your answers, confirmation.
    path("record-a-notification/", intake.intake_start, name="intake_start"),
    path("record-a-notification/kind/", intake.intake_kind, name="intake_kind"),
    path("record-a-notification/abuse-or-neglect/", intake.intake_abuse_neglect, name="intake_abuse_neglect"),
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
    path(CASE + "share/", sharing.case_share, name="case_share"),
    path(CASE + "share/withdraw/", sharing.case_share_withdraw, name="case_share_withdraw"),
    # Correcting a record (issue 12, item 1).
    path(CASE + "correct/", amend.notification_amend, name="notification_amend"),
]
