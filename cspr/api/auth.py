"""Machines sign in with a bearer token, never with a session; throttled per token.

Only the `Authorization: Bearer` header opens the API: a session cookie is ignored
(the pages' sign-in never opens the API), and a token is never looked at by the
pages (it opens none of them). A revoked or expired token is refused with 401 and
says why; a read-only token asking to write gets 403.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from cspr.api.actions import token_hash
from cspr.api.models import ApiToken

# last_used_at is written at most this often: a busy token need not take a write lock per read.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """A token with the `scope` (read or write) the operation needs."""

    openapi_scheme = "bearer"

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user", "user__organisation").filter(token_hash=token_hash(token))
        api_token = found.first()
        if api_token is None:
            raise AuthenticationError(401, "this token is not known: check it was copied whole")
        now = timezone.now()
        if api_token.revoked_at is not None:
            raise AuthenticationError(401, f"this token was revoked on {api_token.revoked_at:%Y-%m-%d}")
        if api_token.expires_at <= now:
            raise AuthenticationError(401, f"this token expired on {api_token.expires_at:%Y-%m-%d}: ask for a new one")
        if not api_token.allows(self.scope):
            raise AuthorizationError(403, f"this token may only {' and '.join(api_token.scope_list)}")
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token


read = TokenAuth("read")
write = TokenAuth("write")


class TokenThrottle(SimpleRateThrottle):
    """Requests per token, counted in Django's cache (`CSPR_API_RATE`, e.g. 600/min)."""

    scope = "token"

    def __init__(self):
        super().__init__(rate="1/s")  # replaced per request: the setting may change (tests, operators)

    def allow_request(self, request) -> bool:
        self.rate = settings.CSPR_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        return f"cspr-api-throttle-{token.token_hash}" if isinstance(token, ApiToken) else None
