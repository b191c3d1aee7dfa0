from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core import audit
from cspr.core.actors import system_actor
from cspr.core.models import Partnership
from cspr.reviews.open_items import open_item_counts, open_items


def format_table(items) -> str:
    header = ("due", "days left", "notification", "partnership", "item", "rule")
    rows = [
        (
            item.due_date.isoformat(),
            f"{item.working_days_left}" + (" OVERDUE" if item.overdue else ""),
            item.notification_ref,
            item.partnership,
            item.item,
            item.rule,
        )
        for item in items
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "List open statutory deadlines with their due dates and working days left."
    # A read-only report run often (and by cron): the system checks would import every URL
    # and view, and through them scikit-learn and WeasyPrint, for nothing this command uses.
    # `cspr check` (and migrate, runserver) still run them (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="CODE")
        parser.add_argument("--overdue", action="store_true", help="only items past their due date")
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args, partnership, overdue, limit, **options):
        if partnership and not Partnership.objects.filter(code=partnership).exists():
            raise CommandError(f"no partnership with code '{partnership}' (see cspr/reference/partnerships.csv)")
        today = timezone.localdate()
        register = Notification.objects.all()  # the command is the operator's: the whole register
        items = open_items(today=today, scope=register, partnership=partnership, overdue_only=overdue, limit=limit)
        if not items:
            self.stdout.write("nothing open" + (" and overdue" if overdue else ""))
            return
        self.stdout.write(format_table(items))
        # The table names cases and what is due on them: one read event for the whole listing,
        # naming each case shown, as the dashboard's list of the same items writes (audit.cases_listed).
        audit.record(
            actor=system_actor("cspr deadlines"),
            action=audit.CASES_LISTED,
            object_type="deadlines",
            changed_fields={
                "command": "deadlines",
                "refs": list(dict.fromkeys(item.notification_ref for item in items)),
            },
        )
        # The summary counts every item the list would hold without --limit (the same query).
        counts = open_item_counts(today=today, scope=register, partnership=partnership)
        summary = (
            f"{counts.overdue} overdue item(s)" if overdue else f"{counts.open} open item(s), {counts.overdue} overdue"
        )
        shown = (
            f", the first {len(items)} shown"
            if limit is not None and len(items) < (counts.overdue if overdue else counts.open)
            else ""
        )
        self.stdout.write(f"\n{summary}{shown} (working days exclude weekends and England and Wales bank holidays)")
