"""A case's open deadlines, for the notification page, which belongs to cases and cannot import reviews.

The notification page (cases) shows each open deadline of its case with the working
days left, worded as the dashboard words them. The deadlines are the reviews app's
(`open_items.py`, from domain/workflow.py's OPEN_DEADLINES), so, as with the learning
panels (ADR 0015), this context processor offers the page a callable, and nothing is
read unless the page calls it.
"""

from django.utils import timezone

from cspr.cases import scope
from cspr.reviews.open_items import OpenItem, open_items


def case_deadlines(request) -> dict:
    """Context processor: `open_items_for_case(n)`, the case's open deadlines, soonest first."""
    return {"open_items_for_case": lambda notification: open_items_for_case(request.user, notification)}


def open_items_for_case(user, notification) -> list[OpenItem]:
    # Through the person's scope, like every read for a page.
    case = scope.notifications_for(user).filter(pk=notification.pk)
    return open_items(today=timezone.localdate(), scope=case)
