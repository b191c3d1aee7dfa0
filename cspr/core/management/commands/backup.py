from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.core import backups


class Command(BaseCommand):
    help = (
        "Back the whole database up to one new file: SQLite's online backup, or pg_dump on PostgreSQL. "
        "A copy of the audit checkpoints, with one made now, goes beside it (FILE.checkpoints.jsonl)."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE", help="the backup file to create (never overwritten)")

    def handle(self, *args, path: Path, **options):
        try:
            result = backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        checkpoints = (
            f"; audit checkpoints copied to {result.checkpoints}"
            if result.checkpoints
            else "; no audit checkpoint (CSPR_AUDIT_KEY is not set)"
        )
        self.stdout.write(f"backed up to {result.path}: {result.events} audit events{checkpoints}")
