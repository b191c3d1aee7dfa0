"""The statistics page's figures, cached per report, period, disclosure policy and scope.

Building them is some 130 conditional counts over the register (docs/statistics.md), the
same for every person who shares a scope, so the built `Figures` are kept in Django's cache
(settings.CACHES) under a key that names everything they depend on:

- the report definition and the period's first and last dates;
- the disclosure policy and threshold (settings, so a changed setting is a new key);
- today's date, since a measure may count what is open or overdue on the day;
- the scope: England's figures (everyone who is not a partnership manager sees the same
  published report) or one partnership's, with the cases shared with it;
- the register's generation (cspr/core/generation.py), which every audited write changes,
  so the first request after a write rebuilds and nothing stale is ever served.
"""

from django.core.cache import cache
from django.utils import timezone

from cspr.core.generation import register_generation
from cspr.stats.report import policy, threshold

# A day at most: the key changes with the date anyway; this only lets old entries expire.
TIMEOUT = 24 * 60 * 60


def figures_key(choice, scope: str) -> str:
    period = choice.period
    return ":".join(
        (
            "cspr:statistics",
            register_generation(),
            choice.definition,
            period.start.isoformat(),
            period.end.isoformat(),
            policy(),
            str(threshold()),
            timezone.localdate().isoformat(),
            scope,
        )
    )


def cached_figures(user, choice, *, partnership, build):
    """`build(user, choice)` once per key; later requests read the cache."""
    return _figures(figures_key(choice, _scope(partnership)), user, choice, build)


def cached_page(user, choice, *, partnership, build, render):
    """(figures, `render(figures)`): the figures and the page's HTML of them, each made once per key.

    Rendering the report's sixty-odd tables cost the page more than reading the figures.
    The HTML is kept under the figures' key with ":html" added, the key computed once for
    both, so it is always the HTML of the figures cached beside it and goes with them
    when the register changes.
    """
    key = figures_key(choice, _scope(partnership))
    figures = _figures(key, user, choice, build)
    html = cache.get(f"{key}:html")
    if html is None:
        html = render(figures)
        cache.set(f"{key}:html", html, TIMEOUT)
    return figures, html


def _scope(partnership) -> str:
    return f"partnership-{partnership.pk}" if partnership is not None else "england"


def _figures(key: str, user, choice, build):
    figures = cache.get(key)
    if figures is None:
        figures = build(user, choice)
        cache.set(key, figures, TIMEOUT)
    return figures
