from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.core.actors import system_actor
from cspr.domain.refusal import Refused
from cspr.service import retention


class Command(BaseCommand):
    help = (
        "The retention schedule (CSPR_RETENTION_*_YEARS; docs/operations.md, Retention). --report says what is "
        "past its retention period, per kind of record; --apply deletes it, all or nothing, audited."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--report", action="store_true", help="say what is due, changing nothing")
        mode.add_argument("--apply", action="store_true", help="delete what is due, in one transaction")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, dest="as_of", help="the day to count from (default: today)"
        )

    def handle(self, *args, report: bool, apply: bool, as_of: date | None, **options):
        today = as_of or timezone.localdate()
        if report:
            for due in retention.report(today):
                self.stdout.write(
                    f"{due.period.label}: {due.count} due (kept {due.period.years} years from "
                    f"{due.period.counted_from}; before {due.before.isoformat()})"
                    + (f"; {due.held} older kept: a review of the case is under way or moved since" if due.held else "")
                )
            return
        applied = retention.Applied()
        failure = ""
        try:
            retention.retention_apply(actor=system_actor("cspr retention"), today=today, applied=applied)
        except Refused as refusal:
            raise CommandError(refusal.sentence) from None
        except Exception as error:
            if not applied.committed:  # all or nothing: say that nothing was deleted, then why
                raise CommandError(f"nothing was deleted: {type(error).__name__}: {error}") from None
            failure = f"{type(error).__name__}: {error}"  # after the commit: the rows are gone all the same
        done = (
            f"retention applied as of {today.isoformat()}: {applied.counts[retention.CASE]} cases and "
            f"{applied.counts[retention.SIGN_IN]} sign-in records deleted (audited as retention.apply)"
        )
        if applied.committed and applied.files:
            removed = len(applied.files) - len(applied.not_removed)
            done += f"; {removed} of {len(applied.files)} stored document files removed"
        problems = []
        if applied.not_removed:
            problems.append(
                f"{len(applied.not_removed)} stored document files could not be removed (the deletion of "
                "their rows is committed, so nothing refers to them and retention will not try them again):\n"
                + "\n".join(f"  {key}: {why}" for key, why in applied.not_removed.items())
                + "\nRemove them from the documents storage by hand (CSPR_DOCUMENTS_DIR, or the bucket if "
                'CSPR_DOCUMENTS_S3_BUCKET is set; docs/operations.md, "Case documents").'
            )
        if failure:
            problems.append(f"the deletion was committed, then this failed: {failure}")
        if problems:  # the error says what was deleted too: it may be all the operator reads
            raise CommandError("\n".join([done, *problems]))
        self.stdout.write(done)
