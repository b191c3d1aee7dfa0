import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.cases.importer import ImportFailed, import_files
from cspr.core.actors import system_actor


class Command(BaseCommand):
    help = (
        "Import files of the cspr data standard, cspr-2 or the older cspr-1 (CSV or JSON). All or nothing; "
        "re-importing a ref updates it when its record_version is the register's (a file exported before "
        "someone else's change is refused)."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--actor", default="cspr import", help="the system actor the audit trail records")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="let rows without a record_version change recorded notifications (the file wins); "
            "without it they are refused, so no import silently undoes another's change",
        )

    def handle(self, *args, files, actor, overwrite, **options):
        total = sum(p.stat().st_size for p in files if p.is_file())
        from tqdm import tqdm  # here, not at the top, so that `cspr help import` starts without it

        # A bar only for big files and only on a terminal: it is noise in logs and pipes.
        with tqdm(
            total=None, unit=" children", file=sys.stderr, disable=None if total > 1_000_000 else True, desc="loading"
        ) as bar:
            try:
                result = import_files(files, actor=system_actor(actor), progress=bar.update, overwrite=overwrite)
            except ImportFailed as failure:
                for line in failure.errors:
                    self.stderr.write(line)
                raise CommandError(f"{failure.found} found; nothing was imported") from None
        self.stdout.write(
            f"imported {result.files} file(s): {result.created} notifications created, {result.updated} updated, "
            f"{result.unchanged} unchanged; {result.children} children"
        )
