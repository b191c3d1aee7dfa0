from django.core.management.base import BaseCommand, CommandError

from cspr.core import audit
from cspr.core.models import AuditEvent


class Command(BaseCommand):
    help = "Work with the audit trail. `cspr audit verify` checks the hash chain for edited or deleted rows."

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args, subcommand, **options):
        problems = audit.verify()
        count = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"audit event {problem.event_id}: {problem.problem}")
            raise CommandError(f"the audit trail has been tampered with: {len(problems)} problem(s) in {count} events")
        self.stdout.write(f"audit trail intact: {count} events, hash chain verified")
