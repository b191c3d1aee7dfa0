import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.core import audit
from cspr.core.actors import system_actor
from cspr.service import pseudonymised


class Command(BaseCommand):
    help = (
        "The register for analysts, pseudonymised: one CSV row per child, keyed hashes instead of references, "
        "age bands, coded fields only, no free text (CSPR_PSEUDONYM_KEY keys the hash)."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", default="-", help="the CSV file to write; - for standard output")

    def handle(self, *args, out: str, **options):
        try:
            key = pseudonymised.pseudonym_key()
            count = self.write(out, key)
        except pseudonymised.ExtractRefused as refused:
            raise CommandError(str(refused)) from None
        # Pseudonymised, not anonymous: who took the register out, and how much of it, is recorded.
        audit.record(
            actor=system_actor("cspr pseudonymised-extract"),
            action="register.pseudonymised_extract",
            object_type="export",
            changed_fields={"children": count, "columns": len(pseudonymised.COLUMNS)},
        )
        self.stderr.write(f"extracted {count} children, pseudonymised")

    def write(self, out: str, key: bytes) -> int:
        if out == "-":
            return pseudonymised.write_csv(self.stdout._out, key)
        # Written beside the file and renamed into place once whole: a refused or broken run
        # leaves no half-written extract where an analyst would pick it up.
        # Readable by its owner only (0600), as a backup is: the rows are children's, if keyed.
        target = Path(out)
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)  # a leftover keeps its own mode; the new file is made 0600
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(descriptor, "w", newline="", encoding="utf-8") as handle:
                count = pseudonymised.write_csv(handle, key)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return count
