"""The only writers of a case's reviews: the rapid review, the LCSPR and national reviews.

Each action is `<entity>_<verb>(*, actor, ...)`, atomic, and writes through
cspr/reviews/writes.py: the row locked, its version checked, the workflow move
checked, `update_fields`, the status event and the audit event in one
transaction. A refusal is a `Refused(field, message)`.
"""

from cspr.reviews.actions.history import rapid_reviews_record_narratives
from cspr.reviews.actions.local import (
    practice_review_assign_reviewer,
    practice_review_commission,
    practice_review_publish,
    practice_review_record_delay,
    practice_review_record_milestone,
    practice_review_record_not_published,
    practice_review_send_final_report,
)
from cspr.reviews.actions.national import (
    national_review_add_notifications,
    national_review_commission,
    national_review_create,
    national_review_publish,
    national_review_remove_reviewer,
)
from cspr.reviews.actions.pool import (
    national_review_appoint_reviewer,
    pool_reviewer_add,
    pool_reviewer_remove,
    pool_reviewer_set_conflicts,
)
from cspr.reviews.actions.programme import (
    national_review_take_case,
    work_programme_topic_create,
    work_programme_topic_move,
)
from cspr.reviews.actions.rapid import rapid_review_query, rapid_review_respond, rapid_review_save, rapid_review_submit

__all__ = [
    "national_review_add_notifications",
    "national_review_appoint_reviewer",
    "national_review_commission",
    "national_review_create",
    "national_review_publish",
    "national_review_remove_reviewer",
    "national_review_take_case",
    "pool_reviewer_add",
    "pool_reviewer_remove",
    "pool_reviewer_set_conflicts",
    "practice_review_assign_reviewer",
    "practice_review_commission",
    "practice_review_publish",
    "practice_review_record_delay",
    "practice_review_record_milestone",
    "practice_review_record_not_published",
    "practice_review_send_final_report",
    "rapid_review_query",
    "rapid_review_respond",
    "rapid_review_save",
    "rapid_review_submit",
    "rapid_reviews_record_narratives",
    "work_programme_topic_create",
    "work_programme_topic_move",
]
