"""The Panel's early warning page: notifications as they arrive, against their season.

Panel roles only (`stats.view_early_warning`): exact counts, down to a week and a region, for
the people who act on a surge; not for publication, so no disclosure control.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cspr.core import access
from cspr.domain import surveillance as method
from cspr.govuk.charts import chart_svg
from cspr.stats.surveillance import latest_day, period_count, watch
from cspr.stats.surveillance_forms import WatchForm

PERMISSION = "stats.view_early_warning"


@require_safe
@login_required
def early_warning(request):
    access.require(request.user, PERMISSION)
    given = any(name in request.GET for name in ("frequency", "breakdown"))
    form = WatchForm(request.GET if given else {"frequency": method.MONTH, "breakdown": "type"})
    context = {"form": form, "alpha": method.ALPHA, "min_flag": method.MIN_FLAG_COUNT}
    if form.is_valid():
        frequency = form.cleaned_data["frequency"]
        today = timezone.localdate()
        last = latest_day()
        # Up to today; or, when the register's data end earlier (an import of past years, a demo),
        # up to the end of the period holding its last notification: that period is complete.
        as_of = today if last is None or last >= today else min(today, method.bin_of(last, frequency).end)
        result = watch(frequency=frequency, breakdown=form.cleaned_data["breakdown"], as_of=as_of)
        context |= {
            "watch": result,
            "as_of": as_of,
            "rows": {s.code: table_rows(s, result.frequency) for s in result.series},
            "charts": {
                s.code: chart_svg(result.chart(s), f"watch-{s.code}")
                for s in result.series
                if s.code == "all" or s.flags
            },
        }
        asked = form.comparison()
        if asked:
            a_from, a_to, b_from, b_to = asked
            change = method.compare(
                period_count(a_from, a_to),
                (a_to - a_from).days + 1,
                period_count(b_from, b_to),
                (b_to - b_from).days + 1,
            )
            context["comparison"] = {"a": (a_from, a_to), "b": (b_from, b_to), "change": change}
    return render(request, "stats/early_warning.html", context)


def table_rows(series, frequency: str) -> list[list]:
    """Each period of a series as the page's table shows it, the latest first."""
    periods = "weeks" if frequency == method.WEEK else "months"
    rows = []
    for a in reversed(series.assessments):
        if a.expected is None:
            rows.append(
                [
                    a.bin.label(frequency),
                    a.observed,
                    "not assessed",
                    None,
                    f"fewer than {method.MIN_BASELINE} earlier periods to compare with",
                    "",
                ]
            )
            continue
        rows.append(
            [
                a.bin.label(frequency),
                a.observed,
                f"{a.expected:.1f}",
                a.threshold,
                f"{method.one_in(a.p_value)} {periods}" if a.p_value < 0.5 else "often",
                "Higher than expected" if a.flagged else "",
            ]
        )
    return rows
