"""`cspr demo`: the whole service on synthetic data, for trying it out (demo mode only)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.cases.models import Notification
from cspr.core.actors import system_actor
from cspr.core.models import User
from cspr.domain.workflow import PracticeReviewStatus
from cspr.learning.demo import load_demo_repository
from cspr.learning.models import PublishedReview
from cspr.reviews import actions
from cspr.reviews.models import PracticeReview
from cspr.service.demo import busiest_partnership, ensure_demo_people
from cspr.service.demo_narratives import record_demo_narratives
from cspr.service.national_demo import load_demo_national_work


class Command(BaseCommand):
    help = "Run the service on its embedded SQLite database with synthetic demo data (demo mode only)."

    def add_arguments(self, parser):
        # Synthetic references carry the seed before the year (SYNN1/2025/0000042): a small seed reads clearly.
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up and print, but do not serve")

    def handle(self, *args, seed, port, no_serve, **options):
        if not settings.DEMO_MODE:
            raise CommandError("cspr demo runs only in demo mode (CSPR_DEMO=1, set by the `cspr demo` command)")
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write("database ready (migrations applied, reference data loaded)")
        if not Notification.objects.exists():
            # Synthetic records only: real children's data never goes into a demo.
            year = timezone.localdate().year
            call_command(
                "synth", "--profile", "national", "--seed", str(seed), "--years", f"{year - 1}-{year}", "--load"
            )
        self.stdout.write(f"{Notification.objects.count()} synthetic notifications in the register")
        if not PublishedReview.objects.exists():
            load_demo_repository(actor=system_actor("cspr demo"), seed=seed)
        self.stdout.write(f"{PublishedReview.objects.count()} synthetic reviews in the learning repository")
        written = record_demo_narratives(actor=system_actor("cspr demo"))
        if written:
            self.stdout.write(f"{written} sent rapid reviews given their synthetic words")
        # Trained once here, so no page waits for it (cspr/learning/suggest.py).
        call_command("learning", "build-suggester", stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write("Open statutory deadlines (the 10 soonest):")
        call_command("deadlines", "--limit", "10", stdout=self.stdout)
        partnership = busiest_partnership()
        people = ensure_demo_people(partnership)
        self._assign_reviewer(partnership)
        load_demo_national_work(
            actor=system_actor("cspr demo"),
            reviewer=User.objects.get(username="reviewer"),
            partnership=partnership,
            today=timezone.localdate(),
        )
        self.stdout.write(f"\nDemo sign-ins for partnership '{partnership}' (demo mode only: MFA is waived for these):")
        for username, password, role in people:
            self.stdout.write(f"  {username:<22} {password:<16} {role}")
        if no_serve:
            return
        self.stdout.write(f"\nServing on http://127.0.0.1:{port}/  (Ctrl+C to stop)")
        # --insecure serves static files without DEBUG: acceptable for a local demo only.
        call_command("runserver", f"127.0.0.1:{port}", "--insecure", "--noreload", "--skip-checks")

    def _assign_reviewer(self, partnership: str) -> None:
        """Give the demo reviewer the partnership's open local reviews, so their view is not empty."""
        reviewer = User.objects.get(username="reviewer")
        open_local_reviews = PracticeReview.objects.filter(
            notification__partnership_id=partnership, status=PracticeReviewStatus.COMMISSIONED, reviewer__isnull=True
        )
        for local_review in open_local_reviews[:3]:
            actions.practice_review_assign_reviewer(
                actor=system_actor("cspr demo"),
                practice_review_id=local_review.pk,
                version=local_review.version,
                reviewer=reviewer,
            )
