from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from cspr.cases.models import Notification


class Command(BaseCommand):
    help = "Set up the embedded SQLite database with synthetic demo data and show what is due."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write("database ready (migrations applied, reference data loaded)")
        if not Notification.objects.exists():
            # Synthetic records only: real children's data never goes into a demo.
            year = timezone.localdate().year
            call_command(
                "synth", "--profile", "national", "--seed", str(seed), "--years", f"{year - 1}-{year}", "--load"
            )
        self.stdout.write(f"{Notification.objects.count()} synthetic notifications in the register\n")
        self.stdout.write("Open statutory deadlines (the 25 soonest):")
        call_command("deadlines", "--limit", "25", stdout=self.stdout)
        self.stdout.write(
            "\nThe web service is coming in the next release; until then use `cspr deadlines`, "
            "`cspr import` and `cspr export`."
        )
