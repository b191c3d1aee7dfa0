"""The statistics page: the annual report and the official statistics tables in the service.

- Panel roles and analysts see the national figures as published (disclosure
  control always), with the report's own tables and charts and downloads of the
  same report in every format.
- A partnership manager sees their partnership's own figures exactly, beside the
  national figures with disclosure control against differencing as well (below,
  and in docs/statistics.md).
- Everyone else gets 403; the tables come from the renderer (cspr/stats/render/),
  so the page and the downloads cannot disagree.
"""

import dataclasses
import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from markupsafe import Markup

from cspr.cases import scope
from cspr.core import access, audit
from cspr.domain.differencing import suppress_against_differencing
from cspr.domain.disclosure import SUPPRESSED, SuppressedTable, Table
from cspr.domain.report_build import DisclosureError, Report, ReportData
from cspr.stats.cache import cached_figures, cached_file, cached_page
from cspr.stats.forms import StatisticsForm
from cspr.stats.render import CONTENT_TYPES, EXTENSIONS, FORMATS, cells
from cspr.stats.render import render as render_report
from cspr.stats.render.ees import NotAnEesPeriod, time_columns
from cspr.stats.render.html import render_html
from cspr.stats.report import build_report, latest_year_with_data, national_report, policy, threshold

PERMISSION = "stats.view_statistics"
NATIONAL, PARTNERSHIP = "national", "partnership"
FORMAT_NAMES = {
    "json": "JSON",
    "csv": "CSV",
    "ods": "spreadsheet (ODS)",
    "html": "web page (HTML)",
    "pdf": "PDF",
    "ees": "Explore Education Statistics files (zip of CSV and metadata)",
}

DIFFERENCING_NOTE = (
    "For your partnership, national figures are also shown as [c] where taking your partnership's own "
    "figures (and any case shared with it) from the national figure would show a count from 1 to {threshold} "
    "for the rest of England, or let one be worked out. The national figures published for everyone may "
    "show some of these."
)


def published_beside(national: ReportData, known: ReportData, threshold: int) -> tuple[Report, frozenset]:
    """The national report as a partnership may see it beside its own figures.

    `known` counts the cases the partnership's people can see (its own and any
    shared with it). Returns the report and the keys hidden in it.
    """
    table, keys = national.ledger()
    rest = Table(
        rows=table.rows,
        columns=table.columns,
        counts=[[national.values[key] - known.values[key]] for key in keys],
        links=table.links,
    )
    hidden_cells = suppress_against_differencing(table, rest, threshold=threshold)
    shown = {key: SUPPRESSED if (i, 0) in hidden_cells else table.value((i, 0)) for i, key in enumerate(keys)}
    footnotes = SuppressedTable(table, hidden_cells, frozenset(), threshold).footnotes()
    report = national._report(
        lambda key: shown[key], published=True, threshold=threshold, extra_notes=tuple(footnotes.values())
    )
    report = dataclasses.replace(report, notes=(*report.notes, DIFFERENCING_NOTE.format(threshold=threshold)))
    return report, frozenset(key for key, value in shown.items() if value == SUPPRESSED)


# --- The figures a person may see ---------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    national: Report | None  # None: the figures could not be published safely
    own: Report | None = None
    partnership: str = ""  # the partnership's code, for file names
    partnership_name: str = ""


def partnership_of(user):
    """A partnership manager's partnership (None for everyone else, who see national figures only)."""
    if not access.is_partnership_manager(user) or not user.partnership_id:
        return None
    return user.organisation.partnership


def figures_for(user, choice) -> Figures:
    """Build the reports this person may see: a constant number of queries whatever the register's size."""
    national = national_report(choice.definition, period=choice.period)
    partnership = partnership_of(user)
    limit = threshold()
    if partnership is None:
        return Figures(_published(national, limit))
    visible = scope.notifications_for(user)
    own_notifications = visible.filter(partnership_id=partnership.pk)
    own = build_report(choice.definition, period=choice.period, notifications=own_notifications)
    known = own
    if visible.exclude(partnership_id=partnership.pk).exists():  # cases shared with the partnership
        known = build_report(choice.definition, period=choice.period, notifications=visible)
    try:
        beside, _ = published_beside(national, known, limit)
    except DisclosureError:
        beside = None
    own_report = own.report()
    own_report = dataclasses.replace(own_report, title=f"{own_report.title}, {partnership.name} only")
    return Figures(beside, own_report, partnership.pk, partnership.name)


def _published(data: ReportData, limit: int) -> Report | None:
    try:
        return data.published(limit, policy())
    except DisclosureError:
        return None


# --- The renderer's HTML inside the service's layout -------------------------------------------

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
_HEADING = re.compile(r"<(/?)h([1-5])\b")
_HEADING_CLASSES = {
    "govuk-heading-xl": "govuk-heading-l",
    "govuk-heading-l": "govuk-heading-m",
    "govuk-heading-m": "govuk-heading-s",
}
_HEADING_CLASS = re.compile(r'class="(govuk-heading-(?:xl|l|m))"')
_ID = re.compile(r'\b(id|aria-labelledby|aria-describedby)="([^"]*)"')
_LOCAL_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def fragment(report: Report, prefix: str) -> Markup:
    """The renderer's page for `report`, from inside its <main>, one heading level down and with
    every id prefixed, to sit under the page's <h1> (and beside another report's)."""
    html = _MAIN.search(render_html(report)).group(1)
    html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)
    html = _HEADING_CLASS.sub(lambda m: f'class="{_HEADING_CLASSES[m[1]]}"', html)
    html = _ID.sub(lambda m: f'{m[1]}="{" ".join(prefix + name for name in m[2].split())}"', html)
    html = _LOCAL_REF.sub(lambda m: f"{m[1]}{prefix}{m[2]}", html)
    return Markup(html)  # the renderer escaped every value it wrote


def fragments(figures: Figures) -> dict[str, str]:
    """The page's HTML of each report it shows (`national_html`, `own_html`), cached with the figures."""
    html = {}
    if figures.national is not None:
        html["national_html"] = str(fragment(figures.national, "england-"))
    if figures.own is not None:
        html["own_html"] = str(fragment(figures.own, "own-"))
    return html


def side_by_side(national: Report, own: Report) -> list[dict]:
    """The two reports' sections, each table once with its rows paired: (the partnership's, England's).

    Both reports come from the same definition and period, so their tables and rows match."""
    sections = []
    for ours, theirs in zip(own.sections, national.sections, strict=True):
        tables = []
        for mine, england in zip(ours.tables, theirs.tables, strict=True):
            if (mine.id, len(mine.rows)) != (england.id, len(england.rows)):
                raise ValueError(f"the reports' tables differ: {mine.id} and {england.id}")
            notes = mine.notes
            if mine.notes != england.notes:  # a base, say: each side's own
                notes = (*(f"Your partnership: {n}" for n in mine.notes), *(f"England: {n}" for n in england.notes))
            tables.append({"table": mine, "rows": list(zip(mine.rows, england.rows, strict=True)), "notes": notes})
        sections.append({"title": ours.title, "tables": tables})
    return sections


# --- Views -------------------------------------------------------------------------------------


def _form(request) -> StatisticsForm:
    any_period = request.user.has_perm("stats.choose_any_period")
    given = any(name in request.GET for name in ("report", "period"))
    if given:
        return StatisticsForm(request.GET, any_period=any_period)
    today = timezone.localdate()
    return StatisticsForm(StatisticsForm.default_data(today, latest_year_with_data(today)), any_period=any_period)


def _downloads(choice, figures: Figures, which: str) -> list[dict]:
    report = figures.national if which == NATIONAL else figures.own
    if report is None:
        return []
    query = choice.querystring + (f"&figures={which}" if which != NATIONAL else "")
    return [
        {
            "format": fmt,
            "name": FORMAT_NAMES[fmt],
            "query": f"format={fmt}&{query}",
            "filename": filename(choice, fmt, figures, which),
        }
        for fmt in FORMATS
        if fmt != "ees" or _has_ees_name(report, which)
    ]


def _has_ees_name(report, which: str) -> bool:
    """EES files are England's figures for a period EES can name (a year, a financial year, quarters)."""
    if which != NATIONAL:
        return False
    try:
        time_columns(report.period)
    except NotAnEesPeriod:
        return False
    return True


def filename(choice, fmt: str, figures: Figures, which: str) -> str:
    """`panel-annual-2020.pdf` (national, as published); for a partnership manager
    `...-england.pdf` (national, as they may see it) and `...-<partnership>.pdf` (their own)."""
    who = "" if not figures.partnership else ("england" if which == NATIONAL else figures.partnership)
    return "-".join(filter(None, (choice.definition, choice.slug, who))) + f".{EXTENSIONS[fmt]}"


@require_safe
@login_required
def statistics(request):
    access.require(request.user, PERMISSION)
    form = _form(request)
    context = {"form": form, "cell": cells.text, "is_numeric": cells.is_numeric}
    if form.is_valid():
        choice = form.choice()
        figures, html = cached_page(
            request.user, choice, partnership=partnership_of(request.user), build=figures_for, render=fragments
        )
        context |= {"choice": choice, "figures": figures, "threshold": threshold()}
        context |= {name: Markup(text) for name, text in html.items()}  # fragment() escaped every value
        context["national_downloads"] = _downloads(choice, figures, NATIONAL)
        if figures.own is not None:
            context["own_downloads"] = _downloads(choice, figures, PARTNERSHIP)
            if figures.national is not None:
                context["side_by_side"] = side_by_side(figures.national, figures.own)
    return render(request, "stats/page.html", context)


@require_safe
@login_required
def download(request):
    """The chosen report in one format, as a file; every download is audited."""
    access.require(request.user, PERMISSION)
    fmt = request.GET.get("format", "json")
    which = request.GET.get("figures", NATIONAL)
    if fmt not in FORMATS or which not in (NATIONAL, PARTNERSHIP):
        raise Http404("no such download")
    if which == PARTNERSHIP and partnership_of(request.user) is None:
        raise Http404("only a partnership manager has a partnership's own figures")
    form = _form(request)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a report and a period on the statistics page.")
    choice = form.choice()
    figures, key = cached_figures(request.user, choice, partnership=partnership_of(request.user), build=figures_for)
    report = figures.national if which == NATIONAL else figures.own
    if report is None:
        return HttpResponse("These figures cannot be published safely.", status=409, content_type="text/plain")
    if fmt == "ees" and not _has_ees_name(report, which):
        return HttpResponseBadRequest(
            "Explore Education Statistics files are of England's figures for a calendar year, a financial year "
            "or quarters of a year."
        )
    content = cached_file(key, which=which, fmt=fmt, render=lambda: render_report(report, fmt))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = filename(choice, fmt, figures, which)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record(
        actor=request.user,
        action="statistics.download",
        object_type="report",
        object_id=choice.definition,
        changed_fields={
            "file": name,
            "from": choice.period.start.isoformat(),
            "to": choice.period.end.isoformat(),
            "format": fmt,
            "figures": which,
            "partnership": figures.partnership if which == PARTNERSHIP else "",
            "published": report.published,
        },
        request=request,
    )
    return response
