"""The only writers of the case register.

Each action is `<entity>_<verb>(*, actor, ...)`, atomic, writes with
`update_fields`, appends a status event when a workflow moves, and records its
audit event in the same transaction. Views, management commands and tasks all
call these.
"""

from cspr.cases.actions.load import LoadSummary, notifications_load
from cspr.cases.actions.reviews import (
    StaleRecord,
    national_review_add_notifications,
    national_review_commission,
    national_review_create,
    national_review_publish,
    practice_review_commission,
    practice_review_publish,
    practice_review_record_not_published,
    practice_review_send_final_report,
    rapid_review_query,
    rapid_review_respond,
    rapid_review_submit,
)
from cspr.cases.actions.service import (
    case_share,
    notification_record,
    notification_viewed,
    practice_review_assign_reviewer,
    practice_review_record_delay,
    practice_review_record_milestone,
    rapid_review_save,
)

__all__ = [
    "case_share",
    "notification_record",
    "notification_viewed",
    "practice_review_assign_reviewer",
    "practice_review_record_delay",
    "practice_review_record_milestone",
    "rapid_review_save",
    "LoadSummary",
    "StaleRecord",
    "national_review_commission",
    "national_review_add_notifications",
    "national_review_create",
    "national_review_publish",
    "notifications_load",
    "practice_review_commission",
    "practice_review_publish",
    "practice_review_record_not_published",
    "practice_review_send_final_report",
    "rapid_review_query",
    "rapid_review_respond",
    "rapid_review_submit",
]
