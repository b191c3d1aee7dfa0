"""Generated files for the synth tests, cached per (profile, seed, options)."""

import inspect
import io
from datetime import date
from functools import cache, wraps

from cspr.synth import Synth, load_profile, write
from tests.synth.measures import read, serious_incident

# A fixed "today" so that the files, and so the tests, never change with the date.
AS_OF = date(2026, 6, 30)


def generate(
    profile: str,
    seed: int,
    fmt: str = "csv",
    years: tuple[int, ...] | None = None,
    scale: float = 1.0,
    as_of: date = AS_OF,
) -> str:
    """The file, generated afresh: for a test of generation itself, or of a seed drawn once."""
    synth = Synth(load_profile(profile), seed=seed, as_of=as_of, years=years, scale=scale)
    out = io.StringIO()
    write(out, synth.rows(), fmt)
    return out.getvalue()


def _defaults_spelled_out(function):
    """`function`, its results kept for the run, keyed by its arguments with every default filled
    in: `text("national", 5)` and `text("national", 5, "csv", None, 1.0, AS_OF)` are one file."""
    signature = inspect.signature(function)
    kept = cache(function)  # unbounded: the tests ask for about fifty files with fixed seeds

    @wraps(function)
    def once(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return kept(*bound.args)

    return once


# The file, generated once for the run. Seeds hypothesis draws go through `generate` and
# `fresh_notifications`, never this cache.
text = _defaults_spelled_out(generate)


def notifications(
    profile: str,
    seed: int,
    years: tuple[int, ...] | None = None,
    scale: float = 1.0,
    as_of: date = AS_OF,
    every_kind: bool = False,
):
    """The file's serious incident notifications (what the Panel's figures count), or `every_kind`:
    with the deaths of looked-after children with none suspected and of care leavers too."""
    every = _every_notification(profile, seed, years, scale, as_of)
    return list(every) if every_kind else [n for n in every if serious_incident(n)]


@cache
def _every_notification(profile: str, seed: int, years, scale: float, as_of: date) -> tuple:
    return tuple(read(text(profile, seed, "csv", years, scale, as_of)))


def fresh_notifications(profile: str, seed: int, years: tuple[int, ...] | None = None):
    """`notifications` for a seed hypothesis drew: generated and read afresh, and not kept."""
    return [n for n in read(generate(profile, seed, "csv", years)) if serious_incident(n)]
