from cspr.cases.models.register import CaseShare, Child, Notification

__all__ = ["CaseShare", "Child", "Notification"]
