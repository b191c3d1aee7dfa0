from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.core.actors import system_actor
from cspr.domain.refusal import Refused
from cspr.service import retention


class Command(BaseCommand):
    help = (
        "The retention schedule (CSPR_RETENTION_*_YEARS; docs/operations.md, Retention). --report says what is "
        "past its retention period, per kind of record; --apply deletes it, all or nothing, audited."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--report", action="store_true", help="say what is due, changing nothing")
        mode.add_argument("--apply", action="store_true", help="delete what is due, in one transaction")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, dest="as_of", help="the day to count from (default: today)"
        )

    def handle(self, *args, report: bool, apply: bool, as_of: date | None, **options):
        today = as_of or timezone.localdate()
        if report:
            for due in retention.report(today):
                self.stdout.write(
                    f"{due.period.label}: {due.count} due (kept {due.period.years} years from "
                    f"{due.period.counted_from}; before {due.before.isoformat()})"
                )
            return
        try:
            counts = retention.retention_apply(actor=system_actor("cspr retention"), today=today)
        except Refused as refusal:
            raise CommandError(refusal.sentence) from None
        except Exception as error:  # all or nothing: say that nothing was deleted, then why
            raise CommandError(f"nothing was deleted: {type(error).__name__}: {error}") from None
        self.stdout.write(
            f"retention applied as of {today.isoformat()}: {counts[retention.CASE]} cases and "
            f"{counts[retention.SIGN_IN]} sign-in records deleted (audited as retention.apply)"
        )
