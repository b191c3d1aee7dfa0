from cspr.cases.models.register import (
    Child,
    NationalReview,
    Notification,
    PracticeReview,
    RapidReview,
    StatusEvent,
)

__all__ = ["Child", "NationalReview", "Notification", "PracticeReview", "RapidReview", "StatusEvent"]
