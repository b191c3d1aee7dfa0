from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cspr.core import checkpoints as checkpoints_module


class Command(BaseCommand):
    help = (
        "Work with the audit trail. `cspr audit verify` checks the hash chain for edited, deleted and reordered "
        "rows and compares it with the newest signed checkpoint (missing tails, rewritten heads, an emptied "
        "table); `cspr audit checkpoint` appends a signed checkpoint of the chain as it is now."
    )
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("subcommand", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--checkpoints",
            type=Path,
            metavar="FILE",
            help="the checkpoint file (default: CSPR_AUDIT_CHECKPOINT_FILE), e.g. a copy fetched from another host",
        )
        parser.add_argument(
            "--chain-only",
            action="store_true",
            help="verify: check the hash chain alone, without a checkpoint (cannot show a removed tail)",
        )
        parser.add_argument(
            "--print",
            action="store_true",
            dest="print_line",
            help="checkpoint: print the signed checkpoint line, to send it to another host as well",
        )

    def handle(self, *args, subcommand, checkpoints: Path | None, chain_only: bool, print_line: bool, **options):
        try:
            if subcommand == "checkpoint":
                self._checkpoint(checkpoints, print_line)
            else:
                self._verify(checkpoints, chain_only)
        except checkpoints_module.CheckpointError as error:
            raise CommandError(str(error)) from None

    def _verify(self, path: Path | None, chain_only: bool) -> None:
        result = checkpoints_module.verify(path=path, use_checkpoints=not chain_only)
        if result.problems:
            self._report(result.problems)
            raise CommandError(
                f"the audit trail has been tampered with: {len(result.problems)} problem(s) in {result.count} events"
            )
        if result.checkpoint is None and not chain_only:
            # A fresh install, not tampering; yet a trail never compared with a checkpoint is not called intact.
            raise CommandError(
                f"no checkpoint yet: run `cspr audit checkpoint` (the hash chain of {result.count} events is intact, "
                f"but there is no checkpoint to compare with in {path or checkpoints_module.checkpoint_file()}; if "
                "checkpoints were made before, that file has been moved or deleted)"
            )
        compared = (
            f", matches the checkpoint of {result.checkpoint.at} ({result.checkpoint.count} events)"
            if result.checkpoint
            else " (not compared with a checkpoint)"
        )
        self.stdout.write(f"audit trail intact: {result.count} events, hash chain verified{compared}")

    def _checkpoint(self, path: Path | None, print_line: bool) -> None:
        try:
            checkpoint = checkpoints_module.audit_checkpoint(path=path)
        except checkpoints_module.Tampered as tampered:
            self._report(tampered.problems)
            raise CommandError(
                f"no checkpoint made: the audit trail has been tampered with ({len(tampered.problems)} problem(s))"
            ) from None
        if print_line:
            self.stdout.write(checkpoint.line())
        else:
            self.stdout.write(
                f"audit checkpoint {checkpoint.sequence} made: {checkpoint.count} events, newest event "
                f"{checkpoint.last_id}, written to {path or checkpoints_module.checkpoint_file()}"
            )

    def _report(self, problems) -> None:
        for problem in problems:
            self.stderr.write(problem.problem)
