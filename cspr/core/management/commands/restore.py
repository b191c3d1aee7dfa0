from pathlib import Path

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from cspr.core import backups

DOCUMENTS_PROCEDURE = 'docs/operations.md, "Backups and restores"'


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `cspr backup`: SQLite's backup API, or pg_restore "
        "on PostgreSQL. Stop the service first. Then verify it with the checkpoints saved beside the backup. "
        "Case documents are files, not rows, and are NOT in the backup: restore the documents folder "
        "(CSPR_DOCUMENTS_DIR) from the copy made with it too, or take the bucket's versions of the backup's time "
        '(docs/operations.md, "Backups and restores").'
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
            result = backups.restore(path, actor_name="cspr restore")
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        verify = (
            f"now run `cspr audit verify --checkpoints {result.checkpoints}`"
            if result.checkpoints
            else "no checkpoints were saved with this backup: run `cspr audit verify --chain-only`"
        )
        self.stdout.write(f"restored from {result.path}: {result.events} audit events; {verify}")
        self.stdout.write(documents_to_restore())


def documents_to_restore() -> str:
    """Case documents are not in the backup: the rows just restored name files the operator must put back."""
    storage = storages["documents"]
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        todo = (
            f"in the object store's bucket {bucket} (CSPR_DOCUMENTS_S3_BUCKET), "
            "restore the versions of the backup's time"
        )
    else:
        todo = f"restore the folder {storage.location} (CSPR_DOCUMENTS_DIR) from the copy made with this backup"
    return f"now restore the documents too, as they are not in the backup: {todo} ({DOCUMENTS_PROCEDURE})"
