"""A rolling idle expiry for sessions that does not write the session on every request.

`SESSION_SAVE_EVERY_REQUEST` pushed a session's expiry on with a database write per
page view. Instead, a signed-in person's session is saved again (moving its expiry
to SESSION_COOKIE_AGE from now) only once SESSION_REFRESH_AFTER seconds (a tenth of
the idle window) have passed since its last save; a session that is saved anyway
(sign-in, a form's progress) records the time for free.
"""

import time

from django.conf import settings

SAVED_AT = "_cspr_saved_at"


def rolling_expiry(get_response):
    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        # Only signed-in sessions: an anonymous visitor (or one who just signed out)
        # never gets a session row from this.
        if session is None or user is None or not user.is_authenticated or session.session_key is None:
            return response
        now = int(time.time())
        if session.modified or now - session.get(SAVED_AT, 0) >= settings.SESSION_REFRESH_AFTER:
            session[SAVED_AT] = now
        return response

    return middleware


def saved_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session (under a new key), so its idle window starts then.

    A sign-in through the pages would record this at the end of its request anyway; a
    session made by other code calling `login()` (the test client's `force_login`) is
    saved without passing the middleware, and without this its first page wrote it again.
    """
    session = getattr(request, "session", None)
    if session is not None:
        session[SAVED_AT] = int(time.time())
