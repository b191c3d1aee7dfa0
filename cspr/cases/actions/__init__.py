"""The only writers of the case register: notifications, their children, sharing.

Each action is `<entity>_<verb>(*, actor, ...)`, atomic, writes with
`update_fields`, and records its audit event in the same transaction. The
reviews of a case are written by cspr/reviews/actions.
"""

from cspr.cases.actions.amend import CorrectionRefused, notification_amend
from cspr.cases.actions.load import LoadRefused, LoadSummary, notifications_load
from cspr.cases.actions.service import notification_record, notification_viewed
from cspr.cases.actions.sharing import case_share, case_share_withdraw

__all__ = [
    "CorrectionRefused",
    "LoadRefused",
    "LoadSummary",
    "case_share",
    "case_share_withdraw",
    "notification_record",
    "notification_amend",
    "notification_viewed",
    "notifications_load",
]
