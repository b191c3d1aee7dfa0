"""The register's generation: a token that changes whenever something is written, so caches of
figures computed from the register (the statistics page's reports) are invalidated exactly.

Every write of case data is audited in the same transaction (cspr/core/audit.py), so the audit
trail is the one place that sees them all: `audit.record_many` calls `register_changed()` after
the commit of any event that is not a read. Reads (a case viewed, a list shown, a download) are
audited too but change nothing, so they leave the token alone; otherwise every page view would
empty the cache.

The token lives in Django's cache itself (settings.CACHES: `file` in production, shared by the
server's workers on one host). It is random, not a counter: if the cache loses it, the next
reader makes a new one and every entry made under the old token is simply never read again.
"""

import uuid

from django.core.cache import cache

KEY = "cspr:register-generation"
# Actions that only read: audited so the access report is complete, but they change no figure.
READ_SUFFIXES = (".view", ".list", ".export", ".download")


def is_read(action: str) -> bool:
    return action.endswith(READ_SUFFIXES)


def register_generation() -> str:
    """The current token (a new one if the cache has none)."""
    token = cache.get(KEY)
    if token is None:
        token = uuid.uuid4().hex
        # add(), not set(): two workers starting at once agree on the first token.
        if not cache.add(KEY, token, timeout=None):
            token = cache.get(KEY) or token
    return token


def register_changed() -> None:
    """Something was written: every figure cached under the old token is stale."""
    cache.set(KEY, uuid.uuid4().hex, timeout=None)
