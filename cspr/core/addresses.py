"""The address a request came from, for sign-in throttling and the audit trail.

Behind a reverse proxy every request arrives from the proxy's own address, so
throttling by "username and address" would become throttling by username alone, and
anyone could lock a colleague out from anywhere. With `CSPR_TRUSTED_PROXIES` set to
the number of proxies in front of the service, the client's address is read from
X-Forwarded-For, counting from the right: each trusted proxy appends the address it
saw, so the entries further left are the client's own claims and are never trusted.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "CSPR_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # the request did not come through the proxies: nothing in the header is theirs
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
