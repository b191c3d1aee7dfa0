from cspr.cases.models.amendment import Amendment
from cspr.cases.models.register import CaseShare, Child, Notification, needing_rapid_review

__all__ = ["Amendment", "CaseShare", "Child", "Notification", "needing_rapid_review"]
