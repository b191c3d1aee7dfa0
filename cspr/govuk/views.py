"""The service's own pages (accessibility, cookies, privacy) and its error pages."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
def cookies(request):
    return render(request, "pages/cookies.html", {"cookies": essential_cookies()})


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html")


@require_safe
def feedback(request):
    """Where the Beta banner leads: the operator's feedback form (CSPR_FEEDBACK_URL) if any, and who to contact."""
    return render(request, "pages/feedback.html")


def page_not_found(request, exception):
    return render(request, "pages/errors/404.html", status=404)


def permission_denied(request, exception):
    return render(request, "pages/errors/403.html", status=403)


def server_error(request):
    # No navigation (it needs the user, so the database, which may be what failed);
    # and if even the layout fails, a plain answer rather than none.
    try:
        return render(request, "pages/errors/500.html", {"nav_items": []}, status=500)
    except Exception:
        return HttpResponseServerError(_PLAIN_500, content_type="text/plain; charset=utf-8")


_PLAIN_500 = "Sorry, there is a problem with the service. Try again later."


def essential_cookies() -> list[dict]:
    """The cookies cspr sets, named and timed from the settings actually in force."""
    idle_minutes = settings.SESSION_COOKIE_AGE // 60
    session_expiry = f"After {idle_minutes} minutes without activity"
    if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
        session_expiry = f"When you close your browser, or after {idle_minutes} minutes without activity"
    rows = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": "Keeps you signed in as you move from page to page",
            "expires": session_expiry,
        },
        {
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": "Checks that a form you send was sent from cspr, to stop other websites acting as you",
            "expires": f"After {settings.CSRF_COOKIE_AGE // 86400} days"
            if settings.CSRF_COOKIE_AGE
            else "When you close your browser",
        },
    ]
    if "Cookie" in settings.MESSAGE_STORAGE or "Fallback" in settings.MESSAGE_STORAGE:
        rows.append(
            {
                "name": "messages",
                "purpose": "Shows a confirmation, such as ‘Notification recorded’, on the next page you see",
                "expires": "When the confirmation has been shown",
            }
        )
    return rows
