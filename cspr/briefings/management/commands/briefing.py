"""`cspr briefing`: a briefing for practitioners or a partnership, from the register.

    cspr briefing --year 2020 --kind national --format pdf --out national-2020.pdf
    cspr briefing --year 2020 --kind partnership --partnership norfolk --format docx --out norfolk.docx
    cspr briefing --year 2020 --kind agency --format md

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
        parser.add_argument("--year", type=int, required=True, help="the calendar year, e.g. 2020")
        parser.add_argument("--kind", choices=KINDS, required=True)
        parser.add_argument("--partnership", help="the partnership's code, for --kind partnership")
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument("--out", type=Path, help="write to this file instead of standard output")
        parser.add_argument("--as-of", dest="as_of", type=_date,
                            help="the day recommendations are judged overdue (default today)")
        parser.add_argument("--actor", default="cspr briefing")

    def handle(self, *args, year, kind, partnership, format, out, as_of, actor, **options):
        steps = ("figures and content", f"writing {format}", "recording")
        with Steps(steps, desc="cspr briefing", file=getattr(self.stderr, "_out", None)) as step:
            try:
                briefing = briefing_generate(actor=system_actor(actor), kind=kind, year=year, fmt=format,
                                             partnership_code=partnership, as_of=as_of, progress=step)
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
