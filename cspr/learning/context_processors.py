"""The learning a case's pages show: its similar reviews, and the reviews made from it.

The notification and rapid review pages belong to cases and reviews, which sit
below learning (docs/architecture.md, ADR 0015), so their views do not import
this. Instead this context processor (settings.TEMPLATES) offers every page
callables, and the pages' macros in learning/_case.html call them with the case
(and the dashboard calls `overdue_follow_up()`). Nothing is read unless a page calls them.
"""

import rules
from django.utils import timezone

from cspr.domain.workflow import RECOMMENDATION_ACTION_CLOSED
from cspr.learning import similar_store
from cspr.learning.models import PublishedReview, RecommendationAction
from cspr.learning.similar import notification_profile

# The rapid review's narrative fields: what the case's own words say, compared with reviews' text.
RAPID_REVIEW_NARRATIVE = ("facts", "immediate_actions", "learning", "decision_reasons")


def case_learning(request) -> dict:
    """Context processor: `similar_for_case(n)` and `learning_from_case(n)` for the person signed in."""
    return {
        "similar_for_case": lambda notification: similar_for_case(request.user, notification),
        "learning_from_case": lambda notification: learning_from_case(request.user, notification),
        # The dashboard (cspr/reviews, below learning) lists overdue actions on recommendations through this.
        "overdue_follow_up": lambda: overdue_follow_up(request.user),
    }


def overdue_follow_up(user, limit: int = 20) -> list:
    """Actions on recommendations the person may see that are past their due date and still open."""
    # rules' own test, not user.has_perm: Django's model backend would read the person's
    # permission tables (two queries) for a rule that never uses them.
    if not rules.has_perm("learning.view_follow_up", user):
        return []
    today = timezone.localdate()
    still_open = (
        RecommendationAction.objects.visible_to(user)
        .exclude(status__in=RECOMMENDATION_ACTION_CLOSED)
        .select_related("partnership", "recommendation__review")
        .order_by("due_date", "pk")
    )
    return [action for action in still_open if action.overdue(today)][:limit]


def similar_for_case(user, notification, limit: int = 5):
    """The learning most like a case in the register, for its notification and rapid review pages.

    Only reviews the person may read are compared. The reason shown names what
    matched, so the case's profile holds only what the person may read about
    it: its category, type and children's ages always; the notification's
    characteristics and the rapid review's themes and words only as
    `cases.read_case_characteristics` and `cases.read_rapid_review` allow
    (cspr/core/access.py).
    """
    if not user.has_perm("learning.view_repository"):
        return None
    characteristics = user.has_perm("cases.read_case_characteristics", notification)
    reads_rapid_review = user.has_perm("cases.read_rapid_review", notification)
    profile = case_profile(notification, characteristics=characteristics, rapid_review=reads_rapid_review)
    # Stored, not computed here (cspr/learning/similar_store.py); the case's own review is shown
    # as its learning, not as "similar", and only reviews the person may read are shown.
    return similar_store.similar_for_case(notification, profile, user=user, limit=limit)


def case_profile(notification, *, characteristics: bool, rapid_review: bool):
    """What a reader who may (or may not) read the case's characteristics and rapid review compares."""
    text = ""
    if rapid_review:
        text = "\n\n".join(getattr(notification.rapid_review, name, "") or "" for name in RAPID_REVIEW_NARRATIVE)
    return notification_profile(notification, text, flags=characteristics, themes=rapid_review)


def case_profiles(notification) -> list:
    """Every profile a reader may have of a case: what `cspr learning similar-rebuild` stores."""
    return [
        case_profile(notification, characteristics=flags, rapid_review=rapid)
        for flags in (True, False)
        for rapid in (True, False)
    ]


def learning_from_case(user, notification) -> list:
    """The reviews in the repository that came from this case, if the person may read them."""
    if not user.has_perm("learning.view_repository"):
        return []
    reviews = PublishedReview.objects.visible_to(user).filter(notification=notification)
    return list(reviews.only("pk", "title", "year", "is_published"))
