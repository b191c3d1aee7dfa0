from cspr.cases.models.register import (
    CaseShare,
    Child,
    Milestone,
    NationalReview,
    Notification,
    PracticeReview,
    RapidReview,
    ReminderSent,
    StatusEvent,
)

__all__ = [
    "CaseShare",
    "Milestone",
    "ReminderSent",
    "Child",
    "NationalReview",
    "Notification",
    "PracticeReview",
    "RapidReview",
    "StatusEvent",
]
