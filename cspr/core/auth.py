from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.core import ratelimit
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied

from cspr.core.addresses import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators for named people, never by sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's own limit on failed sign-ins ("5 in 5 minutes" per key) is keyed by the
        # username alone, so anyone could lock a colleague out from anywhere. Keyed by the
        # username and the client's address, as django-axes is (ADR 0010), it slows guessing
        # from one place and never blocks the person elsewhere.
        return sign_in_limit_key(request, credentials.get("username", ""), client_ip(request))


def sign_in_limit_key(request, username: str, address: str | None) -> str:
    """allauth's key for failed sign-ins of one username from one address (lifting a lockout clears it)."""
    return f"{get_current_site(request).domain}:{(username or '').lower()}@{address or ''}"


def sign_in_username(request, credentials=None) -> str | None:
    """django-axes' key for a username (AXES_USERNAME_CALLABLE): the username as typed, trimmed and lowercased.

    Sign-in finds the account whatever the casing typed (allauth looks usernames up
    case-insensitively), so failures under "Alice" and "alice" are guesses at one password
    and must count towards, and be refused by, one lockout. allauth's own limit is keyed the
    same way (cspr.core.auth.sign_in_limit_key). Without credentials django-axes reads the
    form field, as it does when this is not set.
    """
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username.strip().lower() if isinstance(username, str) else username


def lift_sign_in_limit(request, username: str, address: str | None) -> None:
    ratelimit.clear(request, action="login_failed", key=sign_in_limit_key(request, username, address))


class SignInForm(LoginForm):
    """allauth's sign-in form with GOV.UK error messages, and no link inside the password hint.

    allauth puts "Forgotten your password?" in the password field's help text, which
    GOV.UK markup shows above the input, so it came between the username and the
    password in the tab order. The sign-in page shows the link after the button
    instead (account/login.html). Each empty field says which it is, instead of
    Django's "This field is required." twice in the error summary.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].help_text = ""


class RulesDecide:
    """Permissions are what cspr/core/access.py's rules grant, and nothing else.

    Listed straight after rules' backend: a permission the rules did not grant is
    refused here (PermissionDenied ends Django's search), so the backends after it,
    kept for signing in and for the sessions that name them, never read Django's
    permission tables. cspr never fills those tables, yet ModelBackend read two of them
    on every page that asked about a permission the person does not have (the service
    navigation asks about ten). An active superuser still has every permission:
    Django answers that before asking any backend.

    It signs nobody in and has no `get_user`, so no session ever names it (and the
    test client's `force_login` passes over it, as it does rules' backend).
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        raise PermissionDenied
