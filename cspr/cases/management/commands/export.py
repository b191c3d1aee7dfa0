import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cspr.cases import exporter
from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.actors import system_actor
from cspr.domain import standard_schema


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Export the register in the cspr-2 data standard to standard output, in canonical order; "
        "--schema prints the published schema of a form instead (no data)."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--from", dest="date_from", type=_date, help="first notified_date (inclusive)")
        parser.add_argument("--to", dest="date_to", type=_date, help="last notified_date (inclusive)")
        parser.add_argument("--actor", default="cspr export")
        parser.add_argument(
            "--schema",
            action="store_true",
            help="print the form's schema (JSON Schema for json, a Frictionless Table Schema for csv), "
            "as published in docs/standard/",
        )

    def handle(self, *args, format, date_from, date_to, actor, schema, **options):
        if schema:
            built = standard_schema.json_schema() if format == "json" else standard_schema.table_schema()
            self.stdout.write(json.dumps(built, indent=2, ensure_ascii=False))
            return
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from must not be after --to")
        write = exporter.write_csv if format == "csv" else exporter.write_json
        # The operator's export of the register (the interchange file): every notification.
        count = write(self.stdout._out, queryset=Notification.objects.all(), date_from=date_from, date_to=date_to)
        # An export carries child-level data out of the system: it is audited like a read.
        audit.record(
            actor=system_actor(actor),
            action="register.export",
            object_type="export",
            changed_fields={
                "format": format,
                "from": str(date_from or ""),
                "to": str(date_to or ""),
                "notifications": count,
            },
        )
        self.stderr.write(f"exported {count} notifications")
