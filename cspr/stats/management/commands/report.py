"""`cspr report`: the annual report and official statistics tables from the register.

    cspr report --year 2020 --format json
    cspr report --financial-year 2020-21 --definition dfe-official --format ods --publish --out tables.ods
    cspr report --from 2018-07-01 --to 2019-11-30 --definition first-report --format html --out report.html

Without `--publish` the figures are exact (internal use). `--publish` applies
disclosure control to every table and chart.
"""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.core import audit
from cspr.core.actors import system_actor
from cspr.domain.report_build import POLICIES, DisclosureError
from cspr.domain.reports import DEFINITIONS
from cspr.govuk.synthetic import is_synthetic
from cspr.stats.population import BaselineError
from cspr.stats.progress import Steps
from cspr.stats.render import FORMATS, render
from cspr.stats.render.ees import render_ees_files
from cspr.stats.report import national_report, resolve_period
from cspr.stats.report import policy as default_policy
from cspr.stats.report import threshold as default_threshold

DEFAULT_DEFINITION = {"year": "panel-annual", "fy": "dfe-official", "range": "panel-annual"}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Produce the annual report or official statistics tables (json, csv, ods, html, pdf, ees)."
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        when = parser.add_argument_group("period (one of)")
        when.add_argument("--year", type=int, help="a calendar year, e.g. 2020")
        when.add_argument("--financial-year", dest="fy", help="April to March, e.g. 2020-21")
        when.add_argument("--from", dest="date_from", type=_date, help="first notified date (inclusive)")
        when.add_argument("--to", dest="date_to", type=_date, help="last notified date (inclusive)")
        parser.add_argument(
            "--definition",
            choices=sorted(DEFINITIONS),
            help="which report (default: panel-annual; dfe-official for --financial-year)",
        )
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--publish", action="store_true", help="apply disclosure control")
        parser.add_argument("--threshold", type=int, help="largest count suppressed (default 4, or the setting)")
        parser.add_argument(
            "--policy",
            choices=POLICIES,
            help="which figures --publish protects: every one (suppress, the default, or the setting) "
            "or, as the Panel's reports do, only those below national level (panel)",
        )
        parser.add_argument("--population", type=Path, help="CSV of group,count for representation ratios")
        parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
        parser.add_argument("--actor", default="cspr report")

    def handle(self, *args, year, fy, date_from, date_to, definition, format, publish, threshold: int | None,
               population, policy, out, actor, **options):
        try:
            period = resolve_period(year=year, fy=fy, date_from=date_from, date_to=date_to)
        except ValueError as error:
            raise CommandError(str(error)) from None
        kind = "year" if year is not None else "fy" if fy is not None else "range"
        definition = definition or DEFAULT_DEFINITION[kind]
        steps = ("counting", "disclosure control" if publish else "building", f"writing {format}")
        with Steps(steps, desc="cspr report", file=getattr(self.stderr, "_out", None)) as step:
            try:
                step(steps[0])
                data = national_report(definition, period=period, population=population)
                step(steps[1])
                if publish:
                    report = data.published(threshold or default_threshold(), policy or default_policy())
                else:
                    report = data.report()
                step(steps[2])
                content = render(report, format)
            except (BaselineError, ValueError, DisclosureError) as error:  # NotAnEesPeriod is a ValueError
                raise CommandError(str(error)) from None
        if format == "ees" and out and out.suffix == ".csv":
            # EES's pair beside each other: tables.csv and tables.meta.csv
            data_file, meta_file = render_ees_files(report, synthetic=is_synthetic())
            out.write_bytes(data_file)
            out.with_name(out.name.removesuffix(".csv") + ".meta.csv").write_bytes(meta_file)
        elif out:
            out.write_bytes(content)
        else:
            self._write_stdout(content, binary=format in {"ods", "pdf", "ees"})
        audit.record(
            actor=system_actor(actor),
            action="statistics.report",
            object_type="report",
            changed_fields={
                "definition": definition,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "format": format,
                "published": publish,
            },
        )
        self.stderr.write(f"{report.title} ({format}{', published' if publish else ', exact'})")

    def _write_stdout(self, content: bytes, *, binary: bool) -> None:
        if binary:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            self.stdout.write(content.decode(), ending="")
