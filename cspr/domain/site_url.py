"""The service's public address, as links in emails start with it (CSPR_SITE_URL, --base-url).

One rule for the setting, checked when cspr starts (cspr/settings.py), and for the address a
reminder run is given (cspr/reviews/reminders.py).
"""

from urllib.parse import urlsplit


def site_url_problem(url: str, *, https_required: bool) -> str | None:
    """Why `url` cannot start the links in an email, or None.

    A link is the address plus a path, so the address must be absolute (scheme and host:
    `cspr.example.org` alone makes every link a dead relative one) with no query or fragment
    for the path to land in. https is required wherever the service itself redirects to it
    (CSPR_SSL_REDIRECT, on in production): an http link would send the first request, and the
    case reference in its path, in clear before the redirect. Demo mode and a host without
    TLS yet (CSPR_SSL_REDIRECT=0) may use http.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        return f"{url!r} is not a web address; use the service's public address, such as https://cspr.example.org"
    schemes = ("https",) if https_required else ("https", "http")
    if parts.scheme.lower() not in schemes or not parts.hostname:
        need = "https://" if https_required else "http:// or https://"
        return (
            f"{url!r} is not an absolute address starting {need} with a host name; "
            "use the service's public address, such as https://cspr.example.org"
        )
    if parts.query or parts.fragment or url.rstrip().endswith(("?", "#")):
        return f"{url!r} has a query or fragment; links add a path to it, so give the address only"
    return None
