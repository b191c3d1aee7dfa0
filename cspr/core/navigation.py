"""The service navigation: what each person is offered, by what their role allows."""

import functools

from django.conf import settings
from django.urls import NoReverseMatch, reverse

ITEMS = (
    # (label, url name, permission or None for everyone signed in)
    ("What is due", "dashboard", "cases.view_register"),
    ("Notifications", "notification_list", "cases.view_register"),
    ("Record a notification", "intake_start", "cases.record_notification"),
    ("National reviews", "national_review_list", "cases.view_national_reviews"),
    ("Work programme", "work_programme", "reviews.view_work_programme"),
    ("Statistics", "statistics", "stats.view_statistics"),
    ("Learning", "learning_search", "learning.view_repository"),
    ("Briefings", "briefing_list", "briefings.view_briefings"),
    ("Practice content", "practice_content_list", "briefings.edit_practice_content"),
    ("Audit", "audit_list", "core.view_audit"),
    ("Sign out", "account_logout", None),
)


def nav_items(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None:  # a request that never passed the middleware (a bare RequestFactory request)
        return []
    if not user.is_authenticated:
        if settings.CSPR_LEARNING_PUBLIC_ACCESS:  # the only pages open without signing in
            return [
                {"text": "Learning from reviews", "href": reverse("learning_search")},
                {"text": "Sign in", "href": reverse("account_login")},
            ]
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
    """Context processor: the service navigation, for a layout whose view did not pass `nav_items`.

    A callable, so it runs only when the layout needs it: a view that passes
    its own `nav_items` (the 500 page passes none, because the navigation needs
    the user, so the database, which may be what failed) never computes it.
    Computed once per request: govuk-frontend-jinja's template renders the
    header's blocks twice (once to see whether they are empty), and each
    computation asks for ten permissions.
    """
    return {"service_nav_items": functools.cache(functools.partial(nav_items, request))}
