"""The other notifications the service receives: deaths of looked-after children and of care leavers.

The Panel's figures count serious incidents; the same national service also receives every death
of a looked-after child (abuse or neglect suspected or not) and, since Working Together 2023, the
death of a care leaver up to and including 24 (docs/synth.md, "Other kinds"). A profile's
`[other_kinds]` section gives their yearly volumes with sources:

- a looked-after child's death on a planned serious incident (a death whose child is looked after)
  *is* such a notification, with abuse or neglect suspected: `notification_kind` says so and every
  figure of the Panel still counts it;
- the rest of the year's looked-after children's deaths are notified with none suspected (no rapid
  review is due), so the block's total of looked-after children's deaths is the profile's volume;
- care leavers' deaths from the day the duty began, without a rapid review.

These records are made per block, apart from the calibrated plan, so no published figure of the
Panel moves: they are never in its populations (`cspr.domain.measures.SERIOUS_INCIDENT`).
"""

from __future__ import annotations

import random
from datetime import date

from cspr.domain import codes
from cspr.synth.numbers import Sampler, uniform_indices
from cspr.synth.plan import ETHNIC_GROUPS
from cspr.synth.profile import Profile, ProfileError, Target

__all__ = ["LOOKED_AFTER_DEATH", "OtherKinds"]

LOOKED_AFTER_DEATH, CARE_LEAVER_DEATH = "looked_after_death", "care_leaver_death"
YES, NO, UNKNOWN = "yes", "no", "unknown"
DAYS_A_YEAR = 365.25
# The plan's rules for deaths by age (docs/synth.md): SUDI is a death in infancy; suicide and
# extra-familial homicide are of young people of 10 and over.
INFANT_ONLY, TEN_AND_OVER = {"sudi"}, {"suicide", "extra_familial_homicide"}


class _Kind:
    """One kind's volume, ages, causes of death and flags, read from the profile."""

    def __init__(self, profile: Profile, section: dict, key: str, starts: date | None):
        where = f"{profile.name}: [other_kinds]"
        volume = section.get(f"{key}_deaths")
        if not isinstance(volume, Target) or volume.kind != "count":
            raise ProfileError(f"{where} {key}_deaths needs {{ count = N a year, source = ... }}")
        self.per_year, self.starts = volume.value, starts
        try:
            self.ages = Sampler(section[f"{key}_ages"])
        except (KeyError, TypeError, ValueError) as error:
            raise ProfileError(f"{where} {key}_ages: a list of [low, high, weight] ({error})") from None
        low, high = min(self.ages.values), max(self.ages.values)
        top = codes.CARE_LEAVER_MAX_AGE if key == "care_leaver" else codes.MAX_AGE
        if low < codes.MIN_AGE or high > top:
            raise ProfileError(f"{where} {key}_ages must lie within {codes.MIN_AGE} to {top}")
        categories = section.get(f"{key}_death_category", {})
        bad = set(categories) - set(codes.DEATH_CATEGORIES) - {"source"}
        if bad or not categories:
            raise ProfileError(f"{where} {key}_death_category: death categories only ({', '.join(sorted(bad))})")
        self.categories = {c: float(w) for c, w in categories.items() if c != "source"}
        share = section.get(f"{key}_disability")
        if not isinstance(share, Target):
            raise ProfileError(f"{where} {key}_disability needs a share with its source")
        self.disability = share.value / 100

    def count(self, block_start: date, block_end: date, scale: float) -> tuple[int, int, int, int]:
        """(records at scale 1 and at this scale, first and last day they may be notified) for a block."""
        first = max(block_start, self.starts) if self.starts else block_start
        if first > block_end:
            return 0, 0, 0, 0
        volume = self.per_year * ((block_end - first).days + 1) / DAYS_A_YEAR
        return round(volume), round(volume * scale), first.toordinal(), block_end.toordinal()

    def category(self, age: int, rng: random.Random) -> str:
        options = [(c, w) for c, w in self.categories.items()
                   if w > 0 and not (c in INFANT_ONLY and age > 0) and not (c in TEN_AND_OVER and age < 10)]
        if not options:
            raise ProfileError(f"no death category of [other_kinds] fits a death at {age}")
        return rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]


class OtherKinds:
    """Makes a block's other notifications as frozen deck entries (generate.py's `freeze` shape)."""

    def __init__(self, profile: Profile):
        section = profile.model.get("other_kinds")
        self.enabled = bool(section)
        if not self.enabled:
            return
        starts = section.get("care_leavers_from")
        if not isinstance(starts, date):
            raise ProfileError(f"{profile.name}: [other_kinds] care_leavers_from needs a date (YYYY-MM-DD)")
        self.looked_after = _Kind(profile, section, "looked_after", None)
        self.care_leaver = _Kind(profile, section, "care_leaver", starts)
        eg = profile.section("ethnic_group")
        self.groups = [eg[g].value for g in ETHNIC_GROUPS]
        self.codes = eg["codes"]
        g = profile.section("gender")
        self.genders = ("male", "female")
        self.gender_weights = [g[x].value for x in self.genders]

    def entries(self, start: date, end: date, scale: float, serious_looked_after_deaths: int,
                working_days: list[int], rng: random.Random) -> tuple[list[tuple], list[int]]:
        """The block's other notifications and their notified days (sorted together by day).

        `serious_looked_after_deaths` is the number of looked-after children's deaths already among
        the block's serious incidents (at this scale): the rest of the year's total are made here.
        """
        if not self.enabled:
            return [], []
        made: list[tuple[int, tuple]] = []
        for kind, spec in ((LOOKED_AFTER_DEATH, self.looked_after), (CARE_LEAVER_DEATH, self.care_leaver)):
            base, count, first, last = spec.count(start, end, scale)
            if kind == LOOKED_AFTER_DEATH:
                count = max(0, count - serious_looked_after_deaths)
            days = [o for o in working_days if first <= o <= last]
            if not count or not days:
                continue
            # As the plan is: records made at the block's own size, dealt out `scale` times over
            # on days of their own (so a large scale costs no more to make).
            pool = [self._entry(kind, spec, age, rng) for age in spec.ages.draw(rng, max(1, min(base, count)))]
            made.extend((days[index], pool[j % len(pool)])
                        for j, index in enumerate(uniform_indices(rng, count, len(days))))
        made.sort(key=lambda pair: pair[0])
        return [entry for _, entry in made], [day for day, _ in made]

    def _entry(self, kind: str, spec: _Kind, age: int, rng: random.Random) -> tuple:
        category = spec.category(age, rng)
        looked_after = kind == LOOKED_AFTER_DEATH
        # What the Panel records of a serious incident's context is not known for these: unknown,
        # but a child looked after or leaving care was known to children's social care.
        flags = (NO, *(UNKNOWN,) * 6, YES, UNKNOWN)
        core = ("death", category, "", *flags)
        group = rng.choices(ETHNIC_GROUPS, weights=self.groups)[0]
        options = self.codes[group]
        ethnicity = rng.choices(list(options), weights=list(options.values()))[0]
        gender = rng.choices(self.genders, weights=self.gender_weights)[0]
        disability = YES if rng.random() < spec.disability else NO
        child = ("C1", gender, str(age), ethnicity, disability, NO, YES if looked_after else NO, NO, YES, NO,
                 YES if category == "suicide" else NO, "died", UNKNOWN, UNKNOWN, "")
        # A looked-after child's death here has no abuse or neglect suspected; for a care leaver's the
        # question is not asked (no rapid review either way).
        core2 = (kind, NO if looked_after else UNKNOWN, UNKNOWN, NO, "", "", "")
        return core, False, ("", NO, NO), False, (child,), core2
