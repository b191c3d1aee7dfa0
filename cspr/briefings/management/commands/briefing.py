"""`cspr briefing`: a briefing for practitioners or a partnership, from the register.

    cspr briefing --year 2020 --kind national --format pdf --out national-2020.pdf
    cspr briefing --year 2020 --kind partnership --partnership norfolk --format docx --out norfolk.docx
    cspr briefing --year 2020 --kind agency --format md
    cspr briefing --year 2020 --kind agency --agency health --format docx --out health-2020.docx
    cspr briefing --from 2018-06-29 --to 2019-12-31 --kind national --format pdf   # the first report's period

Figures are always published figures (disclosure control applied). Every briefing
made is recorded (file, SHA-256, parameters) with an audit event, under a named
system actor, exactly as when it is made in the service.
"""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.briefings.actions import BriefingError, briefing_generate
from cspr.briefings.models import FORMATS, KINDS
from cspr.core.actors import system_actor
from cspr.stats.progress import Steps


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Make a briefing (national, agency or partnership) as HTML, PDF, DOCX or Markdown."
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        when = parser.add_argument_group("period (a year, or from and to)")
        when.add_argument("--year", type=int, help="the calendar year, e.g. 2020")
        when.add_argument("--from", dest="date_from", type=_date,
                          help="first notified date, e.g. 2018-06-29 (the first report's 17 months)")
        when.add_argument("--to", dest="date_to", type=_date, help="last notified date, e.g. 2019-12-31")
        parser.add_argument("--kind", choices=KINDS, required=True)
        parser.add_argument("--partnership", help="the partnership's code, for --kind partnership")
        parser.add_argument("--agency", help="for --kind agency: the agency whose resource list to use "
                            "(a file in cspr/briefings/data/agencies/, e.g. health)")
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
        parser.add_argument("--as-of", dest="as_of", type=_date,
                            help="the day recommendations are judged overdue (default today)")
        parser.add_argument("--actor", default="cspr briefing")

    def handle(self, *args, year, date_from, date_to, kind, partnership, format, out, as_of, actor, agency=None,
               **options):
        steps = ("figures and content", f"writing {format}", "recording")
        with Steps(steps, desc="cspr briefing", file=getattr(self.stderr, "_out", None)) as step:
            try:
                briefing = briefing_generate(actor=system_actor(actor), kind=kind, year=year, fmt=format,
                                             partnership_code=partnership, as_of=as_of, progress=step,
                                             date_from=date_from, date_to=date_to, agency=agency)
            except BriefingError as error:
                raise CommandError(str(error)) from None
        content = bytes(briefing.content)
        if out:
            out.write_bytes(content)
        elif format in {"pdf", "docx"}:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            self.stdout.write(content.decode(), ending="")
        self.stderr.write(f"{briefing.title} ({format}, {briefing.size_bytes:,} bytes, sha256 "
                          f"{briefing.content_sha256[:12]}) recorded as briefing {briefing.pk}"
                          + (f" -> {out}" if out else ""))
