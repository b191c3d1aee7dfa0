"""The service navigation: what each person is offered, by what their role allows."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

ITEMS = (
    # (label, url name, permission or None for everyone signed in)
    ("What is due", "dashboard", "cases.view_register"),
    ("Notifications", "notification_list", "cases.view_register"),
    ("Record a notification", "intake_start", "cases.record_notification"),
    ("National reviews", "national_review_list", "cases.view_national_reviews"),
    ("Statistics", "statistics", "stats.view_statistics"),
    ("Learning", "learning_search", "learning.view_repository"),
    ("Briefings", "briefing_list", "briefings.view_briefings"),
    ("Practice content", "practice_content_list", "briefings.edit_practice_content"),
    ("Audit", "audit_list", "core.view_audit"),
    ("Sign out", "account_logout", None),
)


def nav_items(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        if settings.CSPR_LEARNING_PUBLIC_ACCESS:  # the only pages open without signing in
            return [{"text": "Learning from reviews", "href": reverse("learning_search")},
                    {"text": "Sign in", "href": reverse("account_login")}]
        return []
    items = []
    for label, name, perm in ITEMS:
        if perm and not user.has_perm(perm):
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:  # a page not installed in this release
            continue
        items.append({"text": label, "href": href})
    return items


def navigation(request) -> dict:
    """Context processor: the navigation for every page rendered with a request.

    The 500 page sets `request.without_navigation`: the navigation needs the
    user, so the database, which may be what failed.
    """
    if getattr(request, "without_navigation", False):
        return {"nav_items": []}
    return {"nav_items": nav_items(request)}
