"""`cspr synth`: calibrated synthetic data in the cspr-2 data standard (docs/synth.md)."""

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cspr.cases.importer import ImportFailed, import_files
from cspr.core.actors import system_actor
from cspr.core.clock import working_days
from cspr.synth import ProfileError, Synth, available, load_profile, write


def years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"'{text}' is not a year or a range of years such as 2018-2030") from None
    if not 2000 <= low <= high <= 2100:
        raise ValueError(f"'{text}': years must run forwards between 2000 and 2100")
    return list(range(low, high + 1))


class Command(BaseCommand):
    help = ("Write calibrated synthetic data in the cspr-2 data standard (CSV, or JSON for a .json file), "
            "or load it through the import path. Never real children's records.")
    # Skips the system checks, which import every URL and view (docs/operations.md, "Quick commands").
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, help=f"one of {', '.join(available())}, or a .toml path")
        parser.add_argument("--seed", type=int, required=True, help="the same seed gives the same bytes")
        parser.add_argument("--years", type=years, help="calendar years, e.g. 2018-2030 (default: the profile's)")
        parser.add_argument("--scale", type=float, default=1.0, help="multiply the volume (default 1)")
        parser.add_argument("--as-of", type=date.fromisoformat, dest="as_of",
                            help="the day the data is as of (default today): nothing after it is written")
        target = parser.add_mutually_exclusive_group()
        target.add_argument("--out", default="-", help="file to write (.csv or .json); - for standard output")
        target.add_argument("--load", action="store_true", help="import into the database instead of writing")

    def handle(self, *args, profile, seed, years, scale, as_of, out, load, **options):
        today = timezone.localdate()
        as_of = as_of or today
        if as_of > today:
            raise CommandError(f"--as-of {as_of} is in the future; the standard allows no future dates")
        if scale <= 0:
            raise CommandError("--scale must be positive")
        try:
            synth = Synth(load_profile(profile), seed=seed, as_of=as_of, years=years, scale=scale,
                          calendar=working_days())
        except (ProfileError, ValueError) as error:
            raise CommandError(str(error)) from None
        if load:
            destination = self._load(synth)
        elif out == "-":
            try:
                write(options.get("stdout") or sys.stdout, synth.rows(), "csv")
            except BrokenPipeError:  # the reader stopped early (e.g. `| head`): not an error
                sys.stdout = open(os.devnull, "w")
                return
            destination = "standard output"
        else:
            path = Path(out)
            with open(path, "w", newline="", encoding="utf-8") as handle:
                write(handle, synth.rows(), "json" if path.suffix.lower() == ".json" else "csv")
            destination = str(path)
        span = f"{synth.blocks[0].start}..{synth.blocks[-1].end}" if synth.blocks else "no period"
        self.stderr.write(f"synth {synth.profile.name} seed {seed} scale {scale:g} as of {as_of} ({span}): "
                          f"{synth.notifications} notifications ({synth.serious_incidents} serious incidents), "
                          f"{synth.children} children -> {destination}")

    def _load(self, synth: Synth) -> str:
        with tempfile.TemporaryDirectory(prefix="cspr-synth-") as tmp:
            path = Path(tmp) / f"synth-{synth.profile.name}-{synth.seed}.csv"
            with open(path, "w", newline="", encoding="utf-8") as handle:
                write(handle, synth.rows(), "csv")
            try:
                result = import_files([path], actor=system_actor("cspr synth"))
            except ImportFailed as failure:
                for line in failure.errors:
                    self.stderr.write(line)
                raise CommandError(f"{failure.found} found; nothing was loaded") from None
        return f"database ({result.created} created, {result.updated} updated, {result.unchanged} unchanged)"
