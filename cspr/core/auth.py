import logging
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import LoginForm, ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import URLPattern, URLResolver, get_script_prefix

from cspr.core.addresses import client_ip
from cspr.govuk.jinja2 import SERVICE_NAME

logger = logging.getLogger("cspr.core")
# What the log says when a reset email cannot link to the service (outside demo, no CSPR_SITE_URL).
NO_ADDRESS = (
    "set CSPR_SITE_URL to the service's public address, such as https://cspr.example.org: "
    "each password reset email links to it"
)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators for named people, never by sign-up.

    Its emails (with sign-up, email pages, verification and notifications all off, only the
    password reset link) name the service and link to its public address, CSPR_SITE_URL, as
    reminders do. allauth's default names, and links to, whatever host the request was sent to:
    any name in CSPR_ALLOWED_HOSTS, an internal one included, became the address people were
    told to sign in at.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def service_address(self) -> str | None:
        """The address every link in an account email starts with, without a trailing slash.

        CSPR_SITE_URL (checked when cspr starts: cspr/domain/site_url.py). Only in demo mode,
        without it, the address the request came to (`cspr demo` serves wherever it is told to);
        anywhere else there is none, and no email with a link is sent.
        """
        if settings.CSPR_SITE_URL:
            return settings.CSPR_SITE_URL.rstrip("/")
        if settings.DEMO_MODE and self.request is not None:
            return self.request.build_absolute_uri(get_script_prefix()).rstrip("/")
        return None

    def service_link(self, path: str) -> str:
        """`path` (as reverse() gives it) at the service's address."""
        address = self.service_address()
        if address is None:
            # ConfirmedAddressResetForm refuses first; this is for any other way here.
            raise ImproperlyConfigured(NO_ADDRESS)
        # CSPR_SITE_URL already ends with any path the service is mounted under (as reminders,
        # run outside any request, use it), so the request's script prefix is not added twice.
        prefix = get_script_prefix()
        if path.startswith(prefix):
            path = "/" + path[len(prefix) :]
        return address + path

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's own path for the key (it encodes the key its way), at the service's address.
        return self.service_link(urlsplit(super().get_reset_password_from_key_url(key)).path)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's templates read the site's name and domain from `current_site`, which without
        # the sites framework is the request's host: every email names the service instead
        # (cspr/core/templates/account/email/ say it in plain words), as the pages name it.
        name = getattr(settings, "CSPR_SERVICE_NAME", SERVICE_NAME)
        address = self.service_address() or ""
        service = {
            "service_name": name,
            "service_address": address,
            "current_site": SimpleNamespace(name=name, domain=urlsplit(address).netloc),
        }
        super().send_mail(template_prefix, email, {**context, **service})

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


class ConfirmedAddressResetForm(ResetPasswordForm):
    """allauth's password reset, sent only to the confirmed primary address an administrator set.

    allauth sends the reset to every account holding the address in any form, even an
    `EmailAddress` nobody confirmed, so an address added to someone's account would have
    been a way to take it over. In cspr an address is part of who someone is, set by an
    administrator (`cspr people`, audited), which records it as verified and primary.
    Any other address, or one for an account whose access has ended, gets the same page
    and sends nothing (`ACCOUNT_PREVENT_ENUMERATION`, `ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS`);
    allauth's rate limit on resets still applies (its view counts the address asked for).
    """

    def clean_email(self) -> str:
        if get_adapter().service_address() is None:
            # The same answer for every address, so it tells nobody whose address it is.
            logger.error("A password reset was refused: %s", NO_ADDRESS)
            raise forms.ValidationError(
                "Password reset emails cannot be sent until the service's web address is set up. "
                "Ask your administrator."
            )
        email = super().clean_email()
        confirmed = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True, primary=True)
        self.users = [address.user for address in confirmed.select_related("user") if address.user.is_active]
        return email


# allauth's pages for people to manage their own email addresses: adding, confirming, making
# one primary or removing one. Administrators set each person's address (`cspr people`), so
# these are no URLs of the service at all (a 404); nothing links to them.
SELF_SERVICE_EMAIL_URLS = frozenset({"account_email", "account_email_verification_sent", "account_confirm_email"})


def account_urls(patterns=None) -> list:
    """allauth's URLs (`allauth.urls`), without those in SELF_SERVICE_EMAIL_URLS."""
    if patterns is None:
        # Imported here, when the URLconf is read: allauth.urls builds its list from the settings.
        from allauth import urls

        patterns = urls.urlpatterns
    kept = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = account_urls(entry.url_patterns)
            kept.append(URLResolver(entry.pattern, inner, entry.default_kwargs, entry.app_name, entry.namespace))
        elif not (isinstance(entry, URLPattern) and entry.name in SELF_SERVICE_EMAIL_URLS):
            kept.append(entry)
    return kept


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
