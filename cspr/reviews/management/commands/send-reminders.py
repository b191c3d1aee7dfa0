from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.reviews.reminders import RemindersFailed, send_reminders, site_url


class Command(BaseCommand):
    help = "Email owners of deadlines due within N working days or overdue. Idempotent: run it daily."
    # Run daily by cron: the system checks would import every URL and view (scikit-learn,
    # WeasyPrint) for nothing this command uses; `cspr check` still runs them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--within", type=int, default=None, help="working days ahead (default: setting)")
        parser.add_argument(
            "--base-url", default="", help="the service's address, for links in the emails (default: CSPR_SITE_URL)"
        )

    def handle(self, *args, within, base_url, **options):
        try:
            sent = send_reminders(today=timezone.localdate(), within=within, base_url=site_url(base_url))
        except RemindersFailed as failure:
            raise CommandError(str(failure)) from None
        self.stdout.write(f"sent {sent} reminder(s)")
