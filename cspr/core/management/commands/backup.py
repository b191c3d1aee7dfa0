from pathlib import Path

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from cspr.core import backups

DOCUMENTS_PROCEDURE = 'docs/operations.md, "Backups and restores"'


def documents_not_included() -> str:
    """Case documents are files, not rows: say where they are and what to do about them."""
    storage = storages["documents"]
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        where = f"the object store's bucket {bucket} (CSPR_DOCUMENTS_S3_BUCKET)"
        todo = "keep it versioned and note this backup's time"
    elif Path(storage.location).is_dir():
        where, todo = f"the folder {storage.location} (CSPR_DOCUMENTS_DIR)", "copy that folder now"
    else:
        # The folder is made when the first document is attached: an operator told to copy it
        # before then finds nothing there and takes the procedure for broken.
        return (
            f"no case documents yet: the folder {storage.location} (CSPR_DOCUMENTS_DIR) does not exist yet, "
            f"so there is nothing to copy ({DOCUMENTS_PROCEDURE})"
        )
    return f"case documents are not in this backup: they are in {where}; {todo} ({DOCUMENTS_PROCEDURE})"


class Command(BaseCommand):
    # A literal (`cspr --help` reads the first sentence from the source without importing it).
    help = (
        "Back the whole database up to one new file: SQLite's online backup, or pg_dump on PostgreSQL. "
        "A copy of the audit checkpoints, with one made now, goes beside it (FILE.checkpoints.jsonl). "
        "Case documents are files, not rows, and are NOT in the backup: copy the documents folder "
        '(CSPR_DOCUMENTS_DIR) right after it, or keep the bucket versioned (docs/operations.md, "Backups and '
        'restores").'
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, metavar="FILE", help="the backup file to create (never overwritten)")

    def handle(self, *args, path: Path, **options):
        try:
            result = backups.backup(path, actor_name="cspr backup")
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        checkpoints = (
            f"; audit checkpoints copied to {result.checkpoints}"
            if result.checkpoints
            else "; no audit checkpoint (CSPR_AUDIT_KEY is not set)"
        )
        self.stdout.write(f"backed up to {result.path}: {result.events} audit events{checkpoints}")
        self.stdout.write(documents_not_included())
