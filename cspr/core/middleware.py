"""Request-level safeguards: a request id for the audit trail, MFA for every staff role, no
cached copies of what signed-in people see, and no browser features the service never uses."""

import re
import uuid

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id(get_response):
    """Give every request an id, carried into its audit events and back in a header.

    A well-formed X-Request-ID from the proxy in front is kept, so one id follows
    a request through the web server's logs and the audit trail.
    """

    def middleware(request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = get_response(request)
        response["X-Request-ID"] = request.request_id
        return response

    return middleware


# Paths a signed-in person without MFA may still use: setting MFA up, signing out, assets.
_MFA_SETUP_PREFIXES = (
    "/accounts/",
    "/static/",
    "/accessibility",
    "/cookies",
    "/privacy",
    "/feedback",
    "/healthz",
    "/readyz",
)


def mfa_waived(user) -> bool:
    return settings.DEMO_MODE and user.is_demo


def require_mfa(get_response):
    """Every staff role must have an authenticator app (TOTP) before seeing any page."""

    def middleware(request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not mfa_waived(user)
            and not request.path.startswith(_MFA_SETUP_PREFIXES)
            and not _has_totp(user)
        ):
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def never_cache_signed_in(get_response):
    """Every response to a signed-in person (or an API token) is `private, no-store`, unless its view said otherwise.

    Case pages, lists, exports and PDFs carry children's records: a shared computer's
    browser cache or a proxy in between must not keep a copy after the person signs out.
    A view that set its own Cache-Control (a document download: ADR 0019) keeps it.
    Anonymous pages (sign-in, the public learning repository) and static files (served
    before this by WhiteNoise) are left alone.
    """

    def middleware(request):
        response = get_response(request)
        signed_in = request.user.is_authenticated or getattr(request, "auth", None) is not None
        if signed_in and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response

    return middleware


def permissions_policy(get_response):
    """Every response carries the Permissions-Policy header (settings.PERMISSIONS_POLICY).

    Django's SecurityMiddleware sets the other security headers but has no setting for
    this one. Turning off the camera, microphone and the rest means a script that ever
    got onto a page (or a page embedding ours) could not ask for them.
    """

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
