"""Building a report: the public API the CLI, the service and briefings use.

    from cspr.stats.report import national_report
    data = national_report("panel-annual", period=calendar_year(2020))
    report = data.report()              # exact figures
    published = data.published(4)      # disclosure control applied
    from cspr.stats.render import render
    render(published, "html")           # -> bytes; also json, csv, ods, pdf

`build_report` counts the notifications it is given (for instance a
partnership's own, or those a person can see); `national_report` counts the
whole register, as the national statistics do. There is no default.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.domain.disclosure import DEFAULT_THRESHOLD
from cspr.domain.measures import Period
from cspr.domain.report_build import Baseline, ReportData, plan
from cspr.domain.report_periods import calendar_year, financial_year
from cspr.domain.report_tables import ReportDefinition
from cspr.domain.reports import DEFINITIONS
from cspr.stats import engine
from cspr.stats.population import load_baseline


def threshold() -> int:
    """The published-statistics threshold: settings.CSPR_DISCLOSURE_THRESHOLD, else 4."""
    return int(getattr(settings, "CSPR_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD))


def policy() -> str:
    """Which figures published statistics protect: settings.CSPR_DISCLOSURE_POLICY, else
    "suppress" (every figure); "panel" is the Panel's practice (ADR 0022)."""
    return str(getattr(settings, "CSPR_DISCLOSURE_POLICY", "suppress"))


def resolve_period(*, year: int | None = None, fy: str | None = None, date_from=None, date_to=None) -> Period:
    """Exactly one way of naming a period: a calendar year, a financial year, or from/to."""
    given = [x is not None for x in (year, fy)] + [date_from is not None or date_to is not None]
    if sum(given) != 1:
        raise ValueError("give one of a calendar year, a financial year, or a from/to range")
    if year is not None:
        return calendar_year(year)
    if fy is not None:
        return financial_year(fy)
    if date_from is None or date_to is None:
        raise ValueError("a range needs both its first and its last date")
    return Period(date_from, date_to)


def build_report(
    definition: str | ReportDefinition,
    *,
    period: Period,
    notifications,
    population: Path | Baseline | None = None,
    today: date | None = None,
) -> ReportData:
    """Count everything the report shows about `notifications`: one query per table (ADR 0036).

    `today` (default: today's date) is the day the figures are counted on: a period that has not
    ended by the day before is not complete, so it is not available where compared, and is not
    published (domain/report_periods.py `covered`, `publish_refusal`)."""
    if isinstance(definition, str):
        definition = DEFINITIONS[definition]
    baseline = None
    if definition.representation:
        # The year the period starts picks the census its children are compared with (population.py).
        baseline = population if isinstance(population, Baseline) else load_baseline(population, year=period.start.year)
    earliest = earliest_notified()
    today = today or timezone.localdate()
    wanted = plan(definition, period, baseline, earliest, today)
    values = engine.evaluate(wanted.keys, notifications)
    return ReportData(definition, period, values, baseline, earliest, today)


def earliest_notified() -> date | None:
    """The register's earliest notified date: the periods it covers start from its month
    (domain/report_periods.py `covered`). England's register, whoever's notifications are
    counted: a partnership with none before a year has a true 0 for it, not an [x]."""
    return Notification.objects.all().aggregate(first=Min("notified_date"))["first"]


def latest_year_with_data(today: date) -> int | None:
    """The latest complete calendar year (before `today`'s) in which the register has a notification.

    The statistics and briefings pages open on it, so a register whose latest year is
    behind the calendar (an import of older years, a demo) opens on figures, not on zeros.
    """
    latest = (
        Notification.objects.all()  # England's register: the years exist whoever asks
        .filter(notified_date__lt=date(today.year, 1, 1))
        .aggregate(latest=Max("notified_date"))["latest"]
    )
    return latest.year if latest else None


def national_report(
    definition: str | ReportDefinition,
    *,
    period: Period,
    population: Path | Baseline | None = None,
    today: date | None = None,
) -> ReportData:
    """England's figures: every notification in the register (the pages show them only
    as published, with disclosure control)."""
    return build_report(
        definition, period=period, notifications=Notification.objects.all(), population=population, today=today
    )
