"""Generated files for the synth tests, cached per (profile, seed, options)."""

import io
from datetime import date
from functools import lru_cache

from cspr.synth import Synth, load_profile, write
from tests.synth.measures import read, serious_incident

# A fixed "today" so that the files, and so the tests, never change with the date.
AS_OF = date(2026, 6, 30)


@lru_cache(maxsize=64)
def text(profile: str, seed: int, fmt: str = "csv", years: tuple[int, ...] | None = None, scale: float = 1.0,
         as_of: date = AS_OF) -> str:
    synth = Synth(load_profile(profile), seed=seed, as_of=as_of, years=years, scale=scale)
    out = io.StringIO()
    write(out, synth.rows(), fmt)
    return out.getvalue()


@lru_cache(maxsize=64)
def notifications(profile: str, seed: int, years: tuple[int, ...] | None = None, scale: float = 1.0,
                  as_of: date = AS_OF, every_kind: bool = False):
    """The file's serious incident notifications (what the Panel's figures count), or `every_kind`:
    with the deaths of looked-after children with none suspected and of care leavers too."""
    every = read(text(profile, seed, "csv", years, scale, as_of))
    return every if every_kind else [n for n in every if serious_incident(n)]
