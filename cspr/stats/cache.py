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

What is made of the figures and costs more than reading them is kept beside them, under their
key with a suffix: the page's HTML of the reports (`cached_page`) and the PDF and spreadsheet
downloads (`cached_file`), so that it is always made of the figures cached with it and goes
when they go.
"""

from django.core.cache import cache
from django.utils import timezone

from cspr.core.generation import register_generation
from cspr.govuk.synthetic import is_synthetic
from cspr.stats.report import policy, threshold

# A day at most: the key changes with the date anyway; this only lets old entries expire.
TIMEOUT = 24 * 60 * 60
# The downloads kept once made: WeasyPrint's PDF took 2 to 6 s each time, the spreadsheet 0.1 to
# 0.3 s; the others are made in tens of milliseconds, so keeping them would only fill the cache.
# A PDF of a year's annual report is under 200 KB: no cache backend cspr offers limits an entry's size.
KEPT_FORMATS = frozenset({"pdf", "ods"})


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


def cached_figures(user, choice, *, partnership, build) -> tuple:
    """(figures, key): `build(user, choice)` once per key, later requests reading the cache; the key
    is for what is made of these figures (`cached_file`), computed once so that it matches them."""
    key = figures_key(choice, _scope(partnership))
    return _figures(key, user, choice, build), key


def cached_file(key: str, *, which: str, fmt: str, render) -> bytes:
    """`render()`'s bytes of the figures cached under `key`, made once per key when `fmt` is slow.

    Besides the figures' key (the report, period, policy, day, scope and register generation),
    the file's names what else changes its bytes: which of the scope's reports it is (England's
    or a partnership's own), the format, and demo data's notice (cspr/stats/render).
    """
    if fmt not in KEPT_FORMATS:
        return render()
    file_key = ":".join((key, "file", which, fmt, "synthetic" if is_synthetic() else "register"))
    content = cache.get(file_key)
    if content is None:
        content = render()
        cache.set(file_key, content, TIMEOUT)
    return content


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
