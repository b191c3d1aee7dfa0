"""Every URL pattern the service serves, read from the URLconf itself (so no hand list can go stale)."""

from django.urls import URLPattern, URLResolver, get_resolver

# Third-party URLs (allauth's sign-in and MFA pages) are tested through their flows, not by name.
THIRD_PARTY = ("allauth.",)


def url_patterns(patterns=None, prefix=""):
    """(name, route, view module) of every pattern in the URLconf, through every include()."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern), entry.callback.__module__


def own_patterns() -> list[tuple[str, str]]:
    """(name, route) of each of cspr's own URLs."""
    return [(name, route) for name, route, module in url_patterns() if not module.startswith(THIRD_PARTY)]
