from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.core import backups


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `cspr backup`: SQLite's backup API, or pg_restore "
        "on PostgreSQL. Stop the service first. Then verify it with the checkpoints saved beside the backup."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE", help="a backup made by `cspr backup`")
        parser.add_argument(
            "--yes", action="store_true", help="confirm that every record in the database is to be replaced"
        )

    def handle(self, *args, path: Path, yes: bool, **options):
        if not yes:
            raise CommandError(
                "restoring replaces every record in the database with the backup's: run again with --yes to confirm"
            )
        try:
            result = backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        verify = (
            f"now run `cspr audit verify --checkpoints {result.checkpoints}`"
            if result.checkpoints
            else "no checkpoints were saved with this backup: run `cspr audit verify --chain-only`"
        )
        self.stdout.write(f"restored from {result.path}: {result.events} audit events; {verify}")
